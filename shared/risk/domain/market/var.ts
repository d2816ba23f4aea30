// Value at risk and expected shortfall of a linear book (M3.2-a, M3.2-b) by three methods:
// historical simulation, variance-covariance (delta-normal) and Monte Carlo (correlated
// normal returns by Cholesky, seeded). Each estimate comes with per-series marginals, so
// the contribution of any position (a vector of exposures) is its exposures times them and
// the contributions of all positions add up to the total exactly. Figures here are one-day
// and in the exposures' unit (fen); report.ts scales and rounds. Definitions, with their
// derivations and worked examples: docs/market-risk.md.
//
// Quantiles: with S equally likely scenarios and losses sorted ascending L(1) <= ... <= L(S),
// VaR at level a is L(m), m = ceil(a S), the smallest loss whose empirical distribution
// reaches a; ES is the Acerbi-Tasche average of the quantiles above a,
// ES = [ (m - a S) L(m) + sum_{k>m} L(k) ] / (S (1 - a)), the mean of the S(1-a) worst
// losses when a S is whole. Scenarios with equal losses share their ranks' weights.
import { fillNormals, simulateDots } from './random';
import type { ReturnMatrix } from './returns';
import { normalPdf, normalQuantile } from './stats';

export const VAR_METHODS = ['historical', 'variance-covariance', 'monte-carlo'] as const;
export type VarMethod = (typeof VAR_METHODS)[number];

export interface LevelEstimate {
  readonly confidence: number;
  /** One-day VaR: a loss, positive when the quantile is a loss. */
  readonly var: number;
  /** One-day expected shortfall (never below VaR). */
  readonly es: number;
  /** Per series: VaR contribution per unit of exposure (contribution = exposure x marginal). */
  readonly varMarginal: Float64Array;
  /** Per series: ES contribution per unit of exposure. */
  readonly esMarginal: Float64Array;
  /** Historical: the scenarios (dates) at the VaR quantile, the ones its contributions come from. */
  readonly varScenarios?: readonly string[];
}

export interface MethodEstimate {
  readonly method: VarMethod;
  readonly levels: readonly LevelEstimate[];
}

/** The rank of the VaR quantile among `scenarios` sorted losses (1-based). */
export function quantileRank(confidence: number, scenarios: number): number {
  // 1e-9 absorbs the binary representation of a level (0.95 * 100 is not exactly 95).
  return Math.min(scenarios, Math.max(1, Math.ceil(confidence * scenarios - 1e-9)));
}

/** The k-th smallest (0-based) of `a`, reordering `a` in place (quickselect, median of three). */
export function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** One level's quantile and the weights of the scenarios behind it, over `Tail.candidates`. */
export interface TailLevel {
  readonly confidence: number;
  readonly rank: number;
  readonly var: number;
  readonly es: number;
  /** Weights (summing to 1) of the scenarios whose average loss, times `varScale`, is VaR. */
  readonly varWeights: Float64Array;
  readonly varScale: number;
  /** Weights (summing to 1) of the scenarios whose average loss is ES. */
  readonly esWeights: Float64Array;
}

export interface Tail {
  /** Scenario indices of the worst losses, ascending by loss (ties by index). */
  readonly candidates: Int32Array;
  readonly levels: readonly TailLevel[];
}

/**
 * The quantiles of `losses` at each level, with the scenarios behind VaR (the one at its
 * rank, or `band` ranks either side of it, averaged and rescaled to VaR) and behind ES.
 */
