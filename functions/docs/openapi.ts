// GET /openapi.json: the OpenAPI 3.1 document generated from the zod schemas.
import { httpRoute } from '../../shared/platform/http/route';
import { deps } from '../../shared/deps';
import { openApiDocument } from '../../shared/platform/http/openapi';

let cached: unknown;
export const handler = httpRoute({ name: 'openapi', auth: { kind: 'public' } }, async () => {
  cached ??= openApiDocument({ stage: deps.settings().stage });
  return { status: 200, body: cached };
});
