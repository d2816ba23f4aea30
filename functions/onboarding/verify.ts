// POST /v1/registrations/{registrationId}/verify: SMS code (and face check) -> ACTIVE.
import * as onboardingDeps from '../deps/onboarding';
import { verify } from '../../shared/identity';
import { serve } from '../http';

export const handler = serve('verifyRegistration', async (req) => ({
  body: await verify(req.params.registrationId, req.body, onboardingDeps.verify()),
}));
