// Key risk indicators (issue 13, M3.3-a, M3.4-a): the staff routes under /v1/ops/kri, and
// the daily scheduled run that scores the day, ISO week and month containing yesterday.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { systemClock } from '../../shared/kernel';
import { logger } from '../../shared/platform';
import {
  computeKriPeriod,
  enterKriInput,
  Kri,
  kriPeriod,
  listKriPeriods,
  scheduledKriRun,
} from '../../shared/risk';
import { audit, settings, transactionsOn } from '../deps/adapters';
import { kriDeps } from '../deps/risk';
import { keyed, serveRoutes } from '../http';
import { KRI_ROUTES } from '../routes/kri';

const http = serveRoutes(KRI_ROUTES, {
  opsKriIndicators: async () => ({ body: Kri.describeIndicators(settings().kri) }),
  opsListKri: async (req) => ({ body: await listKriPeriods(req.query, kriDeps()) }),
  opsGetKri: async (req) => ({
    body: await kriPeriod(req.params.period, req.params.key, kriDeps()),
  }),
  opsRunKri: async (req) => {
    const deps = kriDeps();
    const kind = req.body.period;
    const key = req.body.key ?? Kri.periodKeyOf(kind, deps.clock.now());
    return { body: await computeKriPeriod(kind, key, deps) };
  },
  opsEnterKriInput: async (req) => {
    const deps = kriDeps();
    return {
      body: await enterKriInput(req.principal, keyed(req), {
        repo: deps.repo,
        config: deps.config,
        clock: systemClock,
        tx: transactionsOn('risk'),
        audit: audit(),
      }),
    };
  },
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const scored = await scheduledKriRun(kriDeps());
    logger.info('key risk indicators scored', {
      periods: scored.map((s) => ({
        period: s.period,
        key: s.key,
        overall: s.overall,
        level: s.level,
      })),
    });
    return { periods: scored.length };
  }
  return http(event as APIGatewayProxyEvent, context);
};
