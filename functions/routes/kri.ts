// The routes of key risk indicators (issue 13, M3.3-a operational risk, M3.4-a legal and
// compliance risk): scored periods with their breakdown, runs on demand, staff inputs.
// Risk and compliance officers and admins; one entry per endpoint (functions/routes.ts
// gathers every module's).
import {
  KriIndicatorList,
  KriInputOut,
  KriInputRequest,
  KriListQuery,
  KriPeriodList,
  KriPeriodOut,
  KriPeriodParams,
  KriRunRequest,
} from '../../shared/risk';
import type { RouteSpec } from './spec';

/** Operational risk is the risk officers', compliance risk the compliance officers'. */
const KRI_STAFF = {
  kind: 'staff',
  groups: ['risk-officer', 'compliance-officer', 'admin'],
} as const;

export const KRI_ROUTES = {
  opsKriIndicators: {
    method: 'GET',
    path: '/v1/ops/kri/indicators',
    fn: 'opsKri',
    auth: KRI_STAFF,
    summary:
      'Staff: the key risk indicators, their categories, weights, sources and bands, and the thresholds',
    tag: 'Key risk indicators',
    ok: { status: 200, schema: KriIndicatorList, description: 'The configuration in force' },
    problems: [],
  },
  opsListKri: {
    method: 'GET',
    path: '/v1/ops/kri',
    fn: 'opsKri',
    auth: KRI_STAFF,
    summary:
      'Staff: operational, compliance and overall risk scores per period (day, ISO week, month), newest first, with their trend',
    tag: 'Key risk indicators',
    query: KriListQuery,
    ok: { status: 200, schema: KriPeriodList, description: 'The scored periods' },
    problems: [],
  },
  opsGetKri: {
    method: 'GET',
    path: '/v1/ops/kri/{period}/{key}',
    fn: 'opsKri',
    auth: KRI_STAFF,
    summary:
      "Staff: one period's scores with every indicator's figure, source, score, contribution and explanation, the trend and the alerts raised",
    tag: 'Key risk indicators',
    params: KriPeriodParams,
    ok: { status: 200, schema: KriPeriodOut, description: 'The scored period' },
    problems: ['KRI_NOT_COMPUTED'],
  },
  opsRunKri: {
    method: 'POST',
    path: '/v1/ops/kri/runs',
    fn: 'opsKri',
    auth: KRI_STAFF,
    summary:
      'Staff: score a period now (the daily job scores yesterday, its week and its month); a threshold reached raises its monitoring alert once per period',
    tag: 'Key risk indicators',
    body: KriRunRequest,
    ok: { status: 200, schema: KriPeriodOut, description: 'The scored period' },
    problems: ['KRI_PERIOD_IN_FUTURE'],
  },
  opsEnterKriInput: {
    method: 'POST',
    path: '/v1/ops/kri/inputs',
    fn: 'opsKri',
    auth: KRI_STAFF,
    summary:
      "Staff: enter an indicator's value for a period where no platform record holds it, with the reason (audited; every entry kept)",
    tag: 'Key risk indicators',
    body: KriInputRequest,
    idempotencyKey: true,
    ok: { status: 201, schema: KriInputOut, description: 'The value in force, with every entry' },
    problems: [
      'KRI_INDICATOR_NOT_FOUND',
      'KRI_NOT_STAFF_INPUT',
      'KRI_PERIOD_IN_FUTURE',
      'CONCURRENT_CHANGE',
    ],
  },
} as const satisfies Record<string, RouteSpec>;
