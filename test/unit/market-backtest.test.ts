// Backtesting VaR and stress tests (M3.2-a, M3.1-e: models measured, not assumed): rolling
// one-day VaR with its exceptions, Kupiec's and Christoffersen's likelihood-ratio tests and
// the Basel traffic light against the worked examples of docs/market-risk.md; configured
// stress shocks and the worst window of the data, split by position.
import { describe, expect, it } from 'vitest';
import { MarketRisk } from '../../shared/risk';

const {
  kupiec,
  christoffersen,
  trafficLight,
  backtestVar,
  applyShocks,
  worstWindow,
  returnMatrix,
} = MarketRisk;

describe("Kupiec's proportion of failures (M3.2-a)", () => {
  // LR = -2 ln[(1-p)^(T-x) p^x] + 2 ln[(1-x/T)^(T-x) (x/T)^x]; values from the formula in
  // Python (scipy for the p-values), and the first by hand in the docs.
  it.each([
    [0, 5.025167926750726, 0.02498150305344973],
    [2, 0.10843521623679919, 0.7419327009526281],
    [5, 1.956809788230622, 0.1618549171960387],
    [8, 7.7335507244945205, 0.0054204051941277994],
    [12, 19.016185661391603, 1.296143301763101e-5],
  ])('M3.2-a %s exceptions in 250 days at 99%: LR %s, p-value %s', (x, lr, p) => {
    const k = kupiec(x, 250, 0.99);
    expect(k.statistic).toBeCloseTo(lr, 12);
    expect(Math.abs(k.pValue - p) / p).toBeLessThan(1e-11);
    expect(k.degreesOfFreedom).toBe(1);
  });

  it('M3.2-a exactly the promised rate gives LR 0 and p-value 1; counts out of range are refused', () => {
    expect(kupiec(5, 500, 0.99)).toEqual({ statistic: 0, degreesOfFreedom: 1, pValue: 1 });
    expect(kupiec(500, 500, 0.99).statistic).toBeCloseTo(-2 * 500 * Math.log(0.01), 9);
    expect(() => kupiec(6, 5, 0.99)).toThrow(RangeError);
    expect(() => kupiec(1.5, 5, 0.99)).toThrow(RangeError);
  });
});

describe("Christoffersen's independence test (M3.2-a)", () => {
  it('M3.2-a clustered exceptions (days 10, 11, 50-52, 120, 200, 201 of 250) are rejected', () => {
    const hits = Array.from({ length: 250 }, (_, i) =>
      [10, 11, 50, 51, 52, 120, 200, 201].includes(i + 1),
    );
    // Act
    const c = christoffersen(hits);
    // Assess: n00 237, n01 4, n10 4, n11 4: pi0 = 4/241, pi1 = 1/2, pi = 8/249.
    expect(c).toMatchObject({ n00: 237, n01: 4, n10: 4, n11: 4 });
    expect(c.pi0).toBeCloseTo(4 / 241, 15);
    expect(c.pi1).toBe(0.5);
    expect(c.statistic).toBeCloseTo(18.936740785607732, 11);
    expect(Math.abs(c.pValue - 1.351251154199373e-5) / 1.351251154199373e-5).toBeLessThan(1e-10);
  });

  it('M3.2-a exceptions spread out (days 30, 80, 130, 180, 230) are not: no exception follows one', () => {
    const hits = Array.from({ length: 250 }, (_, i) => (i + 1) % 50 === 30);
    const c = christoffersen(hits);
    expect(c).toMatchObject({ n00: 239, n01: 5, n10: 5, n11: 0, pi1: 0 });
    expect(c.statistic).toBeCloseTo(0.20493237652149787, 12);
    expect(c.pValue).toBeCloseTo(0.6507686878924301, 12);
  });

  it('M3.2-a no exception at all: LR 0', () => {
    expect(christoffersen(new Array<boolean>(250).fill(false)).statistic).toBe(0);
  });
});

describe('the Basel traffic light (M3.2-a)', () => {
  it.each([
    [0, 'GREEN', 0],
    [4, 'GREEN', 0],
    [5, 'YELLOW', 0.4],
    [6, 'YELLOW', 0.5],
    [7, 'YELLOW', 0.65],
    [8, 'YELLOW', 0.75],
    [9, 'YELLOW', 0.85],
    [10, 'RED', 1],
    [25, 'RED', 1],
  ])('M3.2-a %s exceptions in 250 days at 99%: %s, plus factor %s', (x, zone, plus) => {
    expect(trafficLight(x)).toMatchObject({ zone, plusFactor: plus });
  });

  it('M3.2-a other lengths and levels take the same binomial boundaries, without a Basel plus factor', () => {
    const light = trafficLight(30, 500, 0.95); // expected 25; P(X <= 30) is about 0.87
    expect(light.zone).toBe('GREEN');
    expect(light.plusFactor).toBeUndefined();
    expect(trafficLight(45, 500, 0.95).zone).toBe('RED');
  });
});

