// Orders with the suitability check (M2.2-a): the full 5x5 matrix of customer and product
// levels over HTTP, with and without acknowledgement, with expired assessments and with a
// product under review; and a customer's journey C1 -> R1 -> C3 -> R3 with holdings,
// balances and the settlement log consistent afterwards.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { clientConfig } from '../support/aws';
import { answerOf, api, onboardCustomer, staffToken } from '../support/http';
import { account, eventually, fund, money, post, settlementLogAll } from '../support/money';
import {
  approve,
  approvedProduct,
  assessAs,
  createProduct,
  PRODUCT_OF_LEVEL,
} from '../support/suitability';

type Problem = {
  code: string;
  customerLevel?: number;
  productLevel?: number;
  acknowledgementAllowed?: boolean;
  warning?: string;
};
type Customer = Awaited<ReturnType<typeof onboardCustomer>>;

const order = (c: Customer, productId: string, extra: Record<string, unknown> = {}, key?: string) =>
  post('/v1/orders', c.idToken, { productId, ...money(100), ...extra }, key);

describe('the suitability matrix over HTTP (M2.2-a)', () => {
  const customers: Record<number, Customer> = {};
  const products: Record<number, string> = {};

  beforeAll(async () => {
    for (let level = 1; level <= 5; level++) {
      products[level] = (await approvedProduct(level)).productId;
      const c = await onboardCustomer();
      await assessAs(c.idToken, level);
      await fund(c.idToken, 10_000);
      customers[level] = c;
    }
  }, 120_000);

  const cases = [1, 2, 3, 4, 5].flatMap((c) => [1, 2, 3, 4, 5].map((r) => [c, r] as const));
  it.each(cases)(
    'M2.2-a C%i ordering R%i: allowed within tolerance, one above only acknowledged, C1 never',
    async (c, r) => {
      const customer = customers[c]!;
      const productId = products[r]!;
      const plain = await order(customer, productId);
      const acked = await order(customer, productId, { acknowledgeRiskWarning: true });
      const within = r <= c;
      const ackable = !within && c >= 2 && r === c + 1;
      expect(plain.status, JSON.stringify(plain.body)).toBe(within ? 201 : 422);
      expect(acked.status, JSON.stringify(acked.body)).toBe(within || ackable ? 201 : 422);
      if (!within) {
        const p = plain.body as Problem;
        expect(p).toMatchObject({
          code: 'SUITABILITY_MISMATCH',
          customerLevel: c,
          productLevel: r,
          acknowledgementAllowed: ackable,
        });
        if (ackable) expect(p.warning).toContain(`R${r}`);
      }
      if (ackable) {
        expect(acked.body).toMatchObject({
          suitability: { customerLevel: c, productLevel: r, acknowledged: true },
        });
        // The order records the very warning the customer was shown and acknowledged.
        const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
        const item = await doc.send(
          new GetCommand({
            TableName: inject('functionEnv').order?.LEDGER_TABLE ?? '',
            Key: { pk: `MOVE#${String(acked.body.orderId)}`, sk: 'MOVE' },
          }),
        );
        expect(item.Item?.suitability).toMatchObject({
          acknowledged: true,
          warning: (plain.body as Problem).warning,
        });
      }
    },
  );

  it('M2.2-a refuses every order on an expired assessment, even R1 with acknowledgement', async () => {
    const c = await onboardCustomer();
    await assessAs(c.idToken, 5);
    await fund(c.idToken, 1_000);
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
    await doc.send(
      new UpdateCommand({
        TableName: inject('functionEnv').order?.CUSTOMERS_TABLE ?? '',
        Key: { pk: `CUST#${c.customerId}`, sk: 'RISK' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 86_400_000).toISOString() },
      }),
    );
    for (const level of [1, 5]) {
      const res = await order(c, products[level]!, { acknowledgeRiskWarning: true });
      expect([res.status, (res.body as Problem).code]).toEqual([422, 'ASSESSMENT_EXPIRED']);
    }
    const fresh = await onboardCustomer();
    const none = await order(fresh, products[1]!);
    expect([none.status, (none.body as Problem).code]).toEqual([422, 'ASSESSMENT_REQUIRED']);
    expect(await account(c.idToken)).toMatchObject({ balance: 1_000 });
  });

  it('M2.2-c refuses a product whose rating is still under review, and records refusals under the key', async () => {
    const pending = await createProduct(1, await staffToken('product-manager'));
    const c = customers[5]!;
    const key = randomUUID();
    const res = await order(c, pending.productId, {}, key);
    expect([res.status, (res.body as Problem).code]).toEqual([422, 'PRODUCT_NOT_AVAILABLE']);
    // Approved meanwhile, the same request with the same key still gets its first answer.
    expect((await approve(pending.productId, 1, await staffToken('admin'))).status).toBe(200);
    expect(answerOf(await order(c, pending.productId, {}, key))).toEqual(answerOf(res));
    expect((await order(c, pending.productId)).status).toBe(201);
  });
});

