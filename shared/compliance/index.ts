// Compliance: compliance management (issue 14, M5: policies, training, audits, the
// remediation ledger; docs/compliance-management.md). The public entry of the module: other
// modules and the functions import only this.
export * from './domain/management-config';
export * from './domain/calendar';
export * from './domain/policies';
export * from './domain/training';
export * from './domain/audits';
export * from './domain/remediation';
export * from './adapters/management-repo';
export * from './flows/management-deps';
export * from './flows/policies';
export * from './flows/training';
export * from './flows/audits';
export * from './flows/remediation';
export * from './flows/management-run';
export * from './management-schemas';
