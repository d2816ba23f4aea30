// POST /v1/ops/settlements/{movementId}/retry: re-enqueues a stuck settlement (staff).
import * as deps from '../deps/adapters';
import { systemClock } from '../../shared/kernel';
import { retrySettlement } from '../../shared/money';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'opsRetrySettlement', async (req) => ({
  body: await retrySettlement(
    req.params.movementId,
    req.principal.username,
    { key: req.idempotencyKey, operation: req.operationId },
    {
      ledger: deps.ledger(),
      settlementQueue: deps.queue('settlement'),
      clock: systemClock,
    },
  ),
}));
