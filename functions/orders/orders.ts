// POST /v1/orders (suitability-checked, M2.2-a), GET /v1/orders, GET /v1/orders/{orderId}
// and POST /v1/orders/{orderId}/redeem.
import * as moneyDeps from '../deps/money';
import { ownOrder, ownOrders, placeOrder, redeemOrder } from '../../shared/investing';
import { customerKeyed, serveRoutes } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

export const handler = serveRoutes(INVESTING_ROUTES, {
  placeOrder: async (req) => ({
    body: await placeOrder(customerKeyed(req), moneyDeps.order()),
  }),
  listOrders: async (req) => ({
    body: await ownOrders(req.principal.username, req.query, moneyDeps.order().ledger),
  }),
  getOrder: async (req) => ({
    body: await ownOrder(req.principal.username, req.params.orderId, moneyDeps.order().ledger),
  }),
  redeemOrder: async (req) => ({
    body: await redeemOrder(
      {
        customerId: req.principal.username,
        key: req.idempotencyKey,
        operation: req.operationId,
        body: { redeem: req.params.orderId },
        orderId: req.params.orderId,
      },
      moneyDeps.order(),
    ),
  }),
});
