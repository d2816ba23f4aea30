// Credit applications over HTTP (issue 13, M3.1-a, M3.1-b, M8.2-a): decided in the request
// by the fitted scorecard from the applicant's answers and the platform's own signals,
// explained in plain words, idempotent; a referral is decided by a credit officer with a
// reason. The three applications below are an approval, a referral and a decline for a new
// customer under the shipped scorecard (shared/credit/domain/statistical-scorecard.json).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LENDING_POLICY } from '../../shared/credit';
import {
  APPROVED_APPLICATION,
  DECLINED_APPLICATION,
  REFERRED_APPLICATION,
} from '../support/credit';
import { api, onboardCustomer, staffToken } from '../support/http';

type Application = {
  applicationId: string;
  status: string;
  decision: string;
  score: number;
  probabilityOfDefault: number;
  reasons: { code: string; text: string }[];
  offer?: { limitFen: number; annualRatePct: number };
  officer?: { decision: string; reason: string };
  code?: string;
  fields?: { path: string }[];
};

const APPROVED = APPROVED_APPLICATION;
const REFERRED = REFERRED_APPLICATION;
const DECLINED = DECLINED_APPLICATION;

const apply = (token: string, body: unknown, key: string | null = randomUUID()) =>
  api<Application>('POST', '/v1/credit-applications', {
    token,
    body,
    ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
  });

describe('credit applications (M3.1-a)', () => {
  it('M3.1-a M3.1-b M8.2-a M2.4-b decides an application in the request with score, PD, reasons in plain words and, approved, a limit and a price from the PD; a retry with its key answers the same; only its applicant reads it, and staff see it in the customer file', async () => {
    const c = await onboardCustomer();
    const key = randomUUID();
    const first = await apply(c.idToken, APPROVED, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'APPROVED', decision: 'APPROVE' });
    expect(first.body.probabilityOfDefault).toBeGreaterThan(0);
    expect(first.body.reasons.length).toBeGreaterThan(0);
    for (const r of first.body.reasons) expect(r.text).toMatch(/^[A-Z].*\.$/);
    const p = DEFAULT_LENDING_POLICY;
    expect(first.body.offer).toEqual({
      limitFen: 100_000,
      annualRatePct:
        Math.round(
          (p.baseRatePct +
            first.body.probabilityOfDefault * p.lossGivenDefault * 100 +
            p.marginPct) *
            100,
        ) / 100,
    });
    const again = await apply(c.idToken, APPROVED, key);
    expect(again.body).toEqual(first.body);
    const read = await api<Application>(
      'GET',
      `/v1/credit-applications/${first.body.applicationId}`,
      { token: c.idToken },
    );
    expect(read.body).toEqual(first.body);
    const other = await onboardCustomer();
    const theirs = await api<Application>(
      'GET',
      `/v1/credit-applications/${first.body.applicationId}`,
      { token: other.idToken },
    );
    expect([theirs.status, theirs.body.code]).toEqual([404, 'APPLICATION_NOT_FOUND']);
    const declined = await apply(c.idToken, DECLINED);
    expect(declined.body).toMatchObject({ status: 'DECLINED', decision: 'DECLINE' });
    expect(declined.body.offer).toBeUndefined();
    // Staff see the applications in the customer's file, newest first, with their reasons.
    const file = await api<{ credit: { applications: Application[] } }>(
      'GET',
      `/v1/ops/customers/${c.customerId}/profile`,
      { token: await staffToken('service-agent') },
    );
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    expect(file.body.credit.applications.map((a) => [a.applicationId, a.status])).toEqual([
      [declined.body.applicationId, 'DECLINED'],
      [first.body.applicationId, 'APPROVED'],
    ]);
    expect(file.body.credit.applications[1]?.reasons).toEqual(first.body.reasons);
  });

  it("M3.1-a M8.2-a a referral waits in the credit officers' queue with its explanation; the officer's decision is recorded with its reason, once", async () => {
    const c = await onboardCustomer();
    const referred = await apply(c.idToken, REFERRED);
    expect(referred.body).toMatchObject({ status: 'REFERRED', decision: 'REFER' });
    // A risk officer may not decide credit: the credit officers' group does (four groups apart).
    const risk = await staffToken('risk-officer');
    const refusedToRisk = await api('GET', '/v1/ops/credit-applications', { token: risk });
    expect(refusedToRisk.status).toBe(403);
    const officer = await staffToken('credit-officer');
    const queue = await api<{ applications: (Application & { customerId: string })[] }>(
      'GET',
      '/v1/ops/credit-applications',
      { token: officer },
    );
    expect(queue.status, JSON.stringify(queue.body)).toBe(200);
    const waiting = queue.body.applications.find(
      (a) => a.applicationId === referred.body.applicationId,
    );
    expect(waiting?.customerId).toBe(c.customerId);
    expect(waiting?.reasons).toEqual(referred.body.reasons);
    const url = `/v1/ops/credit-applications/${referred.body.applicationId}/decision`;
    const decided = await api<Application>('POST', url, {
      token: officer,
      body: { decision: 'APPROVE', reason: 'Stable income confirmed by payslips' },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'APPROVED',
      officer: { decision: 'APPROVE', reason: 'Stable income confirmed by payslips' },
    });
    expect(decided.body.offer?.limitFen).toBe(100_000);
    const twice = await api<Application>('POST', url, {
      token: officer,
      body: { decision: 'DECLINE', reason: 'Changed my mind' },
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'APPLICATION_DECIDED']);
    const mine = await api<Application>(
      'GET',
      `/v1/credit-applications/${referred.body.applicationId}`,
      { token: c.idToken },
    );
    expect(mine.body.officer?.decision).toBe('APPROVE');
    const after = await api<{ applications: Application[] }>('GET', '/v1/ops/credit-applications', {
      token: officer,
    });
    expect(after.body.applications.map((a) => a.applicationId)).not.toContain(
      referred.body.applicationId,
    );
    // A customer is not a credit officer.
    expect((await api('GET', '/v1/ops/credit-applications', { token: c.idToken })).status).toBe(
      401,
    );
  });

  it("M3.1-a M3.1-c refuses what the applicant may not say (the platform's own signals, a protected characteristic) and a missing key, with the fields named", async () => {
    const c = await onboardCustomer();
    const behaviour = await apply(c.idToken, {
      ...APPROVED,
      behaviour: { accountAgeMonths: 120, balanceBand: 'ESTABLISHED' },
    });
    expect([behaviour.status, behaviour.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const sex = await apply(c.idToken, { ...APPROVED, sex: 'F' });
    expect(sex.status).toBe(400);
    const bad = await apply(c.idToken, { ...APPROVED, termMonths: 0, purpose: 'YACHT' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields?.map((f) => f.path).sort()).toEqual(['body.purpose', 'body.termMonths']);
    const noKey = await apply(c.idToken, APPROVED, null);
    expect([noKey.status, noKey.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });
});
