// POST /v1/orders (suitability-checked, M2.2-a) and POST /v1/orders/{orderId}/redeem.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { moneyDeps } from '../../shared/deps';
import { placeOrder, redeemOrder } from '../../shared/investing/flows/orders';
import { UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { OrderParams, OrderRequest } from '../../shared/investing/schemas';

const order = httpRoute(
  { name: 'order', auth: { kind: 'customer' }, body: OrderRequest, idempotencyKey: 'required' },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return placeOrder(
      {
        customerId: req.principal.username,
        key: req.idempotencyKey,
        body: req.body,
        input: req.body,
      },
      moneyDeps.order(),
    );
  },
);

const redeem = httpRoute(
  { name: 'redeem', auth: { kind: 'customer' }, params: OrderParams, idempotencyKey: 'required' },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return redeemOrder(
      {
        customerId: req.principal.username,
        key: req.idempotencyKey,
        body: { redeem: req.params.orderId },
        orderId: req.params.orderId,
      },
      moneyDeps.order(),
    );
  },
);

/** One function serves ordering and redeeming (one flow, one set of grants). */
export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  event.resource?.endsWith('/redeem') ? redeem(event, context) : order(event, context);
