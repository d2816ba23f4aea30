// GET /v1/risk-assessments/questionnaire, POST /v1/risk-assessments and
// GET /v1/risk-assessments/me: the customer's risk-tolerance assessment (M2.2-a).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { assessmentDeps, deps } from '../../shared/deps';
import { questionnaire, submitAssessment } from '../../shared/investing/flows/assessments';
import { NotFoundError, UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { AssessmentRequest } from '../../shared/investing/schemas';

const getQuestionnaire = httpRoute(
  { name: 'riskQuestionnaire', auth: { kind: 'customer' } },
  async () => ({ status: 200, body: questionnaire() }),
);

const submit = httpRoute(
  {
    name: 'riskAssessment',
    auth: { kind: 'customer' },
    body: AssessmentRequest,
    idempotencyKey: 'required',
  },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return submitAssessment(
      {
        customerId: req.principal.username,
        key: req.idempotencyKey,
        body: req.body,
        input: req.body,
      },
      assessmentDeps(),
    );
  },
);

const current = httpRoute({ name: 'riskAssessmentMe', auth: { kind: 'customer' } }, async (req) => {
  if (!req.principal) throw new UnauthorizedError();
  const a = await deps.assessments().current(req.principal.username);
  if (!a) throw new NotFoundError('ASSESSMENT_NOT_FOUND', 'No risk-tolerance assessment yet.');
  const { customerId: _c, ...body } = a;
  return { status: 200, body };
});

/** One function serves the assessment's three routes (one flow, one set of grants). */
export const handler = (event: APIGatewayProxyEvent, context: Context) => {
  if (event.resource?.endsWith('/questionnaire')) return getQuestionnaire(event, context);
  if (event.resource?.endsWith('/me')) return current(event, context);
  return submit(event, context);
};
