// GET /v1/ops/segments (the latest counts per segment), POST /v1/ops/segments (run one
// now), and the daily scheduled run (M2.4-c, M7.3-a).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { profileDeps } from '../deps/investing';
import { runSegmentation } from '../../shared/insight';
import { logger, NotFoundError } from '../../shared/platform';
import { serveRoutes } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

const http = serveRoutes(INVESTING_ROUTES, {
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
