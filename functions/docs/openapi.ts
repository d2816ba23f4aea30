// GET /openapi.json: the OpenAPI 3.1 document generated from the route table.
import { deps } from '../../shared/deps';
import { openApiDocument } from '../openapi';
import { serve } from '../http';

let cached: unknown;
export const handler = serve('getOpenApi', async () => {
  cached ??= openApiDocument({ stage: deps.settings().stage });
  return { body: cached };
});
