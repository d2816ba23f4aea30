// Thin-handler plumbing: a middy handler that checks the caller against the route's auth
// rule, parses body/path/query with zod, calls the flow, and maps every error to an
// RFC 9457 problem document (4xx with code and fields; 5xx without internals).
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod';
import { CUSTOMER_GROUP } from '../../kernel';
import { logger, withLogContext } from '../logger';
import {
  ForbiddenError,
  isReplayedBody,
  Refusal,
  UnauthorizedError,
  ValidationError,
  type FieldError,
} from '../errors';
import { currentEnv } from '../config';
import { ENV } from '../env-names';
import { corsHeaders, originOf, parseOrigins } from './cors';
import { problemOf } from './errors';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE } from './idempotency-key';

export type Auth =
  | { readonly kind: 'public' }
  | { readonly kind: 'customer' }
  | { readonly kind: 'staff'; readonly groups: readonly string[] };

export interface Principal {
  readonly username: string;
  readonly groups: readonly string[];
}

export interface Request<B, P, Q, W = Principal | undefined> {
  readonly body: B;
  readonly params: P;
  readonly query: Q;
  /** The signed-in caller: always present on customer and staff routes. */
  readonly principal: W;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly requestId: string;
  /** The route's operation id (an Idempotency-Key answers only the operation it was used with). */
  readonly operationId: string;
  /** The Idempotency-Key header, where the route takes one ('' where it is optional and absent). */
  readonly idempotencyKey: string;
  /** The client's X-Device-Id header (an app installation's id), where it sent one. */
  readonly deviceId: string | undefined;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** What a route's code answers: a body (sent with the route's success status) or a Reply. */
export type Answer = Reply | { readonly body: unknown; readonly headers?: Record<string, string> };

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

export function principalOf(
  event:
    | Pick<APIGatewayProxyEvent, 'requestContext'>
    | { requestContext: { authorizer: { claims: Record<string, string> } } },
): Principal | undefined {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const username = claims?.['cognito:username'];
  if (typeof username !== 'string' || username === '') return undefined;
  return { username, groups: parseGroups(claims?.['cognito:groups']) };
}

/**
 * The edge's access rule, the same in the local gateway and in every function: no token is
 * 401; a token without the route's group is 403. Runs before any of the route's own code.
 */
export function accessRefusal(
  auth: Auth,
  principal: Principal | undefined,
): UnauthorizedError | ForbiddenError | undefined {
  if (auth.kind === 'public') return undefined;
  if (!principal) return new UnauthorizedError();
  if (auth.kind === 'customer' && !principal.groups.includes(CUSTOMER_GROUP)) {
    return new ForbiddenError('This route is for customers.');
  }
  if (auth.kind === 'staff' && !auth.groups.some((g) => principal.groups.includes(g))) {
    // The refusal names no group: it would tell a stolen token which role to go after.
    return new ForbiddenError('Your role may not use this route.');
  }
  return undefined;
}

function parseBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const type = Object.entries(event.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'content-type',
  )?.[1];
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new Refusal('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal('MALFORMED_JSON', 'The body is not valid JSON.');
  }
}

function parsePart(schema: z.ZodType | undefined, value: unknown, prefix: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (prefix === 'body' ? undefined : {}));
  if (!result.success) throw new ValidationError(zodFields(result.error, prefix));
  return result.data;
}

function idempotencyKeyOf(event: APIGatewayProxyEvent, required: boolean): string {
  const key = Object.entries(event.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'idempotency-key',
  )?.[1];
  const path = 'header.Idempotency-Key';
  if (key === undefined || key === '') {
    if (!required) return '';
    throw new Refusal(
      'IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key header with this request.',
      [{ path, reason: 'is required' }],
    );
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new Refusal('VALIDATION_FAILED', 'The Idempotency-Key header is not valid.', [
      { path, reason: IDEMPOTENCY_KEY_RULE },
    ]);
  }
  return key;
}

