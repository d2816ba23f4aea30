// Benchmark: suitability-checked orders through the local gateway, with DynamoDB and KMS
// requests per order counted at the SDK (the order function: product, assessment, the risk
// pre-check, the money transaction).
import { randomUUID } from 'node:crypto';
import { resetSdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { QUESTIONS } from '../shared/investing/domain/questionnaire';
import { World } from '../test/support/world';
import { customer, json, percentile } from './support';

const post = (url: string, token: string, body: unknown) =>
  json(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: token,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(body),
  });

export async function benchOrders(
  platform: LocalPlatform,
  opts: { count: number; clients: number },
) {
  const { apiUrl } = platform;
  const productId = await new World(apiUrl).product({
    minAmount: 100,
    lockUpDays: 0,
    settlementCycle: 'T+1',
  });
  const buyers = [];
  for (let i = 0; i < opts.clients; i++) {
    const c = await customer(apiUrl, platform);
    await post(`${apiUrl}/v1/risk-assessments`, c.token, {
      questionnaireVersion: '2026-11',
      answers: Object.fromEntries(QUESTIONS.map((q) => [q.id, 'B'])),
    });
    await post(`${apiUrl}/v1/deposits`, c.token, { amount: 5_000_000, currency: 'CNY' });
    buyers.push(c);
  }
  for (const b of buyers) {
    for (let i = 0; i < 200; i++) {
      const acct = await json(`${apiUrl}/v1/accounts/me`, { headers: { authorization: b.token } });
      if (Number(acct.body.balance) >= 5_000_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const order = (token: string) =>
    post(`${apiUrl}/v1/orders`, token, { productId, amount: 100, currency: 'CNY' });
  await Promise.all(buyers.map((b) => order(b.token))); // warm-up
  resetSdkRequestCounts();
  const latencies: number[] = [];
  let failed = 0;
  let left = opts.count;
  const started = performance.now();
  await Promise.all(
    buyers.map(async (b) => {
      while (left > 0) {
        left -= 1;
        const t = performance.now();
        const res = await order(b.token);
        if (res.status === 201) latencies.push(performance.now() - t);
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients: opts.clients,
    orders: latencies.length,
    failed,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    dynamoPerOrder: latencies.length ? sdkRequests('DynamoDB', 'order') / latencies.length : NaN,
    kmsPerOrder: latencies.length ? sdkRequests('KMS', 'order') / latencies.length : NaN,
  };
}
