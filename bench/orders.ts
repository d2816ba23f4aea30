// Benchmark: suitability-checked orders through the local gateway, with DynamoDB and KMS
// requests per order counted at the SDK (the order function: product, assessment, the risk
// pre-check, the money transaction).
import { randomUUID } from 'node:crypto';
import { resetSdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { QUESTIONS } from '../shared/investing/domain/questionnaire';
import { World } from '../test/support/world';
import { customer, drive, json } from './support';

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
  const m = await drive(buyers, opts.count, async (b) => (await order(b.token)).status === 201);
  return {
    clients: opts.clients,
    orders: m.ok,
    failed: m.failed,
    requestsPerSecond: m.perSecond,
    p50Ms: m.p50Ms,
    p99Ms: m.p99Ms,
    dynamoPerOrder: m.ok ? sdkRequests('DynamoDB', 'order') / m.ok : NaN,
    kmsPerOrder: m.ok ? sdkRequests('KMS', 'order') / m.ok : NaN,
  };
}
