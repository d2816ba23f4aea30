// POST /v1/ops/settlements/{movementId}/retry: re-enqueues a stuck settlement (staff).
import { deps } from '../../shared/deps';
import { retrySettlement } from '../../shared/money/flows/ops';
import { systemClock } from '../../shared/kernel/clock';
import { UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { RetryParams } from '../../shared/money/schemas/ops';

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
