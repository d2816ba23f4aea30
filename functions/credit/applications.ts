// POST /v1/credit-applications and GET /v1/credit-applications/{applicationId}: a customer's
// consumer-loan applications, decided in the request (issue 13, M3.1-a, M8.2-a).
import { applyForCredit, ownApplication } from '../../shared/credit';
import { creditDeps } from '../deps/credit';
import { customerKeyed, serveRoutes } from '../http';
import { CREDIT_ROUTES } from '../routes/credit';

export const handler = serveRoutes(CREDIT_ROUTES, {
  applyForCredit: async (req) => ({
    body: await applyForCredit(customerKeyed(req), creditDeps()),
  }),
  getCreditApplication: async (req) => ({
    body: await ownApplication(req.principal.username, req.params.applicationId, creditDeps()),
  }),
});
