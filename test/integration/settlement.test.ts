// Settlement end to end (M2.3-b, M2.3-c): T+1 over a weekend with a controlled clock, a
// payout that times out and is retried until it succeeds, and a poison message that
// rests in the DLQ until staff retry it from the ops API.
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { controlKey, type SimulatorControl } from '../../shared/money/adapters/payment-provider';
import * as moneyDeps from '../../functions/deps/money';
import { transfer } from '../../shared/money/flows/money';
import { releaseDue, settle } from '../../shared/money/flows/settlement';
import { asFunction, clientConfig, dlqUrlOf, useEmulator } from '../support/aws';
import { sdkRequestCounts } from '../support/sdk';
import { api, onboardCustomer, staffToken } from '../support/http';
import { account, eventually, fund, money, post, settlementLogAll } from '../support/money';

beforeAll(() => useEmulator());

const at = (iso: string) => ({ now: () => new Date(iso) });

async function control(customerId: string, c: SimulatorControl) {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
  const table = inject('functionEnv').settler?.PROVIDER_TABLE ?? '';
  await doc.send(new PutCommand({ TableName: table, Item: { ...controlKey(customerId), ...c } }));
}

type LogRow = {
  movementId: string;
  status: string;
  history: { status: string; note?: string }[];
  customer?: string;
  counterparty?: string;
  amount: number;
};

async function logRow(
  movementId: string,
  date: string,
  token: string,
): Promise<LogRow | undefined> {
  const { items } = await settlementLogAll<LogRow>(date, token);
  return items.find((r) => r.movementId === movementId);
}

describe('T+1 over a weekend (M2.3-b)', () => {
  it('M2.3-b settles a large Friday transfer on Monday, not on Saturday', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 9_000);
    // A weekend years ahead: the shared platform's own release job and settler, which run on
    // the real clock, never find it due (a date near today's became due under them).
    const friday = at('2035-11-23T02:00:00Z'); // 10:00 in Beijing
    const overrides = { settlement: { ...moneyDeps_settings().settlement, t0MaxAmount: 1_000 } };
    const reply = await asFunction('transfer', () =>
      transfer(
        {
          customerId: a.customerId,
          key: `t1-${Date.now()}`,
          operation: 'transfer',
          body: { x: 1 },
          input: { toCustomerId: b.customerId, amount: 5_000, currency: 'CNY' },
        },
        moneyDeps.transfer(friday, overrides),
      ),
    );
    expect(reply).toMatchObject({
      settlementCycle: 'T+1',
      settleOn: '2035-11-26',
      status: 'PENDING',
    });
    const movementId = String(reply.transferId);
    expect((await account(a.idToken)).balance).toBe(4_000);

    const saturday = at('2035-11-24T03:00:00Z');
    expect(await asFunction('settler', () => settle(movementId, moneyDeps.settle(saturday)))).toBe(
      'NOT_DUE',
    );
    expect((await account(b.idToken)).balance).toBe(0);

    const monday = at('2035-11-26T01:00:00Z');
    await screened(movementId); // the risk scorer clears it (ADR 0012)
    // The release job's first run of Monday (00:05 in Beijing) sends it.
    const released = await asFunction('settlementRelease', () =>
      releaseDue(moneyDeps.release(at('2035-11-25T16:05:00Z'))),
    );
    expect(released.released).toBeGreaterThanOrEqual(1);
    expect(await asFunction('settler', () => settle(movementId, moneyDeps.settle(monday)))).toBe(
      'SETTLED',
    );
    expect((await account(b.idToken)).balance).toBe(5_000);
    // A duplicate delivery changes nothing.
    expect(await asFunction('settler', () => settle(movementId, moneyDeps.settle(monday)))).toBe(
      'ALREADY_DONE',
    );
    expect((await account(b.idToken)).balance).toBe(5_000);

    const row = await logRow(movementId, '2035-11-26', await staffToken('risk-officer'));
    expect(row?.history.map((h) => h.status)).toEqual(['PENDING', 'SETTLED']);
    expect(row?.customer).toMatch(/^\S\*+ 1\d\d\*{4}\d{4}$/);
    expect(row?.counterparty).toMatch(/^\S\*+ 1\d\d\*{4}\d{4}$/);
  });
});

