// Products and holdings as a portfolio of market series (M3.2-a): a product maps to one or
// more series with weights (a fund tracking an index is one leg; a balanced fund several),
// so a customer's holdings, or the whole platform's, are exposures to the series: for each
// series, the sum over holdings of value x leg weight. Pure; values are integer fen.
import * as z from 'zod';

export const ASSET_CLASSES = [
  'EQUITY',
  'BOND',
  'MONEY_MARKET',
  'FX',
  'COMMODITY',
  'REAL_ESTATE',
  'OTHER',
] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

export const SeriesInfoSchema = z
  .object({
    id: z.string().min(1).max(64),
    description: z.string().max(200).optional(),
    assetClass: z.enum(ASSET_CLASSES),
  })
  .strict();
export type SeriesInfo = z.infer<typeof SeriesInfoSchema>;

/** Leg weights add up to 1 within this (configuration is typed by people, in decimals). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

export const ProductMappingSchema = z
  .object({
    productId: z.string().min(1).max(64),
    legs: z
      .array(z.object({ seriesId: z.string().min(1), weight: z.number().finite() }).strict())
      .min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const sum = p.legs.reduce((a, l) => a + l.weight, 0);
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE)
      ctx.addIssue({
        code: 'custom',
        path: ['legs'],
        message: `leg weights add up to ${sum}, not 1`,
      });
    const ids = p.legs.map((l) => l.seriesId);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['legs'], message: 'a series appears in two legs' });
  });
export type ProductMapping = z.infer<typeof ProductMappingSchema>;

export interface Holding {
  readonly productId: string;
  /** Market value in fen (negative for a short position). */
  readonly value: number;
}

export interface Position {
  readonly productId: string;
  readonly value: number;
  /** This position's exposure to each of the portfolio's series, in fen. */
  readonly exposures: Float64Array;
}

export interface Portfolio {
  readonly id: string;
  /** The series the portfolio is exposed to, in the order of every vector below. */
  readonly seriesIds: readonly string[];
  /** Total exposure to each series (the sum of the positions'). */
  readonly exposures: Float64Array;
  readonly positions: readonly Position[];
  /** Total market value, fen. */
  readonly value: number;
}

export class PortfolioError extends Error {
  override readonly name = 'PortfolioError';
  constructor(readonly issues: readonly string[]) {
    super(`portfolio cannot be built: ${issues.join('; ')}`);
  }
}

/**
 * A portfolio from holdings: each holding's value spread over its product's legs. The
 * series are `seriesIds` when given (a fixed universe, so portfolios compare column by
 * column), otherwise those the holdings reach, in order of first appearance. Holdings of
 * one product are added together.
 */
export function buildPortfolio(
  id: string,
  holdings: readonly Holding[],
  mappings: readonly ProductMapping[],
  seriesIds?: readonly string[],
): Portfolio {
  const issues: string[] = [];
  const byProduct = new Map(mappings.map((m) => [m.productId, m]));
  const values = new Map<string, number>();
  for (const h of holdings) {
    if (!Number.isSafeInteger(h.value))
      issues.push(`${h.productId}: value ${h.value} is not whole fen`);
    if (!byProduct.has(h.productId)) issues.push(`${h.productId}: no series mapping`);
    values.set(h.productId, (values.get(h.productId) ?? 0) + h.value);
  }
  const universe = seriesIds ? [...seriesIds] : [];
  if (!seriesIds)
    for (const p of values.keys())
      for (const l of byProduct.get(p)?.legs ?? [])
        if (!universe.includes(l.seriesId)) universe.push(l.seriesId);
  const column = new Map(universe.map((s, i) => [s, i]));
  for (const p of values.keys())
    for (const l of byProduct.get(p)?.legs ?? [])
      if (!column.has(l.seriesId))
        issues.push(`${p}: series ${l.seriesId} is not in the portfolio's universe`);
  if (issues.length) throw new PortfolioError(issues);
  const n = universe.length;
  const exposures = new Float64Array(n);
  const positions = [...values].map(([productId, value]): Position => {
    const e = new Float64Array(n);
    for (const l of (byProduct.get(productId) as ProductMapping).legs) {
      const c = column.get(l.seriesId) as number;
      e[c] = (e[c] as number) + value * l.weight;
      exposures[c] = (exposures[c] as number) + value * l.weight;
    }
    return { productId, value, exposures: e };
  });
  return {
    id,
    seriesIds: universe,
    exposures,
    positions,
    value: positions.reduce((a, p) => a + p.value, 0),
  };
}

/** A product's share of each asset class, from its legs (the weights add up to 1). */
export function assetClassShares(
  mapping: ProductMapping,
  series: readonly SeriesInfo[],
): Partial<Record<AssetClass, number>> {
  const classOf = new Map(series.map((s) => [s.id, s.assetClass]));
  const out: Partial<Record<AssetClass, number>> = {};
  for (const l of mapping.legs) {
    const c = classOf.get(l.seriesId);
    if (!c)
      throw new PortfolioError([`${mapping.productId}: series ${l.seriesId} is not configured`]);
    out[c] = (out[c] ?? 0) + l.weight;
  }
  return out;
}
