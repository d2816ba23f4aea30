// GET /openapi.json: the OpenAPI 3.1 document generated from the zod schemas.
import { httpRoute } from '../../shared/http/route';
import { deps } from '../../shared/flows/deps';
import { openApiDocument } from '../../shared/schemas/openapi';

let cached: unknown;
export const handler = httpRoute({ name: 'openapi', auth: { kind: 'public' } }, async () => {
  cached ??= openApiDocument({ stage: deps.settings().stage });
  return { status: 200, body: cached };
});
