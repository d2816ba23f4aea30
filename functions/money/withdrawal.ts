// POST /v1/withdrawals: holds the amount now; paid out to the verified card at settlement.
import * as moneyDeps from '../deps/money';
import { withdraw } from '../../shared/money';
import { customerKeyed, serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'withdraw', async (req) => ({
  body: await withdraw(customerKeyed(req), moneyDeps.withdrawal()),
}));
