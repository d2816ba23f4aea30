// POST /v1/transfers: to another customer by phone or customer id (M2.3-a).
import * as moneyDeps from '../deps/money';
import { transfer } from '../../shared/money';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'transfer', async (req) => ({
  body: await transfer(
    {
      customerId: req.principal.username,
      key: req.idempotencyKey,
      operation: req.operationId,
      body: req.body,
      input: req.body,
    },
    moneyDeps.transfer(),
  ),
}));
