// What the platform does with a scorecard's answer (issue 13, M3.1-a): the applicant's
// behaviour signals from the platform's own records, the limit and price of an approval,
// and a credit officer's decision on a referral. Pure.
import * as z from 'zod';
import type { BalanceBand, CreditApplication } from './application';
import type { CreditAssessment } from './assessment';
import { loanSignals, outstandingPrincipal, type LoanOutcome } from './loan';
import { cstDate } from '../../kernel';

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
  /** The least lent (fen): each instalment must repay some principal. */
  readonly minAmountFen: number;
  /** Days an approval's offer may be taken up, from its decision. */
  readonly offerValidDays: number;
}

export const DEFAULT_LENDING_POLICY: LendingPolicy = {
  maxAmountFen: 20_000_000, // ¥200,000: a consumer loan
  baseRatePct: 3.1, // about the one-year Loan Prime Rate
  lossGivenDefault: 0.45, // Basel's foundation figure for unsecured claims
  marginPct: 2,
  establishedBalanceFen: 500_000, // ¥5,000
  minAmountFen: 10_000, // ¥100
  offerValidDays: 30,
};

/** The shipped credit settings: the fitted scorecard decides (docs/credit-backtest.md). */
export const DEFAULT_CREDIT_CONFIG: CreditConfig = {
  scorecard: 'statistical',
  lending: DEFAULT_LENDING_POLICY,
};

/** The lending policy as a stage's settings carry it, validated at load. */
export const LendingPolicySchema = z
  .object({
    maxAmountFen: z.number().int().positive(),
    baseRatePct: z.number().min(0).max(24),
    lossGivenDefault: z.number().min(0).max(1),
    marginPct: z.number().min(0).max(24),
    establishedBalanceFen: z.number().int().min(0),
    minAmountFen: z.number().int().positive(),
    offerValidDays: z.number().int().min(1).max(90),
  })
  .strict()
  .refine((p) => p.minAmountFen <= p.maxAmountFen, {
    message: 'minAmountFen must not exceed maxAmountFen',
    path: ['minAmountFen'],
  });

/**
 * A stage's credit settings: which scorecard decides (both ship as versioned artifacts in
 * the repository, validated when loaded: the statistical one fitted by `npm run
 * risk:backtest`, the expert one from its weights) and the lending policy.
 */
export const CreditConfigSchema = z
  .object({
    scorecard: z.enum(['statistical', 'expert']),
    lending: LendingPolicySchema,
  })
  .strict();
export type CreditConfig = z.infer<typeof CreditConfigSchema>;

/** The platform's own signals about an applicant (never taken from the applicant). */
export interface PlatformRecord {
  /** When the customer became active (ISO), if they are a customer. */
  readonly customerSince?: string;
  /** The cash account's available balance (fen), if there is an account. */
  readonly availableFen?: number;
  /** The applicant's loans with the platform, as their schedules stand. */
  readonly loans?: readonly LoanOutcome[];
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
  // Net of what is owed on loans here: borrowed money is not a healthy balance.
  const owed = (record.loans ?? [])
    .filter((l) => l.status === 'ACTIVE')
    .reduce((s, l) => s + outstandingPrincipal(l), 0);
  const net = record.availableFen === undefined ? undefined : record.availableFen - owed;
  const balanceBand: BalanceBand =
    net === undefined
      ? 'NO_ACCOUNT'
      : net < 0
        ? 'NEGATIVE'
        : net < policy.establishedBalanceFen
          ? 'LOW'
          : 'ESTABLISHED';
  // Without loans here the record is unknown (null), not "all repaid".
  return {
    accountAgeMonths: months,
    balanceBand,
    ...loanSignals(record.loans ?? [], cstDate(now)),
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
