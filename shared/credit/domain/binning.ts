// Coarse classing for the statistical scorecard: each factor's values are grouped into a
// few bins, each with enough applications and both goods and bads in it, so that its
// weight of evidence is a stable figure. Numbers start from fine classes of about equal
// size; categories start one bin per value, ordered by bad rate. Adjacent bins are then
// merged, always the pair whose bad rates differ least by the chi-square test (ChiMerge),
// until every bin is large enough, the bad rate runs one way (where asked) and there are
// at most `maxBins`. Values not known (null) keep a bin of their own where they are many
// enough, else join the bin whose bad rate is closest. Deterministic: ties go to the
// lowest index.
import type { FactorValue } from './application';

export interface BinningOptions {
  /** How many fine classes a number starts from. */
  readonly fineBins: number;
  /** The most bins a factor ends with (a bin of unknowns not counted). */
  readonly maxBins: number;
  /** The smallest share of the applications a bin may hold. */
  readonly minBinShare: number;
  /** Whether a number's bad rate must rise or fall steadily across its bins. */
  readonly monotone: boolean;
}

/** A bin as fitted: the values it holds and its counts. */
export interface Bin {
  /** Categories (a categorical factor). */
  readonly values?: string[];
  /** A numeric range from <= v < to; null is open-ended; both absent on a bin of unknowns. */
  readonly from?: number | null;
  readonly to?: number | null;
  /** Whether an unknown value (null) falls in this bin. */
  readonly unknown: boolean;
  readonly good: number;
  readonly bad: number;
}

interface Cell {
  values: string[];
  from: number | null;
  unknown: boolean;
  good: number;
  bad: number;
}

const size = (c: { good: number; bad: number }) => c.good + c.bad;
const badRate = (c: { good: number; bad: number }) => c.bad / size(c);

/** Pearson's chi-square of the 2x2 table of two bins (goods and bads). */
export function chiSquare(a: { good: number; bad: number }, b: { good: number; bad: number }) {
  const n = size(a) + size(b);
  const goods = a.good + b.good;
  const bads = a.bad + b.bad;
  let chi = 0;
  for (const [observed, row, col] of [
    [a.good, size(a), goods],
    [a.bad, size(a), bads],
    [b.good, size(b), goods],
    [b.bad, size(b), bads],
  ] as const) {
    const expected = (row * col) / n;
    if (expected > 0) chi += (observed - expected) ** 2 / expected;
  }
  return chi;
}

function mergeAt(cells: Cell[], i: number): void {
  const a = cells[i]!;
  const b = cells[i + 1]!;
  cells.splice(i, 2, {
    values: [...a.values, ...b.values],
    from: a.from,
    unknown: a.unknown || b.unknown,
    good: a.good + b.good,
    bad: a.bad + b.bad,
  });
}

/** The adjacent pair (i, i + 1) with the smallest chi-square among `candidates`. */
function closestPair(cells: Cell[], candidates: number[]): number {
  let best = candidates[0]!;
  let bestChi = Infinity;
  for (const i of candidates) {
    const chi = chiSquare(cells[i]!, cells[i + 1]!);
    if (chi < bestChi - 1e-12) {
      best = i;
      bestChi = chi;
    }
  }
  return best;
}

function mergeOrdered(cells: Cell[], minCount: number, options: BinningOptions): void {
  while (cells.length > 1) {
    // A bin too small or without goods or bads joins its closer neighbour.
    let weak = -1;
    cells.forEach((c, i) => {
      const isWeak = size(c) < minCount || c.good === 0 || c.bad === 0;
      if (isWeak && (weak < 0 || size(c) < size(cells[weak]!))) weak = i;
    });
    if (weak >= 0) {
      const pairs = [weak - 1, weak].filter((i) => i >= 0 && i + 1 < cells.length);
      mergeAt(cells, closestPair(cells, pairs));
      continue;
    }
    if (options.monotone && cells.length > 2) {
      const rising = badRate(cells[cells.length - 1]!) >= badRate(cells[0]!);
      const against: number[] = [];
      for (let i = 0; i + 1 < cells.length; i++) {
        const step = badRate(cells[i + 1]!) - badRate(cells[i]!);
        if (rising ? step < 0 : step > 0) against.push(i);
      }
      if (against.length > 0) {
        mergeAt(cells, closestPair(cells, against));
        continue;
      }
    }
    if (cells.length > options.maxBins) {
      mergeAt(cells, closestPair(cells, [...cells.keys()].slice(0, -1)));
      continue;
    }
    return;
  }
}

