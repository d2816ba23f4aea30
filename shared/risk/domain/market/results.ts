// What the market-risk service keeps of a portfolio's report for the platform's view (M3.2;
// ADR 0026): every figure as one line (method, level, horizon, VaR, ES, share of value),
// the headline the worst portfolios are ranked by, and the ranking itself. Pure.
import type { MarketRiskConfig } from './config';
import type { PortfolioRiskReport } from './report';

export interface FigureLine {
  readonly method: string;
  readonly confidence: number;
  readonly horizonDays: number;
  /** Fen. */
  readonly var: number;
  readonly es: number;
  readonly varShare: number;
}

/** Every figure of a report, one line each. */
export function figureLines(report: PortfolioRiskReport): FigureLine[] {
  return report.methods.flatMap((m) =>
    m.figures.map((f) => ({
      method: m.method,
      confidence: f.confidence,
      horizonDays: f.horizonDays,
      var: f.var,
      es: f.es,
      varShare: f.varShare,
    })),
  );
}

/**
 * The figure portfolios are compared by: historical simulation (it alone sees fat tails) at
 * the highest configured level, over the shortest horizon (no scaling assumption).
 */
export function headlineOf(
  lines: readonly FigureLine[],
  config: Pick<MarketRiskConfig, 'confidenceLevels' | 'horizonsDays'>,
): FigureLine | undefined {
  const level = Math.max(...config.confidenceLevels);
  const horizon = Math.min(...config.horizonsDays);
  return lines.find(
    (l) => l.method === 'historical' && l.confidence === level && l.horizonDays === horizon,
  );
}

/** The `n` portfolios with the largest headline VaR (ties by id, so the order is stable). */
export function worstPortfolios<
  T extends { readonly portfolioId: string; readonly headline?: FigureLine | undefined },
>(summaries: readonly T[], n: number): T[] {
  return summaries
    .filter((s) => s.headline !== undefined)
    .sort(
      (a, b) =>
        (b.headline?.var ?? 0) - (a.headline?.var ?? 0) ||
        a.portfolioId.localeCompare(b.portfolioId),
    )
    .slice(0, n);
}
