// Regulatory transaction reports (issue 14, M1-c): the staff routes under
// /v1/ops/compliance/reports, and the daily scheduled build of yesterday's large-value report.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import {
  buildLargeValueReport,
  fileStr,
  listReports,
  readReportFile,
  recordSubmission,
  reportById,
  scheduledReports,
} from '../../shared/compliance';
import { logger } from '../../shared/platform';
import { complianceTx, reportsDeps, strDeps } from '../deps/compliance';
import { keyed, serveRoutes } from '../http';
import { COMPLIANCE_REPORT_ROUTES } from '../routes/compliance-reports';

const http = serveRoutes(COMPLIANCE_REPORT_ROUTES, {
  opsListReports: async (req) => ({ body: await listReports(req.query, reportsDeps()) }),
  opsGetReport: async (req) => ({ body: await reportById(req.params.reportId, reportsDeps()) }),
  opsGetReportFile: async (req) => ({
    body: await readReportFile(
      req.params.reportId,
      req.query.format,
      req.query.revision,
      req.principal.username,
      reportsDeps(),
    ),
  }),
  opsRunLargeValueReport: async (req) => ({
    body: await buildLargeValueReport(req.body.day, req.principal.username, reportsDeps()),
  }),
  opsRecordSubmission: async (req) => ({
    body: await recordSubmission(req.principal.username, req.params.reportId, keyed(req), {
      ...reportsDeps(),
      tx: complianceTx(),
    }),
  }),
  opsFileStr: async (req) => ({
    body: await fileStr(req.principal.username, keyed(req), strDeps()),
  }),
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const report = await scheduledReports(reportsDeps());
    logger.info('large-value report built', {
      reportId: report.reportId,
      revision: report.revision,
      rows: report.rowCount,
      sha256: report.jsonSha256,
    });
    return { reportId: report.reportId, revision: report.revision };
  }
  return http(event as APIGatewayProxyEvent, context);
};
