// The market-risk service against the emulator (issue 13, M3.2-a..c; ADR 0026), on tables
// and a queue of its own so every count is exact: price files stored as versions after
// validation (good and bad files, the same file twice, an Idempotency-Key replayed), and a
// run that enqueues one message per customer's portfolio plus the whole book, each computed
// by the worker's flow on the run's pinned inputs and stored with them, then read as staff
// read them. Prices: AAPL's real adjusted closes (Yahoo Finance via
// @observablehq/sample-datasets, ISC; test/fixtures/prices/README.md) and two derived series.
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Holdings } from '../../shared/investing';
import { LedgerRepo } from '../../shared/money';
import { Refusal, SqsQueue } from '../../shared/platform';
import {
  computePortfolio,
  MarketRepo,
  MarketRisk,
  platformMarketRisk,
  portfolioResult,
  productMarketRiskLevels,
  seriesReport,
  startMarketRiskRun,
  uploadSeries,
  type MarketRiskDeps,
  type PortfolioResult,
} from '../../shared/risk';
import { marketRiskSettingsSchema } from '../../shared/settings';
import { clientConfig, scratchTable, useEmulator } from '../support/aws';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/prices');
const file = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const AAPL = file('aapl.csv');
const now = new Date('2026-11-29T01:00:00Z');

const PRODUCTS: Record<string, { name: string; type: string }> = {
  'p-equity': { name: 'Equity fund', type: 'EQUITY_FUND' },
  'p-bond': { name: 'Bond fund', type: 'BOND_FUND' },
  'p-mmf': { name: 'Money market fund', type: 'MONEY_MARKET' },
  'p-balanced': { name: 'Balanced fund (pinned)', type: 'BOND_FUND' },
};
const settings = marketRiskSettingsSchema().parse({
  ...MarketRisk.DEFAULT_MARKET_RISK_SETTINGS,
  products: { 'p-balanced': { AAPL: 0.6, 'BOND-SYN': 0.4 } },
});

let riskTable = '';
let ledgerTable = '';
let queueUrl = '';
let deps: MarketRiskDeps;
const upload = (seriesId: string, csv: string, key = randomUUID(), staff = 'risk-1') =>
  uploadSeries(staff, seriesId, { key, operation: 'opsPutPriceSeries', input: { csv } }, deps);
const refusalOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('not refused');
};

beforeAll(async () => {
  useEmulator();
  const [r, l] = await Promise.all([scratchTable('market-risk'), scratchTable('market-ledger')]);
  riskTable = r.name;
  ledgerTable = l.name;
  const sqs = new SQSClient(clientConfig());
  queueUrl =
    (
      await sqs.send(
        new CreateQueueCommand({ QueueName: `market-risk-${randomUUID().slice(0, 8)}` }),
      )
    ).QueueUrl ?? '';
  const holdings = new Holdings(ledgerTable);
  deps = {
    repo: new MarketRepo(riskTable),
    tx: new LedgerRepo(riskTable),
    holdings: { of: (c) => holdings.of(c), all: () => holdings.all() },
    products: {
      typeOf: async (id) => PRODUCTS[id]?.type,
      catalog: async () => Object.entries(PRODUCTS).map(([productId, p]) => ({ productId, ...p })),
    },
    queue: new SqsQueue(queueUrl),
    clock: { now: () => now },
    settings,
  };
});

