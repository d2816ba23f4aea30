// Logistic regression by Newton's method (iteratively reweighted least squares) with an
// L2 penalty on the slopes (not the intercept): deterministic, exact to the tolerance, and
// small enough for a scorecard's dozen inputs. P(y = 1 | x) = 1 / (1 + exp(-(b0 + b.x))).

export interface LogisticFit {
  readonly intercept: number;
  readonly coefficients: number[];
  readonly iterations: number;
  /** The last Newton step moved no coefficient by more than the tolerance. */
  readonly converged: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b for a symmetric positive definite A (Cholesky). */
export function solveSpd(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (sum <= 0) throw new RangeError('matrix is not positive definite');
        l[i]![i] = Math.sqrt(sum);
      } else l[i]![j] = sum / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

/**
 * Fits P(y) on the rows of `x` (no intercept column: one is added), minimising
 *   -loglik + (l2 / 2) * sum(b_j^2)
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly boolean[],
  l2 = 0,
  { maxIterations = 100, tolerance = 1e-10 } = {},
): LogisticFit {
  if (x.length !== y.length || x.length === 0) throw new RangeError('one label per row');
  const m = x[0]!.length;
  const p = m + 1;
  const beta = new Array<number>(p).fill(0);
  // Start the intercept at the base log-odds: one step less, same optimum.
  const ones = y.filter(Boolean).length;
  if (ones > 0 && ones < y.length) beta[0] = Math.log(ones / (y.length - ones));
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const grad = new Array<number>(p).fill(0);
    const hess = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let r = 0; r < x.length; r++) {
      const row = x[r]!;
      let z = beta[0]!;
      for (let j = 0; j < m; j++) z += beta[j + 1]! * row[j]!;
      const mu = sigmoid(z);
      const resid = mu - (y[r] ? 1 : 0);
      const w = mu * (1 - mu);
      for (let i = 0; i < p; i++) {
        const xi = i === 0 ? 1 : row[i - 1]!;
        grad[i]! += resid * xi;
        for (let j = 0; j <= i; j++) hess[i]![j]! += w * xi * (j === 0 ? 1 : row[j - 1]!);
      }
    }
    for (let i = 1; i < p; i++) {
      grad[i]! += l2 * beta[i]!;
      hess[i]![i]! += l2;
    }
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) hess[i]![j] = hess[j]![i]!;
    const step = solveSpd(hess, grad);
    for (let i = 0; i < p; i++) beta[i]! -= step[i]!;
    if (Math.max(...step.map(Math.abs)) < tolerance)
      return {
        intercept: beta[0]!,
        coefficients: beta.slice(1),
        iterations: iteration,
        converged: true,
      };
  }
  return {
    intercept: beta[0]!,
    coefficients: beta.slice(1),
    iterations: maxIterations,
    converged: false,
  };
}
