// GET /v1/ops/customers/{customerId}/profile: a customer's file for staff (M2.4-b): masked
// identity, assessment with its flags, and the profile recomputed now.
import { profileDeps } from '../../shared/deps';
import { staffCustomerProfile } from '../../shared/insight/flows/profiles';
import { httpRoute } from '../../shared/platform/http/route';
import { CustomerParams } from '../../shared/investing/schemas';

export const handler = httpRoute(
  {
    name: 'opsCustomerProfile',
    auth: {
      kind: 'staff',
      groups: ['service-agent', 'risk-officer', 'compliance-officer', 'admin'],
    },
    params: CustomerParams,
  },
  async (req) => ({
    status: 200,
    body: await staffCustomerProfile(req.params.customerId, profileDeps()),
  }),
);
