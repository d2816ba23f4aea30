// Serving routes of the route table: a function names the operations it serves and gives
// each one's code; access, parsing, the Idempotency-Key and the success status come from
// the table. A function that serves several routes dispatches on the exact method and
// resource path of the table, and fails at load if its routes and the table disagree.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod';
import { Refusal } from '../shared/platform';
import {
  type Answer,
  type EdgeSpec,
  type Flow,
  httpRoute,
  type Principal,
  problemResponse,
  type Request,
} from '../shared/platform/http';
import { settings } from '../shared/settings';
import type { OperationId, ROUTES } from './routes';
import type { RouteSpec } from './routes/spec';

type Spec<K extends OperationId> = (typeof ROUTES)[K];
type Parsed<S> = S extends z.ZodType
  ? z.output<S>
  : S extends (...args: never[]) => infer T
    ? T extends z.ZodType
      ? z.output<T>
      : undefined
    : undefined;
type BodyOf<K extends OperationId> =
  Spec<K> extends { body: infer B }
    ? Parsed<B> | (Spec<K> extends { bodyOptional: true } ? undefined : never)
    : undefined;
type ParamsOf<K extends OperationId> = Spec<K> extends { params: infer P } ? Parsed<P> : undefined;
type QueryOf<K extends OperationId> = Spec<K> extends { query: infer Q } ? Parsed<Q> : undefined;
type CallerOf<K extends OperationId> = Spec<K>['auth'] extends { kind: 'public' }
  ? Principal | undefined
  : Principal;

export type RouteRequest<K extends OperationId> = Request<
  BodyOf<K>,
  ParamsOf<K>,
  QueryOf<K>,
  CallerOf<K>
>;
export type RouteCode<K extends OperationId> = (req: RouteRequest<K>) => Promise<Answer>;

/** A keyed request as the idempotent flows take it: its key, its operation, its body. */
export const keyed = <B>(req: { idempotencyKey: string; operationId: string; body: B }) => ({
  key: req.idempotencyKey,
  operation: req.operationId,
  input: req.body,
});
/** A customer's keyed request as the idempotent flows take it: in the customer's key space. */
export const customerKeyed = <B>(req: {
  idempotencyKey: string;
  operationId: string;
  body: B;
  principal: { username: string };
}) => ({ customerId: req.principal.username, body: req.body as unknown, ...keyed(req) });

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

type Table = Readonly<Record<string, RouteSpec>>;

function edgeSpec(operationId: string, route: RouteSpec): EdgeSpec {
  const { body } = route;
  let resolved: { for: unknown; schema: z.ZodType } | undefined;
  const bodySchema = (): z.ZodType => {
    if (typeof body !== 'function') return body as z.ZodType;
    const current = settings();
    if (resolved?.for !== current) resolved = { for: current, schema: body(current) };
    return resolved.schema;
  };
  const optional = route.bodyOptional && body ? () => bodySchema().optional() : undefined;
  return {
    operationId,
    auth: route.auth,
    ...(body ? { body: optional ?? bodySchema } : {}),
    ...(route.params ? { params: route.params } : {}),
    ...(route.query ? { query: route.query } : {}),
    ...(route.idempotencyKey ? { idempotencyKey: route.idempotencyKey } : {}),
    ...(route.device ? { device: route.device } : {}),
    okStatus: route.ok.status,
  };
}

const keyOf = (method: string, path: string) => `${method} ${path}`;

/**
 * The handler of a function serving these operations of its module's route table
 * (functions/routes/<module>.ts): every route of its function, no other.
 */
export function serveRoutes<K extends OperationId>(
  table: Table,
  codes: { [P in K]: RouteCode<P> },
): Handler {
  const ops = Object.keys(codes) as K[];
  const routes = ops.map((op) => {
    const route = table[op];
    if (!route) throw new Error(`${op} is not in this route table`);
    return route;
  });
  const fns = new Set(routes.map((r) => r.fn));
  const [fn] = fns;
  if (fns.size !== 1 || !fn)
    throw new Error(`operations ${ops.join(', ')} belong to ${fns.size} functions`);
  const missing = Object.entries(table).filter(([op, r]) => r.fn === fn && !ops.includes(op as K));
  if (missing.length)
    throw new Error(`${fn} does not serve ${missing.map(([op]) => op).join(', ')}`);
  const byKey = new Map<string, Handler>();
  ops.forEach((op, i) => {
    const route = routes[i] as RouteSpec;
    byKey.set(keyOf(route.method, route.path), httpRoute(edgeSpec(op, route), codes[op] as Flow));
  });
  return async (event, context) => {
    const h = byKey.get(keyOf(event.httpMethod, event.resource));
    if (!h) {
      return problemResponse(
        new Refusal('ROUTE_NOT_FOUND', 'This function does not serve that route.'),
        event.requestContext?.requestId,
      );
    }
    return h(event, context);
  };
}

/** The handler of a function serving one operation. */
export function serve<K extends OperationId>(table: Table, op: K, code: RouteCode<K>): Handler {
  return serveRoutes(table, { [op]: code } as { [P in K]: RouteCode<P> });
}
