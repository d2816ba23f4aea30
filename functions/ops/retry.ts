// POST /v1/ops/settlements/{movementId}/retry: re-enqueues a stuck settlement (staff).
import { deps } from '../../shared/flows/deps';
import { retrySettlement } from '../../shared/flows/ops';
import { systemClock } from '../../shared/flows/onboarding';
import { UnauthorizedError } from '../../shared/http/errors';
import { httpRoute } from '../../shared/http/route';
import { RetryParams } from '../../shared/schemas/ops';

export const handler = httpRoute(
  {
    name: 'opsRetry',
    auth: { kind: 'staff', groups: ['risk-officer', 'admin'] },
    params: RetryParams,
    idempotencyKey: 'required',
  },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return retrySettlement(req.params.movementId, req.principal.username, req.idempotencyKey, {
      ledger: deps.ledger(),
      settlementQueue: deps.queue('settlement'),
      clock: systemClock,
    });
  },
);
