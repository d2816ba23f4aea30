"""Monte Carlo VaR in NumPy, beside the TypeScript implementation (bench/market-risk.ts).

Reads {cov, exposures, scenarios, seed, levels, varBand, repetitions} as JSON on stdin and
prints JSON: each variant's wall and CPU times (ms; CPU of every thread of the process)
and figures. Both variants draw S x N standard
normals (PCG64 + NumPy's ziggurat), find VaR and ES at each level (Acerbi-Tasche, as
shared/risk/domain/market/var.ts) and the tail scenarios' per-series contributions:

  same-algorithm  losses = -(Z @ b) with b = L' e (as the TypeScript does), then L z for
                  the tail rows only;
  full-matrix     R = Z @ L' (every scenario's correlated returns), losses = -(R @ e),
                  the way the method is usually written.
"""
import json
import math
import sys
import time

import numpy as np


def tail_weights(losses, level, band):
    s = losses.size
    m = min(s, max(1, math.ceil(level * s - 1e-9)))
    lowest = max(1, m - band)
    threshold = np.partition(losses, lowest - 1)[lowest - 1]
    idx = np.nonzero(losses >= threshold)[0]
    idx = idx[np.lexsort((idx, losses[idx]))]  # ascending by loss, ties by index
    first_rank = s - idx.size + 1
    ranks = first_rank + np.arange(idx.size)
    vals = losses[idx]
    es_w = np.where(ranks > m, 1.0, np.where(ranks == m, max(0.0, m - level * s), 0.0))
    var_w = (np.abs(ranks - m) <= band).astype(float)
    # Equal losses share their ranks' weights.
    _, inverse = np.unique(vals, return_inverse=True)
    for w in (es_w, var_w):
        sums = np.bincount(inverse, weights=w)
        counts = np.bincount(inverse)
        w[:] = (sums / counts)[inverse]
    es_w /= es_w.sum()
    var_w /= var_w.sum()
    var = vals[m - first_rank]
    es = max(float(es_w @ vals), float(var))
    band_loss = float(var_w @ vals)
    scale = var / band_loss if abs(band_loss) > 1e-12 * max(1.0, abs(var)) else 1.0
    return idx, var, es, var_w * scale, es_w


def run(variant, cov, e, scenarios, seed, levels, band):
    rng = np.random.default_rng(seed)
    L = np.linalg.cholesky(cov)
    Z = rng.standard_normal((scenarios, e.size))
    if variant == "same-algorithm":
        losses = -(Z @ (L.T @ e))
        rows = lambda idx: Z[idx] @ L.T  # noqa: E731
    else:
        R = Z @ L.T
        losses = -(R @ e)
        rows = lambda idx: R[idx]  # noqa: E731
    out = []
    for level in levels:
        idx, var, es, var_w, es_w = tail_weights(losses, level, band)
        r = rows(idx)
        out.append(
            {
                "level": level,
                "var": float(var),
                "es": float(es),
                "varContributions": (-(var_w @ r) * e).tolist(),
                "esContributions": (-(es_w @ r) * e).tolist(),
            }
        )
    return out


def main():
    spec = json.load(sys.stdin)
    cov = np.array(spec["cov"], dtype=float).reshape(len(spec["exposures"]), -1)
    e = np.array(spec["exposures"], dtype=float)
    band = int(math.floor(spec["varBand"] * spec["scenarios"]))
    result = {"numpy": np.__version__, "variants": {}}
    for variant in ("same-algorithm", "full-matrix"):
        run(variant, cov, e, spec["scenarios"], spec["seed"], spec["levels"], band)  # warm-up
        times = []
        cpu = []
        figures = None
        for _ in range(spec["repetitions"]):
            t0 = time.perf_counter()
            c0 = time.process_time()
            figures = run(variant, cov, e, spec["scenarios"], spec["seed"], spec["levels"], band)
            cpu.append((time.process_time() - c0) * 1000)
            times.append((time.perf_counter() - t0) * 1000)
        result["variants"][variant] = {"ms": times, "cpuMs": cpu, "figures": figures}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
