// POST /v1/registrations: real-name registration (M2.1-a/b).
import * as onboardingDeps from '../deps/onboarding';
import { register } from '../../shared/identity';
import { serve } from '../http';

export const handler = serve('register', async (req) => {
  const result = await register(
    req.body,
    { sourceIp: req.sourceIp, userAgent: req.userAgent },
    onboardingDeps.register(),
  );
  return { body: result, headers: { Location: `/v1/registrations/${result.registrationId}` } };
});
