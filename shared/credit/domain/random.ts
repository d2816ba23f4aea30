// Seeded randomness for fitting and backtesting: the same seed gives the same split, the
// same folds and so the same numbers on every machine (32-bit integer arithmetic only).

/** mulberry32: a small, fast PRNG with a 32-bit state; returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A Fisher-Yates shuffle of a copy, driven by the given generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A stratified split of row indices: `share` of the goods and of the bads (rounded) go to
 * the first part, so both parts keep the bad rate. Indices come back sorted.
 */
export function stratifiedSplit(
  bad: readonly boolean[],
  share: number,
  seed: number,
): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [false, true]) {
    const idx = shuffled(
      bad.flatMap((b, i) => (b === cls ? [i] : [])),
      random,
    );
    const cut = Math.round(idx.length * share);
    train.push(...idx.slice(0, cut));
    test.push(...idx.slice(cut));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * Stratified k-fold assignment: each class is shuffled and dealt round-robin, so every
 * fold holds the same share of bads (to within one). Returns each row's fold, 0..k-1.
 */
export function stratifiedFolds(bad: readonly boolean[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const fold = new Array<number>(bad.length).fill(0);
  let next = 0;
  for (const cls of [false, true]) {
    const idx = shuffled(
      bad.flatMap((b, i) => (b === cls ? [i] : [])),
      random,
    );
    for (const i of idx) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}
