// Risk: events, the monitoring rule engine, alerts, holds (limits and cases arrive with the
// rest of the monitoring work). The public entry of the module: other modules and the
// functions import only this.
export * from './domain/risk-events';
export * from './domain/rules';
export * from './domain/engine';
export * from './domain/alerts';
export * from './domain/screening-hits';
export * from './domain/default-rule-set';
export * from './adapters/risk-repo';
export * from './adapters/alert-topic';
export * from './flows/scoring';
export * from './flows/alerts';
export * from './schemas';
export * from './flows/report';
export * from './domain/memory-views';
export * from './flows/alert-actions';
export * from './flows/snoozes';
export * from './flows/holds';
export * from './flows/precheck';
export * from './flows/limits';
export * from './domain/limits';
export * from './domain/replay';
export * from './flows/rule-sets';
export * from './domain/rule-set-lifecycle';
export * from './flows/live-rules';
export * from './domain/cases';
export * from './flows/cases';
export * from './domain/incidents';
export * from './adapters/incidents-repo';
export * from './flows/incidents';
// Market risk (issue 13, M3.2): pure computations, in a namespace of their own.
export * as MarketRisk from './domain/market';
// Named too, so a bundle that needs only these does not carry the whole market-risk domain.
export {
  MarketRiskSettingsSchema,
  type MarketRiskSettings,
  type MarketRiskSettingsInput,
} from './domain/market/stage';
export { figureLines, headlineOf } from './domain/market/results';
// Key risk indicators (issue 13, M3.3-a, M3.4-a): pure scoring in a namespace of its own,
// the shipped configuration, the repository and the flows.
export * as Kri from './domain/kri';
export { KriConfigSchema, PLATFORM_SUBJECT } from './domain/kri';
export { DEFAULT_KRI } from './domain/default-kri';
export * from './adapters/kri-repo';
export * from './flows/kri';
export * from './kri-schemas';
// The market-risk service (issue 13, M3.2; ADR 0026): price store, nightly run, results.
export * from './adapters/market-repo';
export * from './flows/market-risk';
export * from './market-schemas';
