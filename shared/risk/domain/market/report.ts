// A portfolio's market risk, as the risk team reads it (M3.2-a, M3.2-b): VaR and expected
// shortfall at each configured level and horizon by the three methods, the configured
// stress scenarios and the worst windows of the data, every figure split by position (and
// by series). Amounts are whole fen: each total is rounded once, and its parts are
// allocated by largest remainder so they add up to it exactly. Horizons beyond one day
// scale the one-day figures by the square root of the days (docs/market-risk.md). Pure.
import type { MarketRiskConfig, MarketUniverse } from './config';
import { resolveScenario } from './config';
import type { Portfolio } from './portfolio';
import type { ReturnMatrix } from './returns';
import { covariance, lastDays, selectSeries } from './returns';
import { applyShocks, worstWindow } from './stress';
import {
  historicalVar,
  monteCarloVar,
  varianceCovarianceVar,
  type MethodEstimate,
  type VarMethod,
} from './var';

export interface Contribution {
  /** A product id (by position) or a series id (by series). */
  readonly id: string;
  readonly var: number;
  readonly es: number;
}

export interface RiskFigure {
  readonly confidence: number;
  readonly horizonDays: number;
  /** Fen. */
  readonly var: number;
  readonly es: number;
  /** As a share of the portfolio's value (0.123 = 12.3%, the manual's way, M3.2-b). */
  readonly varShare: number;
  readonly esShare: number;
  readonly byPosition: readonly Contribution[];
  readonly bySeries: readonly Contribution[];
  /** Historical: the day(s) whose returns make the VaR (and its contributions). */
  readonly varScenarios?: readonly string[];
}

export interface MethodReport {
  readonly method: VarMethod;
  readonly figures: readonly RiskFigure[];
  readonly parameters: Readonly<Record<string, number | string>>;
}

export interface LossSplit {
  /** Fen, positive for a loss. */
  readonly loss: number;
  readonly byPosition: readonly { readonly id: string; readonly loss: number }[];
  readonly bySeries: readonly {
    readonly id: string;
    readonly loss: number;
    readonly shock: number;
  }[];
}

export interface PortfolioRiskReport {
  readonly portfolioId: string;
  readonly value: number;
  readonly returns: 'simple';
  readonly horizonScaling: 'square-root-of-time';
  readonly observations: number;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly methods: readonly MethodReport[];
  readonly stress: readonly (LossSplit & { readonly id: string; readonly description: string })[];
  readonly worstWindows: readonly (LossSplit & {
    readonly days: number;
    readonly firstDay: string;
    readonly lastDay: string;
  })[];
}

/**
 * Whole numbers adding up to round(sum of parts): each part's floor, then one more to the
 * parts with the largest remainders (ties to the earlier part).
 */
