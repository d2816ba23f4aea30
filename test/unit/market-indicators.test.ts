// Market-risk indicators and levels per product (M3.2-c), the configuration's validation at
// load (weights adding up to 1, bands, scenarios against the universe), and a portfolio's
// whole report (M3.2-a, M3.2-b): every method, level and horizon, in whole fen, with the
// positions' contributions adding up to each figure exactly.
import { describe, expect, it } from 'vitest';
import { MarketRisk } from '../../shared/risk';
import { syntheticSeries, weekdays } from '../support/market';

const {
  DEFAULT_MARKET_RISK,
  loadMarketRiskConfig,
  loadMarketUniverse,
  InvalidMarketRiskConfigError,
  productMarketRisk,
  priceSeries,
  allocate,
  assessPortfolio,
  buildPortfolio,
  alignReturns,
} = MarketRisk;

/** 21 prices whose 20 returns alternate +1%, -1% (starting up), each day `volume` traded. */
function alternating(id: string, volume?: number): MarketRisk.PriceSeries {
  const dates = weekdays('2026-03-02', 21);
  let p = 100;
  const rows = dates.map((date, t) => {
    if (t > 0) p *= t % 2 === 1 ? 1.01 : 0.99;
    return volume === undefined ? { date, price: p } : { date, price: p, volume };
  });
  const r = priceSeries(id, rows);
  if (!r.ok) throw new Error('fixture');
  return r.series;
}

function flat(id: string): MarketRisk.PriceSeries {
  const r = priceSeries(
    id,
    weekdays('2026-03-02', 21).map((date) => ({ date, price: 100 })),
  );
  if (!r.ok) throw new Error('fixture');
  return r.series;
}

const indicatorConfig: MarketRisk.MarketIndicatorConfig = {
  ...DEFAULT_MARKET_RISK.indicators,
  volatility: { ...DEFAULT_MARKET_RISK.indicators.volatility, windowDays: 20 },
  liquidity: { ...DEFAULT_MARKET_RISK.indicators.liquidity, windowDays: 5 },
  environment: {
    ...DEFAULT_MARKET_RISK.indicators.environment,
    shortWindowDays: 5,
    longWindowDays: 20,
  },
};
const series: MarketRisk.SeriesInfo[] = [
  { id: 'EQ', assetClass: 'EQUITY' },
  { id: 'BD', assetClass: 'BOND' },
];

describe('market indicators per product (M3.2-c)', () => {
  it('M3.2-c scores an equity fund 48 (MEDIUM): volatility 55, liquidity 40, exposure 70, environment 0', () => {
    const data = new Map([['EQ', alternating('EQ', 2_000_000)]]);
    // Act
    const r = productMarketRisk(
      { productId: 'eq-fund', legs: [{ seriesId: 'EQ', weight: 1 }] },
      series,
      data,
      indicatorConfig,
    );
    // Assess: sd of +-1% alternating over 20 days = 0.01 sqrt(20/19); x sqrt(250) = 16.2%.
    const [vol, liq, exp, env] = r.indicators;
    expect(vol?.value).toBeCloseTo(0.01 * Math.sqrt(20 / 19) * Math.sqrt(250), 10);
    expect(vol).toMatchObject({ points: 55, weight: 0.4 });
    expect(vol?.contribution).toBeCloseTo(22, 12);
    expect(liq).toMatchObject({ points: 40, weight: 0.3 });
    expect(liq?.value).toBeGreaterThan(1.9e8);
    expect(exp).toMatchObject({ value: 70, points: 70, weight: 0.2, detail: 'EQUITY 100.0%' });
    // The last 5 returns (+,-,+,-,+): sd 0.010954; against 0.010260 over 20: ratio 1.068.
    expect(env?.value).toBeCloseTo(Math.sqrt(1.2e-4) / (0.01 * Math.sqrt(20 / 19)), 10);
    expect(env).toMatchObject({ points: 0, weight: 0.1 });
    expect(r.score).toBeCloseTo(48, 12);
    expect(r.level).toBe('MEDIUM');
    expect(r.asOf).toBe('2026-03-30');
  });

  it('M3.2-c a balanced product: half the volatility, a leg without volume at the conservative points', () => {
    const data = new Map([
      ['EQ', alternating('EQ', 2_000_000)],
      ['BD', flat('BD')],
    ]);
    const r = productMarketRisk(
      {
        productId: 'balanced',
        legs: [
          { seriesId: 'EQ', weight: 0.5 },
          { seriesId: 'BD', weight: 0.5 },
        ],
      },
      series,
      data,
      indicatorConfig,
    );
    const [vol, liq, exp, env] = r.indicators;
    expect(vol?.value).toBeCloseTo(0.005 * Math.sqrt(20 / 19) * Math.sqrt(250), 10); // 8.1%: 35 points
    expect(vol?.points).toBe(35);
    expect(liq?.points).toBe(70); // 0.5 x 40 + 0.5 x 100 (no volume)
    expect(liq?.detail).toContain('1 leg(s) without volume at 100 points');
    expect(exp?.points).toBe(47.5); // 0.5 x 70 + 0.5 x 25
    expect(env?.points).toBe(0);
    expect(r.score).toBeCloseTo(14 + 21 + 9.5, 12);
    expect(r.level).toBe('MEDIUM');
  });

  it('M3.2-c a missing series is an error, not a guess', () => {
    expect(() =>
      productMarketRisk(
        { productId: 'p', legs: [{ seriesId: 'EQ', weight: 1 }] },
        series,
        new Map(),
        indicatorConfig,
      ),
    ).toThrow(MarketRisk.MissingSeriesError);
  });
});

