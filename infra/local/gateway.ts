// The local API Gateway: reads functions/routes.ts, builds REST (v1) proxy events,
// checks Cognito ID tokens against the emulator's JWKS for protected routes (as the
// Cognito authorizers do: customer routes take the customers' pool, staff routes the staff
// pool's), applies the route table's group rule (403 before any function
// runs), and invokes the handlers in-process.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { FunctionName } from '../../functions/catalog';
import type { Route } from '../../functions/routes';
import {
  GATEWAY_PROBLEMS,
  gatewayProblemBody,
  type GatewayProblem,
} from '../../shared/platform/http/gateway-responses';
import { logger } from '../../shared/platform/logger';
import { accessRefusal, principalOf, problemResponse } from '../../shared/platform/http/route';
import { corsHeaders, preflightHeaders } from '../../shared/platform/http/cors';
import { invoke, type LocalFunction } from './functions';

export interface GatewayOptions {
  readonly port: number;
  readonly host?: string;
  readonly stage: string;
  readonly routes: readonly Route[];
  readonly functions: ReadonlyMap<FunctionName, LocalFunction>;
  /** The pools whose ID tokens the routes take: customer routes one, staff routes the other. */
  readonly cognito: {
    endpoint: string;
    region: string;
    pools: Record<'customer' | 'staff', { userPoolId: string; clientIds: readonly string[] }>;
  };
  readonly maxBodyBytes?: number;
  /** The stage's web app origins (CORS); none by default. */
  readonly corsOrigins?: readonly string[];
  /** Per-route limits (`api.routeThrottles`), applied as API Gateway's method throttling. */
  readonly routeThrottles?: Readonly<Record<string, { rateLimit: number; burstLimit: number }>>;
}

/**
 * API Gateway's throttling: a token bucket of `burstLimit` tokens refilled at `rateLimit`
 * a second; a request finding it empty is refused (429) before any function runs.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rateLimit: number,
    private readonly burstLimit: number,
    now = Date.now(),
  ) {
    this.tokens = burstLimit;
    this.at = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(
      this.burstLimit,
      this.tokens + ((now - this.at) / 1000) * this.rateLimit,
    );
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface Compiled {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: string[];
}

export function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{([^}]+)\\?\}/g, (_m, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** The route a request names: its path matches the template and the method is the route's. */
export function matchRoute(
  compiled: readonly Compiled[],
  method: string,
  pathname: string,
): { c: Compiled; m: RegExpExecArray } | undefined {
  for (const c of compiled) {
    if (c.route.method !== method) continue;
    const m = c.pattern.exec(pathname);
    if (m) return { c, m };
  }
  return undefined;
}

