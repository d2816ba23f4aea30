// The suitability configuration: the questionnaire's scoring table and level boundaries,
// the product-rating model, and the matching rules. One schema validates it both at
// synthesis (infra/config.ts) and when a function loads its settings (shared/settings.ts):
// a table that misses an option, boundaries out of order or out of reach fail loudly.
import * as z from 'zod';
import { QUESTIONS, QUESTIONNAIRE_VERSION, scoreRange } from './questionnaire';
import { PRODUCT_TYPES } from './product-rating';

const points = z.number().int().min(-100).max(100);
const ascending4 = z
  .tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()])
  .refine(
    (b) => b.every((x, i) => i === 0 || x > (b[i - 1] ?? -Infinity)),
    'must be strictly ascending',
  );
const bands = z
  .array(z.object({ from: z.number(), points }).strict())
  .min(1)
  .refine(
    (b) => b.every((x, i) => i === 0 || x.from > (b[i - 1]?.from ?? -Infinity)),
    'bands must ascend by `from`',
  );
const level = z.number().int().min(1).max(5);
const perType = <T extends z.ZodType>(t: T) =>
  z
    .object(
      Object.fromEntries(PRODUCT_TYPES.map((p) => [p, t])) as Record<
        (typeof PRODUCT_TYPES)[number],
        T
      >,
    )
    .strict();

export const SuitabilityConfigSchema = z
  .object({
    questionnaire: z
      .object({
        version: z.literal(QUESTIONNAIRE_VERSION),
        scores: z.record(z.string(), z.record(z.string(), points)),
        boundaries: ascending4,
        validityDays: z.number().int().min(30).max(1095),
      })
      .strict(),
    rating: z
      .object({
        typeBase: perType(points),
        typeFloor: perType(level),
        volatility: bands,
        maxDrawdown: bands,
        annualisedReturn: bands,
        sharpe: bands,
        lockUp: bands,
        qualitative: z
          .object({
            leverage: points,
            complexity: z.object({ LOW: points, MEDIUM: points, HIGH: points }).strict(),
            principalProtected: points,
            volatileMarket: points,
          })
          .strict(),
        boundaries: ascending4,
      })
      .strict(),
    recommendations: z
      .object({
        riskFit: points,
        riskStep: points,
        horizonFit: points,
        horizonMiss: points,
        alreadyHeld: points,
        newType: points,
        affinityPerOrder: points,
        affinityMax: points,
        returnPerPercent: points,
        returnMax: points,
      })
      .strict(),
    rules: z
      .object({
        acknowledgeLevelsAbove: z.number().int().min(0).max(4),
        acknowledgeFromLevel: z.number().int().min(2).max(5),
      })
      .strict(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const q = c.questionnaire;
    for (const question of QUESTIONS) {
      for (const o of question.options) {
        if (q.scores[question.id]?.[o.id] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['questionnaire', 'scores', question.id, o.id],
            message: 'every option of every question needs points',
          });
      }
    }
    for (const id of Object.keys(q.scores)) {
      if (!QUESTIONS.some((x) => x.id === id))
        ctx.addIssue({
          code: 'custom',
          path: ['questionnaire', 'scores', id],
          message: 'not a question',
        });
    }
    if (ctx.issues?.length) return;
    const { min, max } = scoreRange(q.scores);
    if (q.boundaries[0] <= min || q.boundaries[3] > max)
      ctx.addIssue({
        code: 'custom',
        path: ['questionnaire', 'boundaries'],
        message: `every level must be reachable: boundaries within (${min}, ${max}]`,
      });
  });
export type SuitabilityConfig = z.infer<typeof SuitabilityConfigSchema>;

const abcd = (a: number, b: number, c: number, d: number) => ({ A: a, B: b, C: c, D: d });

/** The defaults every stage starts from (docs/suitability.md explains each figure). */
export const DEFAULT_SUITABILITY: SuitabilityConfig = {
  questionnaire: {
    version: QUESTIONNAIRE_VERSION,
    scores: {
      income: abcd(0, 2, 4, 6),
      investedShare: abcd(0, 2, 4, 6),
      debt: abcd(0, 2, 4, 5),
      experienceYears: abcd(0, 2, 4, 6),
      productsHeld: abcd(0, 2, 4, 6),
      selfAssessment: abcd(0, 2, 4, 6),
      objective: abcd(0, 3, 6, 9),
      horizon: abcd(0, 3, 6, 9),
      maxLoss: abcd(0, 3, 6, 9),
      drawdownReaction: abcd(0, 2, 4, 6),
    },
    // Totals 0..68: C1 0-15, C2 16-30, C3 31-45, C4 46-58, C5 59-68.
    boundaries: [16, 31, 46, 59],
    validityDays: 365,
  },
  rating: {
    typeBase: {
      DEPOSIT_LIKE: 0,
      MONEY_MARKET: 5,
      BOND_FUND: 20,
      EQUITY_FUND: 30,
      STRUCTURED: 50,
      P2P_LOAN: 55,
    },
    typeFloor: {
      DEPOSIT_LIKE: 1,
      MONEY_MARKET: 1,
      BOND_FUND: 2,
      EQUITY_FUND: 3,
      STRUCTURED: 3,
      P2P_LOAN: 4,
    },
    // Basis points: volatility below 1% adds nothing, above 25% adds 30.
    volatility: [
      { from: 0, points: 0 },
      { from: 100, points: 5 },
      { from: 500, points: 12 },
      { from: 1500, points: 22 },
      { from: 2500, points: 30 },
    ],
    maxDrawdown: [
      { from: 0, points: 0 },
      { from: 100, points: 4 },
      { from: 500, points: 8 },
      { from: 1500, points: 15 },
      { from: 3000, points: 22 },
    ],
    // A promised return well above deposits signals risk taken somewhere.
    annualisedReturn: [
      { from: -10000, points: 0 },
      { from: 600, points: 5 },
      { from: 1000, points: 10 },
    ],
    // Risk-adjusted return: a good Sharpe ratio lowers the rating a little, a negative one raises it.
    sharpe: [
      { from: -100, points: 5 },
      { from: 0, points: 0 },
      { from: 1, points: -3 },
      { from: 1.5, points: -5 },
    ],
    lockUp: [
      { from: 0, points: 0 },
      { from: 91, points: 5 },
      { from: 366, points: 10 },
    ],
    qualitative: {
      leverage: 15,
      complexity: { LOW: 0, MEDIUM: 5, HIGH: 10 },
      principalProtected: -10,
      volatileMarket: 5,
    },
    // Points: R1 0-14, R2 15-34, R3 35-59, R4 60-84, R5 85+.
    boundaries: [15, 35, 60, 85],
  },
  recommendations: {
    riskFit: 40,
    riskStep: 10,
    horizonFit: 20,
    horizonMiss: -30,
    alreadyHeld: -15,
    newType: 10,
    affinityPerOrder: 5,
    affinityMax: 15,
    returnPerPercent: 2,
    returnMax: 10,
  },
  rules: { acknowledgeLevelsAbove: 1, acknowledgeFromLevel: 2 },
};
