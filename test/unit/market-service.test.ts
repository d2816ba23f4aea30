// The market-risk service's pure parts (issue 13, M3.2-a..c; ADR 0026): the stage's
// market-risk settings validated at load (configuration version, series, legs of every
// product type, pinned products), a product's legs, the lines a run keeps of a report, the
// worst portfolios, and a portfolio's report on real prices: AAPL's adjusted closes,
// 2013-05-13 to 2018-05-11 (Yahoo Finance, via @observablehq/sample-datasets, ISC;
// test/fixtures/prices/README.md), beside the synthetic bond and cash series.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBook, MarketRisk } from '../../shared/risk';
import { marketRiskSettingsSchema } from '../../shared/settings';

const { DEFAULT_MARKET_RISK_SETTINGS, figureLines, headlineOf, worstPortfolios, mappingFor } =
  MarketRisk;
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/prices');
const load = (id: string, file: string) => {
  const r = MarketRisk.loadPriceCsv(id, readFileSync(path.join(FIXTURES, file), 'utf8'), {
    maxGapDays: 4,
  });
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.report.counts)}`);
  return r;
};
const settings = marketRiskSettingsSchema().parse(DEFAULT_MARKET_RISK_SETTINGS);
const issuesOf = (input: unknown) => {
  const r = marketRiskSettingsSchema().safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('market-risk settings (validated at load)', () => {
  it('M3.2-a the shipped settings are valid: a known configuration, three series, legs for every product type', () => {
    expect(issuesOf(DEFAULT_MARKET_RISK_SETTINGS)).toEqual([]);
    expect(MarketRisk.marketRiskConfigOf(settings)).toBe(MarketRisk.DEFAULT_MARKET_RISK);
    expect(settings.series.map((s) => s.id)).toEqual(['AAPL', 'BOND-SYN', 'CASH']);
  });

  it('M3.2-a refuses legs whose weights do not add up to 1, a leg on a series not configured, an unknown configuration, a product type without legs, and unknown fields', () => {
    const types = DEFAULT_MARKET_RISK_SETTINGS.productTypes;
    expect(
      issuesOf({
        ...DEFAULT_MARKET_RISK_SETTINGS,
        productTypes: { ...types, STRUCTURED: { AAPL: 0.6 } },
      }),
    ).toEqual(['productTypes.STRUCTURED: leg weights add up to 0.6, not 1']);
    expect(issuesOf({ ...DEFAULT_MARKET_RISK_SETTINGS, products: { p1: { CSI300: 1 } } })).toEqual([
      'products.p1.CSI300: no series CSI300',
    ]);
    expect(
      issuesOf({ ...DEFAULT_MARKET_RISK_SETTINGS, configVersion: '2099-01-01' }).join(),
    ).toMatch(/no market-risk configuration 2099-01-01/);
    const { P2P_LOAN: _p2p, ...withoutP2p } = types;
    expect(issuesOf({ ...DEFAULT_MARKET_RISK_SETTINGS, productTypes: withoutP2p }).join()).toMatch(
      /no legs for product types P2P_LOAN/,
    );
    expect(issuesOf({ ...DEFAULT_MARKET_RISK_SETTINGS, extra: 1 }).length).toBeGreaterThan(0);
  });

  it('M3.2-a the settings read back to the compact form they are written in (what the functions carry), series in their written order', () => {
    expect(MarketRisk.compactMarketRiskSettings(settings)).toEqual(DEFAULT_MARKET_RISK_SETTINGS);
    expect(JSON.stringify(DEFAULT_MARKET_RISK_SETTINGS).length).toBeLessThan(400);
  });

  it("M3.2-a a product takes its own legs where the risk team pinned them, otherwise its type's", () => {
    const pinned = marketRiskSettingsSchema().parse({
      ...DEFAULT_MARKET_RISK_SETTINGS,
      products: { 'fund-x': { AAPL: 0.5, CASH: 0.5 } },
    });
    expect(mappingFor(pinned, 'fund-x', 'BOND_FUND')).toMatchObject({
      productId: 'fund-x',
      source: 'product',
      legs: [{ seriesId: 'AAPL' }, { seriesId: 'CASH' }],
    });
    expect(mappingFor(pinned, 'fund-y', 'BOND_FUND')).toEqual({
      productId: 'fund-y',
      source: 'type',
      legs: [{ seriesId: 'BOND-SYN', weight: 1 }],
    });
    expect(mappingFor(pinned, 'fund-z', 'NO_SUCH_TYPE')).toBeUndefined();
  });
});

describe('what a run keeps of a report', () => {
  const line = (method: string, confidence: number, horizonDays: number, v: number) => ({
    method,
    confidence,
    horizonDays,
    var: v,
    es: v + 1,
    varShare: 0,
  });

  it('M3.2-a the headline is historical, at the highest level, over the shortest horizon', () => {
    const lines = [
      line('variance-covariance', 0.99, 1, 9),
      line('historical', 0.95, 1, 5),
      line('historical', 0.99, 10, 30),
      line('historical', 0.99, 1, 10),
    ];
    expect(headlineOf(lines, { confidenceLevels: [0.95, 0.99], horizonsDays: [1, 10] })).toEqual(
      line('historical', 0.99, 1, 10),
    );
  });

  it('M3.2-a the worst portfolios: largest headline VaR first, ties by id, those without a figure left out', () => {
    const s = (portfolioId: string, v?: number) => ({
      portfolioId,
      ...(v === undefined ? {} : { headline: line('historical', 0.99, 1, v) }),
    });
    expect(
      worstPortfolios([s('c', 5), s('a', 9), s('e'), s('b', 9), s('d', 1)], 3).map(
        (x) => x.portfolioId,
      ),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('a portfolio on real prices (AAPL, Yahoo Finance via @observablehq/sample-datasets)', () => {
  const aapl = load('AAPL', 'aapl.csv');
  const bond = load('BOND-SYN', 'bond-syn.csv');
  const cash = load('CASH', 'cash.csv');
  const config = MarketRisk.marketRiskConfigOf(settings);
  const universe = MarketRisk.marketUniverseOf(settings);
  const aligned = MarketRisk.alignReturns([aapl.series, bond.series, cash.series]);

  it('M3.2-a the three files validate with no issue but cash without volume, and align day for day', () => {
    expect(aapl.report).toMatchObject({ rows: 1260, priceColumn: 'Adj Close', issues: [] });
    expect(aapl.report.first).toBe('2013-05-13');
    expect(aapl.report.last).toBe('2018-05-11');
    expect(bond.report.issues).toEqual([]);
    expect(cash.report.counts).toEqual({ NO_VOLUME: 1 });
    expect(aligned.dropped).toEqual([]);
    expect(aligned.returns.dates).toHaveLength(1259);
  });

  it('M3.2-a M3.2-b an equity fund of 1,000,000 CNY and a cash fund of 500,000 CNY: every figure in whole fen, positions adding up, cash contributing nothing, 99% above 95%', () => {
    const mapping = (productId: string, type: string) => {
      const m = mappingFor(settings, productId, type);
      if (!m) throw new Error(type);
      return { productId, legs: [...m.legs] };
    };
    const portfolio = MarketRisk.buildPortfolio(
      'c1',
      [
        { productId: 'equity', value: 100_000_000 },
        { productId: 'cash', value: 50_000_000 },
      ],
      [mapping('equity', 'EQUITY_FUND'), mapping('cash', 'MONEY_MARKET')],
    );
    const report = MarketRisk.assessPortfolio(portfolio, aligned.returns, universe, config);
    expect(report.observations).toBe(500);
    expect(report.lastDay).toBe('2018-05-11');
    const lines = figureLines(report);
    expect(lines).toHaveLength(12);
    for (const m of report.methods)
      for (const f of m.figures) {
        expect(Number.isInteger(f.var) && Number.isInteger(f.es)).toBe(true);
        expect(f.byPosition.reduce((a, p) => a + p.var, 0)).toBe(f.var);
        expect(f.byPosition.reduce((a, p) => a + p.es, 0)).toBe(f.es);
        expect(f.byPosition.find((p) => p.id === 'cash')).toMatchObject({ var: 0, es: 0 });
        expect(f.es).toBeGreaterThanOrEqual(f.var);
      }
    const hist = (c: number) =>
      lines.find((l) => l.method === 'historical' && l.confidence === c && l.horizonDays === 1);
    expect(hist(0.99)?.var).toBeGreaterThan(hist(0.95)?.var ?? Infinity);
    // AAPL's daily volatility over these 500 days is about 1.4%: VaR 99% of a 1,000,000 CNY
    // position is some tens of thousands of yuan, 1.5% to 6% of the book's 1,500,000.
    expect(hist(0.99)?.varShare).toBeGreaterThan(0.015);
    expect(hist(0.99)?.varShare).toBeLessThan(0.06);
    expect(headlineOf(lines, config)).toEqual(hist(0.99));
  });

  it('M3.2-a M3.2-b the book of docs/market-risk.md ("Figures on the real prices"): 1,000,000 CNY equity, 500,000 bond, 500,000 cash, to the fen', () => {
    const legs = (productId: string, type: string) => ({
      productId,
      legs: [...(mappingFor(settings, productId, type)?.legs ?? [])],
    });
    const portfolio = MarketRisk.buildPortfolio(
      'sample',
      [
        { productId: 'equity', value: 100_000_000 },
        { productId: 'bond', value: 50_000_000 },
        { productId: 'mmf', value: 50_000_000 },
      ],
      [legs('equity', 'EQUITY_FUND'), legs('bond', 'BOND_FUND'), legs('mmf', 'MONEY_MARKET')],
      ['AAPL', 'BOND-SYN', 'CASH'],
    );
    const report = MarketRisk.assessPortfolio(portfolio, aligned.returns, universe, config);
    expect([report.firstDay, report.lastDay]).toEqual(['2016-05-18', '2018-05-11']);
    const at = (method: string, c: number, h: number) =>
      report.methods
        .find((m) => m.method === method)
        ?.figures.find((f) => f.confidence === c && f.horizonDays === h);
    expect(at('historical', 0.95, 1)).toMatchObject({ var: 1_987_302, es: 2_694_031 });
    expect(at('historical', 0.99, 1)).toMatchObject({
      var: 2_795_121,
      es: 3_866_051,
      varScenarios: ['2016-06-24'],
    });
    expect(at('historical', 0.99, 1)?.byPosition).toEqual([
      { id: 'equity', var: 2_809_585, es: expect.any(Number) },
      { id: 'bond', var: -14_464, es: expect.any(Number) },
      { id: 'mmf', var: 0, es: 0 },
    ]);
    expect(at('historical', 0.99, 10)?.var).toBe(8_838_950);
    expect(at('variance-covariance', 0.95, 1)).toMatchObject({ var: 2_091_240, es: 2_622_499 });
    expect(at('variance-covariance', 0.99, 1)).toMatchObject({ var: 2_957_681, es: 3_388_510 });
    // Monte Carlo within 4 standard errors of variance-covariance (docs: "Convergence").
    expect(Math.abs((at('monte-carlo', 0.99, 1)?.var ?? 0) - 2_957_681)).toBeLessThan(
      4 * 0.0051 * 2_957_681,
    );
    expect(report.stress.find((x) => x.id === 'equity-crash')?.loss).toBe(29_000_000);
    // The book as held today, backtested over every day (rolling 250-day historical VaR, 99%).
    const backtest = backtestBook(portfolio, aligned.returns, config);
    expect(backtest).toMatchObject({
      firstDay: '2014-05-12',
      lastDay: '2018-05-11',
      observations: 1009,
      exceptions: 13,
      christoffersen: { n00: 982, n01: 13, n10: 13, n11: 0 },
      trafficLight: { zone: 'YELLOW', observations: 250, exceptions: 5 },
    });
    expect(backtest?.kupiec.pValue).toBeCloseTo(0.37806, 5);
    expect(backtest?.christoffersen.pValue).toBeCloseTo(0.56, 4);
    expect(backtest?.exceptionDays.slice(0, 2)).toEqual(['2014-09-03', '2014-09-25']);
    expect(report.worstWindows.map((w) => [w.days, w.firstDay, w.lastDay, w.loss])).toEqual([
      [1, '2018-02-02', '2018-02-02', 4_517_473],
      [10, '2018-01-23', '2018-02-05', 11_096_190],
    ]);
  });

  it('M3.2-c product levels on these files (docs/market-risk.md): equity fund MEDIUM, bond fund LOW, structured MEDIUM, and cash MEDIUM for want of volume and volatility', () => {
    const data = new Map([aapl, bond, cash].map((r) => [r.series.id, r.series]));
    const level = (type: string) => {
      const m = mappingFor(settings, type, type);
      if (!m) throw new Error(type);
      const r = MarketRisk.productMarketRisk(m, settings.series, data, config.indicators);
      return [r.score, r.level];
    };
    expect(level('EQUITY_FUND')).toEqual([52.5, 'MEDIUM']);
    expect(level('BOND_FUND')).toEqual([23, 'LOW']);
    expect(level('STRUCTURED')[1]).toBe('MEDIUM');
    expect(level('STRUCTURED')[0]).toBeCloseTo(35.45, 10);
    expect(level('MONEY_MARKET')).toEqual([41, 'MEDIUM']);
  });
});
