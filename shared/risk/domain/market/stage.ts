// The market-risk part of a stage's settings (shared/settings.ts, validated at load): which
// named configuration the figures use, the series the platform prices, and how its products
// map onto them (ADR 0024). Every product of a type maps as its type does, unless the risk
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
import { ProductMappingSchema, SeriesInfoSchema, type ProductMapping } from './portfolio';

/** The configurations a stage may name, by version; a version is never changed once used. */
export const MARKET_RISK_CONFIGS: Readonly<Record<string, MarketRiskConfig>> = {
  '2026-11-29': DEFAULT_MARKET_RISK,
};

const TypeMappingSchema = ProductMappingSchema.meta({
  description: '`productId` names the product type (EQUITY_FUND, ...)',
});

export const MarketRiskSettingsSchema = z
  .object({
    /** A key of MARKET_RISK_CONFIGS. */
    configVersion: z.string().min(1).max(40),
    series: z.array(SeriesInfoSchema).min(1).max(200),
    /** The legs of every product of a type; `productId` is the type. */
    productTypes: z.array(TypeMappingSchema).min(1),
    /** Products pinned to legs of their own (by product id), over their type's. */
    products: z.array(ProductMappingSchema).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!MARKET_RISK_CONFIGS[s.configVersion]) {
      ctx.addIssue({
        code: 'custom',
        path: ['configVersion'],
        message: `no market-risk configuration ${s.configVersion} (known: ${Object.keys(MARKET_RISK_CONFIGS).join(', ')})`,
      });
      return;
    }
    try {
      marketUniverseOf(s);
    } catch (error) {
      if (!(error instanceof InvalidMarketRiskConfigError)) throw error;
      for (const i of error.issues)
        ctx.addIssue({ code: 'custom', path: [], message: `${i.path}: ${i.message}` });
    }
  });
export type MarketRiskSettings = z.infer<typeof MarketRiskSettingsSchema>;
export type MarketRiskSettingsInput = z.input<typeof MarketRiskSettingsSchema>;

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
export function marketUniverseOf(s: MarketRiskSettings): MarketUniverse {
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
  series: [
    { id: 'AAPL', assetClass: 'EQUITY' },
    { id: 'BOND-SYN', assetClass: 'BOND' },
    { id: 'CASH', assetClass: 'MONEY_MARKET' },
  ],
  productTypes: [
    { productId: 'DEPOSIT_LIKE', legs: [{ seriesId: 'CASH', weight: 1 }] },
    { productId: 'MONEY_MARKET', legs: [{ seriesId: 'CASH', weight: 1 }] },
    { productId: 'BOND_FUND', legs: [{ seriesId: 'BOND-SYN', weight: 1 }] },
    { productId: 'EQUITY_FUND', legs: [{ seriesId: 'AAPL', weight: 1 }] },
    {
      productId: 'STRUCTURED',
      legs: [
        { seriesId: 'AAPL', weight: 0.3 },
        { seriesId: 'BOND-SYN', weight: 0.7 },
      ],
    },
    { productId: 'P2P_LOAN', legs: [{ seriesId: 'CASH', weight: 1 }] },
  ],
  products: [],
};