export function allocate(parts: readonly number[]): number[] {
  const total = Math.round(parts.reduce((a, b) => a + b, 0));
  const floors = parts.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = parts
    .map((p, i) => ({ i, rem: p - Math.floor(p) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    left--;
  }
  return floors;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function figures(
  estimate: MethodEstimate,
  portfolio: Portfolio,
  horizons: readonly number[],
): RiskFigure[] {
  const out: RiskFigure[] = [];
  for (const level of estimate.levels)
    for (const h of horizons) {
      const k = Math.sqrt(h);
      const posVar = portfolio.positions.map((p) => k * dot(p.exposures, level.varMarginal));
      const posEs = portfolio.positions.map((p) => k * dot(p.exposures, level.esMarginal));
      const serVar = portfolio.seriesIds.map(
        (_, i) => k * (portfolio.exposures[i] as number) * (level.varMarginal[i] as number),
      );
      const serEs = portfolio.seriesIds.map(
        (_, i) => k * (portfolio.exposures[i] as number) * (level.esMarginal[i] as number),
      );
      const pv = allocate(posVar);
      const pe = allocate(posEs);
      const sv = allocate(serVar);
      const se = allocate(serEs);
      const v = Math.round(posVar.reduce((a, b) => a + b, 0));
      const e = Math.round(posEs.reduce((a, b) => a + b, 0));
      out.push({
        confidence: level.confidence,
        horizonDays: h,
        var: v,
        es: e,
        varShare: portfolio.value ? (k * level.var) / portfolio.value : 0,
        esShare: portfolio.value ? (k * level.es) / portfolio.value : 0,
        byPosition: portfolio.positions.map((p, i) => ({
          id: p.productId,
          var: pv[i] as number,
          es: pe[i] as number,
        })),
        bySeries: portfolio.seriesIds.map((id, i) => ({
          id,
          var: sv[i] as number,
          es: se[i] as number,
        })),
        ...(level.varScenarios ? { varScenarios: level.varScenarios } : {}),
      });
    }
  return out;
}

function split(portfolio: Portfolio, shocks: Float64Array): LossSplit {
  const byPos = portfolio.positions.map((p) => -dot(p.exposures, shocks));
  const bySer = portfolio.seriesIds.map(
    (_, i) => -(portfolio.exposures[i] as number) * (shocks[i] as number),
  );
  const pl = allocate(byPos);
  const sl = allocate(bySer);
  return {
    loss: Math.round(byPos.reduce((a, b) => a + b, 0)),
    byPosition: portfolio.positions.map((p, i) => ({ id: p.productId, loss: pl[i] as number })),
    bySeries: portfolio.seriesIds.map((id, i) => ({
      id,
      loss: sl[i] as number,
      shock: shocks[i] as number,
    })),
  };
}

/**
 * Every figure of one portfolio from the universe's returns (the most recent
 * `config.historyDays` of them): three methods, stress scenarios, worst windows.
 */
export function assessPortfolio(
  portfolio: Portfolio,
  allReturns: ReturnMatrix,
  universe: MarketUniverse,
  config: MarketRiskConfig,
): PortfolioRiskReport {
  const returns = lastDays(selectSeries(allReturns, portfolio.seriesIds), config.historyDays);
  const levels = config.confidenceLevels;
  const horizons = config.horizonsDays;
  const cov = covariance(returns);
  const e = portfolio.exposures;
  const hist = historicalVar(returns, e, levels);
  const vc = varianceCovarianceVar(cov, e, levels);
  const mc = monteCarloVar(cov, e, levels, config.monteCarlo);
  const t = returns.dates.length;
  return {
    portfolioId: portfolio.id,
    value: portfolio.value,
    returns: 'simple',
    horizonScaling: 'square-root-of-time',
    observations: t,
    firstDay: returns.dates[0] as string,
    lastDay: returns.dates[t - 1] as string,
    methods: [
      {
        method: 'historical',
        figures: figures(hist, portfolio, horizons),
        parameters: { days: t },
      },
      {
        method: 'variance-covariance',
        figures: figures(vc, portfolio, horizons),
        parameters: {
          days: t,
          sigma: Math.round(vc.sigma),
          mean: 'zero',
          covariance: 'sample (T - 1)',
        },
      },
      {
        method: 'monte-carlo',
        figures: figures(mc, portfolio, horizons),
        parameters: {
          scenarios: mc.scenarios,
          seed: mc.seed,
          generator: 'xoshiro128** + ziggurat',
          varBand: config.monteCarlo.varBand,
        },
      },
    ],
    stress: config.stressScenarios.map((s) => {
      const scenario = resolveScenario(s, universe.series);
      const outcome = applyShocks(scenario, portfolio.seriesIds, e);
      return { id: s.id, description: s.description, ...split(portfolio, outcome.shocks) };
    }),
    worstWindows: config.worstWindowsDays.flatMap((days) => {
      const w = worstWindow(returns, e, days);
      return w
        ? [{ days, firstDay: w.firstDay, lastDay: w.lastDay, ...split(portfolio, w.shocks) }]
        : [];
    }),
  };
}
