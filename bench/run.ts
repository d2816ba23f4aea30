// `npm run bench`: starts the local platform (as `npm start` does, on a free port) and
// prints each benchmark's figures. BENCH_COUNT and BENCH_CONCURRENCY override the sizes.
import { startLocalPlatform } from '../infra/local/platform';
import { setLogSink } from '../shared/logger';
import { benchRegistrations } from './registrations';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
setLogSink(() => undefined); // figures only; the handlers' logs would drown them

const count = Number(process.env.BENCH_COUNT ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const platform = await startLocalPlatform({ port: 0 });
try {
  const r = await benchRegistrations(platform, { warmup: 30, count, concurrency });
  const f = (n: number, d = 1) => n.toFixed(d);
  process.stdout.write(
    [
      `registrations through the local gateway (${r.registrations} after 30 warm-up, ${r.concurrency} concurrent clients)`,
      `  throughput        ${f(r.requestsPerSecond)} req/s`,
      `  latency           p50 ${f(r.p50Ms)} ms   p99 ${f(r.p99Ms)} ms`,
      `  API path (register)     KMS ${f(r.register.kmsPer100, 2)} per 100 registrations (target <= 1)   DynamoDB ${f(r.register.dynamoPerRegistration, 2)} per registration (target <= 3)`,
      `  SMS path (notifier)     KMS ${f(r.notifier.kmsPer100, 2)} per 100 registrations   DynamoDB ${f(r.notifier.dynamoPerRegistration, 2)} per registration (1 of them the local outbox sink)`,
      `  requests by operation   ${JSON.stringify(r.operations)}`,
      '',
    ].join('\n'),
  );
} finally {
  await platform.stop();
}
