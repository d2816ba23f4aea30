// The error taxonomy every layer uses: a Refusal carries the API's stable problem code, a
// message for the client and the failing fields; a DependencyError says a service we rely
// on failed. Neither knows HTTP: the edge (platform/http) maps them to status codes and
// RFC 9457 documents once, through the problem catalogue (platform/problems.ts).
import { PROBLEMS, type ProblemCode } from './problems';

export interface FieldError {
  readonly path: string;
  readonly reason: string;
}

/** The request is refused for a reason the client can act on (a 4xx at the edge). */
export class Refusal extends Error {
  readonly details: Record<string, unknown> | undefined;
  /** When the client may retry (sent as Retry-After); only for refusals that pass. */
  readonly retryAfterSeconds: number | undefined;
  /** The stored answer of an Idempotency-Key, given again (sent as Idempotency-Replayed). */
  readonly replayed: boolean;

  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly fields: readonly FieldError[] = [],
    options?: ErrorOptions & {
      /** Extra members of the problem document (e.g. the two levels of a mismatch). */
      details?: Record<string, unknown>;
      retryAfterSeconds?: number;
      replayed?: boolean;
    },
  ) {
    super(message, options);
    this.name = 'Refusal';
    this.details = options?.details;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.replayed = options?.replayed ?? false;
  }

  /** The HTTP status the problem catalogue gives this code. */
  get status(): number {
    return PROBLEMS[this.code];
  }
}

export class ValidationError extends Refusal {
  constructor(fields: readonly FieldError[], message = 'The request is not valid.') {
    super('VALIDATION_FAILED', message, fields);
    this.name = 'ValidationError';
  }
}

export class UnauthorizedError extends Refusal {
  constructor(
    code: 'UNAUTHORIZED' | 'INVALID_CREDENTIALS' = 'UNAUTHORIZED',
    message = 'Authentication is required.',
  ) {
    super(code, message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends Refusal {
  constructor(message = 'You may not do this.') {
    super('FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends Refusal {
  constructor(code: ProblemCode, message = 'Not found.') {
    super(code, message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends Refusal {
  constructor(code: ProblemCode, message: string) {
    super(code, message);
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

const replayedBodies = new WeakSet<object>();

/** Marks a success body as an Idempotency-Key's stored answer, given again. */
export function replayedBody<T>(body: T): T {
  if (body && typeof body === 'object') replayedBodies.add(body);
  return body;
}

/** Whether a body is a stored answer given again (the edge adds Idempotency-Replayed). */
export function isReplayedBody(body: unknown): boolean {
  return !!body && typeof body === 'object' && replayedBodies.has(body);
}

/**
 * A kill switch stops this business for now (ADR 0018): 503 SERVICE_SUSPENDED, nothing
 * written; the client may try again later (Retry-After: a minute).
 */
export const suspended = (what: string) =>
  new Refusal('SERVICE_SUSPENDED', `${what} Please try again later.`, [], {
    retryAfterSeconds: 60,
  });