/** Bins for one factor, from its values over the fitting applications and their outcomes. */
export function binFactor(
  kind: 'numeric' | 'categorical',
  values: readonly FactorValue[],
  bad: readonly boolean[],
  options: BinningOptions,
): Bin[] {
  if (values.length !== bad.length) throw new RangeError('one label per value');
  const minCount = Math.max(1, Math.ceil(options.minBinShare * values.length));
  const unknown = { good: 0, bad: 0 };
  const known: { v: string | number; bad: boolean }[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (bad[i]) unknown.bad++;
      else unknown.good++;
    } else known.push({ v, bad: bad[i]! });
  });

  let cells: Cell[];
  if (kind === 'numeric') {
    const byValue = new Map<number, { good: number; bad: number }>();
    for (const { v, bad: b } of known) {
      if (typeof v !== 'number') throw new RangeError(`a number expected, got ${v}`);
      const c = byValue.get(v) ?? { good: 0, bad: 0 };
      if (b) c.bad++;
      else c.good++;
      byValue.set(v, c);
    }
    const distinct = [...byValue.keys()].sort((a, b) => a - b);
    const fineSize = known.length / options.fineBins;
    cells = [];
    let open: Cell | undefined;
    for (const v of distinct) {
      const c = byValue.get(v)!;
      if (!open || size(open) >= fineSize) {
        open = { values: [], from: v, unknown: false, good: 0, bad: 0 };
        cells.push(open);
      }
      open.good += c.good;
      open.bad += c.bad;
    }
  } else {
    const byValue = new Map<string, Cell>();
    for (const { v, bad: b } of known) {
      const key = String(v);
      const c = byValue.get(key) ?? { values: [key], from: null, unknown: false, good: 0, bad: 0 };
      if (b) c.bad++;
      else c.good++;
      byValue.set(key, c);
    }
    cells = [...byValue.values()].sort(
      (a, b) => badRate(a) - badRate(b) || a.values[0]!.localeCompare(b.values[0]!),
    );
  }
  mergeOrdered(cells, minCount, kind === 'numeric' ? options : { ...options, monotone: true });

  // The unknowns: a bin of their own, or the closest known bin by bad rate.
  let unknownBin: Cell | undefined;
  if (size(unknown) > 0) {
    const own = size(unknown) >= minCount && unknown.good > 0 && unknown.bad > 0;
    if (own || cells.length === 0) {
      unknownBin = { values: [], from: null, unknown: true, ...unknown };
    } else {
      let closest = cells[0]!;
      for (const c of cells)
        if (Math.abs(badRate(c) - badRate(unknown)) < Math.abs(badRate(closest) - badRate(unknown)))
          closest = c;
      closest.unknown = true;
      closest.good += unknown.good;
      closest.bad += unknown.bad;
    }
  }

  const bins: Bin[] = cells.map((c, i) =>
    kind === 'numeric'
      ? {
          from: i === 0 ? null : c.from,
          to: i + 1 < cells.length ? cells[i + 1]!.from : null,
          unknown: c.unknown,
          good: c.good,
          bad: c.bad,
        }
      : { values: [...c.values].sort(), unknown: c.unknown, good: c.good, bad: c.bad },
  );
  if (unknownBin)
    bins.push(
      kind === 'numeric'
        ? { unknown: true, good: unknownBin.good, bad: unknownBin.bad }
        : { values: [], unknown: true, good: unknownBin.good, bad: unknownBin.bad },
    );
  return bins;
}
