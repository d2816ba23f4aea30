// The platform's side of a credit decision (issue 13): its own behaviour signals, and the
// limit and price of an approval, worked by hand.
import { describe, expect, it } from 'vitest';
import { behaviourOf, DEFAULT_LENDING_POLICY, offerFor } from '../../shared/credit';

const now = new Date('2026-11-29T00:00:00Z');
const policy = DEFAULT_LENDING_POLICY;

describe('credit policy', () => {
  it('M3.1-b takes account age and balance band from the platform, never from the applicant', () => {
    expect(
      behaviourOf({ customerSince: '2025-11-29T00:00:00Z', availableFen: 600_000 }, now, policy),
    ).toEqual({
      accountAgeMonths: 12,
      balanceBand: 'ESTABLISHED',
      repaymentRecord: null,
      openLoans: 0,
      maxOverdueDays: null,
    });
    expect(
      behaviourOf({ customerSince: '2026-11-28T00:00:00Z', availableFen: 0 }, now, policy),
    ).toMatchObject({ accountAgeMonths: 0, balanceBand: 'LOW' });
    expect(behaviourOf({}, now, policy)).toMatchObject({
      accountAgeMonths: null,
      balanceBand: 'NO_ACCOUNT',
    });
    expect(behaviourOf({ availableFen: -1 }, now, policy).balanceBand).toBe('NEGATIVE');
  });

  it('M3.1-a prices an approval by its probability of default: 3.1% + PD x 45% + 2%, the limit capped', () => {
    // PD 0.10: 3.1 + 4.5 + 2 = 9.6; PD 0.0123: 3.1 + 0.5535 + 2 = 5.6535 -> 5.65
    expect(offerFor(100_000, { probabilityOfDefault: 0.1 }, policy)).toEqual({
      limitFen: 100_000,
      annualRatePct: 9.6,
    });
    expect(offerFor(50_000_000, { probabilityOfDefault: 0.0123 }, policy)).toEqual({
      limitFen: 20_000_000,
      annualRatePct: 5.65,
    });
  });
});
