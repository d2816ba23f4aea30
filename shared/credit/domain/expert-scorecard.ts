// The expert scorecard (M3.1-c, M3.1-d): a weighted sum of quantified indicators, every
// weight and attribute score configuration validated at load. Indicators are grouped as
// the manual groups them (income, debt ratio, credit record, user activity, other); a
// group's weight is split among its factors; each factor maps the application's value to
// an attribute score from 0 (worst) to 100 (best). The score is
//   sum over factors of groupWeight% * factorShare% * attributeScore / 100
// so it runs from 0 to 100, and a configured scale turns it into a probability of default.
import * as z from 'zod';
import {
  FACTOR_CATEGORIES,
  FACTORS,
  factorValue,
  rangeLabel,
  type CreditApplication,
  type Factor,
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
} from './assessment';

const Percent = z.number().min(0).max(100);
const AttributeScore = z.number().min(0).max(100);

const CategoryScores = z
  .object({ kind: z.literal('categories'), scores: z.record(z.string(), AttributeScore) })
  .strict();
const BandScores = z
  .object({
    kind: z.literal('bands'),
    /** Ascending: a value below `below` takes the band's score; the last band has below null. */
    bands: z
      .array(z.object({ below: z.number().nullable(), score: AttributeScore }).strict())
      .min(1),
  })
  .strict();

const ExpertFactorSchema = z
  .object({
    factor: z.enum(FACTORS),
    /** The weight group (a key of `weights`) this factor belongs to. */
    group: z.string().min(1),
    /** The factor's share of its group's weight, in percent. */
    share: Percent,
    attributes: z.discriminatedUnion('kind', [CategoryScores, BandScores]),
    /** The score when the value is not known (a platform signal not yet available). */
    unknownScore: AttributeScore,
  })
  .strict();
export type ExpertFactor = z.infer<typeof ExpertFactorSchema>;

/** Percentages are compared in hundredths of a percent, so 33.33 + ... + 16.67 is exact. */
function basisPoints(percent: number): number | undefined {
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : undefined;
}

function sumsTo100(
  entries: readonly (readonly [string, number])[],
): { ok: true } | { ok: false; message: string } {
  const bps = entries.map(([, w]) => basisPoints(w));
  if (bps.some((b) => b === undefined))
    return { ok: false, message: 'weights are percentages with at most two decimals' };
  const total = bps.reduce<number>((s, b) => s + (b ?? 0), 0);
  if (total === 10_000) return { ok: true };
  const list = entries.map(([k, w]) => `${k} ${w}%`).join(', ');
  return { ok: false, message: `weights must sum to 100%, these sum to ${total / 100}% (${list})` };
}

export const ExpertScorecardConfigSchema = z
  .object({
    version: z.string().min(1),
    /** Each indicator group's weight, in percent: they must sum to exactly 100 (M3.1-d). */
    weights: z.record(z.string().min(1), Percent),
    factors: z.array(ExpertFactorSchema).min(1),
    scale: ScoreScaleSchema,
    cutoffs: CutoffsSchema,
    maxReasons: z.number().int().min(1).max(10),
  })
  .strict()
  .superRefine((config, ctx) => {
    const weights = sumsTo100(Object.entries(config.weights));
    if (!weights.ok) ctx.addIssue({ code: 'custom', path: ['weights'], message: weights.message });
    const seen = new Set<Factor>();
    config.factors.forEach((f, i) => {
      const at = ['factors', i];
      if (seen.has(f.factor))
        ctx.addIssue({ code: 'custom', path: [...at, 'factor'], message: `${f.factor} twice` });
      seen.add(f.factor);
      if (!(f.group in config.weights))
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'group'],
          message: `group ${f.group} has no weight`,
        });
      const categories = FACTOR_CATEGORIES[f.factor];
      if (categories) {
        if (f.attributes.kind !== 'categories') {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'attributes'],
            message: `${f.factor} is a category: score each value`,
          });
          return;
        }
        const scored = Object.keys(f.attributes.scores);
        for (const c of categories)
          if (!scored.includes(c))
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'attributes', 'scores'],
              message: `${f.factor} value ${c} has no score`,
            });
        for (const c of scored)
          if (!categories.includes(c))
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'attributes', 'scores', c],
              message: `${f.factor} has no value ${c}`,
            });
        return;
      }
      if (f.attributes.kind !== 'bands') {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'attributes'],
          message: `${f.factor} is a number: score it by bands`,
        });
        return;
      }
      const bands = f.attributes.bands;
      bands.forEach((b, j) => {
        const last = j === bands.length - 1;
        if (last !== (b.below === null))
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'attributes', 'bands', j, 'below'],
            message: 'only the last band is open-ended (below null)',
          });
        const prev = bands[j - 1]?.below;
        if (b.below !== null && prev !== undefined && prev !== null && b.below <= prev)
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'attributes', 'bands', j, 'below'],
            message: 'bands must ascend',
          });
      });
    });
    for (const group of Object.keys(config.weights)) {
      const members = config.factors.filter((f) => f.group === group);
      if (members.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['weights', group],
          message: `group ${group} has no factors`,
        });
        continue;
      }
      const shares = sumsTo100(members.map((f) => [f.factor, f.share] as const));
      if (!shares.ok)
        ctx.addIssue({
          code: 'custom',
          path: ['factors'],
          message: `group ${group}: factor shares: ${shares.message}`,
        });
    }
  });
