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
  opsKriIndicators: async () => {
    const config = settings().kri;
    return {
      body: {
        configVersion: config.version,
        thresholds: config.thresholds,
        indicators: Kri.indicatorsOf(config).map(({ category, group, indicator }) => {
          const g = config.categories[category].groups.find((x) => x.id === group);
          return {
            id: indicator.id,
            category,
            categoryWeight: config.categories[category].weight,
            group,
            groupWeight: g?.weight ?? 0,
            description: indicator.description,
            source: indicator.source,
            unit: indicator.unit,
            share: indicator.share,
            band: indicator.band,
          };
        }),
      },
    };
  },
  opsListKri: async (req) => {
    const list = await listKriPeriods(req.query, kriDeps());
    return {
      body: {
        ...list,
        items: list.items.map((r) => ({
          key: r.key,
          level: r.level,
          ...Kri.scopeScores(r),
          coverage: r.coverage,
          final: r.final,
          computedAt: r.computedAt,
          direction: r.trend.direction.overall,
        })),
      },
    };
  },
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
      body: await enterKriInput(req.principal.username, keyed(req), {
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
