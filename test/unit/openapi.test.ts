import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { documentedOperations, openApiDocument } from '../../shared/platform/http/openapi';

describe('OpenAPI document', () => {
  it('documents every route of the route table, and nothing else', () => {
    const routes = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(
      documentedOperations()
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    ).toEqual(routes);
  });

  it('leaves the local-only outbox out of deployed stages', () => {
    expect(Object.keys(openApiDocument({ stage: 'prod' }).paths ?? {})).not.toContain(
      '/local/outbox',
    );
    expect(Object.keys(openApiDocument({ stage: 'local' }).paths ?? {})).toContain('/local/outbox');
  });

  it('is current in docs/api/openapi.json (run `npm run openapi` after changing a schema)', () => {
    const onDisk = JSON.parse(
      readFileSync(new URL('../../docs/api/openapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(openApiDocument({ stage: 'prod' }))));
  });

  it('describes registration fields and the problem document', () => {
    const doc = openApiDocument({ stage: 'prod' });
    const schemas = doc.components?.schemas as Record<
      string,
      { required?: string[]; properties?: Record<string, unknown> }
    >;
    expect(schemas.RegistrationRequest?.required).toEqual([
      'name',
      'phone',
      'idNumber',
      'bankCard',
      'password',
      'consents',
    ]);
    expect(Object.keys(schemas.Problem?.properties ?? {})).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'code',
      'fields',
    ]);
  });
});
