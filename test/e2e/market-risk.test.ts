// Market risk over HTTP through the local gateway (issue 13, M3.2-a..c; ADR 0026): a risk
// officer stores price files (a bad one is refused with its report), starts the run, and reads
// a customer's portfolio, the platform's figure and the products' levels, computed by the
// worker from the queue. The local stage is seeded with AAPL's real prices (Yahoo Finance via
// @observablehq/sample-datasets, ISC; test/fixtures/prices/README.md) and two derived series.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, onboardCustomer, staffToken } from '../support/http';
import { eventually, fund, money, post } from '../support/money';
import { approvedProduct, assessAs } from '../support/suitability';

const AAPL = readFileSync(new URL('../fixtures/prices/aapl.csv', import.meta.url), 'utf8');
type Json = Record<string, unknown>;

describe('market risk over HTTP (M3.2)', () => {
  let risk = '';
  let customer: Awaited<ReturnType<typeof onboardCustomer>>;
  let equity = '';
  let bond = '';
  const put = (seriesId: string, csv: string, token = risk, key = randomUUID()) =>
    api<Json>('PUT', `/v1/ops/market-risk/series/${seriesId}`, {
      token,
      headers: { 'idempotency-key': key },
      body: { csv },
    });

  beforeAll(async () => {
    risk = await staffToken('risk-officer');
    equity = (await approvedProduct(3, 'Market-risk equity fund')).productId;
    bond = (await approvedProduct(2, 'Market-risk bond fund')).productId;
    customer = await onboardCustomer();
    await assessAs(customer.idToken, 3);
    await fund(customer.idToken, 100_000);
    for (const [productId, amount] of [
      [equity, 60_000],
      [bond, 30_000],
    ] as const) {
      const order = await post('/v1/orders', customer.idToken, { productId, ...money(amount) });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
    }
  }, 120_000);

  it('M3.2-a refuses a price file with errors with its validation report (422), an unknown series (404), and anyone but risk staff (403)', async () => {
    const lines = AAPL.trim().split('\n');
    const bad = [lines[0], lines[1], lines[3], lines[2], ...lines.slice(4, 30)].join('\n');
    const refused = await put('AAPL', bad);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'PRICE_FILE_REJECTED',
      report: { accepted: false, counts: { UNSORTED: 1 } },
    });
    expect((await put('CSI300', AAPL)).body).toMatchObject({ code: 'SERIES_NOT_CONFIGURED' });
    expect((await put('AAPL', AAPL, await staffToken('service-agent'))).status).toBe(403);
  });

  it('M3.2-a the seeded AAPL file stored again is the current version, and its report reads back', async () => {
    const again = await put('AAPL', AAPL);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ seriesId: 'AAPL', created: false, version: 1 });
    const read = await api<Json>('GET', '/v1/ops/market-risk/series/AAPL', { token: risk });
    expect(read.body).toMatchObject({
      seriesId: 'AAPL',
      assetClass: 'EQUITY',
      first: '2013-05-13',
      last: '2018-05-11',
      report: { accepted: true, rows: 1260, priceColumn: 'Adj Close' },
    });
  });

  it("M3.2-a M3.2-b M2.4-b a run computes the customer's portfolio through the queue; staff read it explained per position (and in the customer's risk profile), and the platform's book with counts and the worst portfolios", async () => {
    const run = await api<Json>('POST', '/v1/ops/market-risk/runs', { token: risk });
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    expect(run.body).toMatchObject({ configVersion: '2026-11-29', notEnqueued: 0 });
    expect(Number(run.body.portfolios)).toBeGreaterThanOrEqual(1);
    const result = await eventually(
      () =>
        api<Json>('GET', `/v1/ops/market-risk/portfolios/${customer.customerId}`, { token: risk }),
      (r) => r.status === 200 && r.body.runId === run.body.runId,
      90_000,
    );
    expect(result.body).toMatchObject({
      status: 'COMPUTED',
      inputs: { configVersion: '2026-11-29' },
    });
    const positions = result.body.positions as { productId: string; value: number }[];
    expect(positions.map((p) => [p.productId, p.value]).sort()).toEqual(
      [
        [equity, 60_000],
        [bond, 30_000],
      ].sort(),
    );
    const report = result.body.report as {
      value: number;
      methods: { figures: { var: number; byPosition: { id: string; var: number }[] }[] }[];
    };
    expect(report.value).toBe(90_000);
    for (const m of report.methods)
      for (const f of m.figures) expect(f.byPosition.reduce((a, p) => a + p.var, 0)).toBe(f.var);
    // The customer's one risk profile (issue 13) carries the same run's headline, explained.
    const file = await api<{ risk: { marketRisk: Json & { headline: Json } } }>(
      'GET',
      `/v1/ops/customers/${customer.customerId}/profile`,
      { token: risk },
    );
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    const headline = (
      result.body.report as { methods: { method: string; figures: Json[] }[] }
    ).methods
      .find((m) => m.method === 'historical')!
      .figures.filter((f) => f.horizonDays === 1)
      .sort((a, b) => Number(b.confidence) - Number(a.confidence))[0]!;
    expect(file.body.risk.marketRisk).toMatchObject({
      status: 'COMPUTED',
      runId: run.body.runId,
      valueFen: 90_000,
      headline: { method: 'historical', var: headline.var, confidence: headline.confidence },
    });
    expect(String(file.body.risk.marketRisk.explanation)).toMatch(
      /^Historical 1-day VaR at \d+%: ¥[\d,.]+, [\d.]+% of the ¥900\.00 held/,
    );
    const book = await eventually(
      () => api<Json>('GET', '/v1/ops/market-risk?worst=5', { token: risk }),
      (r) => r.status === 200 && (r.body.book as Json | undefined)?.runId === run.body.runId,
      90_000,
    );
    expect((book.body.run as Json).runId).toBe(run.body.runId);
    expect((book.body.worst as unknown[]).length).toBeLessThanOrEqual(5);
    expect((book.body.book as Json).value as number).toBeGreaterThanOrEqual(90_000);
    expect(
      (await api('GET', '/v1/ops/market-risk', { token: await staffToken('service-agent') }))
        .status,
    ).toBe(403);
  }, 120_000);

  it("M3.2-c staff read each product's market-risk level with its four indicators", async () => {
    const res = await api<{ products: Json[] }>('GET', '/v1/ops/market-risk/products', {
      token: risk,
    });
    expect(res.status).toBe(200);
    const mine = res.body.products.filter((p) => [equity, bond].includes(String(p.productId)));
    expect(mine).toHaveLength(2);
    for (const p of mine) {
      expect(p).toMatchObject({
        mapping: 'type',
        level: expect.stringMatching(/^(LOW|MEDIUM|HIGH)$/),
      });
      expect((p.indicators as unknown[]).length).toBe(4);
    }
  });
});