describe('a customer journey: C1 -> R1 -> C3 -> R3 (M2.2-a, M2.3-c)', () => {
  it('M2.2-a M2.3-c keeps holdings, balances and the settlement log consistent', async () => {
    const t0 = {
      ...PRODUCT_OF_LEVEL[1],
      terms: { minAmount: 100, lockUpDays: 0, settlementCycle: 'T+0' },
    };
    const pm = await staffToken('product-manager');
    const admin = await staffToken('admin');
    const makeT0 = async (level: number) => {
      const res = await api<{ productId: string }>('POST', '/v1/ops/products', {
        token: pm,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          name: `T+0 R${level}`,
          ...PRODUCT_OF_LEVEL[level],
          terms: (t0 as { terms: unknown }).terms,
        },
      });
      expect(res.status).toBe(201);
      expect((await approve(res.body.productId, 1, admin)).status).toBe(200);
      return res.body.productId;
    };
    const [r1, r3] = [await makeT0(1), await makeT0(3)];
    const c = await onboardCustomer();
    await fund(c.idToken, 50_000);
    await assessAs(c.idToken, 1);

    const first = await post('/v1/orders', c.idToken, { productId: r1, ...money(20_000) });
    expect(first.status).toBe(201);
    const refused = await post('/v1/orders', c.idToken, {
      productId: r3,
      ...money(10_000),
      acknowledgeRiskWarning: true,
    });
    expect((refused.body as Problem).code).toBe('SUITABILITY_MISMATCH');

    await assessAs(c.idToken, 3);
    const second = await post('/v1/orders', c.idToken, { productId: r3, ...money(10_000) });
    expect(second.status).toBe(201);
    expect(await account(c.idToken)).toMatchObject({ balance: 20_000, available: 20_000 });

    type H = {
      holdings: { orderId: string; status: string; principal: number }[];
      totals: { held: number };
    };
    const holdings = () => api<H>('GET', '/v1/holdings', { token: c.idToken }).then((r) => r.body);
    const held = await eventually(holdings, (h) => h.totals.held === 30_000);
    expect(held.holdings.map((h) => [h.principal, h.status]).sort()).toEqual([
      [10_000, 'HELD'],
      [20_000, 'HELD'],
    ]);

    // Redeem the R1 order: the position closes and the cash comes back at settlement.
    const orderId = String(first.body.orderId);
    const redemption = await post(`/v1/orders/${orderId}/redeem`, c.idToken, undefined);
    expect(redemption.status, JSON.stringify(redemption.body)).toBe(201);
    const again = await post(`/v1/orders/${orderId}/redeem`, c.idToken, undefined);
    expect((again.body as Problem).code).toBe('ALREADY_REDEEMED');
    await eventually(
      () => account(c.idToken),
      (a) => a.balance === 40_000,
    );
    const after = await holdings();
    expect(after.totals.held).toBe(10_000);
    expect(after.holdings.find((h) => h.orderId === orderId)?.status).toBe('REDEEMED');

    const token = await staffToken('risk-officer');
    const date = String(first.body.settleOn);
    const log = await settlementLogAll<{ movementId: string; type: string; status: string }>(
      date,
      token,
    );
    const ours = log.items.filter((s) =>
      [orderId, String(second.body.orderId), String(redemption.body.redemptionId)].includes(
        s.movementId,
      ),
    );
    expect(ours.map((s) => [s.type, s.status]).sort()).toEqual([
      ['REDEMPTION', 'SETTLED'],
      ['SUBSCRIPTION', 'SETTLED'],
      ['SUBSCRIPTION', 'SETTLED'],
    ]);
    const entries = await api<{ items: { type: string; amount: number }[] }>(
      'GET',
      '/v1/accounts/me/entries',
      { token: c.idToken },
    );
    const byType = (t: string) =>
      entries.body.items.filter((e) => e.type === t).reduce((s, e) => s + e.amount, 0);
    expect([byType('SUBSCRIPTION'), byType('REDEMPTION')]).toEqual([-30_000, 20_000]);

    // Reconciliation finds nothing wrong with this customer's journals, balance or movements.
    const recon = await api<{ breaks: { kind: string; ref: string }[] }>(
      'POST',
      '/v1/ops/reconciliations',
      { token, body: { graceSeconds: 0 } },
    );
    expect(recon.status).toBe(200);
    const mine = [orderId, String(second.body.orderId), String(redemption.body.redemptionId)];
    expect(
      recon.body.breaks.filter(
        (b) =>
          mine.some((id) => b.ref.includes(id)) ||
          b.ref.includes(c.customerId) ||
          b.ref === 'plat:custody',
      ),
    ).toEqual([]);
  });
});

