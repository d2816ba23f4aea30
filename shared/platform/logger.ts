// The masking logger: JSON lines, one per event (M6.2-a). Fields are logged by allow-list:
// a key not in LOGGABLE_KEYS is written as [REDACTED] whatever it holds (a name under any
// key, a token, a header), and a `code` only when it is a problem code; every string that
// is logged is also masked where it looks like a phone (with or without +86/86, spaces or
// dashes), an ID number, a card number (16 to 19 digits, grouped or not), a JWT or a bearer
// token. A careless log call leaks nothing. Use this, never console.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Keys whose values are logged (masked). Add a key here to log it; anything else is redacted. */
export const LOGGABLE_KEYS: ReadonlySet<string> = new Set([
  // the request and the function
  'route',
  'requestId',
  'fn',
  'path',
  'status',
  'outcome',
  'action',
  'type',
  'version',
  // ids of things (never of people's identities)
  'customerId',
  'registrationId',
  'movementId',
  'eventId',
  'eventID',
  'messageId',
  'alertId',
  'caseId',
  'incidentId',
  'alarm',
  'state',
  'severity',
  'staff',
  // queues and streams
  'queue',
  'queueArn',
  'stream',
  'streamArn',
  'startSequenceNumber',
  'batchSize',
  // counts and results
  'count',
  'records',
  'messages',
  'customers',
  'failed',
  'clean',
  'breaks',
  'opened',
  'joined',
  'rescreened',
  'riskEvents',
  'settlements',
  'rules',
  // rule ids switched off by their kill switch (ADR 0018)
  'disabled',
  'score',
  'length',
  // errors (their own fields below)
  'error',
  'cause',
  'name',
  'message',
]);
/** Keys logged only when their value has this shape (`code`: a problem code, never an OTP). */
const SHAPED_KEYS: Readonly<Record<string, RegExp>> = { code: /^[A-Z][A-Z0-9_]{2,}$/ };

const DIGIT_RUN = (min: number, max: number) =>
  new RegExp(`(?<![\\d\\w])\\d(?:[\\s-]?\\d){${min - 1},${max - 1}}(?![\\d\\w])`, 'g');
// A mobile number may carry the country code (+86, 0086 or 86) and spaces or dashes.
const MOBILE = /(?<![\d\w+])((?:(?:\+|00)?86[\s-]?)?)(1[3-9]\d(?:[\s-]?\d){8})(?![\d\w])/g;
const PATTERNS: [RegExp, (m: string, ...groups: string[]) => string][] = [
  [/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, () => '[TOKEN]'],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, (m) => `${m.split(/\s+/)[0]} [REDACTED]`],
  [/(?<![\d\w])\d{17}[\dXx](?![\d\w])/g, (m) => `${m.slice(0, 4)}**********${m.slice(-4)}`],
  [
    MOBILE,
    (_m, country = '', local = '') => {
      const d = local.replace(/\D/g, '');
      return `${country}${d.slice(0, 3)}****${d.slice(-4)}`;
    },
  ],
  [DIGIT_RUN(16, 19), (m) => `****${m.replace(/\D/g, '').slice(-4)}`],
];

export type LogSink = (line: string) => void;
let sink: LogSink = (line) => process.stdout.write(`${line}\n`);
/** The local runtime and tests capture log lines through this. */
export function setLogSink(next: LogSink): void {
  sink = next;
}

const context = new AsyncLocalStorage<Record<string, unknown>>();
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

export function maskString(s: string): string {
  return PATTERNS.reduce(
    (acc, [re, f]) =>
      acc.replace(re, (m: string, ...groups: unknown[]) => f(m, ...(groups as string[]))),
    s,
  );
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[DEPTH]';
  if (typeof value === 'string') return maskString(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: maskString(value.message),
      ...(value.cause ? { cause: redact(value.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const shape = SHAPED_KEYS[k];
      out[k] = shape
        ? typeof v === 'string' && shape.test(v)
          ? v
          : '[REDACTED]'
        : LOGGABLE_KEYS.has(k)
          ? redact(v, depth + 1)
          : '[REDACTED]';
    }
    return out;
  }
  return value;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  const entry = {
    level,
    time: new Date().toISOString(),
    message: maskString(message),
    ...(redact(context.getStore() ?? {}) as object),
    ...(fields ? (redact(fields) as object) : {}),
  };
  sink(JSON.stringify(entry));
}

/**
 * A CloudWatch metric written as a log line in the Embedded Metric Format: Lambda's log
 * pipeline turns it into the metric, with no PutMetricData call (and locally it is one more
 * log line). Values are counts.
 */
function metric(
  namespace: string,
  values: Record<string, number>,
  dimensions: Record<string, string>,
): void {
  sink(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [Object.keys(dimensions)],
            Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
          },
        ],
      },
      ...dimensions,
      ...values,
    }),
  );
}

export const logger = {
  metric,
  debug: (m: string, f?: Record<string, unknown>) => {
    if (process.env.LOG_LEVEL === 'debug') write('debug', m, f);
  },
  info: (m: string, f?: Record<string, unknown>) => write('info', m, f),
  warn: (m: string, f?: Record<string, unknown>) => write('warn', m, f),
  error: (m: string, f?: Record<string, unknown>) => write('error', m, f),
};
