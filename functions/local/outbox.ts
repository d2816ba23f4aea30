// GET /local/outbox?phone=: local stage only, the SMS messages "sent" to a phone.
import { outboxFor } from '../../shared/identity/adapters/sms';
import { normalizePhone } from '../../shared/identity/domain/kyc';
import * as deps from '../deps/adapters';
import { requireEnv } from '../../shared/platform/config';
import { ENV } from '../../shared/platform/env-names';
import { serve } from '../http';

export const handler = serve('localOutbox', async (req) => {
  const index = await deps.blindIndex().of('phone', normalizePhone(req.query.phone));
  return { body: { messages: await outboxFor(requireEnv(ENV.tables.outbox), index) } };
});
