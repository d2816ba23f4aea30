// Staff product management (M2.2-b, M2.2-c): POST /v1/ops/products, PUT and GET
// /v1/ops/products/{productId}, POST /v1/ops/products/{productId}/approve, GET
// /v1/ops/products (every product, any status).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { productDeps } from '../../shared/deps';
import {
  approveProduct,
  changeProduct,
  createProduct,
} from '../../shared/investing/flows/products';
import { NotFoundError, UnauthorizedError } from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { ApproveRequest, ProductInput, ProductParams } from '../../shared/investing/schemas';

const PRODUCT_STAFF = { kind: 'staff', groups: ['product-manager', 'admin'] } as const;

const create = httpRoute(
  { name: 'productCreate', auth: PRODUCT_STAFF, body: ProductInput, idempotencyKey: 'required' },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return createProduct(
      req.principal.username,
      { key: req.idempotencyKey, body: req.body, input: req.body },
      productDeps(),
    );
  },
);

const change = httpRoute(
  {
    name: 'productChange',
    auth: PRODUCT_STAFF,
    params: ProductParams,
    body: ProductInput,
    idempotencyKey: 'required',
  },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return changeProduct(
      req.principal.username,
      req.params.productId,
      { key: req.idempotencyKey, body: req.body, input: req.body },
      productDeps(),
    );
  },
);

const approve = httpRoute(
  {
    name: 'productApprove',
    auth: PRODUCT_STAFF,
    params: ProductParams,
    body: ApproveRequest,
    idempotencyKey: 'required',
  },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    return approveProduct(
      req.principal.username,
      req.params.productId,
      { key: req.idempotencyKey, body: req.body, input: req.body },
      productDeps(),
    );
  },
);

const getOne = httpRoute(
  { name: 'productGet', auth: PRODUCT_STAFF, params: ProductParams },
  async (req) => {
    const { products } = productDeps();
    const p = await products.get(req.params.productId);
    if (!p) throw new NotFoundError('PRODUCT_NOT_FOUND', 'No such product.');
    return { status: 200, body: { ...p, auditTrail: await products.auditTrail(p.productId) } };
  },
);

const list = httpRoute({ name: 'productList', auth: PRODUCT_STAFF }, async () => ({
  status: 200,
  body: { products: await productDeps().products.catalog() },
}));

/** One function serves the staff product routes (one flow, one set of grants). */
export const handler = (event: APIGatewayProxyEvent, context: Context) => {
  const r = event.resource ?? '';
  if (r.endsWith('/approve')) return approve(event, context);
  if (r.endsWith('{productId}'))
    return event.httpMethod === 'PUT' ? change(event, context) : getOne(event, context);
  return event.httpMethod === 'POST' ? create(event, context) : list(event, context);
};
