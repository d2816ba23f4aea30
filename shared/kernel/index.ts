// Shared kernel: value types every module meets (money, phone numbers, masking, the clock, the sign-in groups). Pure.
// The public entry of the module: other modules and the functions import only this.
export * from './canonical';
export * from './clock';
export * from './dates';
export * from './groups';
export * from './masking';
export * from './money';
export * from './phone';
export * from './switches';
export * from './text';
