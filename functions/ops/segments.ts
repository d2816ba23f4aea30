// GET /v1/ops/segments (the latest counts per segment), POST /v1/ops/segments (run one
// now), the daily scheduled run (M2.4-c, M7.3-a), and the retention actions staff record
// with customers at risk of churn (issue 14).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { profileDeps } from '../deps/investing';
import {
  recordRetentionAction,
  RetentionRepo,
  retentionActionsOf,
  runSegmentation,
} from '../../shared/insight';
import { systemClock } from '../../shared/kernel';
import { audit, customers, transactionsOn } from '../deps/adapters';
import { ENV, logger, NotFoundError, requireEnv } from '../../shared/platform';
import { keyed, serveRoutes } from '../http';
import { INSIGHT_ROUTES } from '../routes/insight';

const http = serveRoutes(INSIGHT_ROUTES, {
  opsGetSegments: async () => {
    const report = await profileDeps().customers.latestSegmentReport();
    if (!report)
      throw new NotFoundError(
        'SEGMENTS_NOT_COMPUTED',
        'No segmentation has run yet; POST to run one.',
      );
    return { body: report };
  },
  opsRunSegmentation: async () => ({ body: await runSegmentation(profileDeps()) }),
  opsRecordRetentionAction: async (req) => ({
    status: 201,
    body: await recordRetentionAction(
      req.principal.username,
      req.params.customerId,
      keyed(req),
      retentionDeps(),
    ),
  }),
  opsListRetentionActions: async (req) => ({
    body: await retentionActionsOf(req.params.customerId, retentionDeps()),
  }),
});

const retentionDeps = () => ({
  tx: transactionsOn('customers'),
  customers: customers(),
  actions: new RetentionRepo(requireEnv(ENV.tables.customers)),
  audit: audit(),
  clock: systemClock,
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const report = await runSegmentation(profileDeps());
    logger.info('segmentation run', { customers: report.customers });
    return { customers: report.customers };
  }
  return http(event as APIGatewayProxyEvent, context);
};
