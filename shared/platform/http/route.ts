// Thin-handler plumbing: a middy handler that checks the caller against the route's auth
// rule, parses body/path/query with zod, calls the flow, and maps every error to an
// RFC 9457 problem document (4xx with code and fields; 5xx without internals).
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod';
import { logger, withLogContext } from '../logger';
import {
  ClientError,
  ForbiddenError,
  UnauthorizedError,
  ValidationError,
  problemOf,
  type FieldError,
} from './errors';

export type Auth =
  | { readonly kind: 'public' }
  | { readonly kind: 'customer' }
  | { readonly kind: 'staff'; readonly groups: readonly string[] };

export interface Principal {
  readonly username: string;
  readonly groups: readonly string[];
}

export interface Request<B, P, Q> {
  readonly body: B;
  readonly params: P;
  readonly query: Q;
  readonly principal: Principal | undefined;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly requestId: string;
  /** The Idempotency-Key header, where the route requires one. */
  readonly idempotencyKey: string;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export function zodFields(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    reason: i.message,
  }));
}

function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string' || raw === '') return [];
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function principalOf(event: APIGatewayProxyEvent): Principal | undefined {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const username = claims?.['cognito:username'];
  if (typeof username !== 'string' || username === '') return undefined;
  return { username, groups: parseGroups(claims?.['cognito:groups']) };
}

export const CUSTOMER_GROUP = 'customers';

function authorize(auth: Auth, principal: Principal | undefined): void {
  if (auth.kind === 'public') return;
  if (!principal) throw new UnauthorizedError();
  if (auth.kind === 'customer' && !principal.groups.includes(CUSTOMER_GROUP)) {
    throw new ForbiddenError('This route is for customers.');
  }
  if (auth.kind === 'staff' && !auth.groups.some((g) => principal.groups.includes(g))) {
    throw new ForbiddenError(`This route needs one of the groups: ${auth.groups.join(', ')}.`);
  }
}

function parseBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const type = Object.entries(event.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'content-type',
  )?.[1];
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ClientError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ClientError(400, 'MALFORMED_JSON', 'The body is not valid JSON.');
  }
}

function parsePart<S extends z.ZodType | undefined>(schema: S, value: unknown, prefix: string) {
  if (!schema) return undefined as S extends z.ZodType ? z.infer<S> : undefined;
  const result = schema.safeParse(value ?? (prefix === 'body' ? undefined : {}));
  if (!result.success) throw new ValidationError(zodFields(result.error, prefix));
  return result.data as S extends z.ZodType ? z.infer<S> : undefined;
}

function idempotencyKeyOf(event: APIGatewayProxyEvent): string {
  const key = Object.entries(event.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'idempotency-key',
  )?.[1];
  const path = 'header.Idempotency-Key';
  if (key === undefined || key === '') {
    throw new ClientError(
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key header with this request.',
      [{ path, reason: 'is required' }],
    );
  }
  if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ClientError(400, 'VALIDATION_FAILED', 'The Idempotency-Key header is not valid.', [
      { path, reason: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return key;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

export function problemResponse(error: unknown): APIGatewayProxyResult {
  const problem = problemOf(error);
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
    body: JSON.stringify(problem),
  };
}

export interface RouteSpec<
  B extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
> {
  readonly name: string;
  readonly auth: Auth;
  /** A schema, or a function giving one (for schemas built from runtime settings). */
  readonly body?: B | (() => B);
  readonly params?: P;
  readonly query?: Q;
  /** State-changing money routes require an Idempotency-Key header (Stripe / IETF draft). */
  readonly idempotencyKey?: 'required';
}

type Out<S> = S extends z.ZodType ? z.infer<S> : undefined;

export function httpRoute<
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<B, P, Q>, flow: (req: Request<Out<B>, Out<P>, Out<Q>>) => Promise<Reply>) {
  const base = async (
    event: APIGatewayProxyEvent,
    context: Context,
  ): Promise<APIGatewayProxyResult> =>
    withLogContext({ route: spec.name, requestId: context?.awsRequestId }, async () => {
      try {
        const principal = principalOf(event);
        authorize(spec.auth, principal);
        const bodySchema = typeof spec.body === 'function' ? spec.body() : spec.body;
        const body = parsePart(bodySchema, parseBody(event), 'body') as Out<B>;
        const params = parsePart(spec.params, event.pathParameters, 'path') as Out<P>;
        const query = parsePart(spec.query, event.queryStringParameters, 'query') as Out<Q>;
        const idempotencyKey = spec.idempotencyKey ? idempotencyKeyOf(event) : '';
        const reply = await flow({
          body,
          params,
          query,
          principal,
          sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
          userAgent: event.requestContext?.identity?.userAgent ?? 'unknown',
          requestId: context?.awsRequestId ?? 'local',
          idempotencyKey,
        });
        return {
          statusCode: reply.status,
          headers: { ...JSON_HEADERS, ...reply.headers },
          body: JSON.stringify(reply.body),
        };
      } catch (error) {
        const problem = problemOf(error);
        if (problem.status >= 500) {
          logger.error('request failed', { error });
        } else {
          logger.info('request refused', { status: problem.status, code: problem.code });
        }
        return problemResponse(error);
      }
    });
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>().handler(base);
}
