// GET /v1/risk-assessments/questionnaire, POST /v1/risk-assessments and
// GET /v1/risk-assessments/me: the customer's risk-tolerance assessment (M2.2-a).
import { assessmentDeps } from '../deps/investing';
import * as deps from '../deps/adapters';
import { questionnaire, submitAssessment } from '../../shared/investing';
import { NotFoundError } from '../../shared/platform';
import { customerKeyed, serveRoutes } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

export const handler = serveRoutes(INVESTING_ROUTES, {
  getQuestionnaire: async () => ({ body: questionnaire() }),
  submitAssessment: async (req) => ({
    body: await submitAssessment(customerKeyed(req), assessmentDeps()),
  }),
  getMyAssessment: async (req) => {
    const a = await deps.assessments().current(req.principal.username);
    if (!a) throw new NotFoundError('ASSESSMENT_NOT_FOUND', 'No risk-tolerance assessment yet.');
    const { customerId: _c, ...body } = a;
    return { body };
  },
});