/** An app installation's id: 8 to 128 letters, digits and . _ : - */
const DEVICE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function deviceIdOf(event: APIGatewayProxyEvent): string | undefined {
  const id = Object.entries(event.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'x-device-id',
  )?.[1];
  if (id === undefined || id === '') return undefined;
  if (!DEVICE_ID.test(id))
    throw new Refusal('VALIDATION_FAILED', 'The X-Device-Id header is not valid.', [
      { path: 'header.X-Device-Id', reason: 'must be 8 to 128 letters, digits or . _ : -' },
    ]);
  return id;
}

/** Sent with an Idempotency-Key's stored answer, given again. */
const REPLAYED = { 'Idempotency-Replayed': 'true' };
const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

/** The problem document of an error; `requestId` (API Gateway's) lets a client quote it. */
export function problemResponse(
  error: unknown,
  requestId?: string,
  cors: Record<string, string> = {},
): APIGatewayProxyResult {
  const problem = { ...problemOf(error), ...(requestId ? { requestId } : {}) };
  const retryAfter = error instanceof Refusal ? error.retryAfterSeconds : undefined;
  return {
    statusCode: problem.status,
    headers: {
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      ...cors,
      ...(retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {}),
      ...(error instanceof Refusal && error.replayed ? REPLAYED : {}),
    },
    body: JSON.stringify(problem),
  };
}

/** What the edge needs of a route; functions/routes.ts declares it. */
export interface EdgeSpec {
  readonly operationId: string;
  readonly auth: Auth;
  /** The body schema (resolved on first use: it may depend on the stage's settings). */
  readonly body?: () => z.ZodType;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** true: every request sends an Idempotency-Key; 'optional': a request may. */
  readonly idempotencyKey?: true | 'optional';
  /** The route reads the client's X-Device-Id header (risk monitoring). */
  readonly device?: true;
  /** The success status, for answers that give only a body. */
  readonly okStatus: number;
}

export type Flow = (
  req: Request<unknown, unknown, unknown, Principal | undefined>,
) => Promise<Answer>;

/** One route's handler: access, parsing, the route's code, then one mapping to HTTP. */
export function httpRoute(spec: EdgeSpec, flow: Flow) {
  const base = async (
    event: APIGatewayProxyEvent,
    context: Context,
  ): Promise<APIGatewayProxyResult> =>
    withLogContext({ route: spec.operationId, requestId: context?.awsRequestId }, async () => {
      const cors = corsHeaders(
        originOf(event.headers),
        parseOrigins(currentEnv()[ENV.corsOrigins]),
      );
      try {
        const principal = principalOf(event);
        const refused = accessRefusal(spec.auth, principal);
        if (refused) throw refused;
        const body = parsePart(spec.body?.(), parseBody(event), 'body');
        const params = parsePart(spec.params, event.pathParameters, 'path');
        const query = parsePart(spec.query, event.queryStringParameters, 'query');
        const idempotencyKey = spec.idempotencyKey
          ? idempotencyKeyOf(event, spec.idempotencyKey === true)
          : '';
        const answer = await flow({
          body,
          params,
          query,
          principal,
          sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
          userAgent: event.requestContext?.identity?.userAgent ?? 'unknown',
          requestId: context?.awsRequestId ?? 'local',
          operationId: spec.operationId,
          idempotencyKey,
          deviceId: spec.device ? deviceIdOf(event) : undefined,
        });
        return {
          statusCode: 'status' in answer ? answer.status : spec.okStatus,
          headers: {
            ...JSON_HEADERS,
            ...cors,
            ...(isReplayedBody(answer.body) ? REPLAYED : {}),
            ...answer.headers,
          },
          body: JSON.stringify(answer.body),
        };
      } catch (error) {
        const problem = problemOf(error);
        if (problem.status >= 500) {
          logger.error('request failed', { error });
        } else {
          logger.info('request refused', { status: problem.status, code: problem.code });
        }
        return problemResponse(
          error,
          event.requestContext?.requestId ?? context?.awsRequestId,
          cors,
        );
      }
    });
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>().handler(base);
}
