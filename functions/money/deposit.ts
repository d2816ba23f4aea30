// POST /v1/deposits: top-up from the verified bank card through the payment provider.
import * as deps from '../deps/adapters';
import * as moneyDeps from '../deps/money';
import { deposit } from '../../shared/money';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'deposit', async (req) => ({
  body: await deposit(
    {
      customerId: req.principal.username,
      key: req.idempotencyKey,
      operation: req.operationId,
      body: req.body,
      input: req.body,
    },
    { ...moneyDeps.base(), provider: deps.provider() },
  ),
}));
