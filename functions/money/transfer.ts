// POST /v1/transfers: to another customer by phone or customer id (M2.3-a).
import { moneyDeps } from '../../shared/deps';
import { transfer } from '../../shared/money/flows/money';
import { UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { TransferRequest } from '../../shared/money/schemas/money';

export const handler = httpRoute(
  {
    name: 'transfer',
    auth: { kind: 'customer' },
    body: TransferRequest,
    idempotencyKey: 'required',
  },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    const customerId = req.principal.username;
    return transfer(
      { customerId, key: req.idempotencyKey, body: req.body, input: req.body },
      moneyDeps.transfer(),
    );
  },
);