describe('redemption follows the product terms', () => {
  it('refuses to redeem an unsettled order or one still in its lock-up, naming the date', async () => {
    const pm = await staffToken('product-manager');
    const admin = await staffToken('admin');
    const product = async (terms: Record<string, number | string>) => {
      const res = await api<{ productId: string }>('POST', '/v1/ops/products', {
        token: pm,
        headers: { 'idempotency-key': randomUUID() },
        body: { name: `Locked ${randomUUID().slice(0, 4)}`, ...PRODUCT_OF_LEVEL[1], terms },
      });
      expect((await approve(res.body.productId, 1, admin)).status).toBe(200);
      return res.body.productId;
    };
    const locked = await product({ minAmount: 100, lockUpDays: 30, settlementCycle: 'T+0' });
    const slow = await product({ minAmount: 100, lockUpDays: 0, settlementCycle: 'T+1' });
    const c = await onboardCustomer();
    await fund(c.idToken, 10_000);
    await assessAs(c.idToken, 1);

    const pending = await post('/v1/orders', c.idToken, { productId: slow, ...money(1_000) });
    expect(pending.status).toBe(201);
    const early = await post(
      `/v1/orders/${String(pending.body.orderId)}/redeem`,
      c.idToken,
      undefined,
    );
    expect([early.status, (early.body as Problem).code]).toEqual([422, 'ORDER_NOT_SETTLED']);

    const held = await post('/v1/orders', c.idToken, { productId: locked, ...money(1_000) });
    await eventually(
      () =>
        api<{ holdings: { orderId: string; status: string }[] }>('GET', '/v1/holdings', {
          token: c.idToken,
        }),
      (r) => r.body.holdings.some((h) => h.orderId === held.body.orderId && h.status === 'HELD'),
    );
    const inLockUp = await post(
      `/v1/orders/${String(held.body.orderId)}/redeem`,
      c.idToken,
      undefined,
    );
    expect(inLockUp.status).toBe(422);
    const body = inLockUp.body as Problem & { lockUpEndsOn?: string };
    expect(body.code).toBe('LOCK_UP_ACTIVE');
    const expected = new Date(`${String(held.body.settleOn)}T00:00:00Z`);
    expected.setUTCDate(expected.getUTCDate() + 30);
    expect(body.lockUpEndsOn).toBe(expected.toISOString().slice(0, 10));

    const small = await post('/v1/orders', c.idToken, { productId: locked, ...money(99) });
    expect((small.body as Problem).code).toBe('BELOW_MINIMUM_AMOUNT');
    const other = await onboardCustomer();
    const notMine = await post(
      `/v1/orders/${String(held.body.orderId)}/redeem`,
      other.idToken,
      undefined,
    );
    expect([notMine.status, (notMine.body as Problem).code]).toEqual([404, 'ORDER_NOT_FOUND']);
  });
});

