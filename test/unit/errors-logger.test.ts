import { describe, expect, it } from 'vitest';
import { Refusal, DependencyError } from '../../shared/platform/errors';
import { problemOf } from '../../shared/platform/http/errors';
import { logger, maskString, redact, setLogSink } from '../../shared/platform/logger';

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
        nested: { idNumber: '11010519491231002X' },
        message: 'card 6200000000000005 and id 11010519491231002x, call 13912345678',
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

  it('M6.2-a masks bank cards of every length from 16 to 19 digits in a log line', () => {
    for (const card of [
      '6200000000000005',
      '62000000000000012',
      '621234567890123456',
      '6212345678901234567',
    ]) {
      const line = maskString(`paid with ${card}.`);
      // At most the first 4 (an 18-digit run may be an ID number) and the last 4 stay.
      expect(line).toMatch(new RegExp(`^paid with (\\d{4})?\\*+${card.slice(-4)}\\.$`));
      expect(line.replace(/\D/g, '').length).toBeLessThanOrEqual(8);
    }
    expect(maskString('paid with 6212345678901234567.')).toBe('paid with ****4567.');
    // Shorter digit runs (amounts, ids of other things) are left alone.
    expect(maskString('amount 123456789012345')).toBe('amount 123456789012345');
  });

  it('M6.2-a Medium finding (the logger misses PII): fields are logged by allow-list; names under other keys, tokens and headers are redacted, a code only when it is a problem code', () => {
    expect(
      redact({
        fullName: '张三',
        holder: 'Li Lei',
        authorization: 'Bearer abc.def',
        token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
        headers: { Authorization: 'Bearer x' },
        body: { name: '张三' },
        code: '123456',
        movementId: 'm-1',
        status: 'PENDING',
      }),
    ).toEqual({
      fullName: '[REDACTED]',
      holder: '[REDACTED]',
      authorization: '[REDACTED]',
      token: '[REDACTED]',
      headers: '[REDACTED]',
      body: '[REDACTED]',
      code: '[REDACTED]',
      movementId: 'm-1',
      status: 'PENDING',
    });
    expect(redact({ code: 'INSUFFICIENT_FUNDS' })).toEqual({ code: 'INSUFFICIENT_FUNDS' });
    // Tokens and authorization headers inside allowed strings are masked too.
    expect(maskString('got Bearer abc.def-1 and eyJhbGciOi.eyJzdWIi.c2ln')).toBe(
      'got Bearer [REDACTED] and [TOKEN]',
    );
  });

  it('M6.2-a Medium finding (the logger misses PII): phones and cards with spaces or dashes, +86 and 86 prefixes, 19-digit cards', () => {
    expect(maskString('SMS to +8613812341234 failed')).toBe('SMS to +86138****1234 failed');
    expect(maskString('SMS to 8613812341234 failed')).toBe('SMS to 86138****1234 failed');
    expect(maskString('tel 138 1234 1234')).toBe('tel 138****1234');
    expect(maskString('tel 138-1234-1234')).toBe('tel 138****1234');
    expect(maskString('tel +86 138-1234-1234')).toBe('tel +86 138****1234');
    expect(maskString('card 6222 0212 3456 7890')).toBe('card ****7890');
    expect(maskString('card 6222-0212-3456-7890-123')).toBe('card ****0123');
    expect(maskString('card 6222021234567890123')).toBe('card ****0123');
    // Times and ids are not numbers to mask.
    expect(
      maskString('at 2026-11-29T05:14:24.000Z, movement 0b7e6a52-0d2e-4b8e-9d35-2a4c3c1f7e10'),
    ).toBe('at 2026-11-29T05:14:24.000Z, movement 0b7e6a52-0d2e-4b8e-9d35-2a4c3c1f7e10');
  });

  it('M6.2-a masks a mobile number written with the country code: +86, 0086 or 86, spaced or not', () => {
    expect(maskString('call +8613812341234')).toBe('call +86138****1234');
    expect(maskString('call +86 13812341234')).toBe('call +86 138****1234');
    expect(maskString('call 8613812341234')).toBe('call 86138****1234');
    expect(maskString('call 0086-13812341234')).toBe('call 0086-138****1234');
    expect(maskString('(13812341234)')).toBe('(138****1234)');
    // Not a mobile: 12 digits, or a landline.
    expect(maskString('ref 138123412345')).toBe('ref 138123412345');
    expect(maskString('tel 01012345678')).toBe('tel 01012345678');
  });
});

describe('metrics as log lines (risk-alert-surge alarm)', () => {
  it('M4.1-a writes a metric in CloudWatch embedded metric format: namespace, dimensions, counts at the root', () => {
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    try {
      logger.metric('Finplat/Risk', { AlertsOpened: 2 }, { Stage: 'prod' });
    } finally {
      setLogSink((l) => process.stdout.write(`${l}\n`));
    }
    const doc = JSON.parse(lines[0] ?? '{}') as Record<string, unknown> & {
      _aws: { Timestamp: number; CloudWatchMetrics: unknown[] };
    };
    expect(doc._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Finplat/Risk',
        Dimensions: [['Stage']],
        Metrics: [{ Name: 'AlertsOpened', Unit: 'Count' }],
      },
    ]);
    expect(typeof doc._aws.Timestamp).toBe('number');
    expect([doc.Stage, doc.AlertsOpened]).toEqual(['prod', 2]);
  });
});
