// POST /v1/deposits: top-up from the verified bank card through the payment provider.
import * as deps from '../deps/adapters';
import * as moneyDeps from '../deps/money';
import { deposit } from '../../shared/money';
import { customerKeyed, serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'deposit', async (req) => ({
  body: await deposit(customerKeyed(req), { ...moneyDeps.base(), provider: deps.provider() }),
}));
