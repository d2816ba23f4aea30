// The route table: every endpoint, each declared once in its module's file
// (functions/routes/*.ts) and gathered here. Method, path, who may call it
// (public with the reason, customers, or staff with their groups), request and response
// schemas, whether an Idempotency-Key is required, the problem codes it answers beyond the
// generic ones, and the function that serves it. The API stack (resources, methods,
// authorizer), the local gateway, the group check, each function's dispatch, the OpenAPI
// document and the security report's route section are all derived from it.
import { FUNCTIONS } from './catalog';
import { COMPLIANCE_MANAGEMENT_ROUTES } from './routes/compliance-management';
import { COMPLIANCE_REPORT_ROUTES } from './routes/compliance-reports';
import { CREDIT_ROUTES } from './routes/credit';
import { DATA_RIGHTS_ROUTES } from './routes/data-rights';
import { IDENTITY_ROUTES } from './routes/identity';
import { INSIGHT_ROUTES } from './routes/insight';
import { INVESTING_ROUTES } from './routes/investing';
import { KRI_ROUTES } from './routes/kri';
import { MARKET_RISK_ROUTES } from './routes/market-risk';
import { META_ROUTES } from './routes/meta';
import { MONEY_ROUTES } from './routes/money';
import { RISK_ROUTES } from './routes/risk';
import { SERVICE_ROUTES } from './routes/service';
import { SCREENING_ROUTES } from './routes/screening';
import type { RouteSpec } from './routes/spec';
import type { ProblemCode } from '../shared/platform';

export { CUSTOMER_GROUP, STAFF_GROUPS, type StaffGroup } from '../shared/kernel';
export type { RouteAuth, RouteSpec, SchemaSettings } from './routes/spec';

/** Every route of every module, by operation id. */
export const ROUTES = {
  ...IDENTITY_ROUTES,
  ...DATA_RIGHTS_ROUTES,
  ...MONEY_ROUTES,
  ...INVESTING_ROUTES,
  ...RISK_ROUTES,
  ...KRI_ROUTES,
  ...CREDIT_ROUTES,
  ...MARKET_RISK_ROUTES,
  ...INSIGHT_ROUTES,
  ...COMPLIANCE_MANAGEMENT_ROUTES,
  ...SERVICE_ROUTES,
  ...COMPLIANCE_REPORT_ROUTES,
  ...SCREENING_ROUTES,
  ...META_ROUTES,
} as const satisfies Record<string, RouteSpec>;

/** The route tables by module; a function's routes all live in one. */
export const ROUTE_TABLES = {
  IDENTITY_ROUTES,
  DATA_RIGHTS_ROUTES,
  MONEY_ROUTES,
  INVESTING_ROUTES,
  RISK_ROUTES,
  KRI_ROUTES,
  CREDIT_ROUTES,
  MARKET_RISK_ROUTES,
  INSIGHT_ROUTES,
  COMPLIANCE_MANAGEMENT_ROUTES,
  SERVICE_ROUTES,
  COMPLIANCE_REPORT_ROUTES,
  SCREENING_ROUTES,
  META_ROUTES,
};

export type OperationId = keyof typeof ROUTES;

export interface Route extends RouteSpec {
  readonly operationId: OperationId;
}

/** Every route with its operation id, in declaration order. */
export const ROUTE_LIST: readonly Route[] = (
  Object.entries(ROUTES) as [OperationId, RouteSpec][]
).map(([operationId, spec]) => ({ operationId, ...spec }));

/** Routes served in a stage: a route exists only where its function does. */
export function routesForStage(stage: string): Route[] {
  return ROUTE_LIST.filter((r) => {
    const stages: readonly string[] | undefined = (
      FUNCTIONS[r.fn] as { stages?: readonly string[] }
    ).stages;
    return !stages || stages.includes(stage);
  });
}

/** The problem codes a route can answer: its own and those its declaration implies. */
export function problemsOf(route: RouteSpec): ProblemCode[] {
  const codes = new Set<ProblemCode>();
  if (route.body)
    ['VALIDATION_FAILED', 'MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE'].forEach((c) =>
      codes.add(c as ProblemCode),
    );
  if (route.params || route.query) codes.add('VALIDATION_FAILED');
  if (route.auth.kind !== 'public') {
    codes.add('UNAUTHORIZED');
    codes.add('FORBIDDEN');
  }
  if (route.idempotencyKey === true) codes.add('IDEMPOTENCY_KEY_REQUIRED');
  if (route.idempotencyKey) {
    for (const c of ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'] as const) codes.add(c);
  }
  for (const c of route.problems) codes.add(c);
  codes.add('INTERNAL');
  codes.add('SERVICE_UNAVAILABLE');
  return [...codes];
}
