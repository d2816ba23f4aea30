// POST /v1/registrations/{registrationId}/code: send a fresh SMS code (rate-limited).
import { onboardingDeps } from '../../shared/flows/deps';
import { resendCode } from '../../shared/flows/onboarding';
import { httpRoute } from '../../shared/http/route';
import { RegistrationParams } from '../../shared/schemas/onboarding';

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
