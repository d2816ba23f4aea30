// The market-risk configuration (M3.2-a..c), validated at load like every weight and
// threshold of the platform: confidence levels and horizons, the Monte Carlo size and seed,
// the backtest, stress scenarios, and the market indicators' weights (which must add up to
// 1), bands and level boundaries. The universe (the series and how products map onto them)
// is data, validated against the configuration by loadMarketUniverse. Defaults and the
// reasons for each figure: docs/market-risk.md.
import * as z from 'zod';
import {
  ASSET_CLASSES,
  ProductMappingSchema,
  SeriesInfoSchema,
  WEIGHT_SUM_TOLERANCE,
  type AssetClass,
  type SeriesInfo,
} from './portfolio';
import type { StressScenario } from './stress';

const Level = z.number().gt(0.5).lt(1);
const Points = z.number().min(0).max(100);
const Band = z.object({ from: z.number(), points: Points }).strict();
const Bands = z
  .array(Band)
  .min(1)
  .refine(
    (b) => (b[0]?.from ?? 1) <= 0,
    'the first band must start at 0 or below, so every value has points',
  )
  .refine(
    (b) => b.every((x, i) => i === 0 || x.from > (b[i - 1]?.from ?? -Infinity)),
    'bands must ascend by `from`',
  );
export type Bands = z.infer<typeof Bands>;

/** Points of the last band whose `from` is at most `value`. */
export function bandPoints(bands: Bands, value: number): number {
  let points = bands[0]?.points ?? 0;
  for (const b of bands) if (value >= b.from) points = b.points;
  return points;
}

const Weight = z.number().min(0).max(1);
export const INDICATORS = ['volatility', 'liquidity', 'exposure', 'environment'] as const;
export type Indicator = (typeof INDICATORS)[number];

const ClassShocks = z.partialRecord(z.enum(ASSET_CLASSES), z.number().min(-1).max(10));

export const StressScenarioConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    description: z.string().min(1).max(300),
    /** The shock of every series of an asset class (a simple return: -0.3 is a 30% fall). */
    classShocks: ClassShocks.default({}),
    /** Shocks of named series, over their class's. */
    seriesShocks: z.record(z.string(), z.number().min(-1).max(10)).default({}),
  })
  .strict();
export type StressScenarioConfig = z.infer<typeof StressScenarioConfigSchema>;

export const MarketIndicatorConfigSchema = z
  .object({
    /** The manual's example (M3.2-c): volatility 40%, liquidity 30%, exposure 20%, environment 10%. */
    weights: z
      .object({ volatility: Weight, liquidity: Weight, exposure: Weight, environment: Weight })
      .strict()
      .refine(
        (w) =>
          Math.abs(w.volatility + w.liquidity + w.exposure + w.environment - 1) <=
          WEIGHT_SUM_TOLERANCE,
        { message: 'indicator weights must add up to 1' },
      ),
    tradingDaysPerYear: z.number().int().min(200).max(366),
    /** Annualised volatility of the product's returns (0.2 = 20%) over the last `windowDays`. */
    volatility: z.object({ windowDays: z.number().int().min(20), bands: Bands }).strict(),
    /**
     * Average daily traded value (volume x price, in the series' quote currency units) over
     * the last `windowDays`, by leg; `missingPoints` where a series has no volume.
     */
    liquidity: z
      .object({ windowDays: z.number().int().min(5), bands: Bands, missingPoints: Points })
      .strict(),
    /** Points of each asset class, weighted by the product's legs (M3.2-c risk weights). */
    exposure: z.object({ classPoints: z.record(z.enum(ASSET_CLASSES), Points) }).strict(),
    /** Recent over long-run volatility of the product: above 1 the market is turbulent. */
    environment: z
      .object({
        shortWindowDays: z.number().int().min(5),
        longWindowDays: z.number().int().min(20),
        bands: Bands,
      })
      .strict()
      .refine((e) => e.shortWindowDays < e.longWindowDays, 'the short window must be shorter'),
    /** Scores from `medium` are MEDIUM, from `high` HIGH (M2.2-b's three levels). */
    levels: z
      .object({ medium: Points, high: Points })
      .strict()
      .refine((l) => l.medium < l.high, 'medium must be below high'),
  })
  .strict();
export type MarketIndicatorConfig = z.infer<typeof MarketIndicatorConfigSchema>;

