// GET /v1/ops/customers/{customerId}/profile: a customer's file for staff (M2.4-b): masked
// identity, assessment with its flags, and the profile recomputed now.
import { profileDeps } from '../deps/investing';
import { staffCustomerProfile } from '../../shared/insight';
import { serve } from '../http';

export const handler = serve('opsCustomerProfile', async (req) => ({
  body: await staffCustomerProfile(req.params.customerId, profileDeps()),
}));
