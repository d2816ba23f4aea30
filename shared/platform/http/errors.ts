// The error taxonomy: named errors carrying an HTTP status, a stable code and the failing
// fields. Mapped to RFC 9457 problem documents only at the edge (middleware).

export interface FieldError {
  readonly path: string;
  readonly reason: string;
}

export class ClientError extends Error {
  readonly details: Record<string, unknown> | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] = [],
    options?: ErrorOptions & {
      /** Extra members of the problem document (e.g. the two levels of a mismatch). */
      details?: Record<string, unknown>;
    },
  ) {
    super(message, options);
    this.name = 'ClientError';
    this.details = options?.details;
  }
}

export class ValidationError extends ClientError {
  constructor(fields: readonly FieldError[], message = 'The request is not valid.') {
    super(400, 'VALIDATION_FAILED', message, fields);
    this.name = 'ValidationError';
  }
}

export class UnauthorizedError extends ClientError {
  constructor(code = 'UNAUTHORIZED', message = 'Authentication is required.') {
    super(401, code, message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends ClientError {
  constructor(message = 'You may not do this.') {
    super(403, 'FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends ClientError {
  constructor(code = 'NOT_FOUND', message = 'Not found.') {
    super(404, code, message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends ClientError {
  constructor(code: string, message: string) {
    super(409, code, message);
    this.name = 'ConflictError';
  }
}

/** A dependency (AWS, a provider) failed; the client may retry. Logged and alarmed. */
export class DependencyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DependencyError';
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  fields?: FieldError[];
  [member: string]: unknown;
}

export function problemOf(error: unknown): Problem {
  if (error instanceof ClientError) {
    return {
      type: `https://docs.finplat.example/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error.fields.length ? { fields: [...error.fields] } : {}),
      ...error.details,
    };
  }
  if (error instanceof DependencyError) {
    return {
      type: 'https://docs.finplat.example/problems/service-unavailable',
      title: TITLES[503] ?? 'Service Unavailable',
      status: 503,
      detail: 'A service the platform depends on did not answer. Retry later.',
      code: 'SERVICE_UNAVAILABLE',
    };
  }
  return {
    type: 'https://docs.finplat.example/problems/internal',
    title: TITLES[500] ?? 'Internal Server Error',
    status: 500,
    detail: 'An internal error occurred. It has been logged.',
    code: 'INTERNAL',
  };
}
