// Customer risk-tolerance assessment (M2.2-a, M2.4-b): answers scored under the stage's
// configured table, stored as the customer's current level with its contributions and
// flags, and kept in their history. Idempotent by the request's key.
import type { AssessmentsRepo } from '../adapters/assessments-repo';
import type { LedgerRepo } from '../../money';
import type { RuntimeSettings } from '../../settings';
import {
  AnswerError,
  assess,
  QUESTIONS,
  QUESTIONNAIRE_VERSION,
  type AssessmentResult,
} from '../domain/questionnaire';
import { Refusal, ValidationError } from '../../platform';
import { type IdempotentRequest, once } from '../../money';
import type { Clock } from '../../kernel';

export interface AssessmentDeps {
  /** Transactions on the customer table (assessments and their idempotency records). */
  readonly tx: LedgerRepo;
  readonly assessments: AssessmentsRepo;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

export function questionnaire() {
  return {
    version: QUESTIONNAIRE_VERSION,
    questions: QUESTIONS.map((q) => ({
      id: q.id,
      category: q.category,
      text: q.text,
      options: q.options,
    })),
  };
}

export async function submitAssessment(
  req: IdempotentRequest & {
    input: { questionnaireVersion: string; answers: Record<string, string> };
  },
  deps: AssessmentDeps,
): Promise<AssessmentResult> {
  const config = deps.settings.suitability.questionnaire;
  if (req.input.questionnaireVersion !== config.version) {
    throw new Refusal(
      'QUESTIONNAIRE_OUTDATED',
      `Answer the current questionnaire (version ${config.version}).`,
      [{ path: 'body.questionnaireVersion', reason: `must be ${config.version}` }],
    );
  }
  let result;
  try {
    result = assess(req.input.answers, config, deps.clock.now());
  } catch (error) {
    if (error instanceof AnswerError)
      throw new ValidationError(error.fields.map((f) => ({ ...f, path: `body.${f.path}` })));
    throw error;
  }
  const table = deps.assessments.table;
  return once(deps.tx, req, { table, checkFirst: true }, async (key) => {
    const body = { ...result };
    const tx = deps.assessments.record(deps.tx.tx(), { ...result, customerId: req.customerId });
    await deps.tx.commit(key.answered(tx, body));
    return body;
  });
}
