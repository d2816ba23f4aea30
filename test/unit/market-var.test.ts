// Value at risk and expected shortfall (M3.2-a, M3.2-b) against values worked out by hand
// in docs/market-risk.md: the distribution functions, a two-asset variance-covariance case,
// a historical case small enough to sort by hand, Monte Carlo's convergence to the
// variance-covariance figures on normal data, and the properties every method keeps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketRisk } from '../../shared/risk';

const {
  chiSquareCdf,
  chiSquareSf,
  binomialCdf,
  normalCdf,
  normalQuantile,
  normalPdf,
  historicalVar,
  varianceCovarianceVar,
  monteCarloVar,
  matrix,
  returnMatrix,
  NormalGenerator,
  simulateDots,
  cholesky,
  tailOf,
} = MarketRisk;

const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

describe('distribution functions (M3.2-a)', () => {
  // Reference values: scipy.stats 1.17 (norm, chi2, binom), Python's math.erfc; see the docs.
  it.each([
    [0.95, 1.6448536269514722],
    [0.99, 2.3263478740408408],
    [0.975, 1.959963984540054],
    [1e-10, -6.361340902404056],
    [0.999999, 4.753424308817087],
  ])('M3.2-a the normal quantile at %s is %s to 1e-14', (p, q) => {
    expect(relativeError(normalQuantile(p), q)).toBeLessThan(1e-14);
  });

  it('M3.2-a the normal distribution keeps its digits in the far tail', () => {
    expect(relativeError(normalCdf(-3), 0.0013498980316300933)).toBeLessThan(1e-14);
    expect(relativeError(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
    expect(relativeError(normalCdf(-8.5), 9.47953482220325e-18)).toBeLessThan(1e-13);
    expect(relativeError(normalPdf(1.6448536269514722), 0.10313564037537139)).toBeLessThan(1e-15);
  });

  it.each([
    [3.841458820694124, 1, 0.05],
    [6.6348966010212145, 1, 0.01],
    [5.991464547107979, 2, 0.05],
    [30, 1, 4.3204630578274955e-8],
    [0.5, 1, 0.47950012218695337],
    [100, 5, 5.285148360943219e-20],
    [2, 3, 0.5724067044708798],
    [0.001, 1, 0.9747728793699604],
    [60, 2, 9.357622968840163e-14],
    [0.25, 4, 0.9928090154076699],
  ])('M3.2-a chi-square with statistic %s and %s degrees: p-value %s, to 1e-13', (x, k, p) => {
    expect(relativeError(chiSquareSf(x, k), p)).toBeLessThan(1e-13);
    expect(Math.abs(chiSquareCdf(x, k) + chiSquareSf(x, k) - 1)).toBeLessThan(1e-15);
  });

  it('M3.2-a chi-square in closed form: 2 degrees is exp(-x/2); 1 degree is erfc(sqrt(x/2))', () => {
    for (const x of [0.1, 1, 4, 9, 25, 49])
      expect(relativeError(chiSquareSf(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-14);
    expect(chiSquareSf(0, 1)).toBe(1);
    expect(chiSquareCdf(-1, 1)).toBe(0);
  });

  it('M3.2-a the binomial distribution of exceptions in 250 days at 1%', () => {
    expect(relativeError(binomialCdf(4, 250, 0.01), 0.8921876269036251)).toBeLessThan(1e-12);
    expect(relativeError(binomialCdf(5, 250, 0.01), 0.9588168159301517)).toBeLessThan(1e-12);
    expect(relativeError(binomialCdf(9, 250, 0.01), 0.9997498099312595)).toBeLessThan(1e-12);
    expect(relativeError(binomialCdf(10, 250, 0.01), 0.999946101370953)).toBeLessThan(1e-12);
    expect(binomialCdf(250, 250, 0.01)).toBe(1);
    expect(binomialCdf(-1, 250, 0.01)).toBe(0);
  });
});

describe('variance-covariance VaR, the two-asset case by hand (M3.2-a, M3.2-b)', () => {
  // A: 1,000,000 CNY, daily volatility 1%; B: 1,000,000 CNY, 2%; correlation 0.5.
  // sigma_p^2 = (1e6)^2 + (2e6)^2 + 2 x 0.5 x 1e6 x 2e6 = 7e12 fen^2, sigma_p = sqrt(7) x 1e6 fen.
  const e = Float64Array.of(100_000_000, 100_000_000);
  const cov = matrix([
    [0.0001, 0.0001],
    [0.0001, 0.0004],
  ]);

  it('M3.2-b VaR = z sigma_p and ES = sigma_p phi(z) / (1 - a), at 95% and 99%', () => {
    // Act
    const r = varianceCovarianceVar(cov, e, [0.95, 0.99]);
    // Assess
    expect(r.sigma).toBeCloseTo(Math.sqrt(7) * 1e6, 6);
    const [l95, l99] = r.levels;
    expect(l95?.var).toBeCloseTo(4_351_873.640016205, 5); // 1.6448536 x 2,645,751.3 fen
    expect(l95?.es).toBeCloseTo(5_457_425.114812494, 5);
    expect(l99?.var).toBeCloseTo(6_154_937.937735878, 5);
    expect(l99?.es).toBeCloseTo(7_051_494.017747907, 5);
  });

  it('M3.2-b component VaR splits it 2 : 5 (e_i (Sigma e)_i = 2e12 and 5e12 of 7e12)', () => {
    const [l95, l99] = varianceCovarianceVar(cov, e, [0.95, 0.99]).levels;
    const comp = (l: MarketRisk.LevelEstimate | undefined, k: 'varMarginal' | 'esMarginal') =>
      [...(l?.[k] ?? [])].map((m, i) => m * (e[i] as number));
    expect(comp(l95, 'varMarginal')[0]).toBeCloseTo(1_243_392.4685760583, 5);
    expect(comp(l95, 'varMarginal')[1]).toBeCloseTo(3_108_481.171440146, 5);
    expect(comp(l99, 'varMarginal')[0]).toBeCloseTo(1_758_553.696495965, 5);
    expect(comp(l99, 'esMarginal')[1]).toBeCloseTo(5_036_781.441248504, 5);
    expect(sum(comp(l95, 'esMarginal'))).toBeCloseTo(l95?.es ?? NaN, 5);
  });
});

describe('historical VaR, the case sorted by hand (M3.2-a)', () => {
  // 20 days; A: 10,000 CNY (1,000,000 fen), B: 20,000 CNY. Returns in percent.
  const rA = [-3, -4, -2, -3, -3, -2, 1, 0, 3, -4, 4, 1, 2, -1, 3, 4, -2, 0, 0, -1];
  const rB = [-2, -2, -1, 2, 1, 2, -2, -3, -1, 1, 2, 2, -1, 2, 2, 2, 3, 3, 3, -2];
  const dates = rA.map((_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);
  const returns = returnMatrix(
    ['A', 'B'],
    rA.map((a, i) => [a / 100, (rB[i] as number) / 100]),
    dates,
  );
  const e = Float64Array.of(1_000_000, 2_000_000);
  // The four worst losses (fen): day 2 80,000 (A 40,000, B 40,000); day 1 70,000 (30,000,
  // 40,000); day 8 60,000 (0, 60,000); day 20 50,000 (10,000, 40,000).

  it('M3.2-a at 95%: m = 19, VaR the second-worst loss (day 1), ES the worst (day 2)', () => {
    const [l] = historicalVar(returns, e, [0.95]).levels;
    expect(l?.var).toBeCloseTo(70_000, 6);
    expect(l?.es).toBeCloseTo(80_000, 6);
    expect(l?.varScenarios).toEqual(['2026-03-01']);
    expect([...(l?.varMarginal ?? [])].map((m, i) => m * (e[i] as number))).toEqual(
      [30_000, 40_000].map((x) => expect.closeTo(x, 6)),
    );
    expect([...(l?.esMarginal ?? [])].map((m, i) => m * (e[i] as number))).toEqual(
      [40_000, 40_000].map((x) => expect.closeTo(x, 6)),
    );
  });

  it('M3.2-a at 90%: VaR the third-worst (day 8), ES the mean of the two worst', () => {
    const [l] = historicalVar(returns, e, [0.9]).levels;
    expect(l?.var).toBeCloseTo(60_000, 6);
    expect(l?.es).toBeCloseTo(75_000, 6);
    expect(l?.varScenarios).toEqual(['2026-03-08']);
    expect([...(l?.esMarginal ?? [])].map((m, i) => m * (e[i] as number))).toEqual(
      [35_000, 40_000].map((x) => expect.closeTo(x, 6)),
    );
  });

  it('M3.2-a at 92.5% (a S = 18.5 not whole): ES = (0.5 L(19) + L(20)) / 1.5', () => {
    const [l] = historicalVar(returns, e, [0.925]).levels;
    expect(l?.var).toBeCloseTo(70_000, 6);
    expect(l?.es).toBeCloseTo((0.5 * 70_000 + 80_000) / 1.5, 6);
    const contributions = [...(l?.esMarginal ?? [])].map((m, i) => m * (e[i] as number));
    expect(contributions[0]).toBeCloseTo((0.5 * 30_000 + 40_000) / 1.5, 6);
    expect(contributions[1]).toBeCloseTo(40_000, 6);
  });

  it('M3.2-a scenarios with equal losses share their ranks: the VaR scenario is their average', () => {
    // Losses 5, 5, 3, 1 (fen) of one series: at 75% m = 3, and both 5s stand at ranks 3 and 4.
    const m = returnMatrix(['x'], [[-0.05], [-0.01], [-0.05], [-0.03]], ['d1', 'd2', 'd3', 'd4']);
    const [l] = historicalVar(m, Float64Array.of(100), [0.75]).levels;
    expect(l?.var).toBeCloseTo(5, 12);
    expect(l?.es).toBeCloseTo(5, 12);
    expect(l?.varScenarios).toEqual(['d1', 'd3']);
  });
});

describe('the seeded normal generator (M3.2-a)', () => {
  it('M3.2-a is reproducible and passes a chi-square fit to the normal in 100 equiprobable bins', () => {
    const draws = 1_000_000;
    const bins = 100;
    const edges = Array.from({ length: bins - 1 }, (_, i) => normalQuantile((i + 1) / bins));
    const counts = new Array<number>(bins).fill(0);
    const g = new NormalGenerator(2026);
    for (let i = 0; i < draws; i++) {
      const z = g.next();
      let lo = 0;
      let hi = bins - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (z < (edges[mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      counts[lo] = (counts[lo] as number) + 1;
    }
    const expected = draws / bins;
    const statistic = sum(counts.map((c) => (c - expected) ** 2 / expected));
    // 99 degrees of freedom: p-value far from 0 (a bad generator gives thousands).
    expect(chiSquareSf(statistic, bins - 1)).toBeGreaterThan(0.001);
    expect(new NormalGenerator(7).fill(new Float64Array(5))).toEqual(
      new NormalGenerator(7).fill(new Float64Array(5)),
    );
    expect(new NormalGenerator(7).next()).not.toBe(new NormalGenerator(8).next());
  });

  it('M3.2-a the tail beyond the ziggurat base (3.654) has its normal probability', () => {
    const g = new NormalGenerator(99);
    const draws = 2_000_000;
    let beyond = 0;
    for (let i = 0; i < draws; i++) if (Math.abs(g.next()) > 3.6541528853610088) beyond++;
    const p = 2 * normalCdf(-3.6541528853610088);
    // Within 4 standard errors of the binomial count.
    expect(Math.abs(beyond - draws * p)).toBeLessThan(4 * Math.sqrt(draws * p * (1 - p)));
  });

  it('M3.2-a fillNormals (the fast path, state in a shared array) draws the generator sequence', () => {
    const state = MarketRisk.seedState(77);
    const fast = new Float64Array(100_000);
    MarketRisk.fillNormals(state, 0, fast);
    expect(fast).toEqual(new NormalGenerator(77).fill(new Float64Array(100_000)));
  });

  it('M3.2-a the Monte Carlo loop draws exactly the generator sequence (inlined, draw for draw)', () => {
    const b = Float64Array.of(0.3, -1.2, 2.5);
    const scenarios = 2_000;
    const losses = new Float64Array(scenarios);
    const states = new Int32Array(scenarios * 4);
    simulateDots(b, 42, losses, states);
    const g = new NormalGenerator(42);
    for (let s = 0; s < scenarios; s++) {
      let acc = 0;
      for (let j = 0; j < 3; j++) acc += (b[j] as number) * g.next();
      expect(losses[s]).toBe(-acc);
    }
  });
});

describe('Monte Carlo VaR (M3.2-a)', () => {
  it("M3.2-a Cholesky: L L' is the covariance; a singular (semi-definite) matrix gives a zero column", () => {
    const c = matrix([
      [4, 2, 2],
      [2, 2, 1],
      [2, 1, 1],
    ]); // the third row is half the first: rank 2
    const l = cholesky(c, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += (l[i * 3 + k] as number) * (l[j * 3 + k] as number);
        expect(s).toBeCloseTo(c[i * 3 + j] as number, 12);
      }
    expect(l[8]).toBe(0);
    expect(() =>
      cholesky(
        matrix([
          [1, 2],
          [2, 1],
        ]),
        2,
      ),
    ).toThrow(MarketRisk.NotPositiveSemidefiniteError);
  });

  it('M3.2-a the same seed gives the same figures; another seed other figures', () => {
    const cov = matrix([
      [0.0001, 0.0001],
      [0.0001, 0.0004],
    ]);
    const e = Float64Array.of(100_000_000, 100_000_000);
    const a = monteCarloVar(cov, e, [0.99], { scenarios: 10_000, seed: 5 });
    const b = monteCarloVar(cov, e, [0.99], { scenarios: 10_000, seed: 5 });
    const c = monteCarloVar(cov, e, [0.99], { scenarios: 10_000, seed: 6 });
    expect(b).toEqual(a);
    expect(c.levels[0]?.var).not.toBe(a.levels[0]?.var);
  });

  // Standard errors of the estimates on normal data (docs/market-risk.md, "Convergence"):
  // VaR: sqrt(a(1-a)/S) / phi(z) sigma; ES: sqrt([Var(L | L > VaR) + a (ES - VaR)^2] / (S(1-a))).
  function standardErrors(a: number, scenarios: number, sigma: number) {
    const z = normalQuantile(a);
    const lambda = normalPdf(z) / (1 - a);
    const tailVariance = 1 + z * lambda - lambda * lambda;
    return {
      var: (Math.sqrt((a * (1 - a)) / scenarios) / normalPdf(z)) * sigma,
      es: Math.sqrt((tailVariance + a * (lambda - z) ** 2) / (scenarios * (1 - a))) * sigma,
    };
  }

  it('M3.2-a converges to the variance-covariance figures within 4 standard errors (two assets, 100,000 scenarios)', () => {
    const cov = matrix([
      [0.0001, 0.0001],
      [0.0001, 0.0004],
    ]);
    const e = Float64Array.of(100_000_000, 100_000_000);
    const vc = varianceCovarianceVar(cov, e, [0.95, 0.99]);
    const mc = monteCarloVar(cov, e, [0.95, 0.99], {
      scenarios: 100_000,
      seed: 20_261_201,
      varBand: 0.0005,
    });
    vc.levels.forEach((v, i) => {
      const m = mc.levels[i] as MarketRisk.LevelEstimate;
      const se = standardErrors(v.confidence, 100_000, vc.sigma);
      expect(Math.abs(m.var - v.var)).toBeLessThan(4 * se.var);
      expect(Math.abs(m.es - v.es)).toBeLessThan(4 * se.es);
      // Contributions add up exactly, and each is near its component figure (within 5% of the total).
      expect(dot(m.varMarginal, e)).toBeCloseTo(m.var, 4);
      expect(dot(m.esMarginal, e)).toBeCloseTo(m.es, 4);
      for (let k = 0; k < 2; k++) {
        const ex = e[k] as number;
        expect(
          Math.abs((m.esMarginal[k] as number) - (v.esMarginal[k] as number)) * ex,
        ).toBeLessThan(0.05 * v.es);
        expect(
          Math.abs((m.varMarginal[k] as number) - (v.varMarginal[k] as number)) * ex,
        ).toBeLessThan(0.05 * v.var);
      }
    });
  });

  it('M3.2-a converges on a ten-series book with a factor structure and a short position', () => {
    const n = 10;
    const g = new NormalGenerator(3);
    const loadings = g.fill(new Float64Array(n * 2));
    const cov = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        cov[i * n + j] =
          ((loadings[i * 2] as number) * (loadings[j * 2] as number) +
            (loadings[i * 2 + 1] as number) * (loadings[j * 2 + 1] as number) +
            (i === j ? 0.5 : 0)) *
          1e-4;
    const e = Float64Array.from({ length: n }, (_, i) => (i === 3 ? -2e7 : 1e7 * (i + 1)));
    const vc = varianceCovarianceVar(cov, e, [0.95, 0.99]);
    const mc = monteCarloVar(cov, e, [0.95, 0.99], { scenarios: 100_000, seed: 11 });
    vc.levels.forEach((v, i) => {
      const m = mc.levels[i] as MarketRisk.LevelEstimate;
      const se = standardErrors(v.confidence, 100_000, vc.sigma);
      expect(Math.abs(m.var - v.var)).toBeLessThan(4 * se.var);
      expect(Math.abs(m.es - v.es)).toBeLessThan(4 * se.es);
    });
  });
});

describe('properties of every method (M3.2-a)', () => {
  const returnsArb = fc
    .record({ t: fc.integer({ min: 5, max: 60 }), n: fc.integer({ min: 1, max: 4 }) })
    .chain(({ t, n }) =>
      fc.record({
        rows: fc.array(
          fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: n, maxLength: n }),
          {
            minLength: t,
            maxLength: t,
          },
        ),
        exposures: fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), {
          minLength: n,
          maxLength: n,
        }),
        extra: fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), {
          minLength: t,
          maxLength: t,
        }),
        at: fc.integer({ min: 0, max: n }),
      }),
    );
  const levels = fc
    .tuple(
      fc.double({ min: 0.5, max: 0.999, noNaN: true }),
      fc.double({ min: 0.5, max: 0.999, noNaN: true }),
    )
    .map(([a, b]) => (a <= b ? [a, b] : [b, a]));

  it('M3.2-a historical VaR (and ES) never decrease when the confidence level rises; ES >= VaR', () => {
    fc.assert(
      fc.property(returnsArb, levels, ({ rows, exposures }, [lo, hi]) => {
        const m = returnMatrix(rows[0]?.map((_, i) => `s${i}`) ?? [], rows);
        const [a, b] = historicalVar(m, Float64Array.from(exposures), [
          lo as number,
          hi as number,
        ]).levels;
        expect((b as MarketRisk.LevelEstimate).var).toBeGreaterThanOrEqual(
          (a as MarketRisk.LevelEstimate).var,
        );
        expect((b as MarketRisk.LevelEstimate).es).toBeGreaterThanOrEqual(
          (a as MarketRisk.LevelEstimate).es - 1e-9,
        );
        expect((a as MarketRisk.LevelEstimate).es).toBeGreaterThanOrEqual(
          (a as MarketRisk.LevelEstimate).var,
        );
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('M3.2-a adding a zero-weight series changes nothing, in any of the three methods', () => {
    fc.assert(
      fc.property(returnsArb, ({ rows, exposures, extra, at }) => {
        const n = exposures.length;
        const ids = exposures.map((_, i) => `s${i}`);
        const base = returnMatrix(ids, rows);
        const withExtra = returnMatrix(
          [...ids.slice(0, at), 'zero', ...ids.slice(at)],
          rows.map((r, t) => [...r.slice(0, at), extra[t] as number, ...r.slice(at)]),
        );
        const e = Float64Array.from(exposures);
        const e2 = Float64Array.from([...exposures.slice(0, at), 0, ...exposures.slice(at)]);
        const without = (x: Float64Array) => [...x.slice(0, at), ...x.slice(at + 1)];
        const same = (a: MarketRisk.MethodEstimate, b: MarketRisk.MethodEstimate) =>
          a.levels.forEach((l, i) => {
            const k = b.levels[i] as MarketRisk.LevelEstimate;
            // Exactly equal (+0 and -0 alike: x + 0 makes -0 +0).
            expect(k.var + 0).toBe(l.var + 0);
            expect(k.es + 0).toBe(l.es + 0);
            // Contributions: each original series' unchanged, the new one's zero.
            expect(without(k.varMarginal).map((m, j) => m * (e[j] as number) + 0)).toEqual(
              [...l.varMarginal].map((m, j) => m * (e[j] as number) + 0),
            );
            expect(without(k.esMarginal).map((m, j) => m * (e[j] as number) + 0)).toEqual(
              [...l.esMarginal].map((m, j) => m * (e[j] as number) + 0),
            );
            expect((k.esMarginal[at] as number) * (e2[at] as number) + 0).toBe(0);
          });
        const lv = [0.95, 0.99];
        same(historicalVar(base, e, lv), historicalVar(withExtra, e2, lv));
        const c1 = MarketRisk.covariance(base);
        const c2 = MarketRisk.covariance(withExtra);
        same(varianceCovarianceVar(c1, e, lv), varianceCovarianceVar(c2, e2, lv));
        same(
          monteCarloVar(c1, e, lv, { scenarios: 2_000, seed: 1 }),
          monteCarloVar(c2, e2, lv, { scenarios: 2_000, seed: 1 }),
        );
        expect(n).toBe(e.length);
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('M3.2-a the tail weights give back VaR and ES: a brute-force sort agrees on random losses', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 80 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (ints, a) => {
          const losses = Float64Array.from(ints);
          const sorted = [...ints].sort((x, y) => x - y);
          const s = ints.length;
          const m = Math.min(s, Math.max(1, Math.ceil(a * s - 1e-9)));
          const es =
            ((m - a * s) * (sorted[m - 1] as number) + sum(sorted.slice(m))) / (s * (1 - a));
          const [l] = tailOf(losses, [a]).levels;
          expect(l?.var).toBe(sorted[m - 1]);
          expect(l?.es).toBeCloseTo(Math.max(es, sorted[m - 1] as number), 9);
        },
      ),
      { numRuns: 500, seed: 19 },
    );
  });
});
