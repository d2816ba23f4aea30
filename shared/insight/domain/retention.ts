// Retention actions (issue 14; M7.3-a churn warning and retention actions, counted by the
// KPIs): what staff did about a customer at risk of churn, and how it ended. Pure.
export const RETENTION_KINDS = ['CALL', 'MESSAGE', 'OFFER', 'REVIEW'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export const RETENTION_OUTCOMES = ['PENDING', 'RETAINED', 'DECLINED', 'NO_RESPONSE'] as const;
export type RetentionOutcome = (typeof RETENTION_OUTCOMES)[number];
