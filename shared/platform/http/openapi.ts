// The OpenAPI 3.1 document, generated from route declarations and their zod schemas
// (named schemas carry their component name in zod's own `.meta({ id })`).
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { PROBLEMS, type ProblemCode } from '../problems';
import { GATEWAY_PROBLEMS } from './gateway-responses';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE } from './idempotency-key';

// RFC 9457 lets a problem type carry members of its own (SUITABILITY_MISMATCH's levels).
const ProblemFields = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  code: z.string().meta({ example: 'VALIDATION_FAILED' }),
  fields: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  requestId: z.string().optional().meta({ description: 'The request id (quote it to support)' }),
});
const PROBLEM_DESCRIPTION = 'RFC 9457 problem details with a stable code';
export const ProblemSchema = ProblemFields.meta({
  id: 'Problem',
  description: PROBLEM_DESCRIPTION,
});

const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(IDEMPOTENCY_KEY)
    .meta({
      description: `A unique key per intended operation (${IDEMPOTENCY_KEY_RULE}); a retry with the same key and body to the same operation returns the first result (a 201 or a 422 refusal), moving nothing again; the same key on another operation or with another body is 422 IDEMPOTENCY_KEY_REUSED; kept at least 24 hours`,
    }),
});

const DeviceHeader = z.object({
  'X-Device-Id': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/)
    .optional()
    .meta({
      description:
        "The app installation's id (8 to 128 letters, digits or . _ : -). Risk monitoring compares it, as a keyed hash, to the customer's earlier devices and to other customers'; it is never stored in clear.",
    }),
});

/** The request headers a route documents: its Idempotency-Key and X-Device-Id. */
function headersOf(r: Pick<RouteDescription, 'idempotencyKey' | 'device'>) {
  const key =
    r.idempotencyKey === true
      ? IdempotencyHeaders
      : r.idempotencyKey === 'optional'
        ? IdempotencyHeaders.partial()
        : undefined;
  if (!key && !r.device) return {};
  return { headers: key && r.device ? key.extend(DeviceHeader.shape) : (key ?? DeviceHeader) };
}

/** What a route says of itself for clients; the route table's entries extend it. */
export interface RouteDescription {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template: /v1/registrations/{registrationId}/verify */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** The body may be left out. */
  readonly bodyOptional?: true;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** State-changing requests that require an Idempotency-Key header (Stripe / IETF draft). */
  /** true: required; 'optional': a client may send one (a retry-safe public write). */
  readonly idempotencyKey?: true | 'optional';
  /** The route reads an optional X-Device-Id header (risk monitoring: new and shared devices). */
  readonly device?: true;
  /** The success answer. */
  readonly ok: {
    readonly status: number;
    readonly schema: z.ZodType;
    readonly description: string;
  };
  /** The problem codes it answers. */
  readonly problems: readonly ProblemCode[];
  /** Members that some of its problem documents carry beyond RFC 9457's (all optional). */
  readonly problemMembers?: {
    readonly codes: readonly ProblemCode[];
    readonly schema: z.ZodObject;
  };
}

/** A group of operations in the document, with what it is for. */
export interface DocumentedTag {
  readonly name: string;
  readonly description: string;
}

/** What the document needs of a route: its description, id, body schema and sign-in. */
export interface DocumentedRoute extends RouteDescription {
  readonly operationId: string;
  readonly signedIn: boolean;
  /** Who may call it and anything else a reader should know beyond the summary. */
  readonly description?: string;
  readonly body?: z.ZodType | undefined;
}

/** Problem codes by status, each status once: `{ 422: ['INSUFFICIENT_FUNDS', ...] }`. */
export function problemsByStatus(codes: readonly ProblemCode[]): Map<number, ProblemCode[]> {
  return byStatus(codes.map((code) => ({ status: PROBLEMS[code], code })));
}

function byStatus<C extends string>(
  answers: readonly { status: number; code: C }[],
): Map<number, C[]> {
  const out = new Map<number, C[]>();
  for (const { status, code } of answers) {
    const codes = out.get(status) ?? [];
    if (!codes.includes(code)) out.set(status, [...codes, code]);
  }
  return new Map([...out].sort(([a], [b]) => a - b));
}

/**
 * What API Gateway itself may answer for an operation, before any function runs: a
 * path or query it cannot read, a missing or refused token, a body over its limit,
 * throttling, and a function that failed.
 */
export function gatewayAnswers(
  r: Pick<DocumentedRoute, 'params' | 'query' | 'signedIn'> & { readonly body?: unknown },
) {
  const g = GATEWAY_PROBLEMS;
  return [
    ...(r.params || r.query ? [g.BAD_REQUEST] : []),
    ...(r.signedIn ? [g.UNAUTHORIZED, g.ACCESS_DENIED] : []),
    ...(r.body ? [g.PAYLOAD_TOO_LARGE] : []),
    g.THROTTLED,
    g.BAD_GATEWAY,
  ];
}

