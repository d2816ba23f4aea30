// CORS for the web app's origins (issue 9): the stage configuration names them (none by
// default in prod); API Gateway answers preflights, and every response to an allowed
// origin carries the headers a browser needs to read it. Tokens travel in the
// Authorization header, never in cookies, so credentials are not allowed.

/** Request headers a web client sends. */
export const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'X-Device-Id',
];
/** Response headers a web client may read besides the simple ones. */
export const CORS_EXPOSE_HEADERS = ['Idempotency-Replayed', 'Retry-After', 'X-Request-Id'];
/** How long a browser may cache a preflight, seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/** The allowed origins, from their comma-separated form (the functions' environment). */
export function parseOrigins(value: string | undefined): readonly string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** The request's Origin header, whatever its case. */
export function originOf(headers: Record<string, string | undefined> | null | undefined) {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === 'origin') return v;
  return undefined;
}

/** Headers for a response to `origin`: none unless it is allowed (exact match). */
export function corsHeaders(
  origin: string | undefined,
  allowed: readonly string[],
): Record<string, string> {
  if (!origin || !allowed.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(', '),
    Vary: 'Origin',
  };
}

/** A preflight's answer headers (the path's methods), or none for an origin not allowed. */
export function preflightHeaders(
  origin: string | undefined,
  allowed: readonly string[],
  methods: readonly string[],
): Record<string, string> {
  const base = corsHeaders(origin, allowed);
  if (!Object.keys(base).length) return {};
  return {
    ...base,
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(', '),
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
  };
}
