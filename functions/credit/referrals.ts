// GET /v1/ops/credit-applications and POST /v1/ops/credit-applications/{id}/decision: the
// credit officers' queue of referred applications and their recorded decisions (issue 13).
import { decideReferral, referralQueue } from '../../shared/credit';
import { referralDeps } from '../deps/credit';
import { serveRoutes } from '../http';
import { CREDIT_ROUTES } from '../routes/credit';

export const handler = serveRoutes(CREDIT_ROUTES, {
  opsListReferrals: async () => ({ body: { applications: await referralQueue(referralDeps()) } }),
  opsDecideReferral: async (req) => ({
    body: await decideReferral(
      req.params.applicationId,
      req.body,
      req.principal.username,
      referralDeps(),
    ),
  }),
});
