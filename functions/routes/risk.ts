// The routes of risk monitoring: the risk team's alerts (M4.1-a). One entry per endpoint
// (functions/routes.ts gathers every module's).
import { AlertList, AlertOut, AlertParams, AlertsQuery } from '../../shared/risk';
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
} as const satisfies Record<string, RouteSpec>;
