// The settlement log at volume (issue 9: it read each movement and each customer one by
// one, without paging, and passed the function timeout at a few hundred movements). A page
// is one Query and one BatchGetItem per 100 customers: at most 3 DynamoDB requests for a
// page of 100, whatever the day's volume (M2.3-c).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as deps from '../../functions/deps/adapters';
import { settlementLog } from '../../shared/money/flows/ops';
import type { Movement } from '../../shared/money/adapters/ledger-repo';
import { asFunction, useEmulator } from '../support/aws';
import { api, onboardCustomer, staffToken } from '../support/http';
import { sdkRequestCounts } from '../support/sdk';

const DATE = '2030-03-14';
const COUNT = 230;

const requests = () =>
  [...sdkRequestCounts]
    .filter(([k]) => k.startsWith('opsSettlements:DynamoDB.'))
    .reduce((n, [, v]) => n + v, 0);

type Row = { movementId: string; customer: string; counterparty?: string; status: string };

async function page(query: { status?: 'SETTLED'; limit?: number; cursor?: string }) {
  const before = requests();
  const body = await asFunction('opsSettlements', () =>
    settlementLog(DATE, query, {
      ledger: deps.ledger(),
      customers: deps.customers(),
      settings: deps.settings(),
    }),
  );
  return { body, requests: requests() - before };
}

const movements: Movement[] = [];
let shards = 0;

beforeAll(async () => {
  useEmulator();
  const people = await Promise.all(Array.from({ length: 3 }, () => onboardCustomer()));
  await asFunction('opsSettlements', async () => {
    shards = deps.settings().ledger.platformShards;
  });
  for (let i = 0; i < COUNT; i++) {
    const from = people[i % 3]!;
    const to = people[(i + 1) % 3]!;
    const createdAt = new Date(Date.UTC(2030, 2, 14, 1, 0, i)).toISOString();
    movements.push({
      movementId: randomUUID(),
      type: 'TRANSFER',
      customerId: from.customerId,
      counterpartyId: to.customerId,
      amount: 100 + i,
      currency: 'CNY',
      cycle: 0,
      settleOn: DATE,
      shard: i % shards,
      status: 'PENDING',
      history: [{ status: 'PENDING', at: createdAt }],
      createdAt,
    });
  }
  await asFunction('transfer', async () => {
    const ledger = deps.ledger();
    for (let i = 0; i < movements.length; i += 40) {
      const tx = ledger.tx();
      for (const m of movements.slice(i, i + 40)) tx.createMovement(m);
      await ledger.commit(tx);
    }
    // Every fifth settles: a status change the log must show, with its history.
    for (let i = 0; i < movements.length; i += 5) {
      const m = movements[i]!;
      await ledger.commit(ledger.tx().transition(m, 'PENDING', 'SETTLED', `${DATE}T02:00:00.000Z`));
    }
  });
}, 120_000);

describe('the settlement log, page by page (M2.3-c)', () => {
  it('M2.3-c pages 230 movements with a cursor, at most 3 DynamoDB requests a page of 100, each row masked and with its history', async () => {
    const seen = new Map<string, Row>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { body, requests: n } = await page({ limit: 100, ...(cursor ? { cursor } : {}) });
      expect(n, `page ${pages}`).toBeLessThanOrEqual(3);
      expect(body.items.length).toBeLessThanOrEqual(100);
      for (const r of body.items) {
        expect(seen.has(r.movementId), 'a row twice').toBe(false);
        seen.set(r.movementId, r);
      }
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(cursor).toBeUndefined();
    expect(seen.size).toBe(COUNT);
    // A page holds one shard at most: 230 rows over the shards in pages of up to 100.
    expect(pages).toBeLessThanOrEqual(shards + Math.ceil(COUNT / 100));
    const settled = movements[0]!;
    const row = seen.get(settled.movementId) as Row & { history: { status: string }[] };
    expect(row.status).toBe('SETTLED');
    expect(row.history.map((h) => h.status)).toEqual(['PENDING', 'SETTLED']);
    for (const r of seen.values()) {
      expect(r.customer).toMatch(/^\S+ 1\d{2}\*{4}\d{4}$/); // masked name and phone
      expect(r.counterparty).toMatch(/^\S+ 1\d{2}\*{4}\d{4}$/);
    }
  });

  it('M2.3-c filters by status across pages', async () => {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const { body } = await page({ status: 'SETTLED', limit: 20, ...(cursor ? { cursor } : {}) });
      for (const r of body.items) {
        expect(r.status).toBe('SETTLED');
        ids.add(r.movementId);
      }
      cursor = body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(new Set(movements.filter((_, i) => i % 5 === 0).map((m) => m.movementId)));
  });

  it('refuses a cursor of another query, and a page over 100, with 400 and the field', async () => {
    const token = await staffToken('risk-officer');
    const first = await api<{ nextCursor: string }>(
      'GET',
      `/v1/ops/settlements?date=${DATE}&limit=10`,
      { token },
    );
    expect(first.status).toBe(200);
    const other = await api(
      'GET',
      `/v1/ops/settlements?date=2030-03-15&cursor=${first.body.nextCursor}`,
      {
        token,
      },
    );
    expect([other.status, other.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(other.body.fields).toEqual([
      { path: 'query.cursor', reason: 'is not a cursor of this date and status' },
    ]);
    for (const bad of ['limit=101', 'limit=0', 'cursor=%7B%7D', 'cursor=bm90LWpzb24']) {
      const res = await api('GET', `/v1/ops/settlements?date=${DATE}&${bad}`, { token });
      expect([res.status, res.body.code], bad).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
