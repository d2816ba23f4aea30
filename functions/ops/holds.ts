// GET /v1/ops/holds and POST /v1/ops/holds/{movementId}/decision: movements held by risk
// screening before settlement, released or rejected by a risk officer (ADR 0012).
import { decideHold, listHolds, withCustomers } from '../../shared/risk';
import { customers } from '../deps/adapters';
import { holdDeps, riskRepo } from '../deps/risk';
import { keyed, serveRoutes } from '../http';
import { RISK_ROUTES } from '../routes/risk';

export const handler = serveRoutes(RISK_ROUTES, {
  opsListHolds: async () => ({
    body: { items: await withCustomers((await listHolds(riskRepo())).items, customers()) },
  }),
  opsDecideHold: async (req) => {
    const decided = await decideHold(
      req.principal.username,
      req.params.movementId,
      keyed(req),
      holdDeps(),
    );
    return { body: (await withCustomers([decided], customers()))[0]! };
  },
});
