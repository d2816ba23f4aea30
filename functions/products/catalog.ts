// GET /v1/products: sellable products with rating, expected return and key terms (M2.2-a).
import { productDeps } from '../deps/investing';
import { productOut, sellableProducts } from '../../shared/investing';
import { serve } from '../http';
import { INVESTING_ROUTES } from '../routes/investing';

export const handler = serve(INVESTING_ROUTES, 'listProducts', async () => ({
  body: { products: (await sellableProducts(productDeps())).map(productOut) },
}));
