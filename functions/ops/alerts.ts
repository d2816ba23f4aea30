// GET /v1/ops/alerts and GET /v1/ops/alerts/{alertId}: the risk team's alerts (M4.1-a).
import { systemClock } from '../../shared/kernel';
import { alertById, listAlerts } from '../../shared/risk';
import { riskRepo } from '../deps/risk';
import { serveRoutes } from '../http';
import { RISK_ROUTES } from '../routes/risk';

export const handler = serveRoutes(RISK_ROUTES, {
  opsListAlerts: async (req) => ({
    body: await listAlerts(req.query, {
      repo: riskRepo(),
      today: systemClock.now().toISOString().slice(0, 10),
    }),
  }),
  opsGetAlert: async (req) => ({ body: await alertById(req.params.alertId, riskRepo()) }),
});
