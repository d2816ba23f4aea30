// GET /v1/products: sellable products with rating, expected return and key terms (M2.2-a).
import { productDeps } from '../../shared/deps';
import { sellableProducts } from '../../shared/investing/flows/products';
import { httpRoute } from '../../shared/platform/http/route';

export const handler = httpRoute(
  { name: 'productCatalog', auth: { kind: 'customer' } },
  async () => ({
    status: 200,
    body: { products: await sellableProducts(productDeps()) },
  }),
);
