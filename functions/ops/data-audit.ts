// The data-security audit (issue 14, M7.1-a, M2.5-c): the staff routes under
// /v1/ops/compliance/data-access, and the daily scheduled audit of yesterday (CST).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { dataAccessReport, runDataAudit, scheduledDataAudit } from '../../shared/compliance';
import { logger } from '../../shared/platform';
import { dataAuditDeps } from '../deps/compliance';
import { serveRoutes } from '../http';
import { COMPLIANCE_REPORT_ROUTES } from '../routes/compliance-reports';

const http = serveRoutes(COMPLIANCE_REPORT_ROUTES, {
  opsGetDataAccess: async (req) => ({
    body: await dataAccessReport(req.params.day, dataAuditDeps()),
  }),
  opsRunDataAudit: async (req) => ({ body: await runDataAudit(req.params.day, dataAuditDeps()) }),
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const report = await scheduledDataAudit(dataAuditDeps());
    // Actors and counts only: customer references stay in the stored report.
    logger.info('data access audited', {
      day: report.day,
      records: report.records,
      actors: report.actors.length,
      flags: report.flags.map((f) => ({ rule: f.rule, actor: f.actor })),
    });
    return { day: report.day, flags: report.flags.length };
  }
  return http(event as APIGatewayProxyEvent, context);
};
