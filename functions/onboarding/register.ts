// POST /v1/registrations: real-name registration (M2.1-a/b).
import { deps, onboardingDeps } from '../../shared/deps';
import { register } from '../../shared/identity/flows/onboarding';
import { systemClock } from '../../shared/kernel/clock';
import { httpRoute } from '../../shared/platform/http/route';
import { registrationRequest } from '../../shared/identity/schemas';

const schemas = new Map<number, ReturnType<typeof registrationRequest>>();
function schema() {
  const min = deps.settings().passwordMinLength;
  let s = schemas.get(min);
  if (!s) {
    s = registrationRequest({ passwordMinLength: min, now: () => systemClock.now() });
    schemas.set(min, s);
  }
  return s;
}

export const handler = httpRoute(
  { name: 'register', auth: { kind: 'public' }, body: schema },
  async (req) => {
    const result = await register(
      req.body,
      { sourceIp: req.sourceIp, userAgent: req.userAgent },
      onboardingDeps.register(),
    );
    return {
      status: 201,
      body: result,
      headers: { Location: `/v1/registrations/${result.registrationId}` },
    };
  },
);