export function tailOf(losses: Float64Array, confidences: readonly number[], band = 0): Tail {
  const s = losses.length;
  if (s === 0) throw new RangeError('no scenarios');
  for (let i = 0; i < s; i++)
    if (!Number.isFinite(losses[i])) throw new RangeError(`scenario ${i} has no finite loss`);
  const ranks = confidences.map((c) => quantileRank(c, s));
  const lowest = Math.max(1, Math.min(...ranks) - band);
  const threshold = selectInPlace(Float64Array.from(losses), lowest - 1);
  let count = 0;
  for (let i = 0; i < s; i++) if ((losses[i] as number) >= threshold) count++;
  const candidates = new Int32Array(count);
  for (let i = 0, c = 0; i < s; i++) if ((losses[i] as number) >= threshold) candidates[c++] = i;
  candidates.sort((a, b) => (losses[a] as number) - (losses[b] as number) || a - b);
  const firstRank = s - count + 1;
  // Groups of equal losses: [start, end) over the candidates.
  const groupEnd = new Int32Array(count);
  for (let j = count - 1; j >= 0; j--)
    groupEnd[j] =
      j + 1 < count && losses[candidates[j + 1] as number] === losses[candidates[j] as number]
        ? (groupEnd[j + 1] as number)
        : j + 1;
  const shareTies = (rankWeight: (rank: number) => number): Float64Array => {
    const w = new Float64Array(count);
    let total = 0;
    for (let j = 0; j < count;) {
      const end = groupEnd[j] as number;
      let sum = 0;
      for (let k = j; k < end; k++) sum += rankWeight(firstRank + k);
      for (let k = j; k < end; k++) w[k] = sum / (end - j);
      total += sum;
      j = end;
    }
    for (let k = 0; k < count; k++) w[k] = (w[k] as number) / total;
    return w;
  };
  const levels = confidences.map((confidence, l): TailLevel => {
    const m = ranks[l] as number;
    const value = losses[candidates[m - firstRank] as number] as number;
    const atM = Math.max(0, m - confidence * s);
    const esWeights = shareTies((r) => (r > m ? 1 : r === m ? atM : 0));
    const varWeights = shareTies((r) => (Math.abs(r - m) <= band ? 1 : 0));
    let es = 0;
    let bandLoss = 0;
    for (let k = 0; k < count; k++) {
      const loss = losses[candidates[k] as number] as number;
      es += (esWeights[k] as number) * loss;
      bandLoss += (varWeights[k] as number) * loss;
    }
    const varScale =
      Math.abs(bandLoss) > 1e-12 * Math.max(1, Math.abs(value)) ? value / bandLoss : 1;
    return {
      confidence,
      rank: m,
      var: value,
      es: Math.max(es, value),
      varWeights,
      varScale,
      esWeights,
    };
  });
  return { candidates, levels };
}

/** Per-series marginals from the candidates' per-series returns (`returnsOf` fills `r`). */
function marginals(
  tail: Tail,
  n: number,
  returnsOf: (scenario: number, r: Float64Array) => void,
): { varMarginal: Float64Array; esMarginal: Float64Array }[] {
  const out = tail.levels.map(() => ({
    varMarginal: new Float64Array(n),
    esMarginal: new Float64Array(n),
  }));
  const r = new Float64Array(n);
  tail.candidates.forEach((scenario, k) => {
    let needed = false;
    for (const l of tail.levels) if (l.varWeights[k] !== 0 || l.esWeights[k] !== 0) needed = true;
    if (!needed) return;
    returnsOf(scenario, r);
    tail.levels.forEach((l, li) => {
      const o = out[li] as (typeof out)[number];
      const wv = (l.varWeights[k] as number) * l.varScale;
      const we = l.esWeights[k] as number;
      for (let i = 0; i < n; i++) {
        o.varMarginal[i] = (o.varMarginal[i] as number) - wv * (r[i] as number);
        o.esMarginal[i] = (o.esMarginal[i] as number) - we * (r[i] as number);
      }
    });
  });
  return out;
}

/** One-day profit of the book in each scenario: the exposures times the returns. */
export function portfolioPnl(returns: ReturnMatrix, exposures: Float64Array): Float64Array {
  const n = returns.seriesIds.length;
  if (exposures.length !== n) throw new RangeError(`${exposures.length} exposures for ${n} series`);
  const t = returns.dates.length;
  const pnl = new Float64Array(t);
  for (let s = 0; s < t; s++) {
    let acc = 0;
    for (let i = 0; i < n; i++)
      acc += (exposures[i] as number) * (returns.values[s * n + i] as number);
    pnl[s] = acc;
  }
  return pnl;
}

/** Historical simulation: each past day's returns applied to today's exposures. */
export function historicalVar(
  returns: ReturnMatrix,
  exposures: Float64Array,
  confidences: readonly number[],
): MethodEstimate {
  const n = returns.seriesIds.length;
  const pnl = portfolioPnl(returns, exposures);
  const losses = pnl.map((x) => -x);
  const tail = tailOf(losses, confidences, 0);
  const m = marginals(tail, n, (scenario, r) => {
    for (let i = 0; i < n; i++) r[i] = returns.values[scenario * n + i] as number;
  });
  return {
    method: 'historical',
    levels: tail.levels.map((l, li) => ({
      confidence: l.confidence,
      var: l.var,
      es: l.es,
      ...(m[li] as (typeof m)[number]),
      varScenarios: [...tail.candidates]
        .filter((_, k) => l.varWeights[k] !== 0)
        .map((s) => returns.dates[s] as string),
    })),
  };
}

function covTimes(cov: Float64Array, e: Float64Array): Float64Array {
  const n = e.length;
  if (cov.length !== n * n) throw new RangeError(`a ${n}x${n} covariance needs ${n * n} entries`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += (cov[i * n + j] as number) * (e[j] as number);
    out[i] = acc;
  }
  return out;
}

/**
 * Variance-covariance (delta-normal, zero mean): the book's one-day profit is normal with
 * variance e'Σe, so VaR = z σ and ES = σ φ(z) / (1 - a); a series' marginal is its share of
 * σ's gradient, (Σe)_i / σ (component VaR, Euler allocation).
 */
