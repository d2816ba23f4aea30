// Benchmark: credit applications decided through the local gateway (issue 13), with the
// DynamoDB requests per decision counted at the SDK (the creditApplications function: the
// idempotency record, the customer and the cash account read, the decision's transaction).
import { randomUUID } from 'node:crypto';
import { resetSdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { customer, json, percentile } from './support';

const APPLICATION = {
  amountFen: 100_000,
  termMonths: 12,
  purpose: 'USED_CAR',
  employment: { status: 'SKILLED', months: 36 },
  housing: 'OWN',
  savingsBand: 'MODERATE',
  otherDebts: { instalmentPlans: 'NONE', burdenBand: 2 },
  dependants: 1,
  guarantor: 'NONE',
};

export async function benchCredit(
  platform: LocalPlatform,
  opts: { count: number; clients: number },
) {
  const { apiUrl } = platform;
  const applicants = [];
  for (let i = 0; i < opts.clients; i++) applicants.push(await customer(apiUrl, platform));
  const apply = (token: string) =>
    json(`${apiUrl}/v1/credit-applications`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: token,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(APPLICATION),
    });
  await Promise.all(applicants.map((a) => apply(a.token))); // warm-up
  resetSdkRequestCounts();
  const latencies: number[] = [];
  let failed = 0;
  let left = opts.count;
  const started = performance.now();
  await Promise.all(
    applicants.map(async (a) => {
      while (left > 0) {
        left -= 1;
        const t = performance.now();
        const res = await apply(a.token);
        if (res.status === 201) latencies.push(performance.now() - t);
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients: opts.clients,
    decisions: latencies.length,
    failed,
    decisionsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    dynamoPerDecision: latencies.length
      ? sdkRequests('DynamoDB', 'creditApplications') / latencies.length
      : NaN,
  };
}
