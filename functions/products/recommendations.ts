// GET /v1/products/recommendations: suitable products ranked, each with its reasons.
import { deps } from '../../shared/flows/deps';
import { systemClock } from '../../shared/flows/onboarding';
import { recommendationsFor } from '../../shared/flows/recommendations';
import { UnauthorizedError } from '../../shared/http/errors';
import { httpRoute } from '../../shared/http/route';

export const handler = httpRoute(
  { name: 'recommendations', auth: { kind: 'customer' } },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return {
      status: 200,
      body: await recommendationsFor(req.principal.username, {
        products: deps.products(),
        assessments: deps.assessments(),
        holdings: deps.holdings(),
        settings: deps.settings(),
        clock: systemClock,
      }),
    };
  },
);
