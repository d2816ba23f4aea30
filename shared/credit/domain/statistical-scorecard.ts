// The statistical scorecard (M3.1-a, M8.2-a): weight-of-evidence bins and a logistic
// regression, fitted by `npm run risk:backtest` (scripts/credit-backtest.ts) and shipped as
// a JSON artifact (statistical-scorecard.json) that is validated here at load. Each
// factor's value falls in one bin; the bin's points are
//   points = round(-coefficient * WoE * pointsToDoubleOdds / ln 2)
// and the score is the base points plus each factor's points, on the scale the artifact
// names, so that the score's good:bad odds follow ScoreScale (assessment.ts) and its PD is
// the fitted model's (to the rounding of the points). A value no bin holds (a category
// unseen in fitting, an unknown where fitting had none) gets 0 points: the population's
// average, WoE 0.
import * as z from 'zod';
import {
  FACTOR_CATEGORIES,
  FACTORS,
  factorValue,
  NUMERIC_FACTORS,
  rangeLabel,
  type CreditApplication,
  type Factor,
  type FactorValue,
} from './application';
import {
  CutoffsSchema,
  decide,
  pdOfScore,
  ScoreScaleSchema,
  strongestReasons,
  type Contribution,
  type CreditAssessment,
  type Scorecard,
  type ScoreScale,
} from './assessment';
import { ScorecardConfigError } from './expert-scorecard';

const StatBinSchema = z
  .object({
    /** The bin in words. */
    label: z.string(),
    /** Categories (a categorical factor). */
    values: z.array(z.string()).optional(),
    /** A numeric range from <= v < to; null is open-ended; absent on a bin of unknowns. */
    from: z.number().nullable().optional(),
    to: z.number().nullable().optional(),
    /** Whether an unknown value (null) falls here. */
    unknown: z.boolean(),
    /** Goods and bads of the fitting data in the bin. */
    good: z.number().int().min(0),
    bad: z.number().int().min(0),
    woe: z.number(),
    points: z.number().int(),
  })
  .strict();
export type StatBin = z.infer<typeof StatBinSchema>;

const StatFactorSchema = z
  .object({
    factor: z.enum(FACTORS),
    kind: z.enum(['numeric', 'categorical']),
    /** Information value on the fitting data. */
    iv: z.number().min(0),
    /** The logistic coefficient of the factor's WoE (negative: a higher WoE is safer). */
    coefficient: z.number().max(0),
    bins: z.array(StatBinSchema).min(2),
  })
  .strict();
export type StatFactor = z.infer<typeof StatFactorSchema>;

export const StatisticalScorecardSchema = z
  .object({
    kind: z.literal('statistical'),
    version: z.string().min(1),
    /** Where the fit came from: data, its citation, rows, the seed and the options. */
    fitted: z
      .object({
        by: z.string(),
        data: z.string(),
        citation: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        rows: z.number().int().positive(),
        bads: z.number().int().min(0),
        seed: z.number().int(),
        options: z.record(z.string(), z.unknown()),
      })
      .strict(),
    scale: ScoreScaleSchema,
    cutoffs: CutoffsSchema,
    intercept: z.number(),
    basePoints: z.number().int(),
    factors: z.array(StatFactorSchema).min(1),
    /** Candidate factors left out, with why. */
    excluded: z.array(
      z.object({ factor: z.enum(FACTORS), iv: z.number(), reason: z.string() }).strict(),
    ),
    maxReasons: z.number().int().min(1).max(10),
  })
  .strict()
  .superRefine((card, ctx) => {
    const perLogOdds = card.scale.pointsToDoubleOdds / Math.LN2;
    const expectedBase = Math.round(basePointsOf(card.scale, card.intercept));
    if (card.basePoints !== expectedBase)
      ctx.addIssue({
        code: 'custom',
        path: ['basePoints'],
        message: `base points ${card.basePoints} do not follow from the intercept and scale (${expectedBase})`,
      });
    const seen = new Set<Factor>();
    card.factors.forEach((f, i) => {
      const at = ['factors', i];
      if (seen.has(f.factor))
        ctx.addIssue({ code: 'custom', path: [...at, 'factor'], message: `${f.factor} twice` });
      seen.add(f.factor);
      if ((f.kind === 'numeric') !== NUMERIC_FACTORS.has(f.factor))
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'kind'],
          message: `${f.factor} is not ${f.kind}`,
        });
      if (f.bins.filter((b) => b.unknown).length > 1)
        ctx.addIssue({ code: 'custom', path: [...at, 'bins'], message: 'unknowns in two bins' });
      f.bins.forEach((b, j) => {
        const points = Math.round(-f.coefficient * b.woe * perLogOdds);
        if (b.points !== points)
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'bins', j, 'points'],
            message: `points ${b.points} do not follow from the coefficient and WoE (${points})`,
          });
      });
      if (f.kind === 'categorical') {
        const allowed = FACTOR_CATEGORIES[f.factor] ?? [];
        const values = f.bins.flatMap((b) => b.values ?? []);
        for (const v of values)
          if (!allowed.includes(v))
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'bins'],
              message: `${f.factor} has no value ${v}`,
            });
        if (new Set(values).size !== values.length)
          ctx.addIssue({ code: 'custom', path: [...at, 'bins'], message: 'a value in two bins' });
      } else {
        const ranges = f.bins.filter((b) => b.from !== undefined);
        const contiguous =
          ranges.length > 0 &&
          ranges[0]!.from === null &&
          ranges[ranges.length - 1]!.to === null &&
          ranges.every((b, j) => j === 0 || (b.from !== null && b.from === ranges[j - 1]!.to));
        if (!contiguous)
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'bins'],
            message: 'numeric bins must cover every number, in order, without gaps',
          });
      }
    });
  });
