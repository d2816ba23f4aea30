// Customer insight: profiles and segments recomputed from the ledger and holdings.
// The public entry of the module: other modules and the functions import only this.
export * from './domain/profiles';
export * from './flows/data-rights';
export * from './flows/profiles';
export * from './domain/kpis';
export * from './flows/kpis';
export * from './schemas';
export * from './domain/retention';
export * from './flows/retention';
export * from './adapters/retention-repo';
