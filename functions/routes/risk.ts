// The routes of risk monitoring: the risk team's alerts (M4.1-a). One entry per endpoint
// (functions/routes.ts gathers every module's).
import {
  AlertAction,
  AlertList,
  AlertOut,
  AlertParams,
  AlertsQuery,
  PrecisionQuery,
  PrecisionReport,
  RuleParams,
  SnoozeRequest,
  SnoozeResponse,
} from '../../shared/risk';
import { RISK_STAFF, type RouteSpec } from './spec';

export const RISK_ROUTES = {
  opsListAlerts: {
    method: 'GET',
    path: '/v1/ops/alerts',
    fn: 'opsAlerts',
    auth: RISK_STAFF,
    summary: 'Staff (risk-officer, admin): risk alerts by day, newest first, with their reasons',
    tag: 'Risk',
    query: AlertsQuery,
    ok: { status: 200, schema: AlertList, description: 'One page of alerts' },
    problems: [],
  },
  opsRulePrecision: {
    method: 'GET',
    path: '/v1/ops/alert-rules/precision',
    fn: 'opsAlerts',
    auth: RISK_STAFF,
    summary:
      "Staff: each rule's precision and false-positive rate over a range of days, from the dispositions given",
    tag: 'Risk',
    query: PrecisionQuery,
    ok: { status: 200, schema: PrecisionReport, description: 'One row per rule with alerts' },
    problems: [],
  },
  opsSnoozeRule: {
    method: 'POST',
    path: '/v1/ops/alert-rules/{ruleId}/snoozes',
    fn: 'opsAlerts',
    auth: RISK_STAFF,
    summary: 'Staff: silence a rule for one customer for a period, with the reason (kept)',
    tag: 'Risk',
    params: RuleParams,
    body: SnoozeRequest,
    idempotencyKey: true,
    ok: { status: 201, schema: SnoozeResponse, description: 'Snoozed until `until`' },
    problems: ['RULE_NOT_FOUND', 'CONCURRENT_CHANGE'],
  },
  opsGetAlert: {
    method: 'GET',
    path: '/v1/ops/alerts/{alertId}',
    fn: 'opsAlerts',
    auth: RISK_STAFF,
    summary: "Staff: one alert with each rule's contribution and the events grouped into it",
    tag: 'Risk',
    params: AlertParams,
    ok: { status: 200, schema: AlertOut, description: 'The alert' },
    problems: ['ALERT_NOT_FOUND'],
  },
  opsActOnAlert: {
    method: 'POST',
    path: '/v1/ops/alerts/{alertId}/actions',
    fn: 'opsAlerts',
    auth: RISK_STAFF,
    summary:
      'Staff: assign, comment on, or close an alert with a disposition and a reason (on the version read)',
    tag: 'Risk',
    params: AlertParams,
    body: AlertAction,
    idempotencyKey: true,
    ok: { status: 200, schema: AlertOut, description: 'The alert after the action' },
    problems: ['ALERT_NOT_FOUND', 'ALERT_CLOSED', 'VERSION_MISMATCH', 'CONCURRENT_CHANGE'],
  },
} as const satisfies Record<string, RouteSpec>;
