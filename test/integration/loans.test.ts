// A consumer loan's life over HTTP (issue 13, "Done when"; M1-a, M3.1-a, M3.1-b, M8.2-a),
// on a platform of its own: the calendar is run forward (Date alone is faked, from a fixed
// spring 2026 day, so every token the emulator issues stays valid), which the shared
// platform must not see. Apply, be referred, a credit officer approves with a reason, take
// the offer up and receive the money, the daily collection takes two instalments, the third
// finds no money (overdue, M1), the borrower repays it late; the next application's
// behaviour signals show it; the loan is paid off early; the books reconcile.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REFERRED_APPLICATION, SAFE_APPLICATION } from '../support/credit';
import { eventually } from '../support/money';
import { moveCalendarTo, ownPlatformWithCalendar } from '../support/own-platform';
import type { World, Customer } from '../support/world';

let world: World;
let officer = '';
let risk = '';
let admin = '';

ownPlatformWithCalendar(['credit-officer', 'risk-officer', 'admin'], (_p, w, staff) => {
  world = w;
  [officer = '', risk = '', admin = ''] = staff;
});

const at = moveCalendarTo;

// Referred for a new customer under the shipped scorecard.
const REFERRED = REFERRED_APPLICATION;

interface LoanBody {
  loanId: string;
  status: string;
  principalFen: number;
  outstandingPrincipalFen: number;
  overdueDays: number;
  delinquency: string;
  disbursedOn: string;
  nextDue?: { n: number; dueOn: string; amountFen: number };
  payoffToday?: { amountFen: number; principalFen: number; interestFen: number };
  instalments: {
    n: number;
    dueOn: string;
    amountFen: number;
    principalFen: number;
    interestFen: number;
    status: string;
    paidOn?: string;
    lateDays?: number;
  }[];
  repaidEarly?: boolean;
  code?: string;
}

interface RiskProfileBody {
  suitability: { level: number | null; explanation: string };
  credit: {
    asOf: string;
    explanation: string;
    latestScore: Record<string, unknown> | null;
    loans: { loanId: string; overdueDays: number; delinquency: string }[];
  };
  monitoring: { status: string; explanation: string };
  exposure: {
    flows: { flow: string; daily: number; usedToday: number; remainingToday: number }[];
  };
}

const keyed = (c: Customer | string, path: string, body: unknown, key: string = randomUUID()) =>
  world.call('POST', path, body, {
    authorization: typeof c === 'string' ? c : c.token,
    'idempotency-key': key,
  });

const loanOf = async (c: Customer, loanId: string) =>
  (await world.call('GET', `/v1/loans/${loanId}`, undefined, { authorization: c.token }))
    .body as unknown as LoanBody;

const balanceOf = async (c: Customer) =>
  (await world.call('GET', '/v1/accounts/me', undefined, { authorization: c.token })).body as {
    balance: number;
    available: number;
  };

const collect = async () => {
  const run = await world.call('POST', '/v1/ops/loan-collections', undefined, {
    authorization: officer,
  });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return run.body as { asOf: string; instalmentsPaid: number; unpaid: Record<string, number> };
};