describe('a settlement message that carries its movement (M2.3-b, ADR 0010)', () => {
  const friday = at('2035-11-23T02:00:00Z');
  const monday = at('2035-11-26T01:00:00Z');
  const settlerReads = () => sdkRequestCounts.get('settler:DynamoDB.GetItem') ?? 0;

  /** A T+1 transfer from a to b, pending until Monday (so nothing settles it meanwhile). */
  async function pendingTransfer(amount: number) {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, amount);
    const overrides = { settlement: { ...moneyDeps_settings().settlement, t0MaxAmount: 100 } };
    const reply = await asFunction('transfer', () =>
      transfer(
        {
          customerId: a.customerId,
          key: `carried-${randomUUID()}`,
          operation: 'transfer',
          body: { amount },
          input: { toCustomerId: b.customerId, amount, currency: 'CNY' },
        },
        moneyDeps.transfer(friday, overrides),
      ),
    );
    const movementId = String(reply.transferId);
    // As the ledger stream carries it: once risk screening has cleared it (ADR 0012).
    const movement = await screened(movementId);
    return { b, movementId, movement };
  }

  it('M2.3-b settles from the carried movement without reading it again', async () => {
    const { b, movementId, movement } = await pendingTransfer(3_000);
    const reads = settlerReads();
    expect(
      await asFunction('settler', () => settle(movementId, moneyDeps.settle(monday), movement)),
    ).toBe('SETTLED');
    expect(settlerReads() - reads).toBe(0);
    expect((await account(b.idToken)).balance).toBe(3_000);
  });

  it('M2.3-b posts nothing the ledger does not hold: a carried movement with another amount or recipient settles the stored one', async () => {
    const { b, movementId, movement } = await pendingTransfer(2_000);
    const mallory = await onboardCustomer();
    const forged = { ...movement, amount: 20_000, counterpartyId: mallory.customerId };
    const reads = settlerReads();
    expect(
      await asFunction('settler', () => settle(movementId, moneyDeps.settle(monday), forged)),
    ).toBe('SETTLED');
    expect(settlerReads() - reads).toBe(1);
    expect((await account(b.idToken)).balance).toBe(2_000);
    expect((await account(mallory.idToken)).balance).toBe(0);
    // The honest copy, delivered late: settled already, nothing more moves.
    expect(
      await asFunction('settler', () => settle(movementId, moneyDeps.settle(monday), movement)),
    ).toBe('ALREADY_DONE');
    expect((await account(b.idToken)).balance).toBe(2_000);
  });
});

/** The movement once the risk scorer has put its screen on it. */
async function screened(movementId: string) {
  const m = await eventually(
    () => asFunction('settler', () => moneyDeps.base().ledger.movement(movementId)),
    (m) => m?.screen !== undefined,
  );
  if (!m) throw new Error('the transfer left no movement');
  return m;
}

function moneyDeps_settings() {
  return asFunction('transfer', () => moneyDeps.base().settings);
}

