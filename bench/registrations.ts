// Benchmark: registrations through the local gateway (real handlers, emulated AWS).
// Prints requests per second, p50/p99 latency, and AWS requests per registration counted
// at the SDK, for the API path (register) and the asynchronous SMS path (notifier).
import { resetSdkRequestCounts, sdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { newApplicant } from './applicants';

export interface RegistrationBenchOptions {
  readonly warmup: number;
  readonly count: number;
  readonly concurrency: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function registerOnce(apiUrl: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${apiUrl}/v1/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(newApplicant()),
  });
  await res.text();
  if (res.status !== 201) throw new Error(`registration answered ${res.status}`);
  return performance.now() - started;
}

async function run(apiUrl: string, count: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        latencies.push(await registerOnce(apiUrl));
      }
    }),
  );
  return latencies;
}

async function drained(fn: string, expected: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const sends = [...sdkRequestCounts]
      .filter(([k]) => k.startsWith(`${fn}:SNS.Publish`))
      .reduce((n, [, v]) => n + v, 0);
    if (sends >= expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${fn} did not send ${expected} SMS within ${timeoutMs} ms`);
}

export async function benchRegistrations(platform: LocalPlatform, opts: RegistrationBenchOptions) {
  await run(platform.apiUrl, opts.warmup, opts.concurrency);
  await drained('notifier', opts.warmup);
  resetSdkRequestCounts();
  const started = performance.now();
  const latencies = await run(platform.apiUrl, opts.count, opts.concurrency);
  const seconds = (performance.now() - started) / 1000;
  await drained('notifier', opts.count);
  latencies.sort((a, b) => a - b);
  const per = (service: string, fn: string) => sdkRequests(service, fn) / opts.count;
  return {
    registrations: opts.count,
    concurrency: opts.concurrency,
    requestsPerSecond: opts.count / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    register: {
      kmsPer100: per('KMS', 'register') * 100,
      dynamoPerRegistration: per('DynamoDB', 'register'),
    },
    notifier: {
      kmsPer100: per('KMS', 'notifier') * 100,
      dynamoPerRegistration: per('DynamoDB', 'notifier'),
    },
    operations: Object.fromEntries([...sdkRequestCounts].sort()),
  };
}
