// The local gateway under hostile input, as API Gateway would meet it: query names that are
// also JavaScript property names, malformed percent-escapes, odd methods and headers, on
// every route of the table. Whatever is sent, the answer is a 4xx (or the route's success)
// with a JSON body, never a 5xx or a dropped connection.
import { request } from 'node:http';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ROUTE_LIST } from '../../functions/routes';
import { onboardCustomer, staffToken } from '../support/http';
import { mulberry32 } from '../support/random';

interface Raw {
  status: number;
  contentType: string;
  requestId: string;
  body: string;
}

/** Sends exactly the bytes of `path` (no URL normalisation, unlike fetch). */
function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const base = new URL(inject('apiUrl'));
  return new Promise<Raw>((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          requestId: String(res.headers['x-request-id'] ?? ''),
          body: text,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PROPERTY_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'prototype',
  '__defineGetter__',
  'isPrototypeOf',
];
const SEGMENTS = [
  '%E0%A4%A', // truncated escape
  '%',
  '%zz',
  '%00',
  '%C0%AF', // overlong
  '..%2F..%2Fetc',
  'x'.repeat(300),
  '%F0%9F%92%B0',
  'null',
  '-1',
];
const BODIES = ['', '{', 'null', '[]', '{"__proto__":{"admin":true}}', '"x"', '{"amount":1e309}'];

let tokens: string[] = [];
beforeAll(async () => {
  const c = await onboardCustomer();
  tokens = ['', c.idToken, await staffToken('risk-officer'), 'Bearer not-a-jwt'];
}, 60_000);

describe('the local gateway under hostile input (M2.5-a)', () => {
  it('answers prototype-named query parameters and malformed percent-escapes with 4xx, never 5xx', async () => {
    const c = tokens[1] ?? '';
    const cases: [string, string][] = [
      ['GET', '/v1/accounts/me?__proto__=x'],
      ['GET', '/v1/accounts/me?__proto__=1&constructor=2&toString=3&__proto__=4'],
      ['GET', '/v1/accounts/me/entries?hasOwnProperty=1&valueOf=x'],
      ['POST', '/v1/orders/%E0%A4%A/redeem'],
      ['GET', '/v1/orders/%'],
      ['POST', '/v1/orders/%zz/redeem'],
    ];
    for (const [method, path] of cases) {
      const res = await send(method, path, { authorization: `Bearer ${c}` });
      expect(res.status, `${method} ${path}: ${res.body}`).toBeLessThan(500);
      expect(res.status, `${method} ${path}`).not.toBe(0);
      expect(() => JSON.parse(res.body) as unknown).not.toThrow();
    }
    const bad = await send('POST', '/v1/orders/%E0%A4%A/redeem', { authorization: `Bearer ${c}` });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toBe('application/problem+json');
    expect(JSON.parse(bad.body)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('M2.5-a fuzzes every route (seeded): no 5xx, every error a problem document with its request id', async () => {
    const random = mulberry32(20261128);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      const route = pick(ROUTE_LIST);
      const path = route.path.replace(/\{[^}]+\}/g, () => pick(SEGMENTS));
      const query = Array.from(
        { length: Math.floor(random() * 4) },
        () => `${pick(PROPERTY_NAMES)}=${pick(SEGMENTS)}`,
      ).join('&');
      const method = random() < 0.9 ? route.method : pick(['PATCH', 'PUT', 'DELETE', 'OPTIONS']);
      const token = pick(tokens);
      const body = method === 'GET' ? undefined : pick(BODIES);
      const headers: Record<string, string> = {
        ...(token ? { authorization: token.startsWith('Bearer') ? token : `Bearer ${token}` } : {}),
        ...(body !== undefined
          ? {
              'content-type': pick(['application/json', 'text/plain']),
              'content-length': String(Buffer.byteLength(body)),
            }
          : {}),
        ...(random() < 0.5 ? { 'idempotency-key': pick([...SEGMENTS, 'k'.repeat(20)]) } : {}),
      };
      const target = `${path}${query ? `?${query}` : ''}`;
      const res = await send(method, target, headers, body);
      const label = `#${i} ${method} ${target} -> ${res.status} ${res.body.slice(0, 200)}`;
      if (res.status >= 500 || res.status === 0) failures.push(label);
      else if (res.status >= 400) {
        if (res.contentType !== 'application/problem+json')
          failures.push(`${label} (content type ${res.contentType})`);
        else {
          const doc = JSON.parse(res.body) as { code?: unknown; requestId?: unknown };
          if (typeof doc.code !== 'string') failures.push(`${label} (no code)`);
          if (!res.requestId || doc.requestId !== res.requestId)
            failures.push(`${label} (request id ${String(doc.requestId)} vs ${res.requestId})`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers bytes that are not HTTP with a 400 problem document', async () => {
    const base = new URL(inject('apiUrl'));
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(base.port), base.hostname, () =>
        socket.write('GET /v1/products HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
  });
});
