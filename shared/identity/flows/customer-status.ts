// Freezing and unfreezing a customer (M4.4-a, ADR 0015): a kill switch for one customer,
// in force from the moment it is written. Every money transaction conditions on the
// customer being ACTIVE, and settlement pays nothing out of a frozen customer's movements
// until they are unfrozen, so a freeze needs no deploy, no cache and no extra request.
// Each change is kept with who, when and why; a retry with the same Idempotency-Key
// answers as the first did.
import type { Clock } from '../../kernel';
import {
  commitChange,
  type IdempotentRequest,
  type LedgerRepo,
  once,
  staffRequest,
} from '../../money';
import { NotFoundError, Refusal } from '../../platform';
import type { CustomersRepo } from '../adapters/customers-repo';
import {
  applyStatusAction,
  StatusActionRefused,
  type CustomerStatus,
  type StatusAction,
  type StatusChange,
} from '../domain/customer-status';

export interface CustomerStatusDeps {
  readonly customers: CustomersRepo;
  /** Transactions and idempotency records on the customers table. */
  readonly tx: LedgerRepo;
  readonly clock: Clock;
}

export interface CustomerStatusView {
  readonly customerId: string;
  readonly status: CustomerStatus;
  readonly history: readonly StatusChange[];
}

export async function customerStatus(
  customerId: string,
  deps: CustomerStatusDeps,
): Promise<CustomerStatusView> {
  const [customer, history] = await Promise.all([
    deps.customers.getCustomer(customerId),
    deps.customers.statusHistory(customerId),
  ]);
  if (!customer) throw new NotFoundError('CUSTOMER_NOT_FOUND', 'No such customer.');
  return { customerId, status: customer.status, history };
}

export async function changeCustomerStatus(
  staff: string,
  customerId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & {
    input: { action: StatusAction; reason: string };
  },
  deps: CustomerStatusDeps,
): Promise<CustomerStatusView> {
  const scoped = staffRequest(staff, req, { customerStatus: customerId, ...req.input });
  return once(deps.tx, scoped, { table: deps.tx.table, checkFirst: true }, async (key) => {
    const before = await customerStatus(customerId, deps);
    let change: StatusChange;
    try {
      change = applyStatusAction(before.status, {
        ...req.input,
        by: staff,
        at: deps.clock.now().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof StatusActionRefused)) throw error;
      throw new Refusal('CUSTOMER_STATUS', error.message);
    }
    const view: CustomerStatusView = {
      customerId,
      status: change.to,
      history: [...before.history, change],
    };
    await commitChange(
      deps.tx,
      deps.customers.changeStatus(key.answered(deps.tx.tx(), view), customerId, change),
      ['account'],
      "The customer's status changed meanwhile; read it and try again.",
    );
    return view;
  });
}
