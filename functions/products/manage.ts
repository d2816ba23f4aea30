// Staff product management (M2.2-b, M2.2-c): every product, one with its audit trail,
// create, change, and four-eyes approval.
import { productDeps } from '../deps/investing';
import { approveProduct, changeProduct, createProduct, productOut } from '../../shared/investing';
import { NotFoundError } from '../../shared/platform';
import { serveRoutes } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

/** A keyed staff request as the product flows take it (the body is both input and fingerprint). */
const keyed = <B>(req: { idempotencyKey: string; operationId: string; body: B }) => ({
  key: req.idempotencyKey,
  operation: req.operationId,
  body: req.body,
  input: req.body,
});

export const handler = serveRoutes(INVESTING_ROUTES, {
  opsListProducts: async () => ({
    body: { products: (await productDeps().products.catalog()).map(productOut) },
  }),
  opsGetProduct: async (req) => {
    const { products } = productDeps();
    const p = await products.get(req.params.productId);
    if (!p) throw new NotFoundError('PRODUCT_NOT_FOUND', 'No such product.');
    return { body: { ...productOut(p), auditTrail: await products.auditTrail(p.productId) } };
  },
  opsCreateProduct: async (req) => ({
    body: productOut(await createProduct(req.principal.username, keyed(req), productDeps())),
  }),
  opsChangeProduct: async (req) => ({
    body: productOut(
      await changeProduct(req.principal.username, req.params.productId, keyed(req), productDeps()),
    ),
  }),
  opsApproveProduct: async (req) => ({
    body: productOut(
      await approveProduct(req.principal.username, req.params.productId, keyed(req), productDeps()),
    ),
  }),
});