describe('a consumer loan from application to payoff (issue 13)', () => {
  it('M1-a M3.1-a M3.1-b M8.2-a M2.3-a referred, approved by a credit officer, paid out, two instalments collected, one missed (M1) and repaid late, signals updated, paid off early, the books reconcile', async () => {
    at('2026-03-10T02:00:00Z'); // Tuesday 10:00 in China
    const c = await world.onboard(7_001);

    // Apply: referred; a risk officer may not decide; a credit officer approves, with a reason.
    const applied = await keyed(c, '/v1/credit-applications', REFERRED);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body).toMatchObject({
      status: 'REFERRED',
      signals: { repaymentRecord: null, openLoans: 0, maxOverdueDays: null },
    });
    const applicationId = String(applied.body.applicationId);
    const decision = `/v1/ops/credit-applications/${applicationId}/decision`;
    const approval = { decision: 'APPROVE', reason: 'Payslips show a new permanent job' };
    expect((await world.call('POST', decision, approval, { authorization: risk })).status).toBe(
      403,
    );
    const decided = await world.call('POST', decision, approval, { authorization: officer });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'APPROVED', officer: approval });
    const offer = decided.body.offer as { limitFen: number; annualRatePct: number };

    // Take the offer up: more than the limit is refused, the limit is paid out at once.
    const tooMuch = await keyed(c, '/v1/loans', { applicationId, amountFen: offer.limitFen + 1 });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'LOAN_AMOUNT_INVALID']);
    const key = randomUUID();
    const taken = await keyed(c, '/v1/loans', { applicationId }, key);
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    const loan = taken.body as unknown as LoanBody;
    expect(loan).toMatchObject({
      status: 'ACTIVE',
      principalFen: 100_000,
      outstandingPrincipalFen: 100_000,
      disbursedOn: '2026-03-10',
      delinquency: 'CURRENT',
    });
    expect(loan.instalments.map((i) => i.dueOn)).toEqual([
      '2026-04-10',
      '2026-05-10',
      '2026-06-10',
      '2026-07-10',
      '2026-08-10',
      '2026-09-10',
    ]);
    expect(loan.instalments.reduce((s, i) => s + i.principalFen, 0)).toBe(100_000);
    // Interest at the offer's rate: the first month's is 1/12 of it on the whole principal.
    expect(loan.instalments[0]?.interestFen).toBe(
      Math.round((100_000 * offer.annualRatePct) / 1200),
    );
    expect((await keyed(c, '/v1/loans', { applicationId }, key)).body).toEqual(taken.body);
    const again = await keyed(c, '/v1/loans', { applicationId });
    expect([again.status, again.body.code]).toEqual([409, 'OFFER_NOT_AVAILABLE']);
    expect(await balanceOf(c)).toMatchObject({ balance: 100_000, available: 100_000 });
    const [first, second, third] = loan.instalments;

    // Two instalments collected on their due dates from the cash balance.
    at('2026-04-10T01:00:00Z');
    expect((await collect()).instalmentsPaid).toBeGreaterThanOrEqual(1);
    at('2026-05-10T01:00:00Z');
    await collect();
    const paidTwo = await loanOf(c, loan.loanId);
    expect(paidTwo.instalments.slice(0, 2).map((i) => [i.status, i.paidOn, i.lateDays])).toEqual([
      ['PAID', '2026-04-10', 0],
      ['PAID', '2026-05-10', 0],
    ]);
    const left = 100_000 - (first?.amountFen ?? 0) - (second?.amountFen ?? 0);
    expect(await balanceOf(c)).toMatchObject({ balance: left, available: left });

    // The borrower takes the rest out: the third instalment finds no money.
    at('2026-06-01T02:00:00Z');
    const out = await keyed(c, '/v1/withdrawals', { amount: left, currency: 'CNY' });
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    // The customer's risk profile for staff: today's withdrawal against its daily limit.
    const fileOf = async () =>
      (
        await world.call('GET', `/v1/ops/customers/${c.customerId}/profile`, undefined, {
          authorization: risk,
        })
      ).body.risk as RiskProfileBody;
    const withdrawn = (await fileOf()).exposure.flows.find((f) => f.flow === 'withdrawal');
    expect(withdrawn).toMatchObject({ usedToday: left });
    expect(withdrawn!.remainingToday).toBe(withdrawn!.daily - left);
    at('2026-06-10T01:00:00Z');
    const missed = await collect();
    expect(missed.unpaid.M1).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(c)).toMatchObject({ available: 0 });
    const nothing = await keyed(c, `/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE' });
    expect([nothing.status, nothing.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);

    // Five days later: overdue 5 days, bucket M1, on the staff loan book too.
    at('2026-06-15T02:00:00Z');
    const overdue = await loanOf(c, loan.loanId);
    expect(overdue).toMatchObject({ overdueDays: 5, delinquency: 'M1' });
    expect(overdue.instalments[2]?.status).toBe('OVERDUE');
    const book = await world.call('GET', '/v1/ops/loans', undefined, { authorization: risk });
    expect(book.status).toBe(200);
    expect(
      (book.body.loans as { loanId: string; delinquency: string }[]).find(
        (l) => l.loanId === loan.loanId,
      ),
    ).toMatchObject({ delinquency: 'M1', overdueDays: 5 });
    // One risk profile: the loan overdue with its bucket, the latest score, dated and explained.
    const profile = await fileOf();
    expect(profile.credit.loans).toEqual([
      expect.objectContaining({ loanId: loan.loanId, overdueDays: 5, delinquency: 'M1' }),
    ]);
    expect(profile.credit.explanation).toMatch(/5 days overdue \(M1\)/);
    expect(profile.credit.latestScore).toMatchObject({ applicationId, status: 'APPROVED' });
    expect(profile.credit.asOf).toBe('2026-06-15');
    expect(profile.monitoring).toMatchObject({ status: 'ACTIVE' });
    expect(profile.suitability.level).toBeNull();
    // A customer's token is not a staff token: the staff authorizer does not know it.
    expect(
      (await world.call('GET', '/v1/ops/loans', undefined, { authorization: c.token })).status,
    ).toBe(401);

    // Money comes in; the borrower repays what is due: paid five days late.
    const dep = await keyed(c, '/v1/deposits', { amount: 150_000, currency: 'CNY' });
    expect(dep.status, JSON.stringify(dep.body)).toBe(201);
    await eventually(
      () => balanceOf(c),
      (b) => b.available >= 150_000,
    );
    const repaid = await keyed(c, `/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE' });
    expect(repaid.status, JSON.stringify(repaid.body)).toBe(200);
    const afterRepay = repaid.body as unknown as LoanBody;
    expect(afterRepay).toMatchObject({ overdueDays: 0, delinquency: 'CURRENT' });
    expect(afterRepay.instalments[2]).toMatchObject({
      status: 'PAID',
      paidOn: '2026-06-15',
      lateDays: 5,
      amountFen: third?.amountFen,
    });
    expect(await balanceOf(c)).toMatchObject({ available: 150_000 - (third?.amountFen ?? 0) });

    // The next application reads the platform's record: late once, five days, one loan open.
    const next = await keyed(c, '/v1/credit-applications', REFERRED);
    expect(next.status).toBe(201);
    expect(next.body.signals).toMatchObject({
      repaymentRecord: 'PAST_DELAYS',
      openLoans: 1,
      maxOverdueDays: 5,
    });

    // Paid off early: what the quote said, the loan repaid, off the loan book.
    at('2026-06-20T02:00:00Z');
    const quote = (await loanOf(c, loan.loanId)).payoffToday;
    expect(quote?.principalFen).toBe(
      (loan.instalments.slice(3) ?? []).reduce((s, i) => s + i.principalFen, 0),
    );
    const before = await balanceOf(c);
    const payoff = await keyed(c, `/v1/loans/${loan.loanId}/repayments`, { kind: 'PAYOFF' });
    expect(payoff.status, JSON.stringify(payoff.body)).toBe(200);
    expect(payoff.body).toMatchObject({
      status: 'REPAID',
      repaidEarly: true,
      outstandingPrincipalFen: 0,
    });
    expect((await balanceOf(c)).available).toBe(before.available - (quote?.amountFen ?? 0));
    const closed = await keyed(c, `/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE' });
    expect([closed.status, closed.body.code]).toEqual([409, 'LOAN_REPAID']);
    const bookAfter = await world.call('GET', '/v1/ops/loans', undefined, { authorization: risk });
    expect((bookAfter.body.loans as { loanId: string }[]).map((l) => l.loanId)).not.toContain(
      loan.loanId,
    );
    const signals = await keyed(c, '/v1/credit-applications', REFERRED);
    expect(signals.body.signals).toMatchObject({ repaymentRecord: 'PAST_DELAYS', openLoans: 0 });

    // The books: every loan's receivable against its schedule, every journal balanced.
    at('2026-06-21T02:00:00Z');
    await eventually(
      async () =>
        (await world.call('POST', '/v1/ops/reconciliations', undefined, { authorization: admin }))
          .body,
      (r) => r.clean === true,
      20_000,
    );
    const report = await world.call('POST', '/v1/ops/reconciliations', undefined, {
      authorization: admin,
    });
    expect(report.body, JSON.stringify(report.body)).toMatchObject({ clean: true });
    expect((report.body.checked as { loans: number }).loans).toBeGreaterThanOrEqual(1);
  }, 240_000);
});

describe('collections under concurrency and retries (issue 13, money never taken twice)', () => {
  it('M1-a M2.3-a three overlapping collection runs and the borrowers repaying at the same moment take each instalment once; the books reconcile', async () => {
    at('2026-07-01T02:00:00Z');
    const borrowers = await Promise.all([7_101, 7_102, 7_103].map((i) => world.onboard(i)));
    const loans = await Promise.all(
      borrowers.map(async (c) => {
        const applied = await keyed(c, '/v1/credit-applications', REFERRED);
        const id = String(applied.body.applicationId);
        const decided = await world.call(
          'POST',
          `/v1/ops/credit-applications/${id}/decision`,
          { decision: 'APPROVE', reason: 'Checked by phone with the employer' },
          { authorization: officer },
        );
        expect(decided.status, JSON.stringify(decided.body)).toBe(200);
        const taken = await keyed(c, '/v1/loans', { applicationId: id });
        expect(taken.status, JSON.stringify(taken.body)).toBe(201);
        return taken.body as unknown as LoanBody;
      }),
    );
    at('2026-08-01T01:00:00Z');
    const key = randomUUID();
    await Promise.all([
      collect(),
      collect(),
      collect(),
      ...borrowers.flatMap((c, k) => [
        keyed(c, `/v1/loans/${loans[k]?.loanId}/repayments`, { kind: 'DUE' }, key + k),
        // The same request again (a client's retry with its key): the same answer, no second payment.
        keyed(c, `/v1/loans/${loans[k]?.loanId}/repayments`, { kind: 'DUE' }, key + k),
      ]),
    ]);
    for (const [k, c] of borrowers.entries()) {
      const loan = loans[k]!;
      const now = await loanOf(c, loan.loanId);
      expect(now.instalments.filter((i) => i.status === 'PAID').map((i) => i.n)).toEqual([1]);
      const first = loan.instalments[0]!.amountFen;
      expect(await balanceOf(c)).toMatchObject({
        balance: loan.principalFen - first,
        available: loan.principalFen - first,
      });
      expect(now.outstandingPrincipalFen).toBe(
        loan.principalFen - loan.instalments[0]!.principalFen,
      );
    }
    const report = await world.call('POST', '/v1/ops/reconciliations', undefined, {
      authorization: admin,
    });
    expect(report.body.breaks, JSON.stringify(report.body)).toEqual([]);
  }, 180_000);
});

describe('one limit per borrower (issue 13, credit exposure)', () => {
  it('M3.1-a M1-a offers approved one by one cannot add up to more than the policy maximum: taken up together, the one over is refused; borrowed money is not a healthy balance', async () => {
    at('2026-09-01T02:00:00Z');
    const c = await world.onboard(7_201);
    const big = { ...SAFE_APPLICATION, amountFen: 10_000_000 }; // ¥100,000 each; the maximum is ¥200,000
    const ids = await Promise.all(
      [1, 2, 3].map(async () => {
        const applied = await keyed(c, '/v1/credit-applications', big);
        expect(applied.status, JSON.stringify(applied.body)).toBe(201);
        const id = String(applied.body.applicationId);
        if (applied.body.status === 'REFERRED') {
          const decided = await world.call(
            'POST',
            `/v1/ops/credit-applications/${id}/decision`,
            { decision: 'APPROVE', reason: 'Salary and savings confirmed' },
            { authorization: officer },
          );
          expect(decided.body.status).toBe('APPROVED');
        } else expect(applied.body.status).toBe('APPROVED');
        return id;
      }),
    );
    const taken = await Promise.all(
      ids.map((applicationId) => keyed(c, '/v1/loans', { applicationId })),
    );
    expect(taken.map((t) => t.status).sort()).toEqual([201, 201, 422]);
    expect(taken.find((t) => t.status === 422)?.body.code).toBe('CREDIT_LIMIT_REACHED');
    expect(await balanceOf(c)).toMatchObject({ balance: 20_000_000, available: 20_000_000 });
    const next = await keyed(c, '/v1/credit-applications', big);
    expect(next.body.signals).toMatchObject({ openLoans: 2, balanceBand: 'LOW' });
  }, 120_000);
});

describe('the lending kill switch (ADR 0018)', () => {
  it('M4.4-a M1-a while lending is off no loan is paid out (503, nothing written) and the offer keeps; on again, it is taken up', async () => {
    at('2026-10-01T02:00:00Z');
    const c = await world.onboard(7_301);
    const applied = await keyed(c, '/v1/credit-applications', SAFE_APPLICATION);
    expect(applied.body.status).toBe('APPROVED');
    const applicationId = String(applied.body.applicationId);
    const set = (off: boolean) =>
      world.call(
        'PUT',
        '/v1/ops/switches/lending',
        { off, reason: off ? 'loss rates under review' : 'review done' },
        { authorization: risk },
      );
    expect((await set(true)).status).toBe(200);
    const paused = await keyed(c, '/v1/loans', { applicationId });
    expect([paused.status, paused.body.code]).toEqual([503, 'SERVICE_SUSPENDED']);
    expect(await balanceOf(c)).toMatchObject({ balance: 0 });
    expect((await set(false)).status).toBe(200);
    const taken = await keyed(c, '/v1/loans', { applicationId });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect((await balanceOf(c)).balance).toBe(SAFE_APPLICATION.amountFen);
  }, 120_000);
});
