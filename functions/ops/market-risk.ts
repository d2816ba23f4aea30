// The market-risk staff routes (M3.2; functions/routes/market-risk.ts) and the nightly run:
// the schedule starts a run as `POST /v1/ops/market-risk/runs` does (one message per
// portfolio on the market-risk queue; the worker computes them).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { logger } from '../../shared/platform';
import {
  platformMarketRisk,
  portfolioResult,
  productMarketRiskLevels,
  seriesReport,
  startMarketRiskRun,
  uploadSeries,
} from '../../shared/risk';
import { marketRiskDeps } from '../deps/market-risk';
import { keyed, serveRoutes } from '../http';
import { MARKET_RISK_ROUTES } from '../routes/market-risk';

const http = serveRoutes(MARKET_RISK_ROUTES, {
  opsPutPriceSeries: async (req) => ({
    body: await uploadSeries(
      req.principal.username,
      req.params.seriesId,
      keyed(req),
      marketRiskDeps(),
    ),
  }),
  opsGetPriceSeries: async (req) => ({
    body: await seriesReport(req.params.seriesId, marketRiskDeps()),
  }),
  opsStartMarketRiskRun: async (req) => ({
    body: await startMarketRiskRun(req.principal.username, marketRiskDeps()),
  }),
  opsGetMarketRisk: async (req) => ({
    body: await platformMarketRisk(req.query.worst, marketRiskDeps()),
  }),
  opsGetPortfolioMarketRisk: async (req) => ({
    body: await portfolioResult(req.params.id, marketRiskDeps()),
  }),
  opsGetProductMarketRisk: async () => ({ body: await productMarketRiskLevels(marketRiskDeps()) }),
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const run = await startMarketRiskRun('schedule', marketRiskDeps());
    logger.info('market-risk run started', {
      runId: run.runId,
      portfolios: run.portfolios,
      notEnqueued: run.notEnqueued,
    });
    return { runId: run.runId, portfolios: run.portfolios, notEnqueued: run.notEnqueued };
  }
  return http(event as APIGatewayProxyEvent, context);
};
