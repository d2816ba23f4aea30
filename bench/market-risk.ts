// Monte Carlo VaR (issue 13, M3.2-a): 100,000 scenarios on a 50-series portfolio in
// TypeScript (shared/risk/domain/market/var.ts: one pass over typed arrays, the normals
// drawn inline) beside the same computation in NumPy (bench/market-risk-numpy.py), on the
// same machine in the same run, alternating rounds so both meet the same load. Skipped,
// with a message, where python3 or NumPy is missing. Runs alone too:
//   node --import tsx bench/market-risk.ts   (or BENCH_ONLY=market-risk npm run bench)
// BENCH_MC_SCENARIOS, BENCH_MC_SERIES, BENCH_MC_ROUNDS and BENCH_MC_REPETITIONS set the sizes.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarketRisk } from '../shared/risk';
import { syntheticSeries } from '../test/support/market';

interface NumpyFigure {
  readonly level: number;
  readonly var: number;
  readonly es: number;
}

export interface MarketRiskBench {
  readonly scenarios: number;
  readonly series: number;
  readonly ts: {
    readonly ms: number[];
    readonly cpuMs: number[];
    readonly levels: MarketRisk.LevelEstimate[];
  };
  readonly varianceCovariance: readonly { confidence: number; var: number; es: number }[];
  readonly numpy:
    | { readonly skipped: string }
    | {
        readonly version: string;
        readonly variants: Readonly<
          Record<string, { ms: number[]; cpuMs: number[]; figures: NumpyFigure[] }>
        >;
      };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function numpyAvailable(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `NumPy not importable: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
  return undefined;
}

export function benchMarketRisk(opts: {
  scenarios: number;
  series: number;
  rounds: number;
  repetitions: number;
}): MarketRiskBench {
  const { scenarios, series, rounds, repetitions } = opts;
  // The portfolio: 50 seeded synthetic series over 500 days (one factor plus their own
  // noise), one position of 0.2 to 2 million yuan in each.
  const data = syntheticSeries({ series, days: 501, seed: 2026 });
  const returns = MarketRisk.alignReturns(data).returns;
  const cov = MarketRisk.covariance(returns);
  const exposures = Float64Array.from({ length: series }, (_, i) => 20_000_000 * (1 + (i % 10)));
  const levels = [0.95, 0.99];
  const options = { scenarios, seed: 20_261_201, varBand: 0.0005 };
  const vc = MarketRisk.varianceCovarianceVar(cov, exposures, levels);
  const skipped = numpyAvailable();
  const spec = JSON.stringify({
    cov: [...cov],
    exposures: [...exposures],
    scenarios,
    seed: options.seed,
    levels,
    varBand: options.varBand,
    repetitions,
  });
  for (let i = 0; i < 2; i++) MarketRisk.monteCarloVar(cov, exposures, levels, options); // warm-up
  const tsMs: number[] = [];
  const tsCpu: number[] = [];
  let last: MarketRisk.MethodEstimate | undefined;
  const npMs: Record<string, number[]> = {};
  const npCpu: Record<string, number[]> = {};
  const npFigures: Record<string, NumpyFigure[]> = {};
  let version = '';
  let npError: string | undefined;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < repetitions; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      last = MarketRisk.monteCarloVar(cov, exposures, levels, options);
      tsMs.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      tsCpu.push((c.user + c.system) / 1000);
    }
    if (skipped || npError) continue;
    const r = spawnSync('python3', [path.join(import.meta.dirname, 'market-risk-numpy.py')], {
      input: spec,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) {
      npError = `the NumPy run failed: ${r.stderr.trim().split('\n').at(-1) ?? r.status}`;
      continue;
    }
    const out = JSON.parse(r.stdout) as {
      numpy: string;
      variants: Record<string, { ms: number[]; cpuMs: number[]; figures: NumpyFigure[] }>;
    };
    version = out.numpy;
    for (const [k, v] of Object.entries(out.variants)) {
      (npMs[k] ??= []).push(...v.ms);
      (npCpu[k] ??= []).push(...v.cpuMs);
      npFigures[k] = v.figures;
    }
  }
  return {
    scenarios,
    series,
    ts: { ms: tsMs, cpuMs: tsCpu, levels: [...(last?.levels ?? [])] },
    varianceCovariance: vc.levels.map((l) => ({ confidence: l.confidence, var: l.var, es: l.es })),
    numpy:
      skipped || npError
        ? { skipped: (skipped ?? npError) as string }
        : {
            version,
            variants: Object.fromEntries(
              Object.keys(npMs).map((k) => [
                k,
                {
                  ms: npMs[k] as number[],
                  cpuMs: npCpu[k] as number[],
                  figures: npFigures[k] ?? [],
                },
              ]),
            ),
          },
  };
}

/** The figures as the bench prints them. */
export function formatMarketRisk(r: MarketRiskBench): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { maximumFractionDigits: 0 });
  const times = (x: { ms: readonly number[]; cpuMs: readonly number[] }) =>
    `wall median ${f(median(x.ms)).padStart(6)} ms, best ${f(Math.min(...x.ms)).padStart(6)} ms   CPU median ${f(median(x.cpuMs)).padStart(6)} ms   (${x.ms.length} runs)`;
  const lines = [
    `Monte Carlo VaR: ${r.scenarios.toLocaleString('en-US')} scenarios, ${r.series} series, VaR and ES at 95% and 99% with tail contributions per series`,
    `  TypeScript (one thread)        ${times(r.ts)}`,
  ];
  if ('skipped' in r.numpy)
    lines.push(`  NumPy                          skipped: ${r.numpy.skipped}`);
  else {
    for (const [k, v] of Object.entries(r.numpy.variants))
      lines.push(`  NumPy ${r.numpy.version} ${k.padEnd(15)}   ${times(v)}`);
    const variants = Object.values(r.numpy.variants);
    const wall = median(r.ts.ms) / Math.min(...variants.map((v) => median(v.ms)));
    const cpu = median(r.ts.cpuMs) / Math.min(...variants.map((v) => median(v.cpuMs)));
    lines.push(
      `  TypeScript / fastest NumPy, medians: wall ${f(wall, 2)}, CPU ${f(cpu, 2)} (target <= 1: ${wall <= 1 && cpu <= 1 ? 'met' : 'NOT met'})`,
    );
  }
  const levels = r.ts.levels;
  for (const [i, v] of r.varianceCovariance.entries()) {
    const t = levels[i];
    const np = 'skipped' in r.numpy ? undefined : r.numpy.variants['same-algorithm']?.figures[i];
    lines.push(
      `  ${v.confidence * 100}% one-day VaR / ES (yuan): TypeScript ${yuan(t?.var ?? NaN)} / ${yuan(t?.es ?? NaN)}` +
        (np ? `   NumPy ${yuan(np.var)} / ${yuan(np.es)}` : '') +
        `   variance-covariance ${yuan(v.var)} / ${yuan(v.es)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function marketRiskOptions(env: NodeJS.ProcessEnv = process.env) {
  return {
    scenarios: Number(env.BENCH_MC_SCENARIOS ?? 100_000),
    series: Number(env.BENCH_MC_SERIES ?? 50),
    rounds: Number(env.BENCH_MC_ROUNDS ?? 3),
    repetitions: Number(env.BENCH_MC_REPETITIONS ?? 5),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.stdout.write(formatMarketRisk(benchMarketRisk(marketRiskOptions())));
