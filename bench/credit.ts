// Benchmark: credit applications decided through the local gateway (issue 13), with the
// DynamoDB requests per decision counted at the SDK (the creditApplications function: the
// idempotency record, the customer, the cash account and the applicant's loans read, the
// decision's transaction).
import { randomUUID } from 'node:crypto';
import { SAFE_APPLICATION } from '../test/support/credit';
import { resetSdkRequestCounts, sdkRequests } from '../test/support/sdk';
import type { LocalPlatform } from '../infra/local/platform';
import { customer, drive, json } from './support';

const APPLICATION = {
  ...SAFE_APPLICATION,
  termMonths: 12,
  purpose: 'USED_CAR',
  savingsBand: 'MODERATE',
  otherDebts: { instalmentPlans: 'NONE', burdenBand: 2 },
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
  const m = await drive(applicants, opts.count, async (a) => (await apply(a.token)).status === 201);
  return {
    clients: opts.clients,
    decisions: m.ok,
    failed: m.failed,
    decisionsPerSecond: m.perSecond,
    p50Ms: m.p50Ms,
    p99Ms: m.p99Ms,
    dynamoPerDecision: m.ok ? sdkRequests('DynamoDB', 'creditApplications') / m.ok : NaN,
  };
}