describe('rolling one-day VaR (M3.2-a)', () => {
  // Profits (fen) of ten days; window 4 at 75%: m = 3, VaR is the second-worst loss of the
  // four days before. By hand in the docs: exceptions on d4 (loss 5 > VaR 1) and d8 (7 > 2).
  const pnl = Float64Array.of(-1, 2, -3, 4, -5, 1, -2, 6, -7, 0);
  const dates = Array.from({ length: 10 }, (_, i) => `d${i}`);

  it('M3.2-a counts the exceptions and tests them: Kupiec LR 0.2085, Christoffersen LR 1.1849', () => {
    // Act
    const r = backtestVar(pnl, dates, { window: 4, confidence: 0.75, method: 'historical' });
    // Assess
    expect(r.days.map((d) => [d.date, d.var, d.loss, d.exception])).toEqual([
      ['d4', 1, 5, true],
      ['d5', 3, -1, false],
      ['d6', 3, 2, false],
      ['d7', 2, -6, false],
      ['d8', 2, 7, true],
      ['d9', 2, -0, false],
    ]);
    expect(r).toMatchObject({ observations: 6, exceptions: 2, expectedExceptions: 1.5 });
    expect(r.kupiec.statistic).toBeCloseTo(0.20846400455605618, 12);
    expect(r.kupiec.pValue).toBeCloseTo(0.6479739743026696, 12);
    expect(r.christoffersen).toMatchObject({ n00: 2, n01: 1, n10: 2, n11: 0 });
    expect(r.christoffersen.statistic).toBeCloseTo(1.184939225613002, 12);
    expect(r.christoffersen.pValue).toBeCloseTo(0.27635275644239965, 12);
    expect(r.conditionalCoverage.statistic).toBeCloseTo(
      0.20846400455605618 + 1.184939225613002,
      12,
    );
    expect(r.conditionalCoverage.pValue).toBeCloseTo(0.4982259374999999, 12);
    expect(r.trafficLight).toMatchObject({ observations: 6, exceptions: 2 });
  });

  it('M3.2-a the variance-covariance variant takes z times the window standard deviation', () => {
    const r = backtestVar(pnl, dates, {
      window: 4,
      confidence: 0.75,
      method: 'variance-covariance',
    });
    // First window losses 1, -2, 3, -4: mean -0.5, deviations ±1.5, ±3.5, sample variance 29/3.
    expect(r.days[0]?.var).toBeCloseTo(MarketRisk.normalQuantile(0.75) * Math.sqrt(29 / 3), 12);
  });

  it('M3.2-a on 1,250 days of normal profits, a 99% VaR over 250-day windows is in the green zone', () => {
    const g = new MarketRisk.NormalGenerator(4);
    const p = g.fill(new Float64Array(1_250));
    const r = backtestVar(
      p,
      Array.from({ length: 1_250 }, (_, i) => `t${i}`),
      {
        window: 250,
        confidence: 0.99,
        method: 'variance-covariance',
      },
    );
    expect(r.observations).toBe(1_000);
    expect(r.kupiec.pValue).toBeGreaterThan(0.05);
    expect(r.trafficLight.observations).toBe(250);
    expect(r.trafficLight.zone).toBe('GREEN');
  });

  it('M3.2-a refuses a series no longer than its window', () => {
    expect(() =>
      backtestVar(pnl, dates, { window: 10, confidence: 0.99, method: 'historical' }),
    ).toThrow(RangeError);
  });
});

describe('stress scenarios and the worst window (M3.2-a)', () => {
  it('M3.2-a applies configured shocks per series; a series not named takes none', () => {
    const out = applyShocks(
      { id: 'equity-crash', description: '', shocks: { CSI300: -0.3, CGB10Y: 0.02 } },
      ['CSI300', 'CGB10Y', 'GOLD'],
      Float64Array.of(1_300_000, 200_000, 50_000),
    );
    // 0.3 x 1,300,000 - 0.02 x 200,000 = 390,000 - 4,000
    expect(out.loss).toBeCloseTo(386_000, 8);
    expect([...out.shocks]).toEqual([-0.3, 0.02, 0]);
  });

  it('M3.2-a finds the worst run of days, compounding the returns within it', () => {
    const m = returnMatrix(
      ['x'],
      [[0.1], [-0.1], [-0.1], [0.05], [-0.2], [0.1]],
      ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'],
    );
    const e = Float64Array.of(1_000);
    // One day: d5, -20%. Two days: d2-d3, 0.9 x 0.9 - 1 = -19% (d4-d5 is 1.05 x 0.8 - 1 = -16%).
    expect(worstWindow(m, e, 1)).toMatchObject({ firstDay: 'd5', lastDay: 'd5' });
    expect(worstWindow(m, e, 1)?.loss).toBeCloseTo(200, 9);
    const two = worstWindow(m, e, 2);
    expect(two).toMatchObject({ firstDay: 'd2', lastDay: 'd3' });
    expect(two?.loss).toBeCloseTo(190, 9);
    expect(two?.shocks[0]).toBeCloseTo(-0.19, 12);
    expect(worstWindow(m, e, 7)).toBeUndefined();
  });
});
