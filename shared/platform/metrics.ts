// The platform's own CloudWatch metric namespaces (written as embedded-metric log lines by
// `logger.metric`); the alarms on them are in infra/stacks/functions-stack.ts.
/** Sign-ins, SMS refused by the spend limit and other security signals. */
export const SECURITY_METRICS_NAMESPACE = 'Finplat/Security';
/** Operational checks: reconciliation. */
export const OPERATIONS_METRICS_NAMESPACE = 'Finplat/Operations';
