// GET /v1/ops/settlements?date=&status=: the settlement log (staff: risk-officer, admin).
import * as deps from '../deps/adapters';
import { systemClock } from '../../shared/kernel';
import { cstDate, InvalidCursorError, settlementLog } from '../../shared/money';
import { Refusal } from '../../shared/platform';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'opsSettlementLog', async (req) => {
  try {
    return {
      body: await settlementLog(req.query.date ?? cstDate(systemClock.now()), req.query, {
        ledger: deps.ledger(),
        customers: deps.customers(),
        settings: deps.settings(),
      }),
    };
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new Refusal('VALIDATION_FAILED', 'The cursor is not valid for this query.', [
        { path: 'query.cursor', reason: 'is not a cursor of this date and status' },
      ]);
    throw error;
  }
});
