// GET /v1/customers/me: the caller's own profile, PII masked. The customer id comes from
// the verified token only, so no customer can ask for another's.
import * as deps from '../deps/adapters';
import { NotFoundError } from '../../shared/platform';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

export const handler = serve(IDENTITY_ROUTES, 'getMyProfile', async (req) => {
  const customer = await deps.customers().getCustomer(req.principal.username);
  if (!customer)
    throw new NotFoundError('CUSTOMER_NOT_FOUND', 'No customer profile for this sign-in.');
  return {
    body: {
      customerId: customer.customerId,
      status: customer.status,
      ...customer.masked,
      createdAt: customer.createdAt,
      consents: customer.consents.map((c) => ({
        type: c.type,
        version: c.version,
        acceptedAt: c.acceptedAt,
      })),
    },
  };
});
