// The segmentation run over tables of its own (M2.4-c, M7.3-a): four customers built to
// fall in known segments, so every count is exact (the e2e test runs beside other files on
// the shared tables, where only "at least" can be said).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import * as deps from '../../functions/deps/adapters';
import { CustomersRepo } from '../../shared/identity';
import { runSegmentation } from '../../shared/insight';
import { AssessmentsRepo, Holdings } from '../../shared/investing';
import { customerAccount, LedgerRepo } from '../../shared/money';
import { asFunction, clientConfig, scratchTable, useEmulator } from '../support/aws';

const now = new Date('2026-11-27T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
let customersTable = '';
let ledgerTable = '';

beforeAll(async () => {
  useEmulator();
  const [c, l] = await Promise.all([
    scratchTable('segments-customers'),
    scratchTable('segments-ledger'),
  ]);
  customersTable = c.name;
  ledgerTable = l.name;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
  const put = (TableName: string, Item: Record<string, unknown>) =>
    doc.send(new PutCommand({ TableName, Item }));
  const customer = async (
    id: string,
    o: { registered: number; level?: number; cash: number; invested?: number; moved: number[] },
  ) => {
    await put(customersTable, {
      pk: `CUST#${id}`,
      sk: 'PROFILE',
      customerId: id,
      status: 'ACTIVE',
      createdAt: daysAgo(o.registered),
      masked: { name: '张*', phone: '138****0000', idNumber: '1101****002X', bankCard: '****0005' },
    });
    if (o.level)
      await put(customersTable, {
        pk: `CUST#${id}`,
        sk: 'RISK',
        customerId: id,
        level: o.level,
        assessedAt: daysAgo(1),
        expiresAt: daysAgo(-300),
      });
    const account = customerAccount(id);
    await put(ledgerTable, {
      pk: `ACCT#${account}`,
      sk: 'BALANCE',
      balance: o.cash,
      available: o.cash,
      held: 0,
      currency: 'CNY',
    });
    for (const [i, d] of o.moved.entries())
      await put(ledgerTable, {
        pk: `ACCT#${account}`,
        sk: `ENTRY#${daysAgo(d)}#j${i}:confirm`,
        journalId: `j${i}:confirm`,
        movementId: `m${i}`,
        type: 'DEPOSIT',
        amount: 100,
        at: daysAgo(d),
      });
    if (o.invested)
      await put(ledgerTable, {
        pk: `HOLD#${id}`,
        sk: `order-${id}`,
        orderId: `order-${id}`,
        customerId: id,
        status: 'HELD',
        principal: o.invested,
      });
  };
  // NEW: registered 3 days ago. ACTIVE, HIGH frequency and GOLD: 10 movements this month.
  // AT_RISK: last moved 45 days ago, SILVER by its investment. DORMANT: never moved money.
  await customer('new', { registered: 3, level: 2, cash: 0, moved: [] });
  await customer('active', {
    registered: 200,
    level: 5,
    cash: 9_000_000,
    invested: 1_000_000,
    moved: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  });
  await customer('atRisk', { registered: 200, cash: 0, invested: 1_000_000, moved: [45, 60] });
  await customer('dormant', { registered: 400, cash: 50, moved: [] });
});

describe('the segmentation run (M2.4-c, M7.3-a)', () => {
  it('M2.4-c M7.3-a counts each customer once in every segmentation, exactly, and stores the report', async () => {
    const report = await asFunction('opsSegments', () =>
      runSegmentation({
        customers: new CustomersRepo(customersTable),
        assessments: new AssessmentsRepo(customersTable),
        ledger: new LedgerRepo(ledgerTable),
        holdings: new Holdings(ledgerTable),
        settings: deps.settings(),
        clock: { now: () => now },
      }),
    );
    expect(report).toEqual({
      runAt: now.toISOString(),
      customers: 4,
      byRiskLevel: { C2: 1, C5: 1, UNASSESSED: 2 },
      byLifecycle: { NEW: 1, ACTIVE: 1, AT_RISK: 1, DORMANT: 1 },
      byValueTier: { STANDARD: 2, GOLD: 1, SILVER: 1 },
      byFrequency: { LOW: 3, HIGH: 1 },
    });
    const stored = await new CustomersRepo(customersTable).latestSegmentReport();
    expect(stored).toMatchObject(report);
  });
});
