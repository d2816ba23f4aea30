// The measures of a credit score's backtest (M3.1-e), each against values worked out by
// hand in the comments beside it. Scores are "higher is safer"; `bad` marks defaults.
import { describe, expect, it } from 'vitest';
import {
  auc,
  bandCounts,
  calibration,
  confusion,
  gini,
  ks,
  meanAndSd,
  psi,
  quantileEdges,
  woeTable,
} from '../../shared/credit';

// Three goods scoring 3, 5, 7 and three bads scoring 1, 4, 5.
const scores = [3, 5, 7, 1, 4, 5];
const bad = [false, false, false, true, true, true];

describe('AUC, Gini and KS (M3.1-e)', () => {
  it('M3.1-e AUC is the share of (good, bad) pairs the score orders right, a tie counting half', () => {
    // Pairs, good against bad:
    //   good 3: beats 1, loses to 4 and 5          -> 1
    //   good 5: beats 1 and 4, ties 5               -> 2.5
    //   good 7: beats 1, 4 and 5                    -> 3
    // 6.5 of 9 pairs: AUC = 13/18.
    expect(auc(scores, bad)).toBeCloseTo(13 / 18, 12);
    // Gini = 2 AUC - 1 = 26/18 - 1 = 4/9.
    expect(gini(scores, bad)).toBeCloseTo(4 / 9, 12);
  });

  it('M3.1-e AUC is 1 for a perfect ranking, 0 for a reversed one, 1/2 when every score ties', () => {
    expect(auc([2, 3, 0, 1], [false, false, true, true])).toBe(1);
    expect(auc([0, 1, 2, 3], [false, false, true, true])).toBe(0);
    expect(auc([5, 5, 5, 5], [false, true, false, true])).toBe(0.5);
  });

  it('M3.1-e KS is the widest gap between the cumulative shares of bads and goods', () => {
    // At or below each distinct score (bads of 3, goods of 3):
    //   1: bads 1/3, goods 0    -> 1/3
    //   3: bads 1/3, goods 1/3  -> 0
    //   4: bads 2/3, goods 1/3  -> 1/3
    //   5: bads 3/3, goods 2/3  -> 1/3
    //   7: bads 3/3, goods 3/3  -> 0
    // KS = 1/3, first reached at a cut after score 1.
    const r = ks(scores, bad);
    expect(r.ks).toBeCloseTo(1 / 3, 12);
    expect(r.at).toBe(1);
    // A perfect ranking separates completely.
    expect(ks([2, 3, 0, 1], [false, false, true, true]).ks).toBe(1);
  });

  it('M3.1-e refuses to measure without both goods and bads, or with a label missing', () => {
    expect(() => auc([1, 2], [false, false])).toThrow(RangeError);
    expect(() => ks([1, 2], [true, true])).toThrow(RangeError);
    expect(() => auc([1, 2], [false])).toThrow(RangeError);
  });
});

describe('weight of evidence and information value (M3.1-a)', () => {
  it('M3.1-a WoE and IV of a three-bin table, worked by hand', () => {
    // 100 goods and 100 bads:
    //   bin  goods bads  good share  bad share  WoE = ln(g/b)        IV part = (g - b) WoE
    //   A    60    20    0.6         0.2        ln 3   =  1.098612   0.4 * 1.098612 = 0.439445
    //   B    30    30    0.3         0.3        ln 1   =  0          0
    //   C    10    50    0.1         0.5        ln 0.2 = -1.609438  -0.4 * -1.609438 = 0.643775
    // IV = 1.083220
    const { rows, iv } = woeTable([
      { good: 60, bad: 20 },
      { good: 30, bad: 30 },
      { good: 10, bad: 50 },
    ]);
    expect(rows.map((r) => r.woe)).toEqual([
      expect.closeTo(1.098612, 6),
      expect.closeTo(0, 12),
      expect.closeTo(-1.609438, 6),
    ]);
    expect(rows.map((r) => r.iv)).toEqual([
      expect.closeTo(0.439445, 6),
      expect.closeTo(0, 12),
      expect.closeTo(0.643775, 6),
    ]);
    expect(iv).toBeCloseTo(1.08322, 5);
  });

  it('M3.1-a a bin without bads counts half a bad, so its WoE stays finite', () => {
    // 10 goods of 20, 0 bads of 10 taken as 0.5: WoE = ln((10/20) / (0.5/10)) = ln 10.
    const { rows } = woeTable([
      { good: 10, bad: 0 },
      { good: 10, bad: 10 },
    ]);
    expect(rows[0]!.woe).toBeCloseTo(Math.log(10), 12);
  });
});

describe('population stability (M3.1-e)', () => {
  it('M3.1-e PSI over three bands, worked by hand', () => {
    // Expected shares 0.5, 0.3, 0.2; actual 0.4, 0.3, 0.3:
    //   (0.4 - 0.5) ln(0.4/0.5) = -0.1 * -0.223144 = 0.0223144
    //   (0.3 - 0.3) ln 1        = 0
    //   (0.3 - 0.2) ln(0.3/0.2) =  0.1 *  0.405465 = 0.0405465
    // PSI = 0.0628609
    expect(psi([50, 30, 20], [40, 30, 30])).toBeCloseTo(0.0628609, 6);
    expect(psi([5, 3, 2], [50, 30, 20])).toBe(0);
  });

  it('M3.1-e bands cut at the baseline quantiles; a value on an edge goes to the band above', () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileEdges(base, 5)).toEqual([3, 5, 7, 9]);
    expect(bandCounts(base, [3, 5, 7, 9])).toEqual([2, 2, 2, 2, 2]);
    // Ties keep together: no empty band from a repeated value.
    expect(quantileEdges([1, 1, 1, 1, 2, 2, 3, 3], 4)).toEqual([2, 3]);
  });
});

describe('decisions, cost and calibration (M3.1-e)', () => {
  it('M3.1-e accuracy and the cost matrix (a bad approved costs 5, a good refused 1)', () => {
    // approved good, approved bad, refused good, refused bad, approved good
    const c = confusion([true, true, false, false, true], [false, true, false, true, false], {
      badApproved: 5,
      goodRefused: 1,
    });
    expect(c).toEqual({
      approvedGood: 2,
      approvedBad: 1,
      refusedGood: 1,
      refusedBad: 1,
      accuracy: 3 / 5,
      approvalRate: 3 / 5,
      approvedBadRate: 1 / 3,
      cost: 6,
      costPerApplication: 6 / 5,
    });
  });

  it('M3.1-e calibration compares mean predicted PD with the observed bad rate per band', () => {
    const rows = calibration(
      [0.05, 0.15, 0.25, 0.6, 0.8],
      [false, false, true, true, false],
      [0.2, 0.5],
    );
    expect(rows).toEqual([
      { from: 0, to: 0.2, count: 2, bads: 0, predicted: expect.closeTo(0.1, 12), observed: 0 },
      { from: 0.2, to: 0.5, count: 1, bads: 1, predicted: 0.25, observed: 1 },
      { from: 0.5, to: 1, count: 2, bads: 1, predicted: expect.closeTo(0.7, 12), observed: 0.5 },
    ]);
  });

  it('M3.1-e mean and sample standard deviation, worked by hand', () => {
    // Mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sd = sqrt(32 / 7).
    const s = meanAndSd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(meanAndSd([3])).toEqual({ mean: 3, sd: 0 });
  });
});
