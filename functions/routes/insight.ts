// The routes of customer insight beyond the customer file: the KPIs per flow (issue 14,
// M8.1-a, M8.3-a). One entry per endpoint (functions/routes.ts gathers every module's).
import { KpiQuery, KpiReportOut } from '../../shared/insight';
import type { RouteSpec } from './spec';

/** Every staff role reads the KPIs of the flows it works in (management information, no PII). */
const KPI_STAFF = {
  kind: 'staff',
  groups: [
    'service-agent',
    'risk-officer',
    'credit-officer',
    'compliance-officer',
    'product-manager',
    'admin',
  ],
} as const;

export const INSIGHT_ROUTES = {
  opsKpis: {
    method: 'GET',
    path: '/v1/ops/kpis',
    fn: 'opsKpis',
    auth: KPI_STAFF,
    summary:
      "Staff: every flow's KPIs for a period of CST days (at most 92), each with its owner, formula, the figure, what it stands on and its target",
    tag: 'KPIs',
    query: KpiQuery,
    ok: { status: 200, schema: KpiReportOut, description: 'The KPIs of the period' },
    problems: [],
  },
} as const satisfies Record<string, RouteSpec>;
