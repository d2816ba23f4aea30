// Customer service (issue 14, M7.4-a, M7.2-a/b, M2.4-a; docs/customer-service.md):
// complaints and enquiries with their event histories, the SLA clocks and their job,
// satisfaction and NPS, complaint analytics. The public entry of the module: other modules
// and the functions import only this. The KPI work reuses `slaCompliance` and
// `satisfactionOf` (pure, over complaints read with `complaintFacts`).
export * from './domain/config';
export * from './domain/sla';
export * from './domain/complaint';
export * from './domain/analytics';
export * from './adapters/service-repo';
export * from './flows/complaints';
export * from './flows/sla';
export * from './schemas';