describe('reading an order back (M2.2-a)', () => {
  it('M2.2-a answers GET /v1/orders/{id} with what the order answered, to its customer only', async () => {
    const { productId } = await approvedProduct(1);
    const c = await onboardCustomer();
    await assessAs(c.idToken, 2);
    await fund(c.idToken, 5_000);
    const placed = await order(c, productId);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const orderId = String(placed.body.orderId);

    const read = await api('GET', `/v1/orders/${orderId}`, { token: c.idToken });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(placed.body);
    expect(read.body).toMatchObject({
      suitability: { customerLevel: 2, productLevel: 1, acknowledged: false },
    });
    expect(String((read.body.suitability as { explanation: string }).explanation)).toMatch(/C2/);

    const stranger = await onboardCustomer();
    const theirs = await api<Problem>('GET', `/v1/orders/${orderId}`, { token: stranger.idToken });
    expect([theirs.status, theirs.body.code]).toEqual([404, 'ORDER_NOT_FOUND']);
    const deposit = await post('/v1/deposits', c.idToken, money(100));
    const notAnOrder = await api<Problem>('GET', `/v1/orders/${String(deposit.body.depositId)}`, {
      token: c.idToken,
    });
    expect([notAnOrder.status, notAnOrder.body.code]).toEqual([404, 'ORDER_NOT_FOUND']);
  });
});

describe('listing orders (M2.2-a)', () => {
  it('M2.2-a lists a customer its own orders, newest first, page by page, with status and settlement date', async () => {
    const { productId } = await approvedProduct(1);
    const c = await onboardCustomer();
    await assessAs(c.idToken, 2);
    await fund(c.idToken, 50_000);
    const placed: Record<string, unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await order(c, productId, { amount: 100 + i });
      expect(o.status, JSON.stringify(o.body)).toBe(201);
      placed.push(o.body);
      // Other movements between the orders: the list passes over them.
      expect((await post('/v1/deposits', c.idToken, money(10))).status).toBe(201);
    }
    const pages: Record<string, unknown>[][] = [];
    let cursor: string | undefined;
    do {
      const page = await api<{ items: Record<string, unknown>[]; nextCursor?: string }>(
        'GET',
        `/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: c.idToken },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor && pages.length < 10);
    const listed = pages.flat();
    expect(listed.map((o) => o.orderId)).toEqual(placed.map((o) => o.orderId).reverse());
    expect(listed.map((o) => o.amount)).toEqual([104, 103, 102, 101, 100]);
    for (const o of listed) {
      expect(o).toMatchObject({ productId, settlementCycle: 'T+1' });
      expect(String(o.settleOn)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['PENDING', 'SETTLED']).toContain(o.status);
    }
    // One read by id answers what the list shows.
    const one = await api('GET', `/v1/orders/${String(listed[0]?.orderId)}`, { token: c.idToken });
    expect(one.body).toEqual(listed[0]);

    const stranger = await onboardCustomer();
    const theirs = await api<{ items: unknown[] }>('GET', '/v1/orders', {
      token: stranger.idToken,
    });
    expect(theirs.body.items).toEqual([]);
    const forged = await api<{ code: string; fields: { path: string }[] }>(
      'GET',
      '/v1/orders?cursor=bm90LWEtY3Vyc29y',
      { token: c.idToken },
    );
    expect([forged.status, forged.body.code, forged.body.fields[0]?.path]).toEqual([
      400,
      'VALIDATION_FAILED',
      'query.cursor',
    ]);
  });
});
