// GET /v1/ops/settlements?date=&status=: the settlement log (staff: risk-officer, admin).
import { cstDate } from '../../shared/money/domain/settlement';
import { deps } from '../../shared/deps';
import { settlementLog } from '../../shared/money/flows/ops';
import { systemClock } from '../../shared/kernel/clock';
import { httpRoute } from '../../shared/platform/http/route';
import { SettlementsQuery } from '../../shared/money/schemas/ops';

export const handler = httpRoute(
  {
    name: 'opsSettlements',
    auth: { kind: 'staff', groups: ['risk-officer', 'admin'] },
    query: SettlementsQuery,
  },
  async (req) => ({
    status: 200,
    body: await settlementLog(req.query.date ?? cstDate(systemClock.now()), req.query.status, {
      ledger: deps.ledger(),
      customers: deps.customers(),
      settings: deps.settings(),
    }),
  }),
);
