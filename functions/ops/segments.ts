// GET /v1/ops/segments (the latest counts per segment), POST /v1/ops/segments (run one
// now), and the daily scheduled run (M2.4-c, M7.3-a).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { profileDeps } from '../../shared/deps';
import { runSegmentation } from '../../shared/insight/flows/profiles';
import { NotFoundError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { logger } from '../../shared/platform/logger';

const SEGMENT_STAFF = {
  kind: 'staff',
  groups: ['service-agent', 'risk-officer', 'compliance-officer', 'admin'],
} as const;

const latest = httpRoute({ name: 'opsSegments', auth: SEGMENT_STAFF }, async () => {
  const report = await profileDeps().customers.latestSegmentReport();
  if (!report)
    throw new NotFoundError(
      'SEGMENTS_NOT_COMPUTED',
      'No segmentation has run yet; POST to run one.',
    );
  return { status: 200, body: report };
});

const run = httpRoute({ name: 'opsSegmentsRun', auth: SEGMENT_STAFF }, async () => ({
  status: 200,
  body: await runSegmentation(profileDeps()),
}));

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const report = await runSegmentation(profileDeps());
    logger.info('segmentation run', { customers: report.customers });
    return { customers: report.customers };
  }
  const http = event as APIGatewayProxyEvent;
  return http.httpMethod === 'POST' ? run(http, context) : latest(http, context);
};
