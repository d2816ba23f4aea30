// Compliance (issue 14, M1-c, M5, M7.1-a): regulatory transaction reports (large-value and
// suspicious) and the periodic data-security audit. The public entry of the module: other
// modules and the functions import only this.
export * as Reports from './domain/reports';
export { DEFAULT_REPORTS_CONFIG, ReportsConfigSchema, type ReportsConfig } from './domain/reports';
export * from './adapters/reports-repo';
export * from './flows/reports';
export * from './reports-schemas';
export * as DataAudit from './domain/data-audit';
export {
  DEFAULT_DATA_AUDIT,
  DataAuditConfigSchema,
  type DataAuditConfig,
} from './domain/data-audit';
export * from './adapters/data-audit-repo';
export * from './flows/data-audit';
