// GET /v1/ops/settlements?date=&status=: the settlement log (staff: risk-officer, admin).
import * as deps from '../deps/adapters';
import { systemClock } from '../../shared/kernel';
import { cstDate, settlementLog } from '../../shared/money';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serve(MONEY_ROUTES, 'opsSettlementLog', async (req) => ({
  body: await settlementLog(req.query.date ?? cstDate(systemClock.now()), req.query.status, {
    ledger: deps.ledger(),
    customers: deps.customers(),
    settings: deps.settings(),
  }),
}));
