// POST /v1/deposits: top-up from the verified bank card through the payment provider.
import { deps, moneyDeps } from '../../shared/deps';
import { deposit } from '../../shared/money/flows/money';
import { UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { DepositRequest } from '../../shared/money/schemas/money';

export const handler = httpRoute(
  { name: 'deposit', auth: { kind: 'customer' }, body: DepositRequest, idempotencyKey: 'required' },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    const customerId = req.principal.username;
    return deposit(
      { customerId, key: req.idempotencyKey, body: req.body, input: req.body },
      { ...moneyDeps.base(), provider: deps.provider() },
    );
  },
);
