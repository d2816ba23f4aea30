// POST /v1/ops/settlements/{movementId}/retry: re-enqueues a stuck settlement (staff), and
// counts the retry for the key risk indicators (settlement retries a day, M3.3-a).
import * as deps from '../deps/adapters';
import { systemClock } from '../../shared/kernel';
import { retrySettlement } from '../../shared/money';
import { isReplayedBody, logger } from '../../shared/platform';
import { kriCounter } from '../deps/risk';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'opsRetrySettlement', async (req) => {
  const body = await retrySettlement(
    req.params.movementId,
    req.principal.username,
    { key: req.idempotencyKey, operation: req.operationId },
    {
      ledger: deps.ledger(),
      settlementQueue: deps.queue('settlement'),
      clock: systemClock,
    },
  );
  // A replayed answer was counted the first time. The count is best effort: a failure is
  // logged and never fails the retry itself.
  if (!isReplayedBody(body))
    await kriCounter()
      .count1('settlementRetries', systemClock.now().toISOString().slice(0, 10))
      .catch((error: unknown) => logger.warn('settlement retry not counted', { error }));
  return { body };
});
