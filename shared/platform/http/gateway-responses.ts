// Answers the gateway itself gives (before any function runs), as problem documents.
// The API stack installs them as API Gateway gateway responses; the local gateway
// answers with the same bodies.

export interface GatewayProblem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
}

export const GATEWAY_PROBLEMS = {
  UNAUTHORIZED: {
    status: 401,
    code: 'UNAUTHORIZED',
    title: 'Unauthorized',
    detail: 'A valid ID token is required.',
  },
  ACCESS_DENIED: {
    status: 403,
    code: 'FORBIDDEN',
    title: 'Forbidden',
    detail: 'The token does not allow this.',
  },
  BAD_REQUEST: {
    status: 400,
    code: 'BAD_REQUEST',
    title: 'Bad Request',
    detail: 'The request could not be read (a malformed path or query).',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    code: 'ROUTE_NOT_FOUND',
    title: 'Not Found',
    detail: 'No such route.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    title: 'Method Not Allowed',
    detail: 'This path does not take that method (see the Allow header).',
  },
  THROTTLED: {
    status: 429,
    code: 'THROTTLED',
    title: 'Too Many Requests',
    detail: 'Slow down and retry.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    title: 'Content Too Large',
    detail: 'The body is too large.',
  },
  BAD_GATEWAY: {
    status: 502,
    code: 'BAD_GATEWAY',
    title: 'Bad Gateway',
    detail: 'The function failed.',
  },
} as const satisfies Record<string, GatewayProblem>;

/**
 * The body of a gateway problem. `requestId` is the request's id: in API Gateway's
 * templates the `$context.requestId` variable, locally the gateway's own.
 */
export function gatewayProblemBody(
  p: GatewayProblem,
  opts: { detail?: string; requestId?: string } = {},
): string {
  return JSON.stringify({
    type: 'about:blank',
    title: p.title,
    status: p.status,
    detail: opts.detail ?? p.detail,
    code: p.code,
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
  });
}
