// How well a credit score separates good from bad loans, and how stable it is (M3.1-e: the
// accuracy is measured, not assumed). Pure functions over plain arrays; every score here
// is "higher is safer", and `bad` marks the loans that went bad.

/** A measure needs both goods and bads; otherwise it is undefined, and we say so. */
function counts(bad: readonly boolean[]): { goods: number; bads: number } {
  const bads = bad.filter(Boolean).length;
  const goods = bad.length - bads;
  if (goods === 0 || bads === 0) throw new RangeError('needs at least one good and one bad');
  return { goods, bads };
}

function sameLength(scores: readonly number[], bad: readonly boolean[]): void {
  if (scores.length !== bad.length) throw new RangeError('one label per score');
}

/**
 * Area under the ROC curve: the chance that a random good scores above a random bad, a
 * tie counting one half (the Mann-Whitney statistic, by average ranks).
 */
export function auc(scores: readonly number[], bad: readonly boolean[]): number {
  sameLength(scores, bad);
  const { goods, bads } = counts(bad);
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let goodRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    const rank = (start + end) / 2 + 1; // ranks start + 1 .. end + 1, averaged
    for (let k = start; k <= end; k++) if (!bad[order[k]![1]]) goodRankSum += rank;
    start = end + 1;
  }
  return (goodRankSum - (goods * (goods + 1)) / 2) / (goods * bads);
}

/** The Gini coefficient (accuracy ratio): 2 AUC - 1. */
export function gini(scores: readonly number[], bad: readonly boolean[]): number {
  return 2 * auc(scores, bad) - 1;
}

/**
 * Kolmogorov-Smirnov statistic: the widest gap between the cumulative shares of bads and
 * of goods scoring at or below a cut, over every cut between distinct scores; `at` is the
 * score where it is reached (the lowest such score).
 */
export function ks(scores: readonly number[], bad: readonly boolean[]): { ks: number; at: number } {
  sameLength(scores, bad);
  const { goods, bads } = counts(bad);
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let cumGood = 0;
  let cumBad = 0;
  let best = { ks: 0, at: order[0]![0] };
  for (let k = 0; k < order.length; k++) {
    if (bad[order[k]![1]]) cumBad++;
    else cumGood++;
    const last = k + 1 === order.length || order[k + 1]![0] !== order[k]![0];
    if (!last) continue;
    const gap = Math.abs(cumBad / bads - cumGood / goods);
    if (gap > best.ks + 1e-12) best = { ks: gap, at: order[k]![0] };
  }
  return best;
}

export interface BinCounts {
  readonly good: number;
  readonly bad: number;
}

export interface WoeRow extends BinCounts {
  /** This bin's share of all goods, and of all bads. */
  readonly goodShare: number;
  readonly badShare: number;
  /** ln(goodShare / badShare): positive where the bin is safer than the population. */
  readonly woe: number;
  /** (goodShare - badShare) * woe: this bin's part of the information value. */
  readonly iv: number;
}

/**
 * Weight of evidence and information value of a binned factor. A bin without goods or
 * without bads would have an infinite WoE: its zero count is taken as `zeroCount` (0.5 by
 * default) for the shares, the totals staying as counted.
 */
export function woeTable(
  bins: readonly BinCounts[],
  zeroCount = 0.5,
): { rows: WoeRow[]; iv: number } {
  const goods = bins.reduce((s, b) => s + b.good, 0);
  const bads = bins.reduce((s, b) => s + b.bad, 0);
  if (goods === 0 || bads === 0) throw new RangeError('needs at least one good and one bad');
  const rows = bins.map((b) => {
    const goodShare = (b.good || zeroCount) / goods;
    const badShare = (b.bad || zeroCount) / bads;
    const woe = Math.log(goodShare / badShare);
    return { ...b, goodShare, badShare, woe, iv: (goodShare - badShare) * woe };
  });
  return { rows, iv: rows.reduce((s, r) => s + r.iv, 0) };
}

/**
 * Population stability index between an expected (baseline) and an actual distribution
 * over the same bands: sum of (actual - expected) * ln(actual / expected), shares of each
 * population. An empty band counts `zeroCount` (0.5) so the index stays finite.
 */