describe('payouts (M2.3-b, M2.3-c)', () => {
  it('M2.3-c retries a payout the provider did not answer until it succeeds, paying once', async () => {
    const c = await onboardCustomer();
    await fund(c.idToken, 2_000);
    await control(c.customerId, { failPayouts: 2 });
    const res = await post('/v1/withdrawals', c.idToken, money(700));
    expect(res.status).toBe(201);
    const id = String(res.body.withdrawalId);
    const token = await staffToken('risk-officer');
    const row = await eventually(
      () => logRow(id, String(res.body.settleOn), token),
      (r) => r?.status === 'SETTLED',
      30_000,
    );
    expect(await account(c.idToken)).toMatchObject({ balance: 1_300, available: 1_300, held: 0 });
    expect(row?.history.map((h) => h.status)).toEqual(['PENDING', 'SETTLING', 'SETTLED']);
  }, 60_000);

  it('M2.3-c parks a payout that keeps failing in the DLQ and settles it when staff retry', async () => {
    const c = await onboardCustomer();
    await fund(c.idToken, 2_000);
    await control(c.customerId, { failPayouts: 100 });
    const res = await post('/v1/withdrawals', c.idToken, money(900));
    const id = String(res.body.withdrawalId);
    const date = String(res.body.settleOn);

    const sqs = new SQSClient(clientConfig());
    const dlq = await dlqUrlOf(inject('functionEnv').settlementRelease?.SETTLEMENT_QUEUE_URL ?? '');
    expect(dlq).toContain('SettlementDlq');
    let parked = false;
    for (let i = 0; i < 40 && !parked; i++) {
      const r = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlq,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 0,
        }),
      );
      parked = (r.Messages ?? []).some((m) => m.Body?.includes(id));
    }
    expect(parked).toBe(true);
    const token = await staffToken('risk-officer');
    expect((await logRow(id, date, token))?.status).toBe('SETTLING');
    expect(await account(c.idToken)).toMatchObject({ balance: 1_100, held: 0 }); // left the account, not yet paid

    // A customer or another staff group may not retry.
    expect(
      (await api('POST', `/v1/ops/settlements/${id}/retry`, { token: c.idToken })).status,
    ).toBe(401);
    expect(
      (
        await api('POST', `/v1/ops/settlements/${id}/retry`, {
          token: await staffToken('service-agent'),
        })
      ).status,
    ).toBe(403);

    await control(c.customerId, {});
    const noKey = await api<{ code: string }>('POST', `/v1/ops/settlements/${id}/retry`, {
      token,
    });
    expect([noKey.status, noKey.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    const key = randomUUID();
    const retryOnce = () =>
      api<{ status: string }>('POST', `/v1/ops/settlements/${id}/retry`, {
        token,
        headers: { 'idempotency-key': key },
      });
    const retry = await retryOnce();
    expect(retry.status).toBe(202);
    expect(retry.body.status).toBe('RETRIED');
    const row = await eventually(
      () => logRow(id, date, token),
      (r) => r?.status === 'SETTLED',
      20_000,
    );
    expect(row?.history.map((h) => h.status)).toEqual([
      'PENDING',
      'SETTLING',
      'RETRIED',
      'SETTLING',
      'SETTLED',
    ]);
    expect(row?.history.find((h) => h.status === 'RETRIED')?.note).toBe(
      'retried by staff.risk-officer',
    );
    // The same request again (a client retry) gets the first answer and changes nothing...
    const again = await retryOnce();
    expect([again.status, again.body]).toEqual([202, retry.body]);
    expect(
      (await logRow(id, date, token))?.history.filter((h) => h.status === 'RETRIED'),
    ).toHaveLength(1);
    // ...while a new retry of a settled movement is refused.
    expect(
      (
        await api<{ code: string }>('POST', `/v1/ops/settlements/${id}/retry`, {
          token,
          headers: { 'idempotency-key': randomUUID() },
        })
      ).body.code,
    ).toBe('NOT_RETRYABLE');
  }, 90_000);
});

describe('reconciliation on demand', () => {
  it("M2.3-c runs for risk officers and answers with a report in which a fresh customer's books reconcile; other roles get 403", async () => {
    // A customer whose money has all settled: their account and movements must raise no break.
    const c = await onboardCustomer();
    await fund(c.idToken, 3_000);
    const deposit = await post('/v1/deposits', c.idToken, money(700));
    const depositId = String(deposit.body.depositId);
    await eventually(
      () => account(c.idToken),
      (a) => a.balance === 3_700,
    );
    const token = await staffToken('risk-officer');
    const res = await api<{
      clean: boolean;
      checked: Record<string, number>;
      breaks: { kind: string; ref: string; detail: string }[];
    }>('POST', '/v1/ops/reconciliations', { token, body: { graceSeconds: 0 } });
    expect(res.status).toBe(200);
    // Both deposits' confirm and settle journals at least; accounts, entries and movements too.
    expect(res.body.checked.journals).toBeGreaterThanOrEqual(4);
    expect(res.body.checked.entries).toBeGreaterThanOrEqual(2);
    expect(res.body.checked.movements).toBeGreaterThanOrEqual(2);
    expect(res.body.clean).toBe(res.body.breaks.length === 0);
    const mine = res.body.breaks.filter(
      (b) => b.ref.includes(c.customerId) || b.ref.startsWith(depositId),
    );
    expect(mine).toEqual([]);
    expect(
      (
        await api('POST', '/v1/ops/reconciliations', {
          token: await staffToken('product-manager'),
          body: {},
        })
      ).status,
    ).toBe(403);
  });
});
