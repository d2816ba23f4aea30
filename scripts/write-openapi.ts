// Writes the OpenAPI document of the deployed stages to docs/api/openapi.json, and the
// typed client's schema generated from it to clients/typescript/src/schema.ts.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../functions/openapi';
import { CLIENT_SCHEMA, clientSchemaSource } from './openapi-client';

const doc = JSON.parse(JSON.stringify(openApiDocument({ stage: 'prod' }))) as object;
writeFileSync(
  new URL('../docs/api/openapi.json', import.meta.url),
  `${JSON.stringify(doc, null, 2)}\n`,
);
writeFileSync(CLIENT_SCHEMA, await clientSchemaSource(doc));
process.stdout.write(
  `docs/api/openapi.json: ${Object.keys((doc as { paths: object }).paths).length} paths; clients/typescript/src/schema.ts\n`,
);
