// GET /v1/products/recommendations: suitable products ranked, each with its reasons.
import { deps } from '../../shared/deps';
import { systemClock } from '../../shared/kernel/clock';
import { recommendationsFor } from '../../shared/investing/flows/recommendations';
import { UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';

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
