// Fitting the statistical scorecard (M3.1-a, M8.2-a): the logistic regression against its
// closed form, the binning rules, the seeded split and folds, and a fit that is the same
// every time it runs.
import { describe, expect, it } from 'vitest';
import {
  binFactor,
  chiSquare,
  CreditApplicationSchema,
  fitLogistic,
  fitStatisticalScorecard,
  seededRandom,
  solveSpd,
  statisticalScorecard,
  stratifiedFolds,
  stratifiedSplit,
  type CreditApplication,
  type FitOptions,
} from '../../shared/credit';

describe('logistic regression (M3.1-a)', () => {
  it("M3.1-a with one binary input, the fit is each group's log-odds (the closed form)", () => {
    // x = 0: 3 bads of 4 -> log-odds ln 3 (the intercept);
    // x = 1: 1 bad of 4  -> log-odds ln(1/3); the slope is ln(1/3) - ln 3 = -2 ln 3.
    const x = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const y = [true, true, true, false, true, false, false, false];
    const fit = fitLogistic(x, y);
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(Math.log(3), 9);
    expect(fit.coefficients[0]).toBeCloseTo(-2 * Math.log(3), 9);
  });

  it('M3.1-a an L2 penalty shrinks the slope towards zero', () => {
    const x = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const y = [true, true, true, false, true, false, false, false];
    const free = Math.abs(fitLogistic(x, y, 0).coefficients[0]!);
    const shrunk = Math.abs(fitLogistic(x, y, 5).coefficients[0]!);
    expect(shrunk).toBeLessThan(free);
    expect(shrunk).toBeGreaterThan(0);
  });

  it('M3.1-a solves a symmetric positive definite system (Cholesky)', () => {
    // [4 2; 2 3] x = [2; 1]  ->  x = [0.5; 0]
    expect(
      solveSpd(
        [
          [4, 2],
          [2, 3],
        ],
        [2, 1],
      ),
    ).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0, 12)]);
    expect(() =>
      solveSpd(
        [
          [0, 0],
          [0, 1],
        ],
        [1, 1],
      ),
    ).toThrow(RangeError);
  });
});

describe('binning (M3.1-a)', () => {
  const options = { fineBins: 10, maxBins: 4, minBinShare: 0.1, monotone: true };

  it('M3.1-a chi-square of two bins, worked by hand', () => {
    // a: 10 goods, 10 bads; b: 20 goods, 0 bads. Expected per cell: goods 15, bads 5.
    // (10-15)^2/15 + (10-5)^2/5 + (20-15)^2/15 + (0-5)^2/5 = 5/3 + 5 + 5/3 + 5 = 13.333
    expect(chiSquare({ good: 10, bad: 10 }, { good: 20, bad: 0 })).toBeCloseTo(40 / 3, 12);
    expect(chiSquare({ good: 5, bad: 5 }, { good: 10, bad: 10 })).toBe(0);
  });

  it('M3.1-a numbers: ranges that cover every number, each bin big enough and holding goods and bads, bad rate one way', () => {
    // 100 values 0..99; the bad rate rises with the value but dips at 40-49.
    const values = Array.from({ length: 100 }, (_, i) => i);
    const bad = values.map((v) =>
      v >= 40 && v < 50 ? v % 10 === 0 : v % 10 < Math.floor(v / 20) + 1,
    );
    const bins = binFactor('numeric', values, bad, options);
    expect(bins[0]!.from).toBeNull();
    expect(bins[bins.length - 1]!.to).toBeNull();
    bins.slice(1).forEach((b, i) => expect(b.from).toBe(bins[i]!.to));
    expect(bins.length).toBeLessThanOrEqual(4);
    for (const b of bins) {
      expect(b.good + b.bad).toBeGreaterThanOrEqual(10);
      expect(b.good).toBeGreaterThan(0);
      expect(b.bad).toBeGreaterThan(0);
    }
    const rates = bins.map((b) => b.bad / (b.good + b.bad));
    expect([...rates].sort((a, b) => a - b)).toEqual(rates);
    expect(bins.reduce((s, b) => s + b.good + b.bad, 0)).toBe(100);
  });

  it('M3.1-a categories: small ones join the closest bad rate; unknowns get a bin of their own when there are enough', () => {
    // A: 40 (10 bad), B: 40 (20 bad), C: 5 (1 bad: too small, closest to A), unknown: 15 (5 bad).
    const values = [
      ...Array<string>(40).fill('A'),
      ...Array<string>(40).fill('B'),
      ...Array<string>(5).fill('C'),
      ...Array<null>(15).fill(null),
    ];
    const bad = [
      ...Array.from({ length: 40 }, (_, i) => i < 10),
      ...Array.from({ length: 40 }, (_, i) => i < 20),
      ...Array.from({ length: 5 }, (_, i) => i < 1),
      ...Array.from({ length: 15 }, (_, i) => i < 5),
    ];
    const bins = binFactor('categorical', values, bad, options);
    expect(bins).toEqual([
      { values: ['A', 'C'], unknown: false, good: 34, bad: 11 },
      { values: ['B'], unknown: false, good: 20, bad: 20 },
      { values: [], unknown: true, good: 10, bad: 5 },
    ]);
  });

  it('M3.1-a a factor never known is one bin (no evidence either way)', () => {
    const bins = binFactor('numeric', [null, null, null], [true, false, false], options);
    expect(bins).toEqual([{ unknown: true, good: 2, bad: 1 }]);
  });
});

