// What a credit scorecard answers, whichever kind it is (issue 13, M3.1-a, M8.2-a): a
// score, the probability of default that score stands for, a decision by configured
// cut-offs, every factor's contribution (so the score can be explained and stored with
// its inputs) and the strongest reasons in plain words.
import * as z from 'zod';
import {
  FACTOR_LABELS,
  VALUE_LABELS,
  type CreditApplication,
  type Factor,
  type FactorValue,
} from './application';

export const DECISIONS = ['APPROVE', 'REFER', 'DECLINE'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * How a score maps to a probability of default (PD): the good:bad odds are `anchorOdds`
 * at `anchorScore` and double every `pointsToDoubleOdds` points. So
 *   odds(score) = anchorOdds * 2^((score - anchorScore) / pointsToDoubleOdds)
 *   PD(score)   = 1 / (1 + odds(score))
 * the usual scaling of a logistic scorecard, where the log-odds are linear in the score.
 */
export const ScoreScaleSchema = z
  .object({
    anchorScore: z.number(),
    anchorOdds: z.number().positive(),
    pointsToDoubleOdds: z.number().positive(),
  })
  .strict();
export type ScoreScale = z.infer<typeof ScoreScaleSchema>;

export function pdOfScore(scale: ScoreScale, score: number): number {
  const odds = scale.anchorOdds * 2 ** ((score - scale.anchorScore) / scale.pointsToDoubleOdds);
  return 1 / (1 + odds);
}

export function scoreOfPd(scale: ScoreScale, pd: number): number {
  if (!(pd > 0 && pd < 1))
    throw new RangeError('a probability of default lies strictly between 0 and 1');
  const odds = (1 - pd) / pd;
  return scale.anchorScore + scale.pointsToDoubleOdds * Math.log2(odds / scale.anchorOdds);
}

/**
 * Decision cut-offs on the score: APPROVE at or above `approveFrom`, DECLINE below
 * `declineBelow`, REFER (to a credit officer) between.
 */
export const CutoffsSchema = z
  .object({ approveFrom: z.number(), declineBelow: z.number() })
  .strict()
  .refine((c) => c.declineBelow <= c.approveFrom, {
    message: 'declineBelow must not be above approveFrom (the REFER band would be negative)',
  });
export type Cutoffs = z.infer<typeof CutoffsSchema>;

export function decide(cutoffs: Cutoffs, score: number): Decision {
  if (score >= cutoffs.approveFrom) return 'APPROVE';
  if (score < cutoffs.declineBelow) return 'DECLINE';
  return 'REFER';
}

/** One factor's part in a score. */
export interface Contribution {
  readonly factor: Factor;
  /** What the application said (null: not known). */
  readonly value: FactorValue;
  /** The band or attribute the value fell in, as the scorecard names it. */
  readonly attribute: string;
  /** The factor's weight in the score: a percentage (expert) or a coefficient (statistical). */
  readonly weight: number;
  /** Points this factor added, and the most it could have added. */
  readonly points: number;
  readonly maxPoints: number;
}

export interface Reason {
  /** A stable code per factor, e.g. CR_BALANCE. */
  readonly code: string;
  readonly factor: Factor;
  /** Plain words, for the applicant and the credit officer. */
  readonly text: string;
  /** How many points this factor cost against its best attribute. */
  readonly pointsBelowBest: number;
}

export interface CreditAssessment {
  readonly scorecard: { readonly kind: 'expert' | 'statistical'; readonly version: string };
  readonly score: number;
  readonly probabilityOfDefault: number;
  readonly decision: Decision;
  readonly contributions: readonly Contribution[];
  readonly reasons: readonly Reason[];
}

export function reasonCode(factor: Factor): string {
  return `CR_${factor.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** "the account balance" + "below zero" -> "The account balance: below zero." */
export function reasonText(factor: Factor, value: FactorValue, attribute: string): string {
  const label = FACTOR_LABELS[factor];
  const said =
    value === null
      ? 'not known yet'
      : typeof value === 'string'
        ? (VALUE_LABELS[value] ?? value.toLowerCase())
        : attribute;
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${said}.`;
}

/**
 * The strongest reasons: the factors that cost the most points against their best
 * attribute, largest first (ties in factor order), at most `max`, none that cost nothing.
 */
export function strongestReasons(contributions: readonly Contribution[], max: number): Reason[] {
  return contributions
    .map((c) => ({ c, lost: c.maxPoints - c.points }))
    .filter((x) => x.lost > 1e-9)
    .sort((a, b) => b.lost - a.lost)
    .slice(0, max)
    .map(({ c, lost }) => ({
      code: reasonCode(c.factor),
      factor: c.factor,
      text: reasonText(c.factor, c.value, c.attribute),
      pointsBelowBest: Math.round(lost * 100) / 100,
    }));
}

/** A scorecard: one application in, one explained assessment out. */
export interface Scorecard {
  readonly kind: 'expert' | 'statistical';
  readonly version: string;
  readonly scale: ScoreScale;
  readonly cutoffs: Cutoffs;
  assess(application: CreditApplication): CreditAssessment;
}
