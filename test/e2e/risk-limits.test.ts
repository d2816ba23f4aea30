// Exposure limits (M4.2-a, ADR 0013), over HTTP: a risk officer sets a customer's own
// transfer limits with a reason (kept, with who and when); a transfer above the single
// limit, or one that would take the day past the daily limit, is refused with
// LIMIT_EXCEEDED naming the limit, and nothing moves; under concurrency exactly the
// transfers that fit go through. A product's terms cap what one customer, and all
// customers together, may put into it in a day.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../shared/risk';
import { api, onboardCustomer, staffToken } from '../support/http';
import { account, fund, money, post } from '../support/money';
import { approvedProduct, assessAs } from '../support/suitability';

let risk = '';
beforeAll(async () => {
  risk = await staffToken('risk-officer');
});

interface Limit {
  which: string;
  flow: string;
  amount: number;
  source: string;
}

const setLimits = (customerId: string, body: unknown, token = risk) =>
  api<{
    inForce: Record<string, { single: number; daily: number; source: string }>;
    productDailyByLevel: Record<string, number>;
  }>('PUT', `/v1/ops/customers/${customerId}/limits`, {
    token,
    body,
    headers: { 'idempotency-key': `limits-${randomUUID()}` },
  });

const transfer = (token: string, to: string, amount: number) =>
  api<{ code?: string; limit?: Limit; detail?: string; fields?: unknown }>(
    'POST',
    '/v1/transfers',
    {
      token,
      body: { toCustomerId: to, amount, currency: 'CNY' },
      headers: { 'idempotency-key': `t-${randomUUID()}` },
    },
  );

describe('exposure limits (M4.2-a, ADR 0013)', () => {
  it('M4.2-a a refusal names the limit that applied: single, then daily; staff set limits with a reason, kept', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 20_000);
    const set = await setLimits(a.customerId, {
      transfer: { single: 5_000, daily: 8_000 },
      reason: 'new customer, first month: lower transfer limits',
    });
    expect(set.status).toBe(200);
    expect(set.body.inForce.transfer).toEqual({ single: 5_000, daily: 8_000, source: 'customer' });
    expect(set.body.productDailyByLevel).toEqual(DEFAULT_LIMITS.productDailyByLevel);
    expect(set.body.inForce.withdrawal).toEqual({
      ...DEFAULT_LIMITS.byTier.FULL.withdrawal,
      source: 'tier FULL',
    });

    const single = await transfer(a.idToken, b.customerId, 6_000);
    expect([single.status, single.body.code]).toEqual([422, 'LIMIT_EXCEEDED']);
    expect(single.body.limit).toEqual({
      which: 'single',
      flow: 'transfer',
      amount: 5_000,
      source: 'customer',
    });
    expect(single.body.detail).toBe(
      'This transfer of 60.00 CNY would exceed the single transfer limit of 50.00 CNY (customer).',
    );
    expect((await account(a.idToken)).balance).toBe(20_000);

    expect((await transfer(a.idToken, b.customerId, 5_000)).status).toBe(201);
    const daily = await transfer(a.idToken, b.customerId, 4_000);
    expect([daily.status, daily.body.code]).toEqual([422, 'LIMIT_EXCEEDED']);
    expect(daily.body.limit).toEqual({
      which: 'daily',
      flow: 'transfer',
      amount: 8_000,
      source: 'customer',
    });
    expect((await account(a.idToken)).balance).toBe(15_000);
    // Up to the limit exactly is allowed.
    expect((await transfer(a.idToken, b.customerId, 3_000)).status).toBe(201);
    expect((await account(a.idToken)).balance).toBe(12_000);

    const view = await api<{
      own?: { by: string; reason: string };
      history: { by: string; at: string; reason: string; limits: unknown }[];
    }>('GET', `/v1/ops/customers/${a.customerId}/limits`, { token: risk });
    expect(view.status).toBe(200);
    expect(view.body.own).toMatchObject({
      by: 'staff.risk-officer',
      reason: 'new customer, first month: lower transfer limits',
    });
    expect(view.body.history).toHaveLength(1);
    expect(view.body.history[0]!.limits).toEqual({ transfer: { single: 5_000, daily: 8_000 } });
  });

  it('M4.2-a refuses limits whose single amount exceeds the daily one (400 naming the field), and anyone but risk staff (403)', async () => {
    const c = await onboardCustomer();
    const bad = await setLimits(c.customerId, {
      withdrawal: { single: 9_000, daily: 1_000 },
      reason: 'typo',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'body.withdrawal.single', reason: 'must not exceed the daily limit' }],
    });
    const noReason = await setLimits(c.customerId, { withdrawal: { single: 1, daily: 1 } });
    expect(noReason.status).toBe(400);
    expect((await setLimits(c.customerId, { reason: 'x' }, c.idToken)).status).toBe(401);
    expect(
      (
        await api('GET', `/v1/ops/customers/${c.customerId}/limits`, {
          token: await staffToken('product-manager'),
        })
      ).status,
    ).toBe(403);
  });

  it('M4.2-a M2.3-a under 10 concurrent transfers exactly those that fit the daily limit go through', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 20_000);
    expect(
      (await setLimits(a.customerId, { transfer: { single: 1_000, daily: 5_000 }, reason: 'test' }))
        .status,
    ).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => transfer(a.idToken, b.customerId, 1_000)),
    );
    const codes = answers.map((r) => r.status).sort();
    expect(codes.filter((s) => s === 201)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 422).map((r) => r.body.limit?.which)).toEqual(
      Array(5).fill('daily'),
    );
    expect((await account(a.idToken)).balance).toBe(15_000);
  });
});

