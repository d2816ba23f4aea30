// Compliance (issue 14): compliance management (M5: policies, training, audits, the
// remediation ledger; docs/compliance-management.md), regulatory transaction reports
// (large-value and suspicious, M1-c), AML name screening against watch lists (M1-c) and the
// periodic data-security audit (M7.1-a). The
// public entry of the module: other modules and the functions import only this.
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
// Screening: pure matching in a namespace of its own, then the lists and the flows.
export * as Screening from './domain/screening-match';
export { DEFAULT_SCREENING } from './domain/screening-match';
export type {
  Alignment,
  AlignmentHow,
  ScreeningConfig,
  ScreeningHit,
  ScreeningSubject,
  WatchlistEntry,
} from './domain/screening-match';
export * from './domain/watchlist-file';
export * from './adapters/watchlist-repo';
export * from './flows/watchlist';
export * from './screening-schemas';
export * from './flows/screening';
export * from './flows/rescreening';
export * from './adapters/screening-repo';
export * from './flows/screening-results';
export * from './domain/screening-results';
export * from './flows/screening-decisions';
