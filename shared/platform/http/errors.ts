// The edge's mapping of errors to RFC 9457 problem documents: a Refusal becomes its
// catalogued status with code and fields; a DependencyError 503; anything else 500 with
// no internals.
import { DependencyError, Refusal, type FieldError } from '../errors';

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
  if (error instanceof Refusal) {
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
