// Over HTTP, through the local gateway: every staff route of the table refuses the staff
// groups it does not name with 403 before its function runs (a request that would fail the
// function's own validation is still 403, not 400), and every route takes only its own
// pool's tokens: a customer's token on a staff route, or a staff token on a customer's
// route, is 401 (issue 12: staff have their own user pool).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_LIST, STAFF_GROUPS } from '../../functions/routes';
import { api, onboardCustomer, staffToken } from '../support/http';

const staffRoutes = ROUTE_LIST.filter((r) => r.auth.kind === 'staff');
const pathOf = (p: string) => p.replace(/\{[^}]+\}/g, () => randomUUID());

describe('staff routes at the edge', () => {
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    tokens.customer = (await onboardCustomer()).idToken;
    for (const g of STAFF_GROUPS) tokens[g] = await staffToken(g);
  });

  const probe = (r: (typeof ROUTE_LIST)[number], token: string | undefined) =>
    // A broken body and no Idempotency-Key: the function would answer 400 had it run.
    api(r.method, pathOf(r.path), {
      token,
      ...(r.method === 'GET' ? { headers: { 'x-probe': '1' } } : { raw: '{"x":' }),
    });

  it("M2.5-a High finding (staff share the customers' pool): a customer's token is 401 on every staff route, a staff token 401 on every customer route", async () => {
    for (const r of staffRoutes) {
      const res = await probe(r, tokens.customer);
      expect(res.status, `customer on ${r.method} ${r.path}`).toBe(401);
    }
    for (const r of ROUTE_LIST.filter((x) => x.auth.kind === 'customer')) {
      const res = await probe(r, tokens.admin);
      expect(res.status, `admin on ${r.method} ${r.path}`).toBe(401);
    }
  });

  it('M2.5-a refuses the other staff groups with 403 FORBIDDEN, before validation', async () => {
    let refusals = 0;
    for (const r of staffRoutes) {
      const groups = r.auth.kind === 'staff' ? r.auth.groups : [];
      for (const who of STAFF_GROUPS.filter((g) => !groups.includes(g))) {
        const res = await probe(r, tokens[who]);
        expect(res.status, `${who} on ${r.method} ${r.path}`).toBe(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN', status: 403 });
        refusals += 1;
      }
    }
    expect(refusals).toBeGreaterThanOrEqual(staffRoutes.length);
  });

  it('M2.5-a lets a named group through to the function (which then validates)', async () => {
    const res = await api('POST', `/v1/ops/settlements/${randomUUID()}/retry`, {
      token: tokens['risk-officer'],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
  });
});
