// The market-risk part of a stage's settings (shared/settings.ts, validated at load): which
// named configuration the figures use, the series the platform prices, and how its products
// map onto them (ADR 0026). Every product of a type maps as its type does, unless the risk
// team pins that product to legs of its own; so a product created today is covered at once,
// and no product can be held without a mapping. The named configurations live here, in
// code, because the whole configuration is too large for the functions' environment
// (Lambda allows 4 KB for all of it); a stage names one, and each result names it too. Pure.
import * as z from 'zod';
import {
  DEFAULT_MARKET_RISK,
  loadMarketUniverse,
  InvalidMarketRiskConfigError,
  type MarketRiskConfig,
  type MarketUniverse,
} from './config';
import {
  ASSET_CLASSES,
  ProductMappingSchema,
  type ProductMapping,
  type SeriesInfo,
} from './portfolio';

/** The configurations a stage may name, by version; a version is never changed once used. */
export const MARKET_RISK_CONFIGS: Readonly<Record<string, MarketRiskConfig>> = {
  '2026-11-29': DEFAULT_MARKET_RISK,
};

/** Legs as `{ seriesId: weight }` (the compact form the settings are written in). */
const LegsSchema = z.record(z.string().min(1).max(64), z.number().finite());
type Legs = z.infer<typeof LegsSchema>;
const toMapping = ([productId, legs]: [string, Legs]): ProductMapping => ({
  productId,
  legs: Object.entries(legs).map(([seriesId, weight]) => ({ seriesId, weight })),
});

/**
 * Written compactly (`{ "AAPL": "EQUITY" }`, `{ "EQUITY_FUND": { "AAPL": 1 } }`): the
 * settings travel in the functions' environment, where every byte counts (4 KB in all).
 * Parsed into series and product mappings in the order written (the series' order is the
 * order of every vector, so it is part of what makes a result reproducible).
 */
export const MarketRiskSettingsSchema = z
  .object({
    /** A key of MARKET_RISK_CONFIGS. */
    configVersion: z.string().min(1).max(40),
    /** Each series and its asset class. */
    series: z.record(z.string().min(1).max(64), z.enum(ASSET_CLASSES)),
    /** The legs of every product of a type. */
    productTypes: z.record(z.string().min(1).max(64), LegsSchema),
    /** Products pinned to legs of their own (by product id), over their type's. */
    products: z.record(z.string().min(1).max(64), LegsSchema).default({}),
  })
  .strict()
  .transform((c) => ({
    configVersion: c.configVersion,
    series: Object.entries(c.series).map(([id, assetClass]): SeriesInfo => ({ id, assetClass })),
    productTypes: Object.entries(c.productTypes).map(toMapping),
    products: Object.entries(c.products).map(toMapping),
  }))
  .superRefine((s, ctx) => {
    if (!MARKET_RISK_CONFIGS[s.configVersion]) {
      ctx.addIssue({
        code: 'custom',
        path: ['configVersion'],
        message: `no market-risk configuration ${s.configVersion} (known: ${Object.keys(MARKET_RISK_CONFIGS).join(', ')})`,
      });
      return;
    }
    if (s.series.length === 0)
      ctx.addIssue({ code: 'custom', path: ['series'], message: 'no series' });
    const ids = new Set(s.series.map((x) => x.id));
    let clean = true;
    for (const [field, mappings] of [
      ['productTypes', s.productTypes],
      ['products', s.products],
    ] as const)
      for (const m of mappings) {
        const parsed = ProductMappingSchema.safeParse(m);
        for (const i of parsed.success ? [] : parsed.error.issues) {
          clean = false;
          ctx.addIssue({ code: 'custom', path: [field, m.productId], message: i.message });
        }
        for (const l of m.legs)
          if (!ids.has(l.seriesId)) {
            clean = false;
            ctx.addIssue({
              code: 'custom',
              path: [field, m.productId, l.seriesId],
              message: `no series ${l.seriesId}`,
            });
          }
      }
    if (!clean || s.series.length === 0) return;
    try {
      marketUniverseOf(s);
    } catch (error) {
      if (!(error instanceof InvalidMarketRiskConfigError)) throw error;
      for (const i of error.issues)
        ctx.addIssue({ code: 'custom', path: [], message: `${i.path}: ${i.message}` });
    }
  });
export type MarketRiskSettings = z.output<typeof MarketRiskSettingsSchema>;
export type MarketRiskSettingsInput = z.input<typeof MarketRiskSettingsSchema>;

const legsOf = (m: ProductMapping): Legs =>
  Object.fromEntries(m.legs.map((l) => [l.seriesId, l.weight]));

/** Settings back in the compact form they are written in (what a function's environment carries). */
export function compactMarketRiskSettings(s: MarketRiskSettings): MarketRiskSettingsInput {
  return {
    configVersion: s.configVersion,
    series: Object.fromEntries(s.series.map((x) => [x.id, x.assetClass])),
    productTypes: Object.fromEntries(s.productTypes.map((m) => [m.productId, legsOf(m)])),
    ...(s.products.length
      ? { products: Object.fromEntries(s.products.map((m) => [m.productId, legsOf(m)])) }
      : {}),
  };
}

/** The configuration a stage's settings name. */
export function marketRiskConfigOf(s: Pick<MarketRiskSettings, 'configVersion'>): MarketRiskConfig {
  const config = MARKET_RISK_CONFIGS[s.configVersion];
  if (!config)
    throw new InvalidMarketRiskConfigError([
      { path: 'configVersion', message: `no configuration ${s.configVersion}` },
    ]);
  return config;
}

/** The universe: the series, and every mapping (types and pinned products) checked against them. */
export function marketUniverseOf(
  s: Pick<MarketRiskSettings, 'configVersion' | 'series' | 'productTypes' | 'products'>,
): MarketUniverse {
  return loadMarketUniverse(
    { series: s.series, products: [...s.productTypes, ...s.products] },
    marketRiskConfigOf(s),
  );
}

/** A product's legs: its own where the risk team pinned them, otherwise its type's. */
export function mappingFor(
  s: MarketRiskSettings,
  productId: string,
  productType: string,
): (ProductMapping & { readonly source: 'product' | 'type' }) | undefined {
  const own = s.products.find((p) => p.productId === productId);
  if (own) return { ...own, source: 'product' };
  const byType = s.productTypes.find((p) => p.productId === productType);
  return byType ? { productId, legs: byType.legs, source: 'type' } : undefined;
}

/**
 * What every stage starts from: the three series of test/fixtures/prices (AAPL's real prices
 * standing in for equities; a synthetic bond series; cash) until the risk team loads the
 * platform's own. P2P loans carry credit risk, not market risk: they map to cash.
 */
export const DEFAULT_MARKET_RISK_SETTINGS: MarketRiskSettingsInput = {
  configVersion: '2026-11-29',
  series: { AAPL: 'EQUITY', 'BOND-SYN': 'BOND', CASH: 'MONEY_MARKET' },
  productTypes: {
    DEPOSIT_LIKE: { CASH: 1 },
    MONEY_MARKET: { CASH: 1 },
    BOND_FUND: { 'BOND-SYN': 1 },
    EQUITY_FUND: { AAPL: 1 },
    STRUCTURED: { AAPL: 0.3, 'BOND-SYN': 0.7 },
    P2P_LOAN: { CASH: 1 },
  },
};
