// GET /v1/products/recommendations: suitable products ranked, each with its reasons.
import * as deps from '../deps/adapters';
import { systemClock } from '../../shared/kernel';
import { recommendationsFor } from '../../shared/investing';
import { serve } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

export const handler = serve(INVESTING_ROUTES, 'listRecommendations', async (req) => ({
  body: await recommendationsFor(req.principal.username, {
    products: deps.products(),
    assessments: deps.assessments(),
    holdings: deps.holdings(),
    settings: deps.settings(),
    clock: systemClock,
  }),
}));
