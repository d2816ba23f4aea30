// GET /v1/ops/customers/{customerId}/profile: a customer's file for staff (M2.4-b): masked
// identity, assessment with its flags, and the profile recomputed now.
import { profileDeps } from '../../shared/flows/deps';
import { staffCustomerProfile } from '../../shared/flows/profiles';
import { httpRoute } from '../../shared/http/route';
import { CustomerParams } from '../../shared/schemas/suitability';

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
