// GET /local/outbox?phone=: local stage only, the SMS messages "sent" to a phone.
import { normalizePhone, outboxFor } from '../../shared/identity';
import * as deps from '../deps/adapters';
import { ENV, requireEnv } from '../../shared/platform';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

export const handler = serve(IDENTITY_ROUTES, 'localOutbox', async (req) => {
  const index = await deps.blindIndex().of('phone', normalizePhone(req.query.phone));
  return { body: { messages: await outboxFor(requireEnv(ENV.tables.outbox), index) } };
});
