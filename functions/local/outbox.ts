// GET /local/outbox?phone=: local stage only, the SMS messages "sent" to a phone.
import { outboxFor } from '../../shared/identity/adapters/sms';
import { requireEnv } from '../../shared/platform/config';
import { normalizePhone } from '../../shared/identity/domain/kyc';
import { ENV } from '../../shared/platform/env-names';
import { deps } from '../../shared/deps';
import { httpRoute } from '../../shared/platform/http/route';
import { OutboxQuery } from '../../shared/identity/schemas';

export const handler = httpRoute(
  { name: 'localOutbox', auth: { kind: 'public' }, query: OutboxQuery },
  async (req) => {
    const index = await deps.blindIndex().of('phone', normalizePhone(req.query.phone));
    return {
      status: 200,
      body: { messages: await outboxFor(requireEnv(ENV.tables.outbox), index) },
    };
  },
);
