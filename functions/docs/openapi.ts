// GET /openapi.json: the OpenAPI 3.1 document generated from the route table.
import * as deps from '../deps/adapters';
import { openApiDocument } from '../openapi';
import { serve } from '../http';
import { META_ROUTES } from '../routes/meta';

let cached: unknown;
export const handler = serve(META_ROUTES, 'getOpenApi', async () => {
  cached ??= openApiDocument({ stage: deps.settings().stage });
  return { body: cached };
});
