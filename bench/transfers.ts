// Benchmark: transfers through the local gateway at 1, 8 and 32 concurrent clients, with
// AWS requests per transfer counted at the SDK (the API path: the transfer function).
import { randomUUID } from 'node:crypto';
import { resetSdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { fundedCustomers, json, percentile, senderPool, TRANSFERS_PER_SENDER } from './support';

export async function benchTransfers(
  platform: LocalPlatform,
  opts: { perLevel: number; levels: number[] },
) {
  const { apiUrl } = platform;
  const total = opts.levels.reduce((n, clients) => n + clients + opts.perLevel, 0);
  const sender = senderPool(
    await fundedCustomers(platform, Math.ceil(total / TRANSFERS_PER_SENDER), 1_000_000),
  );
  const [recipient] = await fundedCustomers(platform, 1, 0);
  if (!recipient) throw new Error('no recipient');
  const send = async (s: { token: string } = sender()) => {
    const started = performance.now();
    const res = await json(`${apiUrl}/v1/transfers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: s.token,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ toCustomerId: recipient.customerId, amount: 100, currency: 'CNY' }),
    });
    return { ms: performance.now() - started, ok: res.status === 201 };
  };
  const results = [];
  for (const clients of opts.levels) {
    await Promise.all(Array.from({ length: clients }, () => send())); // warm-up
    resetSdkRequestCounts();
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    let left = opts.perLevel;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (left > 0) {
          left -= 1;
          const r = await send();
          if (r.ok) latencies.push(r.ms);
          else failed += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    results.push({
      clients,
      transfers: latencies.length,
      failed,
      requestsPerSecond: latencies.length / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      dynamoPerTransfer: latencies.length
        ? sdkRequests('DynamoDB', 'transfer') / latencies.length
        : NaN,
      kmsPerTransfer: latencies.length ? sdkRequests('KMS', 'transfer') / latencies.length : NaN,
    });
  }
  return results;
}
