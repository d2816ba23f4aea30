// Market data (M3.2-a): price series from CSV in the common layout, every defect reported
// in the validation report and none silently used; simple returns aligned on common dates;
// products mapped onto series so holdings form a portfolio.
import { describe, expect, it } from 'vitest';
import { MarketRisk } from '../../shared/risk';

const { loadPriceCsv, alignReturns, buildPortfolio, PortfolioError, priceSeries } = MarketRisk;

const YAHOO = `Date,Open,High,Low,Close,Adj Close,Volume
2026-03-02,10.00,10.50,9.90,10.20,10.00,1000
2026-03-03,10.20,10.60,10.10,10.40,10.20,1500
2026-03-04,10.40,10.45,9.80,9.90,9.69,2500
2026-03-05,9.90,10.10,9.85,10.00,9.792,0
`;

function codes(text: string, options?: MarketRisk.PriceLoadOptions) {
  const r = loadPriceCsv('s', text, options);
  return r.report.issues.map((i) => [i.code, i.line ?? i.date]);
}

describe('price series from CSV (M3.2-a)', () => {
  it('M3.2-a reads Date,Open,High,Low,Close,Adj Close,Volume, taking Adj Close', () => {
    // Act
    const r = loadPriceCsv('CSI300', YAHOO);
    // Assess
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.series.priceColumn).toBe('Adj Close');
    expect([...r.series.prices]).toEqual([10, 10.2, 9.69, 9.792]);
    expect([...r.series.volumes]).toEqual([1000, 1500, 2500, 0]);
    expect(r.report).toMatchObject({
      rows: 4,
      first: '2026-03-02',
      last: '2026-03-05',
      accepted: true,
    });
    // A day with nothing traded is a warning, carried with the series.
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        code: 'ZERO_VOLUME',
        severity: 'warning',
        line: 5,
        date: '2026-03-05',
      }),
    ]);
  });

  it('M3.2-a takes Close where there is no Adj Close column, in any column order, with CRLF and quotes', () => {
    const text = 'Volume,"Close",Date\r\n"1,000",12.5,2026-03-02\r\n900,12.75,2026-03-03\r\n';
    // "1,000" is one quoted field, but not a number: reported, not guessed.
    expect(codes(text)).toEqual([
      ['BAD_NUMBER', 2],
      ['TOO_SHORT', undefined],
    ]);
    const ok = loadPriceCsv(
      'x',
      'Volume,"Close",Date\r\n1000,12.5,2026-03-02\r\n900,12.75,2026-03-03\r\n',
    );
    expect(ok.ok && ok.series.priceColumn).toBe('Close');
    expect(ok.ok && [...ok.series.prices]).toEqual([12.5, 12.75]);
  });

  it('M3.2-a reports non-positive prices, bad numbers and dates, malformed rows: the series is refused', () => {
    const text = `Date,Close,Volume
2026-03-02,10,5
2026-03-03,0,5
2026-03-04,-1.5,5
2026-03-05,null,5
2026-02-30,10,5
2026-03-06,10
2026-03-09,10,-3
2026-03-10,11,5
`;
    const r = loadPriceCsv('s', text);
    expect(r.ok).toBe(false);
    expect(r.report.accepted).toBe(false);
    expect(r.report.issues.map((i) => [i.code, i.line])).toEqual([
      ['NON_POSITIVE_PRICE', 3],
      ['NON_POSITIVE_PRICE', 4],
      ['BAD_NUMBER', 5],
      ['BAD_DATE', 6],
      ['MALFORMED_ROW', 7],
      ['NEGATIVE_VOLUME', 8],
      // Only two good rows are left, eight days apart.
      ['GAP', 9],
    ]);
    expect(r.report.counts).toEqual({
      NON_POSITIVE_PRICE: 2,
      BAD_NUMBER: 1,
      BAD_DATE: 1,
      MALFORMED_ROW: 1,
      NEGATIVE_VOLUME: 1,
      GAP: 1,
    });
  });

  it('M3.2-a reports duplicated dates and rows out of order, each with its line', () => {
    const text = `Date,Close
2026-03-02,10
2026-03-04,10.1
2026-03-03,10.2
2026-03-04,10.3
2026-03-05,10.4
`;
    expect(codes(text)).toEqual([
      ['NO_VOLUME', 1],
      ['UNSORTED', 4],
      ['DUPLICATE_DATE', 5],
    ]);
    const r = loadPriceCsv('s', text);
    expect(r.ok).toBe(false);
    expect(r.report.issues.find((i) => i.code === 'DUPLICATE_DATE')?.message).toBe(
      '2026-03-04 already on line 3',
    );
  });

  it('M3.2-a without a calendar, a gap beyond the tolerance is an error; a weekend is not', () => {
    const text = 'Date,Close\n2026-03-06,10\n2026-03-09,10.1\n2026-03-16,10.2\n';
    // Friday -> Monday is 3 days; Monday -> next Monday 7.
    expect(codes(text, { maxGapDays: 4 }).filter(([c]) => c !== 'NO_VOLUME')).toEqual([['GAP', 4]]);
    expect(codes(text, { maxGapDays: 7 }).filter(([c]) => c !== 'NO_VOLUME')).toEqual([]);
  });

  it('M3.2-a against a business-day calendar, missing days and days off the calendar are errors', () => {
    const calendar = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    const text = 'Date,Close\n2026-03-02,10\n2026-03-04,10.1\n2026-03-05,10.2\n2026-03-07,10.3\n';
    expect(codes(text, { calendar }).filter(([c]) => c !== 'NO_VOLUME')).toEqual([
      ['OFF_CALENDAR', 5],
      ['MISSING_DAY', '2026-03-03'],
      ['MISSING_DAY', '2026-03-06'],
    ]);
    // The calendar replaces the gap tolerance: a long holiday the calendar knows is fine.
    const golden = ['2026-09-30', '2026-10-08', '2026-10-09'];
    expect(
      loadPriceCsv('s', 'Date,Close\n2026-09-30,1\n2026-10-08,1.1\n2026-10-09,1.2\n', {
        calendar: golden,
      }).ok,
    ).toBe(true);
  });

  it('M3.2-a refuses an empty file, a file without a price or date column, and a series too short', () => {
    expect(codes('')).toEqual([['EMPTY', undefined]]);
    expect(codes('Date,Open,Volume\n2026-03-02,1,2\n')).toEqual([['MISSING_COLUMN', 1]]);
    expect(codes('Close,Volume\n1,2\n')).toEqual([['MISSING_COLUMN', 1]]);
    expect(codes('Date,Close,Volume\n2026-03-02,1,2\n')).toEqual([['TOO_SHORT', undefined]]);
  });
});

