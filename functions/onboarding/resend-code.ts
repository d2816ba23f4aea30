// POST /v1/registrations/{registrationId}/code: send a fresh SMS code (rate-limited).
import * as onboardingDeps from '../deps/onboarding';
import { resendCode } from '../../shared/identity';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

export const handler = serve(IDENTITY_ROUTES, 'resendCode', async (req) => {
  const { retryAfterSeconds } = await resendCode(
    req.params.registrationId,
    onboardingDeps.resend(),
  );
  return { body: { status: 'CODE_SENT', retryAfterSeconds } };
});
