// POST /v1/transfers: to another customer by phone or customer id (M2.3-a).
import * as moneyDeps from '../deps/money';
import { transfer } from '../../shared/money';
import { customerKeyed, serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'transfer', async (req) => ({
  body: await transfer(customerKeyed(req), moneyDeps.transfer()),
}));