describe('the price store', () => {
  it('M3.2-a stores a valid file as version 1 with its report; the same file again is that version, and a replayed Idempotency-Key gets its first answer', async () => {
    const key = randomUUID();
    const first = await upload('AAPL', AAPL, key);
    expect(first).toMatchObject({ seriesId: 'AAPL', version: 1, created: true });
    expect(first.report).toMatchObject({ accepted: true, rows: 1260, priceColumn: 'Adj Close' });
    expect(await upload('AAPL', AAPL, key)).toEqual(first);
    expect(await upload('AAPL', AAPL)).toMatchObject({ version: 1, created: false });
    const stored = await seriesReport('AAPL', deps);
    expect(stored).toMatchObject({
      seriesId: 'AAPL',
      assetClass: 'EQUITY',
      version: 1,
      first: '2013-05-13',
      last: '2018-05-11',
      uploadedBy: 'risk-1',
      sha256: first.sha256,
    });
    // The stored bytes are the file's: the version reads back to the same series.
    const v = await deps.repo.version('AAPL', 1);
    expect(v?.csv).toBe(AAPL);
  });

  it('M3.2-a refuses a file with a duplicated date, rows out of order and a non-positive price with its report, line by line, and stores nothing', async () => {
    const lines = AAPL.trim().split('\n');
    const bad = [
      lines[0],
      lines[1],
      lines[2],
      lines[2], // duplicated date
      lines[5], // out of order after the next
      lines[4],
      lines[6]?.replace(/,[^,]+,(\d+)$/, ',0,$1'), // Adj Close 0
      ...lines.slice(7, 20),
    ].join('\n');
    const refusal = await refusalOf(upload('BOND-SYN', bad));
    expect(refusal.code).toBe('PRICE_FILE_REJECTED');
    const report = refusal.details?.report as MarketRisk.ValidationReport;
    expect(report.accepted).toBe(false);
    expect(report.counts).toMatchObject({ DUPLICATE_DATE: 1, UNSORTED: 1, NON_POSITIVE_PRICE: 1 });
    expect(report.issues.find((i) => i.code === 'DUPLICATE_DATE')).toMatchObject({ line: 4 });
    expect(await deps.repo.head('BOND-SYN')).toBeUndefined();
    const unknown = await refusalOf(upload('CSI300', AAPL));
    expect(unknown.code).toBe('SERIES_NOT_CONFIGURED');
  });

  it('M3.2-a a run cannot start before every configured series has a file', async () => {
    expect((await refusalOf(startMarketRiskRun('risk-1', deps))).code).toBe('MARKET_DATA_MISSING');
  });

  it('M3.2-a a changed file is the next version', async () => {
    await upload('BOND-SYN', file('bond-syn.csv'));
    await upload('CASH', file('cash.csv'));
    const trimmed = AAPL.trim().split('\n').slice(0, -1).join('\n');
    expect(await upload('AAPL', trimmed)).toMatchObject({ version: 2, created: true });
    expect(await upload('AAPL', AAPL)).toMatchObject({ version: 3, created: true });
  });
});

