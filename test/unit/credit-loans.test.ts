// Loans (issue 13, M1-a, M3.1-a, M3.1-b): the equal-instalment schedule against a worked
// example (docs/credit-risk.md, "Loans"), due dates at month ends, overdue days and the
// delinquency buckets, early repayment, the ledger's journals and the behaviour signals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  behaviourOf,
  bucketOf,
  DEFAULT_LENDING_POLICY,
  duePayments,
  equalInstalments,
  loanSignals,
  LoanTermsError,
  monthlyInterest,
  outstandingPrincipal,
  overdueDays,
  payoffPayments,
  totalOf,
  withPayments,
  worstOverdueDays,
  type Loan,
} from '../../shared/credit';
import { journals, movementRef, reconcile } from '../../shared/money';

const loanOf = (principal: number, rate: number, term: number, on: string): Loan => ({
  loanId: 'L1',
  customerId: 'c1',
  applicationId: 'a1',
  principalFen: principal,
  annualRatePct: rate,
  termMonths: term,
  disbursedOn: on,
  disbursementId: 'm0',
  instalments: equalInstalments(principal, rate, term, on),
  status: 'ACTIVE',
  version: 1,
});

describe('the equal-instalment schedule (M1-a)', () => {
  it('M1-a ¥12,000 at 12% a year over 12 months: ¥1,066.19 a month, the last ¥1,066.14, interest ¥794.23', () => {
    // Worked by hand: r = 1%; A = 12,000 x 0.01 / (1 - 1.01^-12) = 1,066.1855 -> 106,619 fen;
    // month 1 interest 1% of 1,200,000 = 12,000 fen, principal 94,619; ... the last takes the
    // 105,558 fen left with 1,056 interest (docs/credit-risk.md, "Loans").
    const s = equalInstalments(1_200_000, 12, 12, '2026-01-15');
    expect(s.slice(0, 3).map((i) => [i.interestFen, i.principalFen])).toEqual([
      [12_000, 94_619],
      [11_054, 95_565],
      [10_098, 96_521],
    ]);
    for (const i of s.slice(0, 11)) expect(i.principalFen + i.interestFen).toBe(106_619);
    expect(s[11]).toMatchObject({ n: 12, principalFen: 105_558, interestFen: 1_056 });
    expect(s.reduce((t, i) => t + i.principalFen, 0)).toBe(1_200_000);
    expect(s.reduce((t, i) => t + i.interestFen, 0)).toBe(79_423);
    expect(s.map((i) => i.dueOn).slice(0, 2)).toEqual(['2026-02-15', '2026-03-15']);
  });

  it('M1-a due dates keep the day of the month, or the month’s last day (31 Jan -> 28 Feb, 29 Feb in a leap year)', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('M1-a interest is rounded half up in whole numbers (27,500 fen at 5.04%: 115.5 -> 116 fen), and a long loan at a high rate keeps its last instalment as near the others as whole fen allow', () => {
    expect(monthlyInterest(27_500, 504)).toBe(116);
    expect(monthlyInterest(1_200_000, 1200)).toBe(12_000);
    const s = equalInstalments(10_057, 35.49, 120, '2026-01-15');
    expect([
      s[0]!.principalFen + s[0]!.interestFen,
      s.at(-1)!.principalFen + s.at(-1)!.interestFen,
    ]).toEqual([306, 1_066]);
  });

  it('M1-a a zero rate splits the principal evenly, the remainder on the last; bad terms are refused', () => {
    const s = equalInstalments(10_000, 0, 3, '2026-01-01');
    expect(s.map((i) => [i.principalFen, i.interestFen])).toEqual([
      [3_333, 0],
      [3_333, 0],
      [3_334, 0],
    ]);
    expect(() => equalInstalments(0, 5, 3, '2026-01-01')).toThrow(LoanTermsError);
    expect(() => equalInstalments(10_000, 5, 0, '2026-01-01')).toThrow(LoanTermsError);
    expect(() => equalInstalments(10_000, 40, 3, '2026-01-01')).toThrow(LoanTermsError);
    expect(() => equalInstalments(5, 5, 12, '2026-01-01')).toThrow(LoanTermsError);
  });

  it('M1-a for any principal, rate and term the principal parts add up to the principal and every payment but the last is equal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 20_000_000 }),
        fc.integer({ min: 0, max: 3_600 }),
        fc.integer({ min: 1, max: 120 }),
        (principal, rateBp, term) => {
          const s = equalInstalments(principal, rateBp / 100, term, '2026-03-31');
          expect(s.reduce((t, i) => t + i.principalFen, 0)).toBe(principal);
          for (const i of s) expect(i.principalFen).toBeGreaterThan(0);
          const payments = new Set(s.slice(0, -1).map((i) => i.principalFen + i.interestFen));
          expect(payments.size).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('overdue days and delinquency (M3.1-b)', () => {
  const loan = loanOf(300_000, 12, 3, '2026-01-10'); // due 02-10, 03-10, 04-10

  it('M3.1-b an instalment due today is due, not overdue; from the next day it counts, by the oldest unpaid', () => {
    expect(overdueDays(loan, '2026-02-10')).toBe(0);
    expect(overdueDays(loan, '2026-02-11')).toBe(1);
    expect(overdueDays(loan, '2026-03-12')).toBe(30);
    expect(duePayments(loan, '2026-03-12').map((p) => p.n)).toEqual([1, 2]);
  });

  it('M3.1-b buckets: CURRENT 0, M1 1-30 days, M30 31-90, M90 more than 90 (the classification rule’s line)', () => {
    expect([0, 1, 30, 31, 90, 91, 400].map(bucketOf)).toEqual([
      'CURRENT',
      'M1',
      'M1',
      'M30',
      'M30',
      'M90',
      'M90',
    ]);
  });

  it('M3.1-b a late payment is remembered: paid five days late, the loan is current again but its worst is 5 days', () => {
    const paid = withPayments(loan, duePayments(loan, '2026-02-15'), '2026-02-15', 'm1');
    expect(overdueDays(paid, '2026-02-16')).toBe(0);
    expect(worstOverdueDays(paid, '2026-02-16')).toBe(5);
    expect(paid.version).toBe(2);
    expect(outstandingPrincipal(paid)).toBe(300_000 - (loan.instalments[0]?.principalFen ?? 0));
  });
});

describe('early repayment (M1-a)', () => {
  const loan = loanOf(1_200_000, 12, 12, '2026-01-15');

  it('M1-a paying off on day 10 of a 31-day first period: all the principal and 10/31 of the first month’s interest', () => {
    const p = payoffPayments(loan, '2026-01-25');
    expect(p.reduce((s, x) => s + x.principalFen, 0)).toBe(1_200_000);
    expect(p.reduce((s, x) => s + x.interestFen, 0)).toBe(Math.round((12_000 * 10) / 31)); // 3,871
    const after = withPayments(loan, p, '2026-01-25', 'm9');
    expect(after).toMatchObject({ status: 'REPAID', repaidOn: '2026-01-25', repaidEarly: true });
    expect(outstandingPrincipal(after)).toBe(0);
  });

  it('M1-a paying off with an instalment overdue pays it in full, then the rest of the principal and the current period pro rata', () => {
    // On 2026-03-01: instalment 1 (due 02-15) unpaid; period 2 runs 02-15 -> 03-15 (28 days), 14 elapsed.
    const p = payoffPayments(loan, '2026-03-01');
    const [first, second] = loan.instalments;
    expect(p[0]).toEqual({ n: 1, principalFen: first?.principalFen, interestFen: 12_000 });
    expect(p[1]?.interestFen).toBe(Math.round(((second?.interestFen ?? 0) * 14) / 28));
    expect(p.slice(2).every((x) => x.interestFen === 0)).toBe(true);
    expect(totalOf(p)).toBe(1_200_000 + 12_000 + Math.round((second?.interestFen ?? 0) / 2));
  });
});

describe('loans on the ledger (M2.3-a, M1-a)', () => {
  it('M2.3-a M1-a a disbursement and a repayment are balanced journals; reconciliation holds each receivable to its loan', () => {
    const out = journals.loanDisbursed(
      movementRef({ movementId: 'd1', amount: 300_000 }, 4),
      'L1',
      'c1',
    );
    expect(out).toEqual([
      { account: 'plat:loan:L1', side: 'DEBIT', amount: 300_000 },
      { account: 'cust:c1:cash', side: 'CREDIT', amount: 300_000 },
    ]);
    const repaid = journals.loanRepaid(
      movementRef({ movementId: 'r1', amount: 103_000 }, 4),
      'L1',
      'c1',
      {
        principalFen: 100_000,
        interestFen: 3_000,
      },
    );
    expect(repaid).toHaveLength(3);
    expect(repaid[1]).toEqual({ account: 'plat:loan:L1', side: 'CREDIT', amount: 100_000 });
    expect(repaid[2]?.account).toMatch(/^plat:interest:\d\d$/);
    const accounts = [
      { account: 'plat:loan:L1', balance: -200_000, available: -200_000, held: 0 },
      { account: 'cust:c1:cash', balance: 197_000, available: 197_000, held: 0 },
      { account: repaid[2]?.account ?? '', balance: 3_000, available: 3_000, held: 0 },
    ];
    const jr = [
      { journalId: 'd1:disburse', movementId: 'd1', postings: out },
      { journalId: 'r1:repay', movementId: 'r1', postings: repaid },
    ];
    const base = {
      journals: jr,
      accounts,
      entries: [],
      movements: [],
      provider: [],
      settledBefore: '9999',
    };
    expect(
      reconcile({ ...base, loans: [{ loanId: 'L1', outstandingPrincipalFen: 200_000 }] }).clean,
    ).toBe(true);
    const off = reconcile({ ...base, loans: [{ loanId: 'L1', outstandingPrincipalFen: 300_000 }] });
    expect(off.breaks).toEqual([
      expect.objectContaining({ kind: 'AMOUNT_MISMATCH', ref: 'plat:loan:L1' }),
    ]);
    expect(reconcile({ ...base, loans: [] }).breaks).toEqual([
      expect.objectContaining({ kind: 'MISSING', ref: 'plat:loan:L1' }),
    ]);
  });
});

describe('behaviour signals from loans (M3.1-b)', () => {
  const loan = loanOf(300_000, 12, 3, '2026-01-10');
  const onTime = withPayments(loan, duePayments(loan, '2026-02-10'), '2026-02-10', 'm1');
  const late = withPayments(loan, duePayments(loan, '2026-02-20'), '2026-02-20', 'm1');

  it('M3.1-b no loans: unknown (null), never "all repaid"', () => {
    expect(loanSignals([], '2026-03-01')).toEqual({
      repaymentRecord: null,
      openLoans: 0,
      maxOverdueDays: null,
    });
  });

  it('M3.1-b on time so far, late in the past, 90 days overdue now, all repaid here', () => {
    expect(loanSignals([onTime], '2026-02-11')).toEqual({
      repaymentRecord: 'CURRENT_ON_TIME',
      openLoans: 1,
      maxOverdueDays: 0,
    });
    expect(loanSignals([late], '2026-02-21')).toEqual({
      repaymentRecord: 'PAST_DELAYS',
      openLoans: 1,
      maxOverdueDays: 10,
    });
    expect(loanSignals([loan], '2026-05-11').repaymentRecord).toBe('PAST_DELAYS'); // 90 days
    expect(loanSignals([loan], '2026-05-12').repaymentRecord).toBe('CRITICAL'); // 91
    const repaid = withPayments(onTime, payoffPayments(onTime, '2026-02-11'), '2026-02-11', 'm2');
    expect(loanSignals([repaid], '2026-03-01')).toEqual({
      repaymentRecord: 'ALL_REPAID_HERE',
      openLoans: 0,
      maxOverdueDays: 0,
    });
  });

  it('M3.1-b the application carries them: behaviourOf reads the loans as of the CST day', () => {
    const b = behaviourOf(
      { customerSince: '2025-01-01T00:00:00Z', availableFen: 0, loans: [late] },
      new Date('2026-02-20T18:00:00Z'), // 2026-02-21 in China
      DEFAULT_LENDING_POLICY,
    );
    expect(b).toMatchObject({ repaymentRecord: 'PAST_DELAYS', openLoans: 1, maxOverdueDays: 10 });
  });
});