export function varianceCovarianceVar(
  cov: Float64Array,
  exposures: Float64Array,
  confidences: readonly number[],
): MethodEstimate & { readonly sigma: number } {
  const n = exposures.length;
  const se = covTimes(cov, exposures);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (exposures[i] as number) * (se[i] as number);
  const sigma = Math.sqrt(Math.max(0, variance));
  return {
    method: 'variance-covariance',
    sigma,
    levels: confidences.map((confidence) => {
      const z = normalQuantile(confidence);
      const k = normalPdf(z) / (1 - confidence);
      const grad = se.map((x) => (sigma > 0 ? x / sigma : 0));
      return {
        confidence,
        var: z * sigma,
        es: k * sigma,
        varMarginal: grad.map((g) => z * g),
        esMarginal: grad.map((g) => k * g),
      };
    }),
  };
}

export class NotPositiveSemidefiniteError extends Error {
  override readonly name = 'NotPositiveSemidefiniteError';
  constructor(
    readonly column: number,
    readonly pivot: number,
  ) {
    super(`covariance is not positive semi-definite (pivot ${pivot} in column ${column})`);
  }
}

/**
 * The lower-triangular L with L L' = cov (row-major). Semi-definite matrices are accepted: a
 * pivot within rounding of zero (a constant series, or one that is a combination of others)
 * gives a zero column; a clearly negative one is an error.
 */
export function cholesky(cov: Float64Array, n: number): Float64Array {
  if (cov.length !== n * n) throw new RangeError(`a ${n}x${n} covariance needs ${n * n} entries`);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(cov[i * n + i] as number));
  const tol = 1e-12 * scale * n;
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = cov[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * n + k] as number) ** 2;
    if (d < -tol) throw new NotPositiveSemidefiniteError(j, d);
    if (d <= tol) continue; // a zero column
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = cov[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

export interface MonteCarloOptions {
  readonly scenarios: number;
  readonly seed: number;
  /**
   * VaR contributions average the scenarios within this fraction of `scenarios` ranks
   * either side of the quantile (rescaled to VaR): one scenario alone is too noisy.
   */
  readonly varBand?: number;
}

/**
 * Monte Carlo: `scenarios` draws of one-day returns r = L z (z independent standard normals,
 * L the Cholesky factor of the covariance), seeded: the same inputs and seed give the same
 * figures. Zero mean, like the variance-covariance method it converges to.
 */
export function monteCarloVar(
  cov: Float64Array,
  exposures: Float64Array,
  confidences: readonly number[],
  options: MonteCarloOptions,
): MethodEstimate & { readonly scenarios: number; readonly seed: number } {
  const full = exposures.length;
  const { scenarios, seed } = options;
  if (!Number.isInteger(scenarios) || scenarios < 1) throw new RangeError('scenarios >= 1');
  if (cov.length !== full * full)
    throw new RangeError(`a ${full}x${full} covariance needs ${full * full} entries`);
  // Series without exposure draw no numbers: adding one to a book changes nothing, not even
  // the random stream (their contributions are zero; their per-unit marginals are left 0).
  const active: number[] = [];
  for (let i = 0; i < full; i++) if (exposures[i] !== 0) active.push(i);
  const n = active.length;
  const sub = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      sub[i * n + j] = cov[(active[i] as number) * full + (active[j] as number)] as number;
  const e = Float64Array.from(active, (i) => exposures[i] as number);
  const l = cholesky(sub, n);
  const b = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let i = j; i < n; i++) acc += (l[i * n + j] as number) * (e[i] as number);
    b[j] = acc;
  }
  const losses = new Float64Array(scenarios);
  const states = new Int32Array(scenarios * 4);
  // One pass: for each scenario n standard normals z and the loss -b.z, where b = L'e, so
  // the book's profit e.(L z) never needs the n x n product per scenario.
  simulateDots(b, seed, losses, states);
  const band = Math.floor((options.varBand ?? 0) * scenarios);
  const tail = tailOf(losses, confidences, band);
  // The marginals are weighted averages of tail scenarios' returns L z: average the z
  // (drawn again from each scenario's saved state) and multiply by L once at the end.
  const m = marginals(tail, n, (scenario, z) => fillNormals(states, scenario * 4, z));
  const widen = (zbar: Float64Array) => {
    const out = new Float64Array(full);
    active.forEach((i, k) => {
      let acc = 0;
      for (let j = 0; j <= k; j++) acc += (l[k * n + j] as number) * (zbar[j] as number);
      out[i] = acc;
    });
    return out;
  };
  return {
    method: 'monte-carlo',
    scenarios,
    seed,
    levels: tail.levels.map((lv, li) => ({
      confidence: lv.confidence,
      var: lv.var,
      es: lv.es,
      varMarginal: widen((m[li] as (typeof m)[number]).varMarginal),
      esMarginal: widen((m[li] as (typeof m)[number]).esMarginal),
    })),
  };
}
