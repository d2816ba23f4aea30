// POST /v1/registrations/{registrationId}/verify: SMS code (and face check) -> ACTIVE. A first
// activation is a risk event (with the device and the bank card's blind index; M2.1-c).
import * as onboardingDeps from '../deps/onboarding';
import { reportDeps } from '../deps/risk';
import { verify } from '../../shared/identity';
import { reportActivation } from '../../shared/risk';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

export const handler = serve(IDENTITY_ROUTES, 'verifyRegistration', async (req) => ({
  body: await verify(req.params.registrationId, req.body, {
    ...onboardingDeps.verify(),
    onActivated: (a) =>
      reportActivation({ ...a, ...(req.deviceId ? { deviceId: req.deviceId } : {}) }, reportDeps()),
  }),
}));
