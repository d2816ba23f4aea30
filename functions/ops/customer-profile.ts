// GET /v1/ops/customers/{customerId}/profile: a customer's file for staff (M2.4-b): masked
// identity, assessment with its flags, the profile recomputed now, credit applications and
// one risk profile (issue 13: suitability, credit and loans, alerts and holds, exposure
// against limits, market risk of holdings, each with its date and explanation); each read
// audited.
import { profileDeps } from '../deps/investing';
import { LoansRepo } from '../../shared/credit';
import { staffCustomerProfile } from '../../shared/insight';
import { MarketRepo } from '../../shared/risk';
import { ENV, requireEnv } from '../../shared/platform';
import { serve } from '../http';
import { audit } from '../deps/adapters';
import { riskRepo } from '../deps/risk';
import { INVESTING_ROUTES } from '../routes/investing';

export const handler = serve(INVESTING_ROUTES, 'opsCustomerProfile', async (req) => ({
  body: await staffCustomerProfile(req.params.customerId, req.principal.username, {
    ...profileDeps(),
    loans: new LoansRepo(requireEnv(ENV.tables.ledger)),
    risk: riskRepo(),
    market: new MarketRepo(requireEnv(ENV.tables.risk)),
    audit: audit(),
  }),
}));
