// Customer insight: profiles and segments recomputed from the ledger and holdings.
// The public entry of the module: other modules and the functions import only this.
export * from './domain/profiles';
export * from './flows/data-rights';
export * from './flows/profiles';