describe('the market-risk configuration, validated at load (M3.2-c)', () => {
  it("M3.2-c ships the manual's indicator weights 40/30/20/10, which add up to 1", () => {
    expect(DEFAULT_MARKET_RISK.indicators.weights).toEqual({
      volatility: 0.4,
      liquidity: 0.3,
      exposure: 0.2,
      environment: 0.1,
    });
    expect(loadMarketRiskConfig(DEFAULT_MARKET_RISK)).toEqual(DEFAULT_MARKET_RISK);
  });

  it('M3.2-c refuses indicator weights that do not add up to 1, naming the field', () => {
    const input = {
      ...DEFAULT_MARKET_RISK,
      indicators: {
        ...DEFAULT_MARKET_RISK.indicators,
        weights: { volatility: 0.4, liquidity: 0.3, exposure: 0.2, environment: 0.2 },
      },
    };
    expect(() => loadMarketRiskConfig(input)).toThrow(InvalidMarketRiskConfigError);
    expect(() => loadMarketRiskConfig(input)).toThrow(
      'indicators.weights: indicator weights must add up to 1',
    );
  });

  it('M3.2-c refuses bands out of order or leaving values without points, and unknown fields', () => {
    const withBands = (bands: unknown) => ({
      ...DEFAULT_MARKET_RISK,
      indicators: {
        ...DEFAULT_MARKET_RISK.indicators,
        volatility: { windowDays: 250, bands },
      },
    });
    expect(() => loadMarketRiskConfig(withBands([{ from: 0.1, points: 10 }]))).toThrow(
      'every value has points',
    );
    expect(() =>
      loadMarketRiskConfig(
        withBands([
          { from: 0, points: 10 },
          { from: 0, points: 20 },
        ]),
      ),
    ).toThrow('bands must ascend');
    expect(() => loadMarketRiskConfig({ ...DEFAULT_MARKET_RISK, confidenceLevel: 0.99 })).toThrow(
      InvalidMarketRiskConfigError,
    );
  });

  it('M3.2-a refuses a stress shock of a series the universe does not have (a typo shocks nothing)', () => {
    const config = loadMarketRiskConfig({
      ...DEFAULT_MARKET_RISK,
      stressScenarios: [{ id: 'x', description: 'typo', seriesShocks: { CSI3OO: -0.2 } }],
    });
    expect(() =>
      loadMarketUniverse(
        { series: [{ id: 'CSI300', assetClass: 'EQUITY' }], products: [] },
        config,
      ),
    ).toThrow('stressScenarios.0.seriesShocks.CSI3OO: no such series');
    expect(() =>
      loadMarketUniverse(
        {
          series: [{ id: 'A', assetClass: 'EQUITY' }],
          products: [{ productId: 'p', legs: [{ seriesId: 'B', weight: 1 }] }],
        },
        DEFAULT_MARKET_RISK,
      ),
    ).toThrow('products.0.legs.0.seriesId: no series B');
  });
});

