// GET /v1/ops/holds and POST /v1/ops/holds/{movementId}/decision: movements held by risk
// screening before settlement, released or rejected by a risk officer (ADR 0012). Also the
// compliance officers' decisions on AML screening hits (ADR 0031), which release or reject
// the movements screening held.
import { decideScreening, screeningOf } from '../../shared/compliance';
import { systemClock } from '../../shared/kernel';
import { decideHold, listHolds, withCustomers } from '../../shared/risk';
import { audit, customers, screenings, transactionsOn } from '../deps/adapters';
import { holdDeps, riskRepo, screeningHolds } from '../deps/risk';
import { keyed, serveRoutes } from '../http';
import { RISK_ROUTES } from '../routes/risk';
import { SCREENING_ROUTES } from '../routes/screening';

export const handler = serveRoutes(
  { ...RISK_ROUTES, ...SCREENING_ROUTES },
  {
    opsGetScreening: async (req) => ({
      body: await screeningOf(req.params.customerId, screenings()),
    }),
    opsDecideScreening: async (req) => ({
      body: await decideScreening(req.principal.username, req.params.customerId, keyed(req), {
        repo: screenings(),
        tx: transactionsOn('compliance'),
        holds: screeningHolds(),
        clock: systemClock,
        audit: audit(),
      }),
    }),
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
  },
);
