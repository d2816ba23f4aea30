// Returns of validated price series, aligned on the dates every series has. Returns are
// simple (P_t / P_{t-1} - 1), not logarithmic: a portfolio's one-day profit is then exactly
// the sum of its exposures times their returns, so historical, variance-covariance and
// Monte Carlo figures all value the same linear book and every position's contribution
// adds up to the total exactly (docs/market-risk.md, "Returns"). Pure.
import type { PriceSeries } from './prices';

/** Returns of N series over T days, row-major: values[t * N + i] is series i on day t. */
export interface ReturnMatrix {
  readonly seriesIds: readonly string[];
  /** The day each return ends on (its price date); the first price date has no return. */
  readonly dates: readonly string[];
  readonly values: Float64Array;
}

export interface Alignment {
  /** Price dates every series has, ascending. */
  readonly dates: readonly string[];
  /** Dates some series had and others did not: left out, and listed here, never hidden. */
  readonly dropped: readonly { readonly seriesId: string; readonly dates: readonly string[] }[];
  readonly returns: ReturnMatrix;
}

/** Aligns series on their common dates and takes simple returns between consecutive ones. */
export function alignReturns(series: readonly PriceSeries[]): Alignment {
  if (series.length === 0) throw new RangeError('no series to align');
  let common = new Set(series[0]?.dates);
  for (const s of series.slice(1)) {
    const has = new Set(s.dates);
    common = new Set([...common].filter((d) => has.has(d)));
  }
  const dates = [...common].sort();
  const dropped = series
    .map((s) => ({ seriesId: s.id, dates: s.dates.filter((d) => !common.has(d)) }))
    .filter((d) => d.dates.length > 0);
  const n = series.length;
  const t = Math.max(0, dates.length - 1);
  const values = new Float64Array(t * n);
  series.forEach((s, i) => {
    const at = new Map(s.dates.map((d, k) => [d, k]));
    let prev = s.prices[at.get(dates[0] as string) as number] as number;
    for (let k = 1; k < dates.length; k++) {
      const p = s.prices[at.get(dates[k] as string) as number] as number;
      values[(k - 1) * n + i] = p / prev - 1;
      prev = p;
    }
  });
  return {
    dates,
    dropped,
    returns: { seriesIds: series.map((s) => s.id), dates: dates.slice(1), values },
  };
}

/** A return matrix from rows of returns (tests, synthetic data). */
export function returnMatrix(
  seriesIds: readonly string[],
  rows: readonly (readonly number[])[],
  dates?: readonly string[],
): ReturnMatrix {
  const n = seriesIds.length;
  const values = new Float64Array(rows.length * n);
  rows.forEach((r, t) => {
    if (r.length !== n) throw new RangeError(`row ${t} has ${r.length} returns, not ${n}`);
    r.forEach((x, i) => (values[t * n + i] = x));
  });
  return {
    seriesIds,
    dates: dates ?? rows.map((_, t) => `day ${t + 1}`),
    values,
  };
}

/** The columns of `m` named by `ids`, in that order (a portfolio's own series). */
export function selectSeries(m: ReturnMatrix, ids: readonly string[]): ReturnMatrix {
  const n = m.seriesIds.length;
  const cols = ids.map((id) => {
    const c = m.seriesIds.indexOf(id);
    if (c < 0) throw new RangeError(`no returns for series ${id}`);
    return c;
  });
  const t = m.dates.length;
  const values = new Float64Array(t * ids.length);
  for (let r = 0; r < t; r++)
    for (let j = 0; j < cols.length; j++)
      values[r * ids.length + j] = m.values[r * n + (cols[j] as number)] as number;
  return { seriesIds: ids, dates: m.dates, values };
}

/** The last `days` rows (or all of them). */
export function lastDays(m: ReturnMatrix, days: number): ReturnMatrix {
  const t = m.dates.length;
  const from = Math.max(0, t - days);
  const n = m.seriesIds.length;
  return { seriesIds: m.seriesIds, dates: m.dates.slice(from), values: m.values.slice(from * n) };
}

/**
 * The sample covariance matrix (divisor T - 1; each series' mean removed), N x N row-major.
 * The variance-covariance and Monte Carlo methods take it as the one-day covariance.
 */
export function covariance(m: ReturnMatrix): Float64Array {
  const n = m.seriesIds.length;
  const t = m.dates.length;
  if (t < 2) throw new RangeError(`a covariance needs at least 2 returns, got ${t}`);
  const mean = new Float64Array(n);
  for (let r = 0; r < t; r++)
    for (let i = 0; i < n; i++) mean[i] = (mean[i] as number) + (m.values[r * n + i] as number);
  for (let i = 0; i < n; i++) mean[i] = (mean[i] as number) / t;
  const cov = new Float64Array(n * n);
  const d = new Float64Array(n);
  for (let r = 0; r < t; r++) {
    for (let i = 0; i < n; i++) d[i] = (m.values[r * n + i] as number) - (mean[i] as number);
    for (let i = 0; i < n; i++) {
      const di = d[i] as number;
      for (let j = 0; j <= i; j++)
        cov[i * n + j] = (cov[i * n + j] as number) + di * (d[j] as number);
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = (cov[i * n + j] as number) / (t - 1);
      cov[i * n + j] = v;
      cov[j * n + i] = v;
    }
  return cov;
}

/** A row-major matrix from nested arrays (tests, configuration). */
export function matrix(rows: readonly (readonly number[])[]): Float64Array {
  const n = rows.length;
  const out = new Float64Array(n * n);
  rows.forEach((r, i) => {
    if (r.length !== n) throw new RangeError(`row ${i} has ${r.length} entries, not ${n}`);
    r.forEach((x, j) => (out[i * n + j] = x));
  });
  return out;
}
