// The routes of customer insight beyond the customer file: the KPIs per flow (issue 14,
// M8.1-a, M8.3-a), customer segments and the retention actions staff record (M7.3-a). One entry per endpoint (functions/routes.ts gathers every module's).
import {
  KpiQuery,
  KpiReportOut,
  RetentionActionList,
  RetentionActionOut,
  RetentionActionParams,
  RetentionActionRequest,
} from '../../shared/insight';
import { SegmentsResponse } from '../../shared/investing';
import { CUSTOMER_STAFF, type RouteSpec } from './spec';

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
  opsGetSegments: {
    method: 'GET',
    path: '/v1/ops/segments',
    fn: 'opsSegments',
    auth: CUSTOMER_STAFF,
    summary: 'Staff: customers per segment (risk level, lifecycle, value tier, frequency)',
    tag: 'Customers',
    ok: { status: 200, schema: SegmentsResponse, description: 'The latest run' },
    problems: ['SEGMENTS_NOT_COMPUTED'],
  },
  opsRunSegmentation: {
    method: 'POST',
    path: '/v1/ops/segments',
    fn: 'opsSegments',
    auth: CUSTOMER_STAFF,
    summary: 'Staff: profile every customer now and store the counts (also daily)',
    tag: 'Customers',
    ok: { status: 200, schema: SegmentsResponse, description: 'This run' },
    problems: [],
  },
  opsRecordRetentionAction: {
    method: 'POST',
    path: '/v1/ops/customers/{customerId}/retention-actions',
    fn: 'opsSegments',
    auth: CUSTOMER_STAFF,
    summary:
      'Staff: record a retention action with a customer at risk of churn (call, message, offer, review) and its outcome (audited; counted by the KPIs, M7.3-a)',
    tag: 'Customers',
    params: RetentionActionParams,
    body: RetentionActionRequest,
    idempotencyKey: true,
    ok: { status: 201, schema: RetentionActionOut, description: 'The action recorded' },
    problems: ['CUSTOMER_NOT_FOUND'],
  },
  opsListRetentionActions: {
    method: 'GET',
    path: '/v1/ops/customers/{customerId}/retention-actions',
    fn: 'opsSegments',
    auth: CUSTOMER_STAFF,
    summary: "Staff: a customer's retention actions, newest first",
    tag: 'Customers',
    params: RetentionActionParams,
    ok: { status: 200, schema: RetentionActionList, description: 'The actions' },
    problems: ['CUSTOMER_NOT_FOUND'],
  },
} as const satisfies Record<string, RouteSpec>;
