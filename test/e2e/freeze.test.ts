// A durable account freeze (issue 12, finding "High: no durable account freeze"; M4.4-a,
// ADR 0015), over HTTP: risk or compliance staff freeze a customer with a reason; every
// money request of theirs is then refused with ACCOUNT_FROZEN (the condition is inside the
// money transaction itself) and nothing moves; each change is kept with who, when and why;
// unfreezing restores them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, onboardCustomer, staffToken } from '../support/http';
import { account, fund, money, post } from '../support/money';
import { approvedProduct, assessAs } from '../support/suitability';

let risk = '';
let compliance = '';
beforeAll(async () => {
  [risk, compliance] = await Promise.all([
    staffToken('risk-officer'),
    staffToken('compliance-officer'),
  ]);
});

interface StatusView {
  customerId: string;
  status: string;
  history: { action: string; from: string; to: string; by: string; at: string; reason: string }[];
  code?: string;
}

const setStatus = (
  customerId: string,
  action: string,
  reason: string,
  token = risk,
  key?: string,
) =>
  api<StatusView>('POST', `/v1/ops/customers/${customerId}/status`, {
    token,
    body: { action, reason },
    headers: { 'idempotency-key': key ?? `status-${randomUUID()}` },
  });

describe('a durable account freeze (issue 12 High: no durable account freeze; M4.4-a)', () => {
  it('M4.4-a High finding (no durable account freeze): a frozen customer moves no money by transfer, withdrawal, order or deposit, until unfrozen', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 20_000);
    await assessAs(a.idToken, 3);
    const { productId } = await approvedProduct(3);

    const frozen = await setStatus(a.customerId, 'FREEZE', 'suspected account takeover');
    expect(frozen.status).toBe(200);
    expect(frozen.body).toMatchObject({ customerId: a.customerId, status: 'FROZEN' });
    expect(frozen.body.history).toEqual([
      expect.objectContaining({
        action: 'FREEZE',
        from: 'ACTIVE',
        to: 'FROZEN',
        by: 'staff.risk-officer',
        reason: 'suspected account takeover',
      }),
    ]);

    const attempts = await Promise.all([
      post('/v1/transfers', a.idToken, { toCustomerId: b.customerId, ...money(1_000) }),
      post('/v1/withdrawals', a.idToken, money(1_000)),
      post('/v1/orders', a.idToken, { productId, ...money(1_000) }),
      post('/v1/deposits', a.idToken, money(1_000)),
    ]);
    for (const r of attempts) expect([r.status, r.body.code]).toEqual([403, 'ACCOUNT_FROZEN']);
    expect(await account(a.idToken)).toMatchObject({ balance: 20_000, held: 0 });
    // Money sent to a frozen customer is refused too (the recipient's condition).
    const toFrozen = await post('/v1/transfers', b.idToken, {
      toCustomerId: a.customerId,
      ...money(1),
    });
    expect([toFrozen.status, toFrozen.body.code]).toEqual([422, 'RECIPIENT_UNAVAILABLE']);

    // Freezing twice is refused; compliance unfreezes, and money moves again.
    const again = await setStatus(a.customerId, 'FREEZE', 'again');
    expect([again.status, again.body.code]).toEqual([409, 'CUSTOMER_STATUS']);
    const unfrozen = await setStatus(a.customerId, 'UNFREEZE', 'customer identified', compliance);
    expect(unfrozen.status).toBe(200);
    expect(unfrozen.body.status).toBe('ACTIVE');
    expect(unfrozen.body.history.map((h) => [h.action, h.by])).toEqual([
      ['FREEZE', 'staff.risk-officer'],
      ['UNFREEZE', 'staff.compliance-officer'],
    ]);
    const after = await post('/v1/transfers', a.idToken, {
      toCustomerId: b.customerId,
      ...money(1_000),
    });
    expect(after.status).toBe(201);
    expect((await account(a.idToken)).balance).toBe(19_000);

    const view = await api<StatusView>('GET', `/v1/ops/customers/${a.customerId}/status`, {
      token: await staffToken('service-agent'),
    });
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('ACTIVE');
    expect(view.body.history).toHaveLength(2);
  });

  it('M4.4-a a retried freeze answers as the first; only risk, compliance and admin staff may freeze (403), with a reason (400)', async () => {
    const c = await onboardCustomer();
    const key = `freeze-${randomUUID()}`;
    const first = await setStatus(c.customerId, 'FREEZE', 'court order', risk, key);
    const retry = await setStatus(c.customerId, 'FREEZE', 'court order', risk, key);
    expect(first.status).toBe(200);
    expect([retry.status, retry.body]).toEqual([200, first.body]);
    for (const group of ['service-agent', 'product-manager'])
      expect((await setStatus(c.customerId, 'UNFREEZE', 'x', await staffToken(group))).status).toBe(
        403,
      );
    // A customer's token is the customers' pool's: the staff authorizer refuses it (401).
    expect((await setStatus(c.customerId, 'UNFREEZE', 'x', c.idToken)).status).toBe(401);
    expect((await setStatus(c.customerId, 'UNFREEZE', '')).status).toBe(400);
    expect((await setStatus(randomUUID(), 'FREEZE', 'unknown')).body.code).toBe(
      'CUSTOMER_NOT_FOUND',
    );
  });
});
