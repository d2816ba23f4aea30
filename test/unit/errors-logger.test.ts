import { describe, expect, it } from 'vitest';
import { Refusal, DependencyError } from '../../shared/platform/errors';
import { problemOf } from '../../shared/platform/http/errors';
import { redact } from '../../shared/platform/logger';

describe('problem documents (RFC 9457)', () => {
  it('maps dependency failures to 503 and unknown errors to a bare 500 without internals', () => {
    expect(problemOf(new DependencyError('KMS down at arn:aws:kms:...'))).toEqual({
      type: 'https://docs.finplat.example/problems/service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'A service the platform depends on did not answer. Retry later.',
      code: 'SERVICE_UNAVAILABLE',
    });
    const internal = problemOf(new TypeError('cannot read x of undefined at /var/task/index.js'));
    expect(internal).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(internal)).not.toContain('undefined');
  });

  it('keeps a client error status, code and fields', () => {
    expect(
      problemOf(new Refusal('REGISTRATION_LOCKED', 'locked', [{ path: 'body.code', reason: 'x' }])),
    ).toEqual({
      type: 'https://docs.finplat.example/problems/registration-locked',
      title: 'Locked',
      status: 423,
      detail: 'locked',
      code: 'REGISTRATION_LOCKED',
      fields: [{ path: 'body.code', reason: 'x' }],
    });
  });
});

describe('masking logger (M6.2-a)', () => {
  it('M6.2-a redacts PII keys and masks PII-shaped strings anywhere in a log entry', () => {
    const out = JSON.stringify(
      redact({
        phone: '13812341234',
        nested: {
          idNumber: '11010519491231002X',
          note: 'card 6200000000000005 and id 11010519491231002x, call 13912345678',
        },
        error: new Error('duplicate 11010519491231002X'),
      }),
    );
    for (const plain of [
      '13812341234',
      '11010519491231002X',
      '11010519491231002x',
      '6200000000000005',
      '13912345678',
    ]) {
      expect(out).not.toContain(plain);
    }
    expect(out).toContain('139****5678');
    expect(out).toContain('****0005');
  });
});
