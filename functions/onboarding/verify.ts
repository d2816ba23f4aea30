// POST /v1/registrations/{registrationId}/verify: SMS code (and face check) -> ACTIVE.
import * as onboardingDeps from '../deps/onboarding';
import { verify } from '../../shared/identity';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

export const handler = serve(IDENTITY_ROUTES, 'verifyRegistration', async (req) => ({
  body: await verify(req.params.registrationId, req.body, onboardingDeps.verify()),
}));