describe("a portfolio's market-risk report (M3.2-a, M3.2-b)", () => {
  const data = syntheticSeries({ series: 3, days: 300, seed: 9 });
  const universe = loadMarketUniverse(
    {
      series: [
        { id: 'S01', assetClass: 'EQUITY' },
        { id: 'S02', assetClass: 'EQUITY' },
        { id: 'S03', assetClass: 'BOND' },
      ],
      products: [
        { productId: 'fund-a', legs: [{ seriesId: 'S01', weight: 1 }] },
        {
          productId: 'fund-b',
          legs: [
            { seriesId: 'S02', weight: 0.6 },
            { seriesId: 'S03', weight: 0.4 },
          ],
        },
      ],
    },
    DEFAULT_MARKET_RISK,
  );
  const returns = alignReturns(data).returns;
  const config = loadMarketRiskConfig({
    ...DEFAULT_MARKET_RISK,
    historyDays: 250,
    monteCarlo: { ...DEFAULT_MARKET_RISK.monteCarlo, scenarios: 20_000 },
  });
  const portfolio = buildPortfolio(
    'customer-1',
    [
      { productId: 'fund-a', value: 30_000_000 },
      { productId: 'fund-b', value: 70_000_000 },
    ],
    universe.products,
  );

  it('M3.2-b gives VaR and ES for each method, level and horizon, in whole fen, with parts adding up exactly', () => {
    // Act
    const r = assessPortfolio(portfolio, returns, universe, config);
    // Assess
    expect(r).toMatchObject({
      portfolioId: 'customer-1',
      value: 100_000_000,
      observations: 250,
      returns: 'simple',
    });
    expect(r.methods.map((m) => m.method)).toEqual([
      'historical',
      'variance-covariance',
      'monte-carlo',
    ]);
    for (const m of r.methods) {
      expect(m.figures.map((f) => [f.confidence, f.horizonDays])).toEqual([
        [0.95, 1],
        [0.95, 10],
        [0.99, 1],
        [0.99, 10],
      ]);
      for (const f of m.figures) {
        for (const x of [f.var, f.es, ...f.byPosition.flatMap((p) => [p.var, p.es])])
          expect(Number.isInteger(x)).toBe(true);
        expect(f.byPosition.reduce((a, p) => a + p.var, 0)).toBe(f.var);
        expect(f.byPosition.reduce((a, p) => a + p.es, 0)).toBe(f.es);
        expect(f.bySeries.reduce((a, p) => a + p.var, 0)).toBe(f.var);
        expect(f.es).toBeGreaterThanOrEqual(f.var);
        expect(f.varShare).toBeCloseTo(f.var / 100_000_000, 8);
      }
      // Ten days: the one-day figures times sqrt(10), each rounded once.
      const [d1, d10] = m.figures;
      expect(Math.abs((d10?.var ?? 0) - Math.sqrt(10) * (d1?.var ?? 0))).toBeLessThan(
        Math.sqrt(10) * 0.5 + 0.5,
      );
    }
    const hist = r.methods[0]?.figures[0];
    expect(hist?.varScenarios).toHaveLength(1);
  });

  it('M3.2-a the variance-covariance figure is the domain function on the same 250 days', () => {
    const r = assessPortfolio(portfolio, returns, universe, config);
    const last = MarketRisk.lastDays(returns, 250);
    const vc = MarketRisk.varianceCovarianceVar(
      MarketRisk.covariance(last),
      portfolio.exposures,
      [0.99],
    );
    expect(r.methods[1]?.figures[2]?.var).toBe(Math.round(vc.levels[0]?.var ?? NaN));
  });

  it('M3.2-a stress scenarios by asset class and the worst windows, split by position', () => {
    const r = assessPortfolio(portfolio, returns, universe, config);
    const crash = r.stress.find((s) => s.id === 'equity-crash');
    // fund-a: 30,000,000 x 30%; fund-b: 42,000,000 x 30% - 28,000,000 x 2%
    expect(crash?.byPosition).toEqual([
      { id: 'fund-a', loss: 9_000_000 },
      { id: 'fund-b', loss: 12_600_000 - 560_000 },
    ]);
    expect(crash?.loss).toBe(21_040_000);
    expect(crash?.bySeries.map((s) => s.shock)).toEqual([-0.3, -0.3, 0.02]);
    expect(r.worstWindows.map((w) => w.days)).toEqual([1, 10]);
    for (const w of r.worstWindows)
      expect(w.byPosition.reduce((a, p) => a + p.loss, 0)).toBe(w.loss);
  });

  it('M3.2-a a product leg of weight 0 adds a series and changes no position figure', () => {
    const withZero = loadMarketUniverse(
      {
        ...universe,
        products: [
          universe.products[0],
          {
            productId: 'fund-b',
            legs: [
              { seriesId: 'S02', weight: 0.6 },
              { seriesId: 'S03', weight: 0.4 },
              { seriesId: 'S01', weight: 0 },
            ],
          },
        ],
      },
      DEFAULT_MARKET_RISK,
    );
    const p2 = buildPortfolio(
      'customer-1',
      [{ productId: 'fund-b', value: 70_000_000 }],
      withZero.products,
    );
    const p1 = buildPortfolio(
      'customer-1',
      [{ productId: 'fund-b', value: 70_000_000 }],
      universe.products,
    );
    const a = assessPortfolio(p1, returns, universe, config);
    const b = assessPortfolio(p2, returns, withZero, config);
    expect(p2.seriesIds).toEqual(['S02', 'S03', 'S01']);
    for (const [i, m] of a.methods.entries())
      expect(b.methods[i]?.figures.map((f) => [f.var, f.es, f.byPosition])).toEqual(
        m.figures.map((f) => [f.var, f.es, f.byPosition]),
      );
  });

  it('M3.2-a largest-remainder allocation keeps the parts whole and their sum the rounded total', () => {
    expect(allocate([1.4, 1.4, 1.2])).toEqual([2, 1, 1]);
    expect(allocate([-1.5, 3.7])).toEqual([-2, 4]);
    expect(allocate([])).toEqual([]);
  });
});
