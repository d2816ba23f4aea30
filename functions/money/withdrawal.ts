// POST /v1/withdrawals: holds the amount now; paid out to the verified card at settlement.
import * as moneyDeps from '../deps/money';
import { withdraw } from '../../shared/money';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'withdraw', async (req) => ({
  body: await withdraw(
    {
      customerId: req.principal.username,
      key: req.idempotencyKey,
      operation: req.operationId,
      body: req.body,
      input: req.body,
    },
    moneyDeps.withdrawal(),
  ),
}));
