// POST /v1/registrations: real-name registration (M2.1-a/b).
import * as onboardingDeps from '../deps/onboarding';
import { register } from '../../shared/identity';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

export const handler = serve(IDENTITY_ROUTES, 'register', async (req) => {
  const result = await register(
    req.body,
    { sourceIp: req.sourceIp, userAgent: req.userAgent },
    onboardingDeps.register(),
    req.idempotencyKey,
  );
  return { body: result, headers: { Location: `/v1/registrations/${result.registrationId}` } };
});
