// GET /local/outbox?phone=: local stage only, the SMS messages "sent" to a phone.
import { outboxFor } from '../../shared/adapters/sms';
import { requireEnv } from '../../shared/config';
import { normalizePhone } from '../../shared/domain/kyc';
import { ENV } from '../../shared/env-names';
import { deps } from '../../shared/flows/deps';
import { httpRoute } from '../../shared/http/route';
import { OutboxQuery } from '../../shared/schemas/onboarding';

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
