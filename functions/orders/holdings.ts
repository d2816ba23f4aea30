// GET /v1/holdings: the signed-in customer's positions, one per order.
import { deps } from '../../shared/deps';
import { UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';

export const handler = httpRoute({ name: 'holdings', auth: { kind: 'customer' } }, async (req) => {
  if (!req.principal) throw new UnauthorizedError();
  const holdings = (await deps.holdings().of(req.principal.username)).map(
    ({ customerId: _c, redemptionId: _r, ...h }) => h,
  );
  const sum = (s: string) =>
    holdings.filter((h) => h.status === s).reduce((t, h) => t + h.principal, 0);
  return {
    status: 200,
    body: { holdings, totals: { held: sum('HELD'), pending: sum('PENDING') } },
  };
});
