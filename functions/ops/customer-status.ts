// GET and POST /v1/ops/customers/{customerId}/status: staff freeze and unfreeze a customer
// (ADR 0015), each change kept with who, when and why. Once a customer is ACTIVE again, the
// settlements that waited for them are sent (on a retried request too, so none stays behind).
import { systemClock } from '../../shared/kernel';
import { changeCustomerStatus, customerStatus } from '../../shared/identity';
import { resumeAfterUnfreeze } from '../../shared/money';
import { customers, ledger, queue, transactionsOn } from '../deps/adapters';
import { keyed, serveRoutes } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

const deps = () => ({
  customers: customers(),
  tx: transactionsOn('customers'),
  clock: systemClock,
});

export const handler = serveRoutes(IDENTITY_ROUTES, {
  opsGetCustomerStatus: async (req) => ({
    body: await customerStatus(req.params.customerId, deps()),
  }),
  opsChangeCustomerStatus: async (req) => {
    const view = await changeCustomerStatus(
      req.principal.username,
      req.params.customerId,
      keyed(req),
      deps(),
    );
    if (req.body.action === 'UNFREEZE' && view.status === 'ACTIVE')
      await resumeAfterUnfreeze(req.params.customerId, {
        ledger: ledger(),
        settlementQueue: queue('settlement'),
      });
    return { body: view };
  },
});
