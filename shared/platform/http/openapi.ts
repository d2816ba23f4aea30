// The OpenAPI 3.1 document, generated from route declarations and their zod schemas
// (named schemas carry their component name in zod's own `.meta({ id })`).
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { PROBLEMS, type ProblemCode } from '../problems';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE } from './idempotency-key';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ example: 'VALIDATION_FAILED' }),
    fields: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
    requestId: z.string().optional().meta({ description: 'The request id (quote it to support)' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable code' });

const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(IDEMPOTENCY_KEY)
    .meta({
      description: `A unique key per intended operation (${IDEMPOTENCY_KEY_RULE}); a retry with the same key and body to the same operation returns the first result (a 201 or a 422 refusal), moving nothing again; the same key on another operation or with another body is 422 IDEMPOTENCY_KEY_REUSED; kept at least 24 hours`,
    }),
});

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
  readonly idempotencyKey?: true;
  /** The success answer. */
  readonly ok: {
    readonly status: number;
    readonly schema: z.ZodType;
    readonly description: string;
  };
  /** The problem codes it answers. */
  readonly problems: readonly ProblemCode[];
}

/** What the document needs of a route: its description, id, body schema and sign-in. */
export interface DocumentedRoute extends RouteDescription {
  readonly operationId: string;
  readonly signedIn: boolean;
  readonly body?: z.ZodType | undefined;
}

/** Problem codes by status, each status once: `{ 422: ['INSUFFICIENT_FUNDS', ...] }`. */
export function problemsByStatus(codes: readonly ProblemCode[]): Map<number, ProblemCode[]> {
  const out = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const status = PROBLEMS[code];
    out.set(status, [...(out.get(status) ?? []), code]);
  }
  return new Map([...out].sort(([a], [b]) => a - b));
}

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

export function openApiDocument(routes: readonly DocumentedRoute[], opts: { serverUrl?: string }) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'cognito', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'The Cognito ID token from /v1/auth/login',
  });
  const problem = { content: { 'application/problem+json': { schema: ProblemSchema } } };
  for (const r of routes) {
    registry.registerPath({
      operationId: r.operationId,
      method: r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
      path: r.path,
      summary: r.summary,
      tags: [r.tag],
      ...(r.signedIn ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.idempotencyKey ? { headers: IdempotencyHeaders } : {}),
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
          [...problemsByStatus(r.problems)].map(([status, codes]) => [
            status,
            {
              description: codes.join(', '),
              ...(codes.includes('IDEMPOTENCY_IN_PROGRESS') ? { headers: RETRY_AFTER } : {}),
              ...problem,
            },
          ]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Finplat API',
      version: '0.1.0',
      description:
        'Internet-finance platform API. Errors are RFC 9457 problem documents with a stable `code` and the failing `fields`; each response lists the codes it can carry.',
    },
    servers: [{ url: opts.serverUrl ?? '/' }],
  });
}
