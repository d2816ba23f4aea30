// POST /v1/registrations/{registrationId}/code: send a fresh SMS code (rate-limited).
import { onboardingDeps } from '../../shared/deps';
import { resendCode } from '../../shared/identity/flows/onboarding';
import { httpRoute } from '../../shared/platform/http/route';
import { RegistrationParams } from '../../shared/identity/schemas';

export const handler = httpRoute(
  { name: 'resendCode', auth: { kind: 'public' }, params: RegistrationParams },
  async (req) => {
    const { retryAfterSeconds } = await resendCode(
      req.params.registrationId,
      onboardingDeps.resend(),
    );
    return { status: 202, body: { status: 'CODE_SENT', retryAfterSeconds } };
  },
);
