// Backtesting VaR (M3.2-a; the manual asks that models be measured, M3.1-e): one-day VaR
// estimated each day from the window of days before it, compared with that day's loss; the
// exceptions (loss above VaR) counted and tested: Kupiec's proportion of failures (is the
// exception rate the promised 1 - a?), Christoffersen's independence (do exceptions
// cluster?), both as likelihood ratios against chi-square, and the Basel traffic light.
// Formulas and worked examples: docs/market-risk.md. Pure.
import { binomialCdf, chiSquareSf } from './stats';
import { tailOf } from './var';
import { normalQuantile } from './stats';

/** x ln y, with 0 ln 0 = 0 (the convention every likelihood below needs). */
function xlny(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

export interface LikelihoodRatioTest {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** P(chi-square > statistic): small means the model is rejected. */
  readonly pValue: number;
}

/**
 * Kupiec's proportion-of-failures test: x exceptions in T days against the rate p = 1 - a.
 * LR = -2 ln[(1-p)^(T-x) p^x] + 2 ln[(1-x/T)^(T-x) (x/T)^x], chi-square with 1 degree.
 */
export function kupiec(
  exceptions: number,
  observations: number,
  confidence: number,
): LikelihoodRatioTest {
  if (!Number.isInteger(exceptions) || !Number.isInteger(observations) || observations < 1)
    throw new RangeError('whole counts, at least one observation');
  if (exceptions < 0 || exceptions > observations)
    throw new RangeError('0 <= exceptions <= observations');
  const p = 1 - confidence;
  const x = exceptions;
  const t = observations;
  const phat = x / t;
  const statistic = Math.max(
    0,
    -2 * (xlny(t - x, 1 - p) + xlny(x, p)) + 2 * (xlny(t - x, 1 - phat) + xlny(x, phat)),
  );
  return { statistic, degreesOfFreedom: 1, pValue: chiSquareSf(statistic, 1) };
}

export interface Transitions {
  /** n_ij: days with state j after a day with state i (1 = exception). */
  readonly n00: number;
  readonly n01: number;
  readonly n10: number;
  readonly n11: number;
}

export function transitions(hits: readonly boolean[]): Transitions {
  let n00 = 0;
  let n01 = 0;
  let n10 = 0;
  let n11 = 0;
  for (let t = 1; t < hits.length; t++) {
    const a = hits[t - 1];
    const b = hits[t];
    if (!a && !b) n00++;
    else if (!a && b) n01++;
    else if (a && !b) n10++;
    else n11++;
  }
  return { n00, n01, n10, n11 };
}

/**
 * Christoffersen's independence test: is an exception as likely after an exception
 * (π1 = n11/(n10+n11)) as after a quiet day (π0 = n01/(n00+n01))? LR = -2 ln L(π) + 2 ln
 * L(π0, π1), π = (n01+n11)/all, chi-square with 1 degree.
 */
export function christoffersen(hits: readonly boolean[]): LikelihoodRatioTest &
  Transitions & {
    readonly pi0: number;
    readonly pi1: number;
    readonly pi: number;
  } {
  const tr = transitions(hits);
  const { n00, n01, n10, n11 } = tr;
  const all = n00 + n01 + n10 + n11;
  const pi0 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0;
  const pi1 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0;
  const pi = all > 0 ? (n01 + n11) / all : 0;
  const restricted = xlny(n00 + n10, 1 - pi) + xlny(n01 + n11, pi);
  const unrestricted = xlny(n00, 1 - pi0) + xlny(n01, pi0) + xlny(n10, 1 - pi1) + xlny(n11, pi1);
  const statistic = Math.max(0, -2 * restricted + 2 * unrestricted);
  return { ...tr, pi0, pi1, pi, statistic, degreesOfFreedom: 1, pValue: chiSquareSf(statistic, 1) };
}

export type TrafficLightZone = 'GREEN' | 'YELLOW' | 'RED';

/** The Basel plus factor added to the capital multiplier, by exceptions in 250 days at 99%. */
const PLUS_FACTORS: Readonly<Record<number, number>> = {
  5: 0.4,
  6: 0.5,
  7: 0.65,
  8: 0.75,
  9: 0.85,
};

/**
 * The traffic light: green while the binomial probability of at most this many exceptions
 * (at the promised rate) is below 95%, yellow below 99.99%, red from there. For 250 days at
 * 99% that is Basel's table: green 0-4, yellow 5-9, red 10 or more.
 */
export function trafficLight(
  exceptions: number,
  observations = 250,
  confidence = 0.99,
): {
  readonly zone: TrafficLightZone;
  readonly cumulativeProbability: number;
  readonly plusFactor?: number;
} {
  const cumulativeProbability = binomialCdf(exceptions, observations, 1 - confidence);
  const zone: TrafficLightZone =
    cumulativeProbability < 0.95 ? 'GREEN' : cumulativeProbability < 0.9999 ? 'YELLOW' : 'RED';
  const basel = observations === 250 && Math.abs(confidence - 0.99) < 1e-12;
  const plusFactor = !basel
    ? undefined
    : zone === 'GREEN'
      ? 0
      : zone === 'RED'
        ? 1
        : PLUS_FACTORS[exceptions];
  return { zone, cumulativeProbability, ...(plusFactor === undefined ? {} : { plusFactor }) };
}

export interface BacktestOptions {
  /** Days of history behind each day's VaR. */
  readonly window: number;
  readonly confidence: number;
  /** How each day's VaR is estimated from its window. */
  readonly method: 'historical' | 'variance-covariance';
}

export interface BacktestDay {
  readonly date: string;
  readonly var: number;
  readonly loss: number;
  readonly exception: boolean;
}

export interface BacktestResult {
  readonly options: BacktestOptions;
  readonly observations: number;
  readonly exceptions: number;
  readonly expectedExceptions: number;
  readonly exceptionRate: number;
  readonly kupiec: LikelihoodRatioTest;
  readonly christoffersen: ReturnType<typeof christoffersen>;
  /** Kupiec + Christoffersen, chi-square with 2 degrees. */
  readonly conditionalCoverage: LikelihoodRatioTest;
  /** Over the last 250 days tested (all of them when fewer). */
  readonly trafficLight: ReturnType<typeof trafficLight> & {
    readonly observations: number;
    readonly exceptions: number;
  };
  readonly days: readonly BacktestDay[];
}

/**
 * Rolling one-day VaR over a profit series (the book's P&L as held today, or any series'
 * returns): day t's VaR from days t-window .. t-1, an exception when day t's loss exceeds
 * it. The variance-covariance estimate uses the window's standard deviation, zero mean.
 */
export function backtestVar(
  pnl: Float64Array,
  dates: readonly string[],
  options: BacktestOptions,
): BacktestResult {
  const { window, confidence, method } = options;
  if (!Number.isInteger(window) || window < 2) throw new RangeError('a window of at least 2 days');
  if (pnl.length !== dates.length) throw new RangeError('one date per observation');
  if (pnl.length <= window)
    throw new RangeError(`${pnl.length} days leave nothing to test after a window of ${window}`);
  const z = normalQuantile(confidence);
  const losses = new Float64Array(window);
  const days: BacktestDay[] = [];
  for (let t = window; t < pnl.length; t++) {
    for (let k = 0; k < window; k++) losses[k] = -(pnl[t - window + k] as number);
    let v: number;
    if (method === 'historical')
      v = (tailOf(losses, [confidence]).levels[0] as { var: number }).var;
    else {
      let mean = 0;
      for (let k = 0; k < window; k++) mean += losses[k] as number;
      mean /= window;
      let ss = 0;
      for (let k = 0; k < window; k++) ss += ((losses[k] as number) - mean) ** 2;
      v = z * Math.sqrt(ss / (window - 1));
    }
    const loss = -(pnl[t] as number);
    days.push({ date: dates[t] as string, var: v, loss, exception: loss > v });
  }
  const hits = days.map((d) => d.exception);
  const exceptions = hits.filter(Boolean).length;
  const observations = days.length;
  const k = kupiec(exceptions, observations, confidence);
  const c = christoffersen(hits);
  const ccStatistic = k.statistic + c.statistic;
  const last = hits.slice(-250);
  const lastExceptions = last.filter(Boolean).length;
  return {
    options,
    observations,
    exceptions,
    expectedExceptions: observations * (1 - confidence),
    exceptionRate: exceptions / observations,
    kupiec: k,
    christoffersen: c,
    conditionalCoverage: {
      statistic: ccStatistic,
      degreesOfFreedom: 2,
      pValue: chiSquareSf(ccStatistic, 2),
    },
    trafficLight: {
      ...trafficLight(lastExceptions, last.length, confidence),
      observations: last.length,
      exceptions: lastExceptions,
    },
    days,
  };
}
