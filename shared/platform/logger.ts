// The masking logger: JSON lines, one per event. Keys that name PII are replaced by
// [REDACTED], and any string that looks like a phone, ID or card number is masked, so a
// careless log call still leaks nothing (M6.2-a). Use this, never console.
import { AsyncLocalStorage } from 'node:async_hooks';

const PII_KEYS =
  /^(name|phone|idnumber|id_number|bankcard|bank_card|card|password|code|otp|toPhone|facedata)$/i;
// A mobile number may carry the country code: +86, 0086 or 86, with or without a space.
const MOBILE = /(?<![\d+])(?:(?:\+|00)86[\s-]?|86)?1[3-9]\d{9}(?!\d)/g;
const PATTERNS: [RegExp, (m: string) => string][] = [
  [/\b\d{17}[\dXx]\b/g, (m) => `${m.slice(0, 4)}**********${m.slice(-4)}`],
  [/\b\d{16,19}\b/g, (m) => `****${m.slice(-4)}`],
  [MOBILE, (m) => `${m.slice(0, -8)}****${m.slice(-4)}`],
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
  return PATTERNS.reduce((acc, [re, f]) => acc.replace(re, f), s);
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
      out[k] = PII_KEYS.test(k) ? '[REDACTED]' : redact(v, depth + 1);
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
