// Compliance management (issue 14, M5.1-a .. M5.4-a; docs/compliance-management.md): the
// routes under /v1/ops/compliance, and the daily scheduled run that raises policy review
// reminders and remediation escalations.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import {
  actOnFinding,
  addAuditEvidence,
  addAuditFinding,
  businessDate,
  complianceRun,
  complianceRunNow,
  createCourse,
  createPolicy,
  getAudit,
  getFinding,
  getPolicy,
  listAudits,
  listCourses,
  listFindings,
  listPolicies,
  listReminders,
  listRoster,
  planNewAudit,
  recordCompletion,
  reportAudit,
  revisePolicy,
  setRosterEntry,
  trainingOverdue,
} from '../../shared/compliance';
import { logger } from '../../shared/platform';
import { complianceManagementDeps as deps } from '../deps/compliance-management';
import { keyed, serveRoutes } from '../http';
import { COMPLIANCE_MANAGEMENT_ROUTES } from '../routes/compliance-management';

const http = serveRoutes(COMPLIANCE_MANAGEMENT_ROUTES, {
  opsListPolicies: async (req) => ({ body: await listPolicies(req.query, deps()) }),
  opsCreatePolicy: async (req) => ({
    body: await createPolicy(req.principal, keyed(req), deps()),
  }),
  opsGetPolicy: async (req) => ({ body: await getPolicy(req.params.policyId, deps()) }),
  opsRevisePolicy: async (req) => ({
    body: await revisePolicy(req.principal, req.params.policyId, keyed(req), deps()),
  }),
  opsListCourses: async () => ({ body: await listCourses(deps()) }),
  opsCreateCourse: async (req) => ({
    body: await createCourse(req.principal, keyed(req), deps()),
  }),
  opsListTrainingRoster: async () => ({ body: await listRoster(deps()) }),
  opsSetTrainingRoster: async (req) => ({
    body: await setRosterEntry(req.principal, keyed(req), deps()),
  }),
  opsRecordCompletion: async (req) => ({
    body: await recordCompletion(req.principal, req.params.courseId, keyed(req), deps()),
  }),
  opsTrainingOverdue: async (req) => ({ body: await trainingOverdue(req.query, deps()) }),
  opsListAudits: async () => ({ body: await listAudits(deps()) }),
  opsPlanAudit: async (req) => ({ body: await planNewAudit(req.principal, keyed(req), deps()) }),
  opsGetAudit: async (req) => ({ body: await getAudit(req.params.auditId, deps()) }),
  opsAddAuditEvidence: async (req) => ({
    body: await addAuditEvidence(req.principal, req.params.auditId, keyed(req), deps()),
  }),
  opsAddAuditFinding: async (req) => ({
    body: await addAuditFinding(req.principal, req.params.auditId, keyed(req), deps()),
  }),
  opsReportAudit: async (req) => ({
    body: await reportAudit(req.principal, req.params.auditId, keyed(req), deps()),
  }),
  opsListFindings: async (req) => {
    const d = deps();
    return { body: await listFindings(req.query, businessDate(d.clock.now()), d) };
  },
  opsGetFinding: async (req) => ({ body: await getFinding(req.params.findingId, deps()) }),
  opsActOnFinding: async (req) => ({
    body: await actOnFinding(req.principal, req.params.findingId, keyed(req), deps()),
  }),
  opsListComplianceReminders: async (req) => ({ body: await listReminders(req.query, deps()) }),
  opsRunCompliance: async (req) => ({
    body: await complianceRunNow(req.principal, keyed({ ...req, body: {} }), deps()),
  }),
});

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const run = await complianceRun(deps());
    logger.info('compliance run', {
      asOf: run.asOf,
      raised: run.raised.map((r) => ({ reminderId: r.reminderId, severity: r.severity })),
      published: run.published,
    });
    return { raised: run.raised.length, published: run.published };
  }
  return http(event as APIGatewayProxyEvent, context);
};