export const MarketRiskConfigSchema = z
  .object({
    confidenceLevels: z.array(Level).min(1).max(5),
    horizonsDays: z.array(z.number().int().min(1).max(250)).min(1).max(5),
    /** How many days of returns the risk figures use (the most recent). */
    historyDays: z.number().int().min(20).max(10_000),
    data: z.object({ maxGapDays: z.number().int().min(1).max(30) }).strict(),
    monteCarlo: z
      .object({
        scenarios: z.number().int().min(1_000).max(10_000_000),
        seed: z.number().int().min(0).max(0xffffffff),
        varBand: z.number().min(0).max(0.05),
      })
      .strict(),
    backtest: z
      .object({
        windowDays: z.number().int().min(20).max(2_500),
        confidence: Level,
        method: z.enum(['historical', 'variance-covariance']),
      })
      .strict(),
    /** Windows of the worst stretch of the data (days). */
    worstWindowsDays: z.array(z.number().int().min(1).max(250)).max(5),
    stressScenarios: z.array(StressScenarioConfigSchema).max(50),
    indicators: MarketIndicatorConfigSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = c.stressScenarios.map((s) => s.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({
        code: 'custom',
        path: ['stressScenarios'],
        message: 'scenario ids must be unique',
      });
    if (new Set(c.confidenceLevels).size !== c.confidenceLevels.length)
      ctx.addIssue({
        code: 'custom',
        path: ['confidenceLevels'],
        message: 'levels must be unique',
      });
  });
export type MarketRiskConfig = z.infer<typeof MarketRiskConfigSchema>;
export type MarketRiskConfigInput = z.input<typeof MarketRiskConfigSchema>;

export class InvalidMarketRiskConfigError extends Error {
  override readonly name = 'InvalidMarketRiskConfigError';
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super(
      `invalid market-risk configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new InvalidMarketRiskConfigError(
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  return result.data;
}

/** Validates a configuration; throws with every issue. */
export function loadMarketRiskConfig(input: unknown): MarketRiskConfig {
  return parseOrThrow(MarketRiskConfigSchema, input);
}

export const MarketUniverseSchema = z
  .object({
    series: z.array(SeriesInfoSchema).min(1),
    products: z.array(ProductMappingSchema),
  })
  .strict()
  .superRefine((u, ctx) => {
    const ids = new Set<string>();
    u.series.forEach((s, i) => {
      if (ids.has(s.id))
        ctx.addIssue({
          code: 'custom',
          path: ['series', i, 'id'],
          message: `series ${s.id} twice`,
        });
      ids.add(s.id);
    });
    const products = new Set<string>();
    u.products.forEach((p, i) => {
      if (products.has(p.productId))
        ctx.addIssue({
          code: 'custom',
          path: ['products', i],
          message: `product ${p.productId} twice`,
        });
      products.add(p.productId);
      p.legs.forEach((l, j) => {
        if (!ids.has(l.seriesId))
          ctx.addIssue({
            code: 'custom',
            path: ['products', i, 'legs', j, 'seriesId'],
            message: `no series ${l.seriesId}`,
          });
      });
    });
  });
export type MarketUniverse = z.infer<typeof MarketUniverseSchema>;

/**
 * Validates a universe, and the configuration's stress scenarios against it: a shock of a
 * series that does not exist is a typo that would silently shock nothing.
 */
export function loadMarketUniverse(input: unknown, config: MarketRiskConfig): MarketUniverse {
  const universe = parseOrThrow(MarketUniverseSchema, input);
  const ids = new Set(universe.series.map((s) => s.id));
  const issues = config.stressScenarios.flatMap((s, i) =>
    Object.keys(s.seriesShocks)
      .filter((id) => !ids.has(id))
      .map((id) => ({
        path: `stressScenarios.${i}.seriesShocks.${id}`,
        message: 'no such series',
      })),
  );
  if (issues.length) throw new InvalidMarketRiskConfigError(issues);
  return universe;
}

/** A configured scenario as shocks per series of the universe. */
export function resolveScenario(
  s: StressScenarioConfig,
  series: readonly SeriesInfo[],
): StressScenario {
  const shocks: Record<string, number> = {};
  for (const x of series) {
    const v = s.seriesShocks[x.id] ?? s.classShocks[x.assetClass as AssetClass];
    if (v !== undefined) shocks[x.id] = v;
  }
  return { id: s.id, description: s.description, shocks };
}

/** What every stage starts from (docs/market-risk.md gives the reason for each figure). */
export const DEFAULT_MARKET_RISK: MarketRiskConfig = loadMarketRiskConfig({
  confidenceLevels: [0.95, 0.99],
  horizonsDays: [1, 10],
  historyDays: 500,
  data: { maxGapDays: 4 },
  monteCarlo: { scenarios: 100_000, seed: 20_261_201, varBand: 0.0005 },
  backtest: { windowDays: 250, confidence: 0.99, method: 'historical' },
  worstWindowsDays: [1, 10],
  stressScenarios: [
    {
      id: 'equity-crash',
      description:
        'Equities fall 30% (the size of the CSI 300 fall of June-July 2015), property 20%, commodities 15%; bonds gain 2%.',
      classShocks: { EQUITY: -0.3, REAL_ESTATE: -0.2, COMMODITY: -0.15, BOND: 0.02 },
    },
    {
      id: 'rates-up-200bp',
      description:
        'Yields rise 2 percentage points at once: bonds (duration about 3) lose 6%, equities 10%, property 8%.',
      classShocks: { BOND: -0.06, EQUITY: -0.1, REAL_ESTATE: -0.08 },
    },
    {
      id: 'cny-depreciation',
      description:
        'The yuan loses 10%: foreign-currency series gain 10% in yuan; equities fall 8%.',
      classShocks: { FX: 0.1, EQUITY: -0.08 },
    },
  ],
  indicators: {
    weights: { volatility: 0.4, liquidity: 0.3, exposure: 0.2, environment: 0.1 },
    tradingDaysPerYear: 250,
    volatility: {
      windowDays: 250,
      bands: [
        { from: 0, points: 0 },
        { from: 0.02, points: 15 },
        { from: 0.05, points: 35 },
        { from: 0.1, points: 55 },
        { from: 0.2, points: 75 },
        { from: 0.3, points: 100 },
      ],
    },
    liquidity: {
      windowDays: 20,
      bands: [
        { from: 0, points: 100 },
        { from: 10_000_000, points: 70 },
        { from: 100_000_000, points: 40 },
        { from: 1_000_000_000, points: 15 },
        { from: 10_000_000_000, points: 0 },
      ],
      missingPoints: 100,
    },
    exposure: {
      classPoints: {
        MONEY_MARKET: 5,
        BOND: 25,
        FX: 40,
        REAL_ESTATE: 60,
        EQUITY: 70,
        COMMODITY: 80,
        OTHER: 100,
      },
    },
    environment: {
      shortWindowDays: 20,
      longWindowDays: 250,
      bands: [
        { from: 0, points: 0 },
        { from: 1.2, points: 40 },
        { from: 1.5, points: 70 },
        { from: 2, points: 100 },
      ],
    },
    levels: { medium: 35, high: 60 },
  },
});
