// POST /v1/registrations/{registrationId}/code: send a fresh SMS code (rate-limited).
import { deps } from '../../shared/flows/deps';
import { resendCode, systemClock } from '../../shared/flows/onboarding';
import { httpRoute } from '../../shared/http/route';
import { RegistrationParams } from '../../shared/schemas/onboarding';

export const handler = httpRoute(
  { name: 'resendCode', auth: { kind: 'public' }, params: RegistrationParams },
  async (req) => {
    const { retryAfterSeconds } = await resendCode(req.params.registrationId, {
      repo: deps.customers(),
      queue: deps.notifications(),
      settings: deps.settings(),
      clock: systemClock,
    });
    return { status: 202, body: { status: 'CODE_SENT', retryAfterSeconds } };
  },
);
