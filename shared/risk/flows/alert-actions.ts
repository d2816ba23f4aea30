// What risk staff do with an alert (M4.1-a: staff intervene): assign it, comment, escalate
// it to a case (a new one of its customer, or an open one), close it with a disposition and
// a reason. Each action names the alert's version it was decided on,
// takes an Idempotency-Key (a retry answers as the first did), and is a step of the alert's
// history with who and when.
import type { Clock } from '../../kernel';
import {
  once,
  staffRequest,
  commitChange,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { NotFoundError, Refusal } from '../../platform';
import type { AlertRecord, AlertStep, RiskRepo } from '../adapters/risk-repo';
import type { AlertAction } from '../schemas';
import { escalation } from './cases';

export interface AlertActionDeps {
  readonly repo: RiskRepo;
  /** Transactions and idempotency records on the risk table. */
  readonly tx: LedgerRepo;
  readonly clock: Clock;
}

export async function actOnAlert(
  staff: string,
  alertId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: AlertAction },
  deps: AlertActionDeps,
): Promise<AlertRecord> {
  const scoped = staffRequest(staff, req, { alert: alertId, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const before = await deps.repo.alert(alertId);
    if (!before) throw new NotFoundError('ALERT_NOT_FOUND', 'No such alert.');
    if (before.status === 'CLOSED') throw new Refusal('ALERT_CLOSED', 'This alert is closed.');
    const input = req.input;
    if (before.version !== input.version)
      throw new Refusal(
        'VERSION_MISMATCH',
        `The alert is at version ${before.version}; read it again.`,
        [{ path: 'body.version', reason: `is not the current version (${before.version})` }],
      );
    const now = deps.clock.now();
    const at = now.toISOString();
    const tx = deps.tx.tx();
    let step: AlertStep;
    switch (input.action) {
      case 'ASSIGN':
        step = { at, by: staff, action: 'ASSIGNED', assignee: input.assignee };
        break;
      case 'COMMENT':
        step = { at, by: staff, action: 'COMMENTED', note: input.note };
        break;
      case 'ESCALATE': {
        const into = await escalation(tx, before, input, { by: staff, at: now }, deps);
        step = { at, by: staff, action: 'ESCALATED', note: input.reason, caseId: into.caseId };
        break;
      }
      case 'CLOSE':
        step = {
          at,
          by: staff,
          action: 'CLOSED',
          disposition: input.disposition,
          note: input.reason,
        };
    }
    const after: AlertRecord = {
      ...before,
      version: before.version + 1,
      history: [...before.history, step],
      ...(step.assignee !== undefined ? { assignee: step.assignee } : {}),
      ...(step.action === 'CLOSED'
        ? { status: 'CLOSED' as const, disposition: step.disposition! }
        : {}),
    };
    const closesOpen =
      step.action === 'CLOSED' &&
      (await deps.repo.openAlertOf(before.customerId, before.ruleId)) === alertId;
    deps.repo.alertAction(key.answered(tx, after), before, step, closesOpen);
    await commitChange(deps.tx, tx, ['alert'], 'The alert changed meanwhile; read it again.');
    return after;
  });
}
