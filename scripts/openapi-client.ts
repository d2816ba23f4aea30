// The typed client's schema module (clients/typescript/src/schema.ts), generated from the
// API document by openapi-typescript and formatted as the repository formats code. The
// writer (`npm run openapi`) and the test that the committed client is current share it.
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import * as prettier from 'prettier';

export const CLIENT_SCHEMA = new URL('../clients/typescript/src/schema.ts', import.meta.url);

export async function clientSchemaSource(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    // Plain (mutable) types: openapi-fetch maps readonly arrays to index signatures.
    exportType: true,
  });
  const source = `${COMMENT_HEADER}// Regenerate with \`npm run openapi\`; test/unit/openapi-client.test.ts checks it is current.\n\n${astToString(ast)}`;
  const options = (await prettier.resolveConfig(CLIENT_SCHEMA.pathname)) ?? {};
  return prettier.format(source, { ...options, parser: 'typescript' });
}
