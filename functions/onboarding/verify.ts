// POST /v1/registrations/{registrationId}/verify: SMS code (and face check) -> ACTIVE.
import { onboardingDeps } from '../../shared/deps';
import { verify } from '../../shared/identity/flows/onboarding';
import { httpRoute } from '../../shared/platform/http/route';
import { RegistrationParams, VerifyRequest } from '../../shared/identity/schemas';

export const handler = httpRoute(
  {
    name: 'verifyRegistration',
    auth: { kind: 'public' },
    body: VerifyRequest,
    params: RegistrationParams,
  },
  async (req) => ({
    status: 200,
    body: await verify(req.params.registrationId, req.body, onboardingDeps.verify()),
  }),
);
