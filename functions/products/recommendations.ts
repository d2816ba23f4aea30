// GET /v1/products/recommendations: suitable products ranked, each with its reasons;
// personalised from holdings and orders only with the customer's MARKETING consent.
import * as deps from '../deps/adapters';
import { systemClock } from '../../shared/kernel';
import { recommendationsFor } from '../../shared/investing';
import { consentGiven } from '../../shared/identity';
import { serve } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

// The customer's marketing consent is read at every request: a withdrawal stops the
// personalised ranking at once (M7.1-a).
export const handler = serve(INVESTING_ROUTES, 'listRecommendations', async (req) => ({
  body: await recommendationsFor(
    req.principal.username,
    {
      products: deps.products(),
      assessments: deps.assessments(),
      holdings: deps.holdings(),
      settings: deps.settings(),
      clock: systemClock,
    },
    await consentGiven(deps.customers(), req.principal.username, 'MARKETING'),
  ),
}));
