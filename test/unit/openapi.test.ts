import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/openapi';

describe('OpenAPI document', () => {
  it('leaves the local-only outbox out of deployed stages', () => {
    expect(Object.keys(openApiDocument({ stage: 'prod' }).paths ?? {})).not.toContain(
      '/local/outbox',
    );
    expect(Object.keys(openApiDocument({ stage: 'local' }).paths ?? {})).toContain('/local/outbox');
  });

  it('is current in docs/api/openapi.json (run `npm run openapi` after changing a route or schema)', () => {
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
      'requestId',
    ]);
  });

  it('lists the problem codes of each refusal status (a transfer refused 422)', () => {
    const doc = openApiDocument({ stage: 'prod' });
    const transfer = (
      doc.paths?.['/v1/transfers'] as {
        post: { responses: Record<string, { description: string }> };
      }
    ).post;
    expect(transfer.responses['422']?.description).toContain('INSUFFICIENT_FUNDS');
    expect(transfer.responses['422']?.description).toContain('RECIPIENT_UNAVAILABLE');
    expect(Object.keys(transfer.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '502',
      '503',
    ]);
  });
});
