// A web app on another origin calls the API (issue 9): preflights answered for the stage's
// origins (local: the web console's development server), every response readable by that
// origin and no other, and 405 with Allow for a known path with a method it does not take.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { onboardCustomer } from '../support/http';

const APP = 'http://localhost:5173';
const url = (path: string) => `${inject('apiUrl')}${path}`;

describe('CORS for the web app (M2.5-a)', () => {
  it('answers a preflight from the web app with the path methods and the headers it may send', async () => {
    const res = await fetch(url('/v1/transfers'), {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, Idempotency-Key, X-Device-Id',
    );
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives another origin nothing to read', async () => {
    const res = await fetch(url('/v1/transfers'), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(url('/v1/legal-documents'), {
      headers: { origin: 'https://evil.example' },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("lets the web app read a function's answers, its refusals and the gateway's own", async () => {
    const c = await onboardCustomer();
    const me = await fetch(url('/v1/accounts/me'), {
      headers: { origin: APP, authorization: `Bearer ${c.idToken}` },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('access-control-allow-origin')).toBe(APP);
    expect(me.headers.get('access-control-expose-headers')).toContain('Idempotency-Replayed');
    expect(me.headers.get('vary')).toContain('Origin');
    const refused = await fetch(url('/v1/transfers'), {
      method: 'POST',
      headers: {
        origin: APP,
        authorization: `Bearer ${c.idToken}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP);
    const unsigned = await fetch(url('/v1/accounts/me'), { headers: { origin: APP } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('answers a known path with a method it does not take with 405 and Allow', async () => {
    const res = await fetch(url('/v1/transfers'), { method: 'PATCH' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    expect((await fetch(url('/v1/nothing-here'), { method: 'PATCH' })).status).toBe(404);
  });
});
