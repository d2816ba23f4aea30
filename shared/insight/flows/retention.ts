// Staff record the retention actions they take with a customer (issue 14, M7.3-a): audited,
// once per Idempotency-Key, kept on the customer and counted per day by the KPIs.
import { randomUUID } from 'node:crypto';
import type { AuditLog, CustomersRepo } from '../../identity';
import type { RetentionActionRecord, RetentionRepo } from '../adapters/retention-repo';
import type { Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { NotFoundError } from '../../platform';
import type { RetentionKind, RetentionOutcome } from '../domain/retention';

export interface RetentionDeps {
  /** Transactions on the customers table. */
  readonly tx: LedgerRepo;
  readonly customers: Pick<CustomersRepo, 'getCustomer'>;
  readonly actions: Pick<RetentionRepo, 'retentionAction' | 'retentionActionsOf'>;
  readonly audit: Pick<AuditLog, 'retentionActionRecorded'>;
  readonly clock: Clock;
}

export interface RetentionInput {
  readonly kind: RetentionKind;
  readonly outcome: RetentionOutcome;
  readonly note: string;
}

export async function recordRetentionAction(
  staff: string,
  customerId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: RetentionInput },
  deps: RetentionDeps,
): Promise<RetentionActionRecord> {
  const scoped = staffRequest(staff, req, { customerId, ...req.input });
  return once(deps.tx, scoped, { table: deps.tx.table, checkFirst: true }, async (key) => {
    if (!(await deps.customers.getCustomer(customerId)))
      throw new NotFoundError('CUSTOMER_NOT_FOUND', 'No such customer.');
    const action: RetentionActionRecord = {
      actionId: randomUUID(),
      customerId,
      ...req.input,
      by: staff,
      at: deps.clock.now().toISOString(),
    };
    await deps.audit.retentionActionRecorded({
      customerId,
      actionId: action.actionId,
      kind: action.kind,
      actor: staff,
      note: action.note,
    });
    await commitChange(
      deps.tx,
      deps.actions.retentionAction(key.answered(deps.tx.tx(), action), action),
      ['account'],
      'The customer was not found.',
    );
    return action;
  });
}

export async function retentionActionsOf(
  customerId: string,
  deps: Pick<RetentionDeps, 'customers' | 'actions'>,
) {
  if (!(await deps.customers.getCustomer(customerId)))
    throw new NotFoundError('CUSTOMER_NOT_FOUND', 'No such customer.');
  return { items: await deps.actions.retentionActionsOf(customerId) };
}
