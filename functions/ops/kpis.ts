// KPIs per flow (issue 14, M8.1-a, M8.3-a): GET /v1/ops/kpis, and the daily run that
// publishes yesterday's figures as CloudWatch metrics for the stage's KPI dashboard.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { addDays, cstDate } from '../../shared/kernel';
import { kpiReport, publishDailyKpis } from '../../shared/insight';
import { logger } from '../../shared/platform';
import { settings } from '../deps/adapters';
import { kpiDeps } from '../deps/insight';
import { serveRoutes } from '../http';
import { INSIGHT_ROUTES } from '../routes/insight';

const http = serveRoutes(INSIGHT_ROUTES, {
  opsKpis: async (req) => {
    const deps = kpiDeps();
    const to = req.query.to ?? cstDate(deps.clock.now());
    const from = req.query.from ?? addDays(to, -29);
    return { body: await kpiReport({ from, to }, deps) };
  },
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const report = await publishDailyKpis(kpiDeps(), settings().stage);
    logger.info('KPIs published', { day: report.from, measured: report.kpis.length });
    return { day: report.from };
  }
  return http(event as APIGatewayProxyEvent, context);
};