export type ExpertScorecardConfig = z.infer<typeof ExpertScorecardConfigSchema>;

export class ScorecardConfigError extends Error {
  override readonly name = 'ScorecardConfigError';
  constructor(
    readonly scorecard: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      `${scorecard} scorecard configuration refused: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
}

/** Validates an expert scorecard configuration; throws with every issue. */
export function loadExpertScorecardConfig(input: unknown): ExpertScorecardConfig {
  const result = ExpertScorecardConfigSchema.safeParse(input);
  if (!result.success)
    throw new ScorecardConfigError(
      'expert',
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  return result.data;
}

/** The attribute a value falls in, and its score. */
function attributeOf(
  f: ExpertFactor,
  value: string | number | null,
): { attribute: string; score: number } {
  if (value === null) return { attribute: 'not known', score: f.unknownScore };
  const a = f.attributes;
  if (a.kind === 'categories') {
    const score = typeof value === 'string' ? a.scores[value] : undefined;
    // Unreachable for a validated configuration and a parsed application.
    if (score === undefined) throw new RangeError(`${f.factor}: no score for ${value}`);
    return { attribute: String(value), score };
  }
  if (typeof value !== 'number') throw new RangeError(`${f.factor} takes a number`);
  let from: number | null = null;
  for (const band of a.bands) {
    if (band.below === null || value < band.below)
      return { attribute: rangeLabel(f.factor, from, band.below), score: band.score };
    from = band.below;
  }
  throw new RangeError(`${f.factor}: the bands end below ${value}`);
}

/** A factor's effective weight in the 0..100 score: its group's weight times its share. */
export function effectiveWeight(config: ExpertScorecardConfig, f: ExpertFactor): number {
  return ((config.weights[f.group] ?? 0) * f.share) / 100;
}

export function expertScorecard(input: unknown): Scorecard {
  const config = loadExpertScorecardConfig(input);
  return {
    kind: 'expert',
    version: config.version,
    scale: config.scale,
    cutoffs: config.cutoffs,
    assess(application: CreditApplication): CreditAssessment {
      const contributions: Contribution[] = config.factors.map((f) => {
        const value = factorValue(application, f.factor);
        const { attribute, score } = attributeOf(f, value);
        const weight = effectiveWeight(config, f);
        const best =
          f.attributes.kind === 'categories'
            ? Math.max(...Object.values(f.attributes.scores))
            : Math.max(...f.attributes.bands.map((b) => b.score));
        return {
          factor: f.factor,
          value,
          attribute,
          weight,
          points: (weight * score) / 100,
          maxPoints: (weight * Math.max(best, f.unknownScore)) / 100,
        };
      });
      // Rounded to hundredths so the stored score reads as it is compared.
      const score = Math.round(contributions.reduce((s, c) => s + c.points, 0) * 100) / 100;
      return {
        scorecard: { kind: 'expert', version: config.version },
        score,
        probabilityOfDefault: pdOfScore(config.scale, score),
        decision: decide(config.cutoffs, score),
        contributions,
        reasons: strongestReasons(contributions, config.maxReasons),
      };
    },
  };
}