describe('seeded split and folds', () => {
  const bad = Array.from({ length: 100 }, (_, i) => i % 10 < 3); // 30 bads

  it('the same seed gives the same numbers; another seed, others', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(first[0]);
  });

  it('a stratified 70/30 split keeps the bad rate on both sides, and every row once', () => {
    const { train, test } = stratifiedSplit(bad, 0.7, 13);
    expect(train).toHaveLength(70);
    expect(test).toHaveLength(30);
    expect(train.filter((i) => bad[i]).length).toBe(21);
    expect(test.filter((i) => bad[i]).length).toBe(9);
    expect([...train, ...test].sort((x, y) => x - y)).toEqual([...bad.keys()]);
    expect(stratifiedSplit(bad, 0.7, 13)).toEqual({ train, test });
    expect(stratifiedSplit(bad, 0.7, 14).train).not.toEqual(train);
  });

  it('stratified folds hold the same number of bads (to within one)', () => {
    const fold = stratifiedFolds(bad, 5, 1);
    for (let k = 0; k < 5; k++) {
      expect(fold.filter((f) => f === k)).toHaveLength(20);
      expect(fold.filter((f, i) => f === k && bad[i]).length).toBe(6);
    }
  });
});

describe('fitting a scorecard (M3.1-a, M8.2-a)', () => {
  // A synthetic book: a negative balance and a long term are riskier; dependants carry nothing.
  const random = seededRandom(42);
  const apps: CreditApplication[] = [];
  const bad: boolean[] = [];
  for (let i = 0; i < 600; i++) {
    const negative = random() < 0.4;
    const termMonths = 6 + Math.floor(random() * 48);
    const risk = 0.1 + (negative ? 0.3 : 0) + (termMonths > 30 ? 0.2 : 0);
    apps.push(
      CreditApplicationSchema.parse({
        amountFen: 100_000,
        termMonths,
        purpose: 'OTHER',
        employment: { status: 'SKILLED', months: 24 },
        housing: 'OWN',
        savingsBand: 'LOW',
        otherDebts: { instalmentPlans: 'NONE', burdenBand: 2 },
        dependants: Math.floor(random() * 3),
        guarantor: 'NONE',
        behaviour: {
          accountAgeMonths: null,
          balanceBand: negative ? 'NEGATIVE' : 'ESTABLISHED',
          repaymentRecord: null,
          openLoans: null,
          maxOverdueDays: null,
        },
      }),
    );
    bad.push(random() < risk);
  }
  const options: FitOptions = {
    binning: { fineBins: 10, maxBins: 4, minBinShare: 0.05, monotone: true },
    minIv: 0.02,
    l2: 1,
    scale: { anchorScore: 600, anchorOdds: 50, pointsToDoubleOdds: 20 },
    approveUpToPd: 1 / 6,
    declineAbovePd: 1 / 3,
    maxReasons: 3,
  };
  const provenance = {
    version: 'test',
    by: 'test',
    data: 'synthetic',
    citation: 'none',
    sha256: '0'.repeat(64),
    seed: 42,
  };

  it('M3.1-a keeps the factors that carry information, with the right sign, and leaves out the rest saying why', () => {
    const artifact = fitStatisticalScorecard(apps, bad, options, provenance);
    expect(artifact.factors.map((f) => f.factor).sort()).toEqual(['balance', 'term']);
    for (const f of artifact.factors) expect(f.coefficient).toBeLessThan(0);
    expect(artifact.excluded.find((x) => x.factor === 'accountAge')?.reason).toBe(
      'one bin only (no variation)',
    );
    expect(artifact.excluded.find((x) => x.factor === 'dependants')?.reason).toMatch(
      /information value below 0.02|wrong sign/,
    );
    // A negative balance scores below an established one, a long term below a short one.
    const balance = artifact.factors.find((f) => f.factor === 'balance')!;
    const pointsOf = (v: string) => balance.bins.find((b) => b.values?.includes(v))!.points;
    expect(pointsOf('NEGATIVE')).toBeLessThan(pointsOf('ESTABLISHED'));
    const term = artifact.factors.find((f) => f.factor === 'term')!;
    expect(term.bins[0]!.points).toBeGreaterThan(term.bins[term.bins.length - 1]!.points);
    // It loads as a scorecard (its own checks pass).
    expect(statisticalScorecard(artifact).assess(apps[0]!).scorecard.version).toBe('test');
  });

  it('M3.1-a the same data gives the same artifact, to the byte', () => {
    const a = JSON.stringify(fitStatisticalScorecard(apps, bad, options, provenance));
    const b = JSON.stringify(fitStatisticalScorecard(apps, bad, options, provenance));
    expect(b).toBe(a);
  });
});