describe('exposure limits per product (M4.2-a, ADR 0013)', () => {
  const order = (token: string, productId: string, amount: number) =>
    post('/v1/orders', token, { productId, ...money(amount) }) as Promise<{
      status: number;
      body: { code?: string; limit?: Limit & { productId?: string }; detail?: string };
    }>;
  const customer = async () => {
    const c = await onboardCustomer();
    await assessAs(c.idToken, 3);
    await fund(c.idToken, 20_000);
    return c;
  };

  it("M4.2-a an order past the product's daily limit per customer, or past its daily quota, is refused naming it; nothing moves", async () => {
    const { productId } = await approvedProduct(3, 'Capped fund', {
      limits: { perCustomerDaily: 5_000, dailyTotal: 8_000 },
    });
    const [a, b] = await Promise.all([customer(), customer()]);
    expect((await order(a.idToken, productId, 5_000)).status).toBe(201);
    const mine = await order(a.idToken, productId, 100);
    expect([mine.status, mine.body.code]).toEqual([422, 'LIMIT_EXCEEDED']);
    expect(mine.body.limit).toEqual({
      which: 'productDaily',
      flow: 'order',
      amount: 5_000,
      source: 'product terms',
      productId,
    });
    expect(mine.body.detail).toBe(
      "This order of 1.00 CNY would exceed this product's daily limit per customer of 50.00 CNY (product terms).",
    );
    expect((await account(a.idToken)).balance).toBe(15_000);

    expect((await order(b.idToken, productId, 3_000)).status).toBe(201);
    const quota = await order(b.idToken, productId, 100);
    expect([quota.status, quota.body.limit?.which, quota.body.limit?.amount]).toEqual([
      422,
      'productTotal',
      8_000,
    ]);
    expect((await account(b.idToken)).balance).toBe(17_000);
    // Another product is not touched by this one's limits.
    const other = await approvedProduct(3, 'Uncapped fund');
    expect((await order(b.idToken, other.productId, 100)).status).toBe(201);
  });

  it("M4.2-a under concurrent orders from several customers exactly the product's daily quota is sold", async () => {
    const { productId } = await approvedProduct(3, 'Quota fund', { limits: { dailyTotal: 5_000 } });
    const buyers = await Promise.all([customer(), customer(), customer(), customer()]);
    const answers = await Promise.all(
      buyers.flatMap((c) => [
        order(c.idToken, productId, 1_000),
        order(c.idToken, productId, 1_000),
      ]),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 422).map((r) => r.body.limit?.which)).toEqual(
      Array(3).fill('productTotal'),
    );
    const balances = await Promise.all(buyers.map((c) => account(c.idToken)));
    expect(balances.reduce((sum, a) => sum + (20_000 - a.balance), 0)).toBe(5_000);
  });

  it('M4.2-a a product limit below its minimum amount is refused (400 naming the field)', async () => {
    const res = await api('POST', '/v1/ops/products', {
      token: await staffToken('product-manager'),
      headers: { 'idempotency-key': randomUUID() },
      body: {
        name: 'Unbuyable',
        type: 'BOND_FUND',
        terms: { minAmount: 1_000, lockUpDays: 0, limits: { perCustomerDaily: 500 } },
        metrics: {
          annualisedReturnBp: 380,
          volatilityBp: 300,
          sharpeRatio: 0.9,
          maxDrawdownBp: 350,
        },
        qualitative: {
          leverage: false,
          complexity: 'LOW',
          principalProtected: false,
          marketEnvironment: 'STABLE',
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [
        {
          path: 'body.terms.limits.perCustomerDaily',
          reason: 'must not be below the minimum amount',
        },
      ],
    });
  });
});
