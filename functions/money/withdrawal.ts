// POST /v1/withdrawals: holds the amount now; paid out to the verified card at settlement.
import { moneyDeps } from '../../shared/deps';
import { withdraw } from '../../shared/money/flows/money';
import { UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { WithdrawalRequest } from '../../shared/money/schemas/money';

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
