// GET /v1/holdings: the signed-in customer's positions, one per order.
import * as deps from '../deps/adapters';
import { serve } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

export const handler = serve(INVESTING_ROUTES, 'listHoldings', async (req) => {
  const holdings = (await deps.holdings().of(req.principal.username)).map(
    ({ customerId: _c, redemptionId: _r, ...h }) => h,
  );
  const sum = (s: string) =>
    holdings.filter((h) => h.status === s).reduce((t, h) => t + h.principal, 0);
  return { body: { holdings, totals: { held: sum('HELD'), pending: sum('PENDING') } } };
});
