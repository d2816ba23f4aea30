// Market-risk indicators per product (M3.2-c): volatility (of the product's own returns,
// through its legs), liquidity (from traded volume), exposure (the asset classes it holds,
// with their risk points) and the market environment (recent against long-run volatility),
// each turned into points 0..100 by configured bands and combined with configured weights
// (which add up to 1) into a score and a level. Every indicator's value, points, weight and
// contribution are returned with the score, so it can be explained (design rule). Pure.
import { bandPoints, type MarketIndicatorConfig, type Indicator } from './config';
import type { ProductMapping, SeriesInfo } from './portfolio';
import type { PriceSeries } from './prices';
import { alignReturns } from './returns';

export type MarketRiskLevel = 'LOW' | 'MEDIUM' | 'HIGH';

export interface IndicatorScore {
  readonly indicator: Indicator;
  /** The measured value (its unit in `unit`), undefined where it could not be measured. */
  readonly value: number | undefined;
  readonly unit: string;
  readonly points: number;
  readonly weight: number;
  /** weight x points: the indicator's share of the score. */
  readonly contribution: number;
  readonly detail: string;
}

export interface ProductMarketRisk {
  readonly productId: string;
  /** The last price date every leg has. */
  readonly asOf: string;
  readonly score: number;
  readonly level: MarketRiskLevel;
  readonly indicators: readonly IndicatorScore[];
}

function sampleStd(xs: Float64Array): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** Weights by absolute size (a short leg counts as much as a long one of its size). */
function legShares(mapping: ProductMapping): number[] {
  const total = mapping.legs.reduce((a, l) => a + Math.abs(l.weight), 0);
  return mapping.legs.map((l) => (total > 0 ? Math.abs(l.weight) / total : 0));
}

export class MissingSeriesError extends Error {
  override readonly name = 'MissingSeriesError';
  constructor(
    readonly productId: string,
    readonly seriesId: string,
  ) {
    super(`${productId}: no price series ${seriesId}`);
  }
}

/** The product's indicators, score and level from its legs' series. */
export function productMarketRisk(
  mapping: ProductMapping,
  series: readonly SeriesInfo[],
  data: ReadonlyMap<string, PriceSeries>,
  config: MarketIndicatorConfig,
): ProductMarketRisk {
  const legs = mapping.legs.map((l) => {
    const s = data.get(l.seriesId);
    if (!s) throw new MissingSeriesError(mapping.productId, l.seriesId);
    return { ...l, series: s };
  });
  const aligned = alignReturns(legs.map((l) => l.series));
  const t = aligned.returns.dates.length;
  const n = legs.length;
  const productReturns = new Float64Array(t);
  for (let d = 0; d < t; d++) {
    let r = 0;
    for (let i = 0; i < n; i++)
      r += (legs[i]?.weight as number) * (aligned.returns.values[d * n + i] as number);
    productReturns[d] = r;
  }
  const last = (days: number) => productReturns.subarray(Math.max(0, t - days));
  const annual = Math.sqrt(config.tradingDaysPerYear);
  const w = config.weights;
  const shares = legShares(mapping);

  const vol = sampleStd(last(config.volatility.windowDays)) * annual;
  const volatility: IndicatorScore = scored(
    'volatility',
    vol,
    'annualised',
    Number.isNaN(vol) ? 100 : bandPoints(config.volatility.bands, vol),
    w.volatility,
    `standard deviation of the last ${Math.min(t, config.volatility.windowDays)} daily returns x sqrt(${config.tradingDaysPerYear})`,
  );

  let liquidityPoints = 0;
  let tradedValue = 0;
  let missing = 0;
  legs.forEach((l, i) => {
    const k = l.series.prices.length;
    const from = Math.max(0, k - config.liquidity.windowDays);
    let sum = 0;
    for (let d = from; d < k; d++)
      sum += (l.series.volumes[d] as number) * (l.series.prices[d] as number);
    const adtv = sum / (k - from);
    const share = shares[i] as number;
    if (Number.isNaN(adtv)) {
      missing++;
      liquidityPoints += share * config.liquidity.missingPoints;
    } else {
      tradedValue += share * adtv;
      liquidityPoints += share * bandPoints(config.liquidity.bands, adtv);
    }
  });
  const liquidity = scored(
    'liquidity',
    missing === legs.length ? undefined : tradedValue,
    'average daily traded value',
    liquidityPoints,
    w.liquidity,
    `volume x price over the last ${config.liquidity.windowDays} days, points by leg` +
      (missing
        ? `; ${missing} leg(s) without volume at ${config.liquidity.missingPoints} points`
        : ''),
  );

  const classOf = new Map(series.map((s) => [s.id, s.assetClass]));
  let exposurePoints = 0;
  const byClass = new Map<string, number>();
  legs.forEach((l, i) => {
    const c = classOf.get(l.seriesId) ?? 'OTHER';
    exposurePoints += (shares[i] as number) * config.exposure.classPoints[c];
    byClass.set(c, (byClass.get(c) ?? 0) + (shares[i] as number));
  });
  const exposure = scored(
    'exposure',
    exposurePoints,
    'asset-class points',
    exposurePoints,
    w.exposure,
    [...byClass].map(([c, s]) => `${c} ${(s * 100).toFixed(1)}%`).join(', '),
  );

  const e = config.environment;
  const ratio = sampleStd(last(e.shortWindowDays)) / sampleStd(last(e.longWindowDays));
  const environment = scored(
    'environment',
    Number.isFinite(ratio) ? ratio : undefined,
    'recent / long-run volatility',
    Number.isFinite(ratio) ? bandPoints(e.bands, ratio) : 100,
    w.environment,
    `last ${Math.min(t, e.shortWindowDays)} against last ${Math.min(t, e.longWindowDays)} days`,
  );

  const indicators = [volatility, liquidity, exposure, environment];
  const score = indicators.reduce((a, i) => a + i.contribution, 0);
  const level: MarketRiskLevel =
    score >= config.levels.high ? 'HIGH' : score >= config.levels.medium ? 'MEDIUM' : 'LOW';
  return {
    productId: mapping.productId,
    asOf: aligned.dates.at(-1) ?? '',
    score,
    level,
    indicators,
  };
}

function scored(
  indicator: Indicator,
  value: number | undefined,
  unit: string,
  points: number,
  weight: number,
  detail: string,
): IndicatorScore {
  return {
    indicator,
    value: value !== undefined && Number.isNaN(value) ? undefined : value,
    unit,
    points,
    weight,
    contribution: weight * points,
    detail,
  };
}