describe('returns and alignment (M3.2-a)', () => {
  it('M3.2-a takes simple returns P_t / P_t-1 - 1 on the dates every series has, listing what it left out', () => {
    const a = priceSeries('A', [
      { date: '2026-03-02', price: 100 },
      { date: '2026-03-03', price: 110 },
      { date: '2026-03-04', price: 99 },
      { date: '2026-03-05', price: 99 },
    ]);
    const b = priceSeries('B', [
      { date: '2026-03-02', price: 50 },
      { date: '2026-03-04', price: 40 },
      { date: '2026-03-05', price: 44 },
    ]);
    if (!a.ok || !b.ok) throw new Error('fixture');
    // Act
    const al = alignReturns([a.series, b.series]);
    // Assess: A's 2026-03-03 is not B's, so A's first return runs from the 2nd to the 4th.
    expect(al.dates).toEqual(['2026-03-02', '2026-03-04', '2026-03-05']);
    expect(al.dropped).toEqual([{ seriesId: 'A', dates: ['2026-03-03'] }]);
    expect(al.returns.dates).toEqual(['2026-03-04', '2026-03-05']);
    const v = [...al.returns.values];
    expect(v[0]).toBeCloseTo(-0.01, 15);
    expect(v[1]).toBeCloseTo(-0.2, 15);
    expect(v[2]).toBe(0);
    expect(v[3]).toBeCloseTo(0.1, 15);
  });

  it('M3.2-a the sample covariance divides by T - 1 around each mean', () => {
    const m = MarketRisk.returnMatrix(
      ['x', 'y'],
      [
        [0.01, 0.02],
        [-0.01, 0],
        [0.03, 0.04],
      ],
    );
    // means 0.01, 0.02; deviations x (0, -0.02, 0.02), y (0, -0.02, 0.02)
    const c = MarketRisk.covariance(m);
    for (const v of c) expect(v).toBeCloseTo((0.0004 + 0.0004) / 2, 15);
  });
});

describe('products as portfolios of series (M3.2-a)', () => {
  const mappings: MarketRisk.ProductMapping[] = [
    { productId: 'index-fund', legs: [{ seriesId: 'CSI300', weight: 1 }] },
    {
      productId: 'balanced',
      legs: [
        { seriesId: 'CSI300', weight: 0.6 },
        { seriesId: 'CGB10Y', weight: 0.4 },
      ],
    },
  ];

  it('M3.2-a spreads each holding over its product legs: exposures per series, positions kept', () => {
    // Act
    const p = buildPortfolio(
      'c1',
      [
        { productId: 'index-fund', value: 1_000_000 },
        { productId: 'balanced', value: 500_000 },
        { productId: 'index-fund', value: 250_000 },
      ],
      mappings,
    );
    // Assess
    expect(p.seriesIds).toEqual(['CSI300', 'CGB10Y']);
    expect([...p.exposures]).toEqual([1_250_000 + 300_000, 200_000]);
    expect(p.positions.map((x) => [x.productId, x.value, [...x.exposures]])).toEqual([
      ['index-fund', 1_250_000, [1_250_000, 0]],
      ['balanced', 500_000, [300_000, 200_000]],
    ]);
    expect(p.value).toBe(1_750_000);
  });

  it('M3.2-a refuses unmapped products, fractional fen and series outside a fixed universe, all at once', () => {
    const build = () =>
      buildPortfolio(
        'c1',
        [
          { productId: 'unknown', value: 1 },
          { productId: 'balanced', value: 10.5 },
        ],
        mappings,
        ['CSI300'],
      );
    expect(build).toThrow(PortfolioError);
    expect(build).toThrow(
      'unknown: no series mapping; balanced: value 10.5 is not whole fen; balanced: series CGB10Y is not in the portfolio',
    );
  });

  it('M3.2-a refuses a product whose leg weights do not add up to 1, at load', () => {
    const r = MarketRisk.ProductMappingSchema.safeParse({
      productId: 'p',
      legs: [
        { seriesId: 'a', weight: 0.5 },
        { seriesId: 'b', weight: 0.4 },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('leg weights add up to 0.9, not 1');
  });
});