describe('the nightly run', () => {
  const c1 = randomUUID();
  const c2 = randomUUID();
  const c3 = randomUUID();
  const gone = randomUUID();
  const hold = (customerId: string, productId: string, principal: number, status = 'HELD') =>
    DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig())).send(
      new PutCommand({
        TableName: ledgerTable,
        Item: {
          pk: `HOLD#${customerId}`,
          sk: randomUUID(),
          customerId,
          productId,
          principal,
          status,
        },
      }),
    );
  let runId = '';
  const results = new Map<string, PortfolioResult>();

  beforeAll(async () => {
    await hold(c1, 'p-equity', 100_000_000);
    await hold(c1, 'p-equity', 20_000_000, 'PENDING');
    await hold(c1, 'p-mmf', 50_000_000);
    await hold(c2, 'p-bond', 30_000_000);
    await hold(c2, 'p-balanced', 10_000_000, 'REDEEMING');
    await hold(c3, 'p-mmf', 5_000_000);
    await hold(gone, 'p-equity', 40_000_000, 'REDEEMED');
  });

  it('M3.2-a enqueues one message per customer with open holdings and one for the whole book, with the series versions pinned', async () => {
    const run = await startMarketRiskRun('risk-1', deps);
    runId = run.runId;
    expect(run).toMatchObject({
      portfolios: 3,
      enqueued: 4,
      notEnqueued: 0,
      configVersion: '2026-11-29',
    });
    expect(run.series.map((s) => [s.seriesId, s.version])).toEqual([
      ['AAPL', 3],
      ['BOND-SYN', 1],
      ['CASH', 1],
    ]);
    const sqs = new SQSClient(clientConfig());
    const messages: { runId: string; portfolioId: string }[] = [];
    for (let i = 0; i < 5 && messages.length < 4; i++) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      for (const m of out.Messages ?? []) messages.push(JSON.parse(m.Body ?? '{}'));
    }
    expect(messages.map((m) => m.portfolioId).sort()).toEqual([c1, c2, c3, 'platform'].sort());
    expect(new Set(messages.map((m) => m.runId))).toEqual(new Set([runId]));
    // The worker's flow, message by message.
    for (const m of messages) await computePortfolio(m, deps);
    for (const id of [c1, c2, c3, 'platform']) results.set(id, await portfolioResult(id, deps));
  });

  it("M3.2-a M3.2-b every portfolio is computed on the run's inputs and explained per position: figures in whole fen, positions adding up, the pinned product on its own legs", () => {
    const r1 = results.get(c1);
    expect(r1).toMatchObject({
      runId,
      status: 'COMPUTED',
      inputs: { configVersion: '2026-11-29', droppedDates: 0 },
    });
    expect(r1?.inputs.series.find((s) => s.seriesId === 'AAPL')?.version).toBe(3);
    expect(r1?.positions.map((p) => [p.productId, p.value, p.mapping])).toEqual([
      ['p-equity', 120_000_000, 'type'],
      ['p-mmf', 50_000_000, 'type'],
    ]);
    expect(r1?.report?.value).toBe(170_000_000);
    // Backtested over every day the pinned files share: 1,259 returns less the 250-day window.
    expect(r1?.backtest).toMatchObject({ observations: 1009, options: { window: 250 } });
    for (const m of r1?.report?.methods ?? [])
      for (const f of m.figures) {
        expect(f.byPosition.reduce((a, p) => a + p.var, 0)).toBe(f.var);
        expect(f.byPosition.find((p) => p.id === 'p-mmf')?.var).toBe(0);
      }
    const r2 = results.get(c2);
    expect(r2?.positions.find((p) => p.productId === 'p-balanced')).toMatchObject({
      mapping: 'product',
      legs: [
        { seriesId: 'AAPL', weight: 0.6 },
        { seriesId: 'BOND-SYN', weight: 0.4 },
      ],
    });
    expect(results.get(c3)?.report?.methods[0]?.figures[0]?.var).toBe(0);
    expect(results.get('platform')?.report?.value).toBe(215_000_000);
  });

  it('M3.2-a the platform-wide figure: the whole book, counts, the worst portfolios first, and diversification (the book below the sum)', async () => {
    const view = await platformMarketRisk(2, deps);
    expect(view.run.runId).toBe(runId);
    expect(view.counts).toEqual({ portfolios: 3, computed: 3, empty: 0, failed: 0, pending: 0 });
    expect(view.book).toMatchObject({
      portfolioId: 'platform',
      status: 'COMPUTED',
      value: 215_000_000,
    });
    expect(view.worst.map((w) => w.portfolioId)).toEqual([c1, c2]);
    expect(view.book?.headline?.var).toBeLessThanOrEqual(view.sumOfHeadlineVar);
    expect(view.book?.headline).toMatchObject({
      method: 'historical',
      confidence: 0.99,
      horizonDays: 1,
    });
  });

  it('M3.2-a reproducible: the same message computed again gives the same figures to the fen', async () => {
    const before = results.get(c1);
    await computePortfolio({ runId, portfolioId: c1 }, deps);
    const again = await portfolioResult(c1, deps);
    expect(again.report).toEqual(before?.report);
    expect(again.inputs).toEqual(before?.inputs);
  });

  it('M3.2-a a holding whose product has no mapping is a FAILED portfolio with its reason, not a retried message', async () => {
    const c4 = randomUUID();
    await hold(c4, 'p-unknown', 1_000_000);
    const summary = await computePortfolio({ runId, portfolioId: c4 }, deps);
    expect(summary).toMatchObject({
      status: 'FAILED',
      reason: 'no series mapping for products p-unknown',
    });
  });

  it("M3.2-c every product's market-risk level from the current files, with its indicators", async () => {
    const levels = await productMarketRiskLevels(deps);
    const byId = new Map(levels.products.map((p) => [p.productId, p]));
    expect(byId.get('p-equity')).toMatchObject({
      level: expect.stringMatching(/LOW|MEDIUM|HIGH/),
      asOf: '2018-05-11',
    });
    expect(byId.get('p-equity')?.indicators?.map((i) => i.indicator)).toEqual([
      'volatility',
      'liquidity',
      'exposure',
      'environment',
    ]);
    expect(byId.get('p-mmf')?.score).toBeLessThan(byId.get('p-equity')?.score ?? 0);
    expect(byId.get('p-balanced')).toMatchObject({ mapping: 'product' });
  });
});
