// Writes the OpenAPI document of the deployed stages to docs/api/openapi.json.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../functions/openapi';

const doc = openApiDocument({ stage: 'prod' });
writeFileSync(
  new URL('../docs/api/openapi.json', import.meta.url),
  `${JSON.stringify(doc, null, 2)}\n`,
);
process.stdout.write(`docs/api/openapi.json: ${Object.keys(doc.paths ?? {}).length} paths\n`);
