// Stress tests (M3.2-a): configured scenarios, each a shock (a simple return) per series
// applied to the book at once, and the worst window of the data itself: the run of
// `days` consecutive trading days over which the book, as held today, would have lost the
// most. Each result is split by series, so a position's share is its exposures times the
// series' shocks. Pure.
import type { ReturnMatrix } from './returns';

export interface StressScenario {
  readonly id: string;
  readonly description: string;
  /** Return of each series in the scenario (-0.3 = a 30% fall); series not named: 0. */
  readonly shocks: Readonly<Record<string, number>>;
}

export interface StressOutcome {
  /** The loss (positive) of the book under the shocks. */
  readonly loss: number;
  /** The shock each of the portfolio's series takes, in its order. */
  readonly shocks: Float64Array;
}

/** Applies one scenario's shocks to exposures over `seriesIds`. */
export function applyShocks(
  scenario: StressScenario,
  seriesIds: readonly string[],
  exposures: Float64Array,
): StressOutcome {
  const shocks = Float64Array.from(seriesIds, (id) => scenario.shocks[id] ?? 0);
  let pnl = 0;
  for (let i = 0; i < shocks.length; i++) pnl += (exposures[i] as number) * (shocks[i] as number);
  return { loss: -pnl, shocks };
}

export interface WorstWindow extends StressOutcome {
  readonly days: number;
  /** The window's first and last day: it runs from the close before `firstDay` to `lastDay`'s. */
  readonly firstDay: string;
  readonly lastDay: string;
}

/**
 * The `days`-day window with the largest loss: each series' compounded return over the
 * window, (1 + r_1)...(1 + r_days) - 1, times the exposures; the earliest window wins a tie.
 * Undefined when the data are shorter than the window.
 */
export function worstWindow(
  returns: ReturnMatrix,
  exposures: Float64Array,
  days: number,
): WorstWindow | undefined {
  const n = returns.seriesIds.length;
  const t = returns.dates.length;
  if (!Number.isInteger(days) || days < 1) throw new RangeError('a window is at least one day');
  if (t < days) return undefined;
  // Growth of one unit of each series from the start: window return = g[end] / g[start] - 1.
  const growth = new Float64Array((t + 1) * n);
  for (let i = 0; i < n; i++) growth[i] = 1;
  for (let s = 0; s < t; s++)
    for (let i = 0; i < n; i++)
      growth[(s + 1) * n + i] =
        (growth[s * n + i] as number) * (1 + (returns.values[s * n + i] as number));
  let worst = -Infinity;
  let at = 0;
  for (let start = 0; start + days <= t; start++) {
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const r = (growth[(start + days) * n + i] as number) / (growth[start * n + i] as number) - 1;
      loss -= (exposures[i] as number) * r;
    }
    if (loss > worst) {
      worst = loss;
      at = start;
    }
  }
  const shocks = new Float64Array(n);
  for (let i = 0; i < n; i++)
    shocks[i] = (growth[(at + days) * n + i] as number) / (growth[at * n + i] as number) - 1;
  return {
    days,
    firstDay: returns.dates[at] as string,
    lastDay: returns.dates[at + days - 1] as string,
    loss: worst,
    shocks,
  };
}
