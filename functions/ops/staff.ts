// Staff administration (issue 12): GET/PUT /v1/ops/staff/{username}, POST /v1/ops/staff.
// Admins only, never on their own account; every change is audited before it is made.
// The only function with rights on the staff pool.
import { createStaff, getStaff, updateStaff } from '../../shared/identity';
import { audit, settings, staffIdentity } from '../deps/adapters';
import { serveRoutes } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

const deps = () => ({
  directory: staffIdentity(),
  audit: audit(),
  passwordMinLength: settings().staffPasswordMinLength,
});

export const handler = serveRoutes(IDENTITY_ROUTES, {
  opsGetStaff: async (req) => ({ body: await getStaff(req.params.username, deps()) }),
  opsCreateStaff: async (req) => ({
    body: await createStaff(req.principal.username, req.body, deps()),
  }),
  opsUpdateStaff: async (req) => ({
    body: await updateStaff(req.principal.username, req.params.username, req.body, deps()),
  }),
});