function problem(p: GatewayProblem, requestId: string, detail?: string): APIGatewayProxyResult {
  return {
    statusCode: p.status,
    headers: { 'Content-Type': 'application/problem+json' },
    body: gatewayProblemBody(p, { requestId, ...(detail ? { detail } : {}) }),
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
}

export class LocalGateway {
  private server: Server | undefined;
  private readonly compiled: Compiled[];
  private readonly verifiers: Record<
    'customer' | 'staff',
    { jwks: ReturnType<typeof createRemoteJWKSet>; issuer: string; clientIds: readonly string[] }
  >;

  constructor(private readonly opts: GatewayOptions) {
    this.compiled = opts.routes.map(compile);
    const { endpoint, region, pools } = opts.cognito;
    const verifier = (p: { userPoolId: string; clientIds: readonly string[] }) => ({
      jwks: createRemoteJWKSet(new URL(`${endpoint}/${p.userPoolId}/.well-known/jwks.json`)),
      // moto signs tokens with the issuer AWS would use.
      issuer: `https://cognito-idp.${region}.amazonaws.com/${p.userPoolId}`,
      clientIds: p.clientIds,
    });
    this.verifiers = { customer: verifier(pools.customer), staff: verifier(pools.staff) };
  }

  get url(): string {
    const addr = this.server?.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.opts.port;
    return `http://localhost:${port}`;
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 5000;
    // A message that is not HTTP (a body without its length, a broken header) never
    // reaches a route: 400 as a problem document, then the connection closes.
    this.server.on('clientError', (_error, socket) => {
      if (!socket.writable) return socket.destroy();
      const body = gatewayProblemBody(GATEWAY_PROBLEMS.BAD_REQUEST);
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => resolve());
    });
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(() => r(undefined)));
  }

  private readonly buckets = new Map<string, TokenBucket>();

  /** Verified tokens' claims until they expire (API Gateway caches its authorizer's answers too). */
  private readonly verified = new Map<string, { claims: Record<string, string>; exp: number }>();

  /** The claims of an ID token of `pool` (the route's authorizer takes no other pool's). */
  private async authorize(
    header: string | undefined,
    pool: 'customer' | 'staff',
  ): Promise<Record<string, string> | undefined> {
    if (!header) return undefined;
    const token = header.replace(/^Bearer\s+/i, '');
    const cacheKey = `${pool} ${token}`;
    const hit = this.verified.get(cacheKey);
    if (hit && hit.exp > Date.now()) return hit.claims;
    const claims = await this.verify(token, pool);
    if (claims) {
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(cacheKey, { claims, exp: Number(claims.exp) * 1000 });
    }
    return claims;
  }

  private async verify(
    token: string,
    pool: 'customer' | 'staff',
  ): Promise<Record<string, string> | undefined> {
    const v = this.verifiers[pool];
    try {
      const { payload } = await jwtVerify(token, v.jwks, { issuer: v.issuer });
      if (payload.token_use !== 'id') return undefined;
      const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (!aud.some((a) => a && v.clientIds.includes(a))) return undefined;
      return claimsAsStrings(payload);
    } catch {
      return undefined;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let result: APIGatewayProxyResult;
    try {
      result = await this.dispatch(req, requestId);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 502;
      if (status >= 500)
        logger.error('local gateway: invocation failed', { path: req.url?.split('?')[0], error });
      result = problem(
        status === 413 ? GATEWAY_PROBLEMS.PAYLOAD_TOO_LARGE : GATEWAY_PROBLEMS.BAD_GATEWAY,
        requestId,
      );
    }
    const origin = req.headers.origin;
    res.writeHead(result.statusCode, {
      // The gateway's own answers carry CORS headers too; a function's carry its own.
      ...corsHeaders(origin, this.opts.corsOrigins ?? []),
      ...(result.headers as Record<string, string>),
      'X-Request-Id': requestId,
    });
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  private async dispatch(req: IncomingMessage, requestId: string): Promise<APIGatewayProxyResult> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return problem(GATEWAY_PROBLEMS.BAD_REQUEST, requestId);
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const hit = matchRoute(this.compiled, method, url.pathname);
    if (!hit) {
      const methods = this.compiled
        .filter((c) => c.pattern.test(url.pathname))
        .map((c) => c.route.method);
      if (!methods.length) return problem(GATEWAY_PROBLEMS.ROUTE_NOT_FOUND, requestId);
      // A CORS preflight, answered by the gateway as API Gateway's mock integration does.
      if (method === 'OPTIONS' && this.opts.corsOrigins?.length)
        return {
          statusCode: 204,
          headers: preflightHeaders(req.headers.origin, this.opts.corsOrigins, methods),
          body: '',
        };
      const refused = problem(GATEWAY_PROBLEMS.METHOD_NOT_ALLOWED, requestId);
      return { ...refused, headers: { ...refused.headers, Allow: methods.join(', ') } };
    }
    const { route } = hit.c;
    const limit = this.opts.routeThrottles?.[route.operationId];
    if (limit) {
      let bucket = this.buckets.get(route.operationId);
      if (!bucket) {
        bucket = new TokenBucket(limit.rateLimit, limit.burstLimit);
        this.buckets.set(route.operationId, bucket);
      }
      if (!bucket.take()) return problem(GATEWAY_PROBLEMS.THROTTLED, requestId);
    }
    const fn = this.opts.functions.get(route.fn);
    if (!fn)
      return problem(
        GATEWAY_PROBLEMS.BAD_GATEWAY,
        requestId,
        `No function ${route.fn} in this stage.`,
      );

    // Maps, then plain objects with own properties only: a client's header or query name
    // (`__proto__`, `constructor`, ...) is data, never a property of the prototype.
    const headerValues = new Map<string, string[]>();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      headerValues.set(k, Array.isArray(v) ? v : [v]);
    }
    const headers = Object.fromEntries([...headerValues].map(([k, v]) => [k, v.join(',')]));
    const multiValueHeaders = Object.fromEntries(headerValues);
    let claims: Record<string, string> | undefined;
    if (route.auth.kind !== 'public') {
      claims = await this.authorize(headers.authorization, route.auth.kind);
      if (!claims) return problem(GATEWAY_PROBLEMS.UNAUTHORIZED, requestId);
      // The route table's group rule, before the function is invoked at all.
      const refused = accessRefusal(
        route.auth,
        principalOf({ requestContext: { authorizer: { claims } } }),
      );
      // The same document the function's own edge would answer.
      if (refused) return problemResponse(refused, requestId);
    }
    const queryValues = new Map<string, string[]>();
    for (const [k, v] of url.searchParams) queryValues.set(k, [...(queryValues.get(k) ?? []), v]);
    const query = Object.fromEntries([...queryValues].map(([k, v]) => [k, v.at(-1) ?? '']));
    const multiQuery = Object.fromEntries(queryValues);
    let pathParameters: Record<string, string>;
    try {
      pathParameters = Object.fromEntries(
        hit.c.names.map((n, i) => [n, decodeURIComponent(hit.m[i + 1] ?? '')]),
      );
    } catch {
      // A malformed percent-escape (`%E0%A4%A`): API Gateway answers 400 too.
      return problem(GATEWAY_PROBLEMS.BAD_REQUEST, requestId);
    }
    const body = await readBody(req, this.opts.maxBodyBytes ?? 1024 * 1024);
    const event: APIGatewayProxyEvent = {
      resource: route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: Object.keys(query).length ? query : null,
      multiValueQueryStringParameters: Object.keys(multiQuery).length ? multiQuery : null,
      pathParameters: hit.c.names.length ? pathParameters : null,
      stageVariables: null,
      body,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims ? { claims } : null,
        protocol: 'HTTP/1.1',
        httpMethod: method,
        identity: {
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? null,
        } as APIGatewayProxyEvent['requestContext']['identity'],
        path: `/${this.opts.stage}${url.pathname}`,
        stage: this.opts.stage,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: route.path,
        resourcePath: route.path,
      },
    };
    const out = (await invoke(fn, event)) as APIGatewayProxyResult;
    if (!out || typeof out.statusCode !== 'number') {
      return problem(
        GATEWAY_PROBLEMS.BAD_GATEWAY,
        requestId,
        'The function returned no valid response.',
      );
    }
    return out;
  }
}

/** API Gateway hands Cognito claims to the function as strings. */
function claimsAsStrings(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    out[k] = Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}
