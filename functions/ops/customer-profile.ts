// GET /v1/ops/customers/{customerId}/profile: a customer's file for staff (M2.4-b): masked
// identity, assessment with its flags, and the profile recomputed now; each read audited.
import { profileDeps } from '../deps/investing';
import { staffCustomerProfile } from '../../shared/insight';
import { serve } from '../http';
import { audit } from '../deps/adapters';
import { INVESTING_ROUTES } from '../routes/investing';

export const handler = serve(INVESTING_ROUTES, 'opsCustomerProfile', async (req) => ({
  body: await staffCustomerProfile(req.params.customerId, req.principal.username, {
    ...profileDeps(),
    audit: audit(),
  }),
}));
