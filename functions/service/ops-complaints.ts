// Service agents' complaint work under /v1/ops/complaints (issue 14, M7.4-a, M7.2-a/b), and
// the SLA job every 5 minutes (warnings, one monitoring alert per breached clock; a scheduled
// event, as EventBridge sends it, is the only way to run it).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { logger } from '../../shared/platform';
import {
  actOnComplaint,
  complaintAnalytics,
  complaintQueue,
  runSlaChecks,
  staffComplaint,
} from '../../shared/service';
import { serviceDeps, slaJobDeps } from '../deps/service';
import { keyed, serveRoutes } from '../http';
import { SERVICE_ROUTES } from '../routes/service';

const http = serveRoutes(SERVICE_ROUTES, {
  opsComplaintQueue: async (req) => ({ body: await complaintQueue(req.query, serviceDeps()) }),
  opsGetComplaint: async (req) => ({
    body: await staffComplaint(req.params.complaintId, serviceDeps()),
  }),
  opsActOnComplaint: async (req) => ({
    body: await actOnComplaint(
      req.principal.username,
      { ...keyed(req), complaintId: req.params.complaintId },
      serviceDeps(),
    ),
  }),
  opsComplaintAnalytics: async (req) => ({
    body: await complaintAnalytics(req.query, serviceDeps()),
  }),
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const run = await runSlaChecks(slaJobDeps());
    logger.info('complaint SLA checks', {
      open: run.open,
      warnings: run.warnings,
      breaches: run.breaches,
      alertIds: run.alertIds,
    });
    return run;
  }
  return http(event as APIGatewayProxyEvent, context);
};
