// Risk: events from the ledger stream (scoring, alerts and cases arrive with the monitoring work).
// The public entry of the module: other modules and the functions import only this.
export * from './domain/risk-events';