export function psi(
  expected: readonly number[],
  actual: readonly number[],
  zeroCount = 0.5,
): number {
  if (expected.length !== actual.length) throw new RangeError('the same bands on both sides');
  const e = expected.reduce((s, n) => s + n, 0);
  const a = actual.reduce((s, n) => s + n, 0);
  if (e === 0 || a === 0) throw new RangeError('both populations need members');
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const pe = (expected[i]! || zeroCount) / e;
    const pa = (actual[i]! || zeroCount) / a;
    sum += (pa - pe) * Math.log(pa / pe);
  }
  return sum;
}

/**
 * Counts per band: band i holds values v with edges[i-1] <= v < edges[i] (band 0 below the
 * first edge, the last band at or above the last edge); edges ascending.
 */
export function bandCounts(values: readonly number[], edges: readonly number[]): number[] {
  const out = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) out[bandOf(v, edges)]!++;
  return out;
}

export function bandOf(v: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && v >= edges[i]!) i++;
  return i;
}

/**
 * Cut points that split a baseline into `bands` bands of (nearly) equal size: the values
 * at each quantile, duplicates dropped (ties keep a band together).
 */
export function quantileEdges(values: readonly number[], bands: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let q = 1; q < bands; q++) {
    const v = sorted[Math.floor((q * sorted.length) / bands)];
    if (v !== undefined && v > sorted[0]! && v !== edges[edges.length - 1]) edges.push(v);
  }
  return edges;
}

export interface CostMatrix {
  /** What approving an applicant who goes bad costs. */
  readonly badApproved: number;
  /** What refusing an applicant who would have been good costs. */
  readonly goodRefused: number;
}

export interface Confusion {
  readonly approvedGood: number;
  readonly approvedBad: number;
  readonly refusedGood: number;
  readonly refusedBad: number;
  /** Share of decisions that were right: goods approved and bads refused. */
  readonly accuracy: number;
  readonly approvalRate: number;
  /** Bad rate among the approved (0 when none are). */
  readonly approvedBadRate: number;
  /** Total cost over the applications by the cost matrix, and per application. */
  readonly cost: number;
  readonly costPerApplication: number;
}

/** Outcomes when every application is approved or refused as `approved` says. */
export function confusion(
  approved: readonly boolean[],
  bad: readonly boolean[],
  costs: CostMatrix,
): Confusion {
  if (approved.length !== bad.length) throw new RangeError('one label per decision');
  if (approved.length === 0) throw new RangeError('no applications');
  let approvedGood = 0;
  let approvedBad = 0;
  let refusedGood = 0;
  let refusedBad = 0;
  approved.forEach((a, i) => {
    if (a && bad[i]) approvedBad++;
    else if (a) approvedGood++;
    else if (bad[i]) refusedBad++;
    else refusedGood++;
  });
  const n = approved.length;
  const cost = approvedBad * costs.badApproved + refusedGood * costs.goodRefused;
  return {
    approvedGood,
    approvedBad,
    refusedGood,
    refusedBad,
    accuracy: (approvedGood + refusedBad) / n,
    approvalRate: (approvedGood + approvedBad) / n,
    approvedBadRate:
      approvedGood + approvedBad === 0 ? 0 : approvedBad / (approvedGood + approvedBad),
    cost,
    costPerApplication: cost / n,
  };
}

export interface CalibrationRow {
  /** The band's probability-of-default range: from <= pd < to. */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly bads: number;
  /** Mean predicted PD in the band, and the bad rate observed (null when the band is empty). */
  readonly predicted: number | null;
  readonly observed: number | null;
}

/** Predicted against observed default rates by band of predicted PD (edges ascending). */
export function calibration(
  pd: readonly number[],
  bad: readonly boolean[],
  edges: readonly number[],
): CalibrationRow[] {
  if (pd.length !== bad.length) throw new RangeError('one label per prediction');
  const bounds = [0, ...edges, 1];
  const rows = bounds.slice(1).map(() => ({ count: 0, bads: 0, pdSum: 0 }));
  pd.forEach((p, i) => {
    const r = rows[bandOf(p, edges)]!;
    r.count++;
    r.pdSum += p;
    if (bad[i]) r.bads++;
  });
  return rows.map((r, i) => ({
    from: bounds[i]!,
    to: bounds[i + 1]!,
    count: r.count,
    bads: r.bads,
    predicted: r.count ? r.pdSum / r.count : null,
    observed: r.count ? r.bads / r.count : null,
  }));
}

/** Mean and sample standard deviation (n - 1). */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) throw new RangeError('no values');
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length === 1) return { mean, sd: 0 };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (values.length - 1)) };
}