/** A route's own problem members as JSON Schema (each optional: they depend on the code). */
function membersSchema(schema: z.ZodObject) {
  const {
    $schema: _s,
    required: _r,
    additionalProperties: _a, // the problem's own members sit beside these
    ...json
  } = z.toJSONSchema(schema.partial(), {
    target: 'draft-2020-12',
  });
  return json as { type: 'object' };
}

/** Answers every operation shares, documented once under components/responses. */
const SHARED_RESPONSES: Readonly<Record<string, { name: string; description: string }>> = {
  '401:UNAUTHORIZED': { name: 'Unauthorized', description: 'No valid ID token' },
  '403:FORBIDDEN': { name: 'Forbidden', description: 'The token does not allow this' },
  '413:PAYLOAD_TOO_LARGE': { name: 'PayloadTooLarge', description: 'The body is too large' },
  '415:UNSUPPORTED_MEDIA_TYPE': {
    name: 'UnsupportedMediaType',
    description: 'The body is not application/json',
  },
  '429:THROTTLED': { name: 'Throttled', description: 'Too many requests: slow down and retry' },
  '500:INTERNAL': { name: 'Internal', description: 'An unexpected error (quote the requestId)' },
  '502:BAD_GATEWAY': { name: 'BadGateway', description: 'The function failed' },
  '503:SERVICE_UNAVAILABLE': {
    name: 'ServiceUnavailable',
    description: 'A dependency is unavailable: retry later',
  },
};

/** Sent with 409 IDEMPOTENCY_IN_PROGRESS: when to retry with the same key. */
const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before retrying with the same Idempotency-Key',
    schema: { type: 'integer' as const, minimum: 0 },
  },
};

/** Sent with an Idempotency-Key's stored answer given again (success or refusal). */
const REPLAYED_HEADER = {
  'Idempotency-Replayed': {
    description: "'true' when this is the stored answer of an earlier request with the key",
    schema: { type: 'string' as const, enum: ['true'] },
  },
};

export function openApiDocument(
  routes: readonly DocumentedRoute[],
  opts: { serverUrl?: string; tags?: readonly DocumentedTag[] },
) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'idToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The Cognito ID token (`idToken`) from POST /v1/auth/login, sent as `Authorization: Bearer <idToken>`',
  });
  const { $schema: _s, ...problemJson } = z.toJSONSchema(ProblemFields, {
    target: 'draft-2020-12',
  });
  const problemRef = registry.registerComponent('schemas', 'Problem', {
    ...problemJson,
    description: PROBLEM_DESCRIPTION,
  } as Parameters<typeof registry.registerComponent<'schemas'>>[2]).ref;
  /** A problem document whose `code` is one of `codes`, with the route's own members. */
  const problemWith = (
    status: number,
    codes: readonly string[],
    description: string,
    members?: DocumentedRoute['problemMembers'],
  ) => ({
    description,
    ...(codes.includes('IDEMPOTENCY_IN_PROGRESS') || status === 429
      ? { headers: RETRY_AFTER }
      : {}),
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            problemRef,
            {
              type: 'object' as const,
              properties: { code: { type: 'string' as const, enum: [...codes] } },
            },
            ...(members && codes.some((c) => members.codes.includes(c as ProblemCode))
              ? [membersSchema(members.schema)]
              : []),
          ],
        },
      },
    },
  });
  const shared = new Map<string, { $ref: string }>();
  for (const [key, { name, description }] of Object.entries(SHARED_RESPONSES)) {
    const [status, code] = key.split(':') as [string, string];
    const c = registry.registerComponent(
      'responses',
      name,
      problemWith(Number(status), [code], description),
    );
    shared.set(key, c.ref);
  }
  for (const r of routes) {
    const answers = byStatus<string>([
      ...r.problems.map((code) => ({ status: PROBLEMS[code], code })),
      ...gatewayAnswers(r),
    ]);
    registry.registerPath({
      operationId: r.operationId,
      method: r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
      path: r.path,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      security: r.signedIn ? [{ [bearer.name]: [] }] : [],
      request: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...headersOf(r),
        ...(r.body
          ? {
              body: {
                required: !r.bodyOptional,
                content: { 'application/json': { schema: r.body } },
              },
            }
          : {}),
      },
      responses: {
        [r.ok.status]: {
          description: r.ok.description,
          ...(r.idempotencyKey ? { headers: REPLAYED_HEADER } : {}),
          content: { 'application/json': { schema: r.ok.schema } },
        },
        ...Object.fromEntries(
          [...answers].map(([status, codes]) => [
            status,
            shared.get(`${status}:${codes.join(',')}`) ??
              problemWith(status, codes, codes.join(', '), r.problemMembers),
          ]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions, {
    unionPreferredType: 'oneOf',
  }).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Finplat API',
      version: '0.1.0',
      description:
        'Internet-finance platform API. Errors are RFC 9457 problem documents (`application/problem+json`) with a stable `code`, the failing `fields` and the `requestId`; each response lists the codes it can carry.',
      contact: { name: 'Finplat maintainers' },
    },
    servers: [{ url: opts.serverUrl ?? '/' }],
    ...(opts.tags ? { tags: [...opts.tags] } : {}),
  });
}