export type StatisticalScorecardArtifact = z.infer<typeof StatisticalScorecardSchema>;

/** Points for the intercept: the scale's offset less the intercept in points. */
export function basePointsOf(scale: ScoreScale, intercept: number): number {
  const perLogOdds = scale.pointsToDoubleOdds / Math.LN2;
  return scale.anchorScore - perLogOdds * Math.log(scale.anchorOdds) - perLogOdds * intercept;
}

/** The bin a value falls in (undefined: no bin holds it). */
export function binOf(f: StatFactor, value: FactorValue): StatBin | undefined {
  if (value === null) return f.bins.find((b) => b.unknown);
  if (f.kind === 'categorical') return f.bins.find((b) => b.values?.includes(String(value)));
  if (typeof value !== 'number') return undefined;
  return f.bins.find(
    (b) =>
      b.from !== undefined &&
      (b.from === null || value >= b.from) &&
      (b.to === null || b.to === undefined || value < b.to),
  );
}

/** A bin in words: its range or its categories. */
export function binLabel(factor: Factor, bin: Omit<StatBin, 'label' | 'woe' | 'points'>): string {
  const parts: string[] = [];
  if (bin.values && bin.values.length > 0) parts.push(bin.values.join(', '));
  if (bin.from !== undefined) parts.push(rangeLabel(factor, bin.from, bin.to ?? null));
  if (bin.unknown) parts.push('not known');
  return parts.join('; ');
}

/** Validates a fitted artifact; throws with every issue. */
export function loadStatisticalScorecard(input: unknown): StatisticalScorecardArtifact {
  const result = StatisticalScorecardSchema.safeParse(input);
  if (!result.success)
    throw new ScorecardConfigError(
      'statistical',
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  return result.data;
}

export function statisticalScorecard(input: unknown): Scorecard {
  const card = loadStatisticalScorecard(input);
  return {
    kind: 'statistical',
    version: card.version,
    scale: card.scale,
    cutoffs: card.cutoffs,
    assess(application: CreditApplication): CreditAssessment {
      const contributions: Contribution[] = card.factors.map((f) => {
        const value = factorValue(application, f.factor);
        const bin = binOf(f, value);
        return {
          factor: f.factor,
          value,
          attribute: bin?.label ?? (value === null ? 'not known' : 'not seen in fitting'),
          weight: f.coefficient,
          points: bin?.points ?? 0,
          maxPoints: Math.max(0, ...f.bins.map((b) => b.points)),
        };
      });
      const score = card.basePoints + contributions.reduce((s, c) => s + c.points, 0);
      return {
        scorecard: { kind: 'statistical', version: card.version },
        score,
        probabilityOfDefault: pdOfScore(card.scale, score),
        decision: decide(card.cutoffs, score),
        contributions,
        reasons: strongestReasons(contributions, card.maxReasons),
      };
    },
  };
}
