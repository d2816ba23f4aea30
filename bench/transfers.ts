// Benchmark: transfers through the local gateway at 1, 8 and 32 concurrent clients, with
// AWS requests per transfer counted at the SDK (the API path: the transfer function).
import { randomUUID } from 'node:crypto';
import { resetSdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { customer, json, percentile } from './support';

export async function benchTransfers(
  platform: LocalPlatform,
  opts: { perLevel: number; levels: number[] },
) {
  const { apiUrl } = platform;
  const maxClients = Math.max(...opts.levels);
  const senders = [];
  for (let i = 0; i < maxClients; i++) senders.push(await customer(apiUrl, platform));
  const recipient = await customer(apiUrl, platform);
  // Fund every sender (deposits settle T+0 through the settlement queue).
  for (const s of senders) {
    await json(`${apiUrl}/v1/deposits`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: s.token,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ amount: 5_000_000, currency: 'CNY' }), // the T+0 limit: settles now
    });
  }
  for (const s of senders) {
    for (let i = 0; i < 200; i++) {
      const acct = await json(`${apiUrl}/v1/accounts/me`, { headers: { authorization: s.token } });
      if (Number(acct.body.balance) >= 5_000_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const send = async (s: { token: string }) => {
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
    await Promise.all(senders.slice(0, clients).map((s) => send(s))); // warm-up
    resetSdkRequestCounts();
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    let left = opts.perLevel;
    await Promise.all(
      senders.slice(0, clients).map(async (s) => {
        while (left > 0) {
          left -= 1;
          const r = await send(s);
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
