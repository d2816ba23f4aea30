// Benchmark: transfers through the local gateway at 1, 8 and 32 concurrent clients, with
// AWS requests per transfer counted at the SDK (the API path: the transfer function).
import { randomUUID } from 'node:crypto';
import { resetSdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { drive, fundedCustomers, json, senderPool, TRANSFERS_PER_SENDER } from './support';

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
    const res = await json(`${apiUrl}/v1/transfers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: s.token,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ toCustomerId: recipient.customerId, amount: 100, currency: 'CNY' }),
    });
    return res.status === 201;
  };
  const results = [];
  for (const clients of opts.levels) {
    await Promise.all(Array.from({ length: clients }, () => send())); // warm-up
    resetSdkRequestCounts();
    const m = await drive(
      Array.from({ length: clients }, (_, i) => i),
      opts.perLevel,
      () => send(),
    );
    results.push({
      clients,
      transfers: m.ok,
      failed: m.failed,
      requestsPerSecond: m.perSecond,
      p50Ms: m.p50Ms,
      p99Ms: m.p99Ms,
      dynamoPerTransfer: m.ok ? sdkRequests('DynamoDB', 'transfer') / m.ok : NaN,
      kmsPerTransfer: m.ok ? sdkRequests('KMS', 'transfer') / m.ok : NaN,
    });
  }
  return results;
}
