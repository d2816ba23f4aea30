// The typed client (clients/typescript) is generated from the committed API document:
// `npm run openapi` rewrites both; this fails when either was changed without the other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_SCHEMA, clientSchemaSource } from '../../scripts/openapi-client';

describe('the generated TypeScript client', () => {
  it('is current with docs/api/openapi.json (run `npm run openapi`)', async () => {
    const doc = JSON.parse(
      readFileSync(new URL('../../docs/api/openapi.json', import.meta.url), 'utf8'),
    ) as object;
    expect(readFileSync(CLIENT_SCHEMA, 'utf8')).toBe(await clientSchemaSource(doc));
  }, 30_000);
});
