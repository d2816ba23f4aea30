// Product risk rating (M2.2-b, M2.2-c): R1..R5 from a product's type, quantitative metrics
// (annualised return, volatility, Sharpe ratio, maximum drawdown, lock-up) and qualitative
// factors (leverage, complexity, principal protection, market environment). Every input's
// points are listed with the result, so a rating can be explained and reviewed. The
// model's weights, bands and boundaries are configuration (suitability-config.ts).
// Pure: worked examples in docs/suitability.md.

export const PRODUCT_TYPES = [
  'DEPOSIT_LIKE',
  'MONEY_MARKET',
  'BOND_FUND',
  'EQUITY_FUND',
  'STRUCTURED',
  'P2P_LOAN',
] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];
export type ProductLevel = 1 | 2 | 3 | 4 | 5;

export interface ProductMetrics {
  /** Expected annualised return, basis points (450 = 4.50%). */
  readonly annualisedReturnBp: number;
  /** Annualised volatility, basis points. */
  readonly volatilityBp: number;
  readonly sharpeRatio: number;
  /** Maximum drawdown, basis points (a positive number). */
  readonly maxDrawdownBp: number;
  /** Days the money is locked after subscription (0 = redeemable any day). */
  readonly lockUpDays: number;
}

export interface QualitativeFactors {
  readonly leverage: boolean;
  readonly complexity: 'LOW' | 'MEDIUM' | 'HIGH';
  readonly principalProtected: boolean;
  readonly marketEnvironment: 'STABLE' | 'VOLATILE';
}

/** Points from the band a value falls in: the last band whose `from` is at most the value. */
export interface Band {
  readonly from: number;
  readonly points: number;
}

export interface RatingModel {
  readonly typeBase: Readonly<Record<ProductType, number>>;
  /** The lowest level a type can be rated, whatever its metrics. */
  readonly typeFloor: Readonly<Record<ProductType, number>>;
  readonly volatility: readonly Band[];
  readonly maxDrawdown: readonly Band[];
  readonly annualisedReturn: readonly Band[];
  readonly sharpe: readonly Band[];
  readonly lockUp: readonly Band[];
  readonly qualitative: {
    readonly leverage: number;
    readonly complexity: Readonly<Record<QualitativeFactors['complexity'], number>>;
    readonly principalProtected: number;
    readonly volatileMarket: number;
  };
  /** Minimum points for R2, R3, R4 and R5 (ascending). */
  readonly boundaries: readonly [number, number, number, number];
}

export interface RatingFactor {
  readonly factor: string;
  readonly input: string | number | boolean;
  readonly points: number;
}

export interface Rating {
  readonly level: ProductLevel;
  /** The manual's words: R1-R2 low, R3 medium, R4-R5 high. */
  readonly band: 'low' | 'medium' | 'high';
  readonly points: number;
  readonly factors: readonly RatingFactor[];
  /** Set when the type's floor raised the level the points gave. */
  readonly floorApplied?: {
    readonly type: ProductType;
    readonly from: ProductLevel;
    readonly to: ProductLevel;
  };
}

export const bandOf = (level: number): 'low' | 'medium' | 'high' =>
  level <= 2 ? 'low' : level === 3 ? 'medium' : 'high';

export function bandPoints(bands: readonly Band[], value: number): number {
  let points = 0;
  for (const b of bands) if (value >= b.from) points = b.points;
  return points;
}

export function rate(
  type: ProductType,
  metrics: ProductMetrics,
  qualitative: QualitativeFactors,
  model: RatingModel,
): Rating {
  const q = model.qualitative;
  const factors: RatingFactor[] = [
    { factor: 'type', input: type, points: model.typeBase[type] },
    {
      factor: 'volatility',
      input: metrics.volatilityBp,
      points: bandPoints(model.volatility, metrics.volatilityBp),
    },
    {
      factor: 'maxDrawdown',
      input: metrics.maxDrawdownBp,
      points: bandPoints(model.maxDrawdown, metrics.maxDrawdownBp),
    },
    {
      factor: 'annualisedReturn',
      input: metrics.annualisedReturnBp,
      points: bandPoints(model.annualisedReturn, metrics.annualisedReturnBp),
    },
    {
      factor: 'sharpeRatio',
      input: metrics.sharpeRatio,
      points: bandPoints(model.sharpe, metrics.sharpeRatio),
    },
    {
      factor: 'lockUp',
      input: metrics.lockUpDays,
      points: bandPoints(model.lockUp, metrics.lockUpDays),
    },
    {
      factor: 'leverage',
      input: qualitative.leverage,
      points: qualitative.leverage ? q.leverage : 0,
    },
    {
      factor: 'complexity',
      input: qualitative.complexity,
      points: q.complexity[qualitative.complexity],
    },
    {
      factor: 'principalProtected',
      input: qualitative.principalProtected,
      points: qualitative.principalProtected ? q.principalProtected : 0,
    },
    {
      factor: 'marketEnvironment',
      input: qualitative.marketEnvironment,
      points: qualitative.marketEnvironment === 'VOLATILE' ? q.volatileMarket : 0,
    },
  ];
  const points = Math.max(
    0,
    factors.reduce((s, f) => s + f.points, 0),
  );
  let level = 1;
  for (const b of model.boundaries) if (points >= b) level += 1;
  const byPoints = level as ProductLevel;
  const floor = model.typeFloor[type] as ProductLevel;
  const final = Math.max(byPoints, floor) as ProductLevel;
  return {
    level: final,
    band: bandOf(final),
    points,
    factors,
    ...(final > byPoints ? { floorApplied: { type, from: byPoints, to: final } } : {}),
  };
}
