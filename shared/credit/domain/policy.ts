// What the platform does with a scorecard's answer (issue 13, M3.1-a): the applicant's
// behaviour signals from the platform's own records, the limit and price of an approval,
// and a credit officer's decision on a referral. Pure.
import type { BalanceBand, CreditApplication } from './application';
import type { CreditAssessment } from './assessment';

/**
 * The lending policy: the most lent to one application, and the price. The annual rate is
 * the base rate plus the expected loss a year (PD x loss given default) plus a margin,
 * rounded to a hundredth of a percent: a riskier approval costs more, and the price says
 * why (docs/credit-risk.md, "Limits and price").
 */
export interface LendingPolicy {
  readonly maxAmountFen: number;
  readonly baseRatePct: number;
  readonly lossGivenDefault: number;
  readonly marginPct: number;
  /** Balances at or above this (fen) count as established. */
  readonly establishedBalanceFen: number;
}

export const DEFAULT_LENDING_POLICY: LendingPolicy = {
  maxAmountFen: 20_000_000, // ¥200,000: a consumer loan
  baseRatePct: 3.1, // about the one-year Loan Prime Rate
  lossGivenDefault: 0.45, // Basel's foundation figure for unsecured claims
  marginPct: 2,
  establishedBalanceFen: 500_000, // ¥5,000
};

/** The platform's own signals about an applicant (never taken from the applicant). */
export interface PlatformRecord {
  /** When the customer became active (ISO), if they are a customer. */
  readonly customerSince?: string;
  /** The cash account's available balance (fen), if there is an account. */
  readonly availableFen?: number;
}

export function behaviourOf(
  record: PlatformRecord,
  now: Date,
  policy: LendingPolicy,
): CreditApplication['behaviour'] {
  const since = record.customerSince ? new Date(record.customerSince) : undefined;
  // Whole calendar months, as a person counts them (29 Nov to 29 Nov next year is 12).
  const months =
    since && Number.isFinite(since.getTime())
      ? Math.max(
          0,
          (now.getUTCFullYear() - since.getUTCFullYear()) * 12 +
            (now.getUTCMonth() - since.getUTCMonth()) -
            (now.getUTCDate() < since.getUTCDate() ? 1 : 0),
        )
      : null;
  const balanceBand: BalanceBand =
    record.availableFen === undefined
      ? 'NO_ACCOUNT'
      : record.availableFen < 0
        ? 'NEGATIVE'
        : record.availableFen < policy.establishedBalanceFen
          ? 'LOW'
          : 'ESTABLISHED';
  // No loans exist on the platform yet: the record is unknown, not "all repaid".
  return {
    accountAgeMonths: months,
    balanceBand,
    repaymentRecord: null,
    openLoans: 0,
    maxOverdueDays: null,
  };
}

export interface Offer {
  readonly limitFen: number;
  readonly annualRatePct: number;
}

/** The limit and price of an approved application. */
export function offerFor(
  amountFen: number,
  assessment: Pick<CreditAssessment, 'probabilityOfDefault'>,
  policy: LendingPolicy,
): Offer {
  const expectedLossPct = assessment.probabilityOfDefault * policy.lossGivenDefault * 100;
  return {
    limitFen: Math.min(amountFen, policy.maxAmountFen),
    annualRatePct:
      Math.round((policy.baseRatePct + expectedLossPct + policy.marginPct) * 100) / 100,
  };
}
