// Money and settlement: the double-entry ledger, deposits, withdrawals, transfers, settlement, reconciliation, idempotency.
// The public entry of the module: other modules and the functions import only this.
export * from './adapters/ledger-repo';
export * from './adapters/payment-provider';
export * from './domain/ledger';
export * from './domain/reconciliation';
export * from './domain/screening';
export * from './domain/settlement';
export * from './flows/holds';
export * from './flows/idempotency';
export * from './flows/kill-switches';
export * from './flows/money';
export * from './flows/ops';
export * from './flows/settlement';
export * from './schemas/money';
export * from './schemas/ops';
export * from './schemas/settlement';
