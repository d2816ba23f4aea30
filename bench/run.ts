// `npm run bench`: starts the local platform (as `npm start` does, on a free port) and
// prints each benchmark's figures. BENCH_COUNT and BENCH_CONCURRENCY override the sizes.
import { appendFileSync } from 'node:fs';
import { startLocalPlatform } from '../infra/local/platform';
import { setLogSink } from '../shared/platform/logger';
import { benchRegistrations } from './registrations';
import { benchOrders } from './orders';
import { benchTransfers } from './transfers';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const logFile = process.env.BENCH_LOG;
setLogSink((line) => {
  if (logFile) appendFileSync(logFile, `${line}\n`);
}); // figures only on stdout

const count = Number(process.env.BENCH_COUNT ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const platform = await startLocalPlatform({ port: 0 });
const f = (n: number, d = 1) => n.toFixed(d);
try {
  const r = await benchRegistrations(platform, { warmup: 30, count, concurrency });
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
  const transfers = await benchTransfers(platform, {
    perLevel: Number(process.env.BENCH_TRANSFERS ?? 200),
    levels: [1, 8, 32],
  });
  process.stdout.write(
    'transfers through the local gateway (by customer id; DynamoDB and KMS requests of the transfer function)\n',
  );
  for (const t of transfers) {
    process.stdout.write(
      `  ${String(t.clients).padStart(2)} clients   ${f(t.requestsPerSecond).padStart(6)} req/s   ${t.failed} failed   p50 ${f(t.p50Ms).padStart(7)} ms   p99 ${f(t.p99Ms).padStart(7)} ms   DynamoDB ${f(t.dynamoPerTransfer, 2)}/transfer (target <= 3)   KMS ${f(t.kmsPerTransfer, 2)}/transfer (target 0)\n`,
    );
  }
  const o = await benchOrders(platform, {
    count: Number(process.env.BENCH_ORDERS ?? 200),
    clients: concurrency,
  });
  process.stdout.write(
    [
      `orders through the local gateway (${o.orders} suitability-checked orders, ${o.clients} concurrent clients)`,
      `  throughput        ${f(o.requestsPerSecond)} req/s   ${o.failed} failed`,
      `  latency           p50 ${f(o.p50Ms)} ms   p99 ${f(o.p99Ms)} ms`,
      `  order function    DynamoDB ${f(o.dynamoPerOrder, 2)} per order (product, assessment, the money transaction)   KMS ${f(o.kmsPerOrder, 2)} per order`,
      '',
    ].join('\n'),
  );
} finally {
  await platform.stop();
}
