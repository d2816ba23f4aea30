// POST /v1/withdrawals: holds the amount now; paid out to the verified card at settlement.
import { moneyDeps } from '../../shared/flows/deps';
import { withdraw } from '../../shared/flows/money';
import { UnauthorizedError } from '../../shared/http/errors';
import { httpRoute } from '../../shared/http/route';
import { WithdrawalRequest } from '../../shared/schemas/money';

export const handler = httpRoute(
  {
    name: 'withdrawal',
    auth: { kind: 'customer' },
    body: WithdrawalRequest,
    idempotencyKey: 'required',
  },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    const customerId = req.principal.username;
    return withdraw(
      { customerId, key: req.idempotencyKey, body: req.body, input: req.body },
      moneyDeps.base(),
    );
  },
);
