// Deposits, withdrawals and transfers over HTTP against the local runtime, settled
// through the settlement queue (M2.3-a..c).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { RiskEvent } from '../../shared/risk/domain/risk-events';
import { answerOf, api, newPhone, onboardCustomer } from '../support/http';
import { account, eventually, fund, money, movementsOf, post } from '../support/money';

type Problem = { code: string; fields?: { path: string; reason: string }[] };

describe('deposits (M2.3-a, M2.3-b)', () => {
  it('M2.3-a M2.3-b tops up through the provider and credits the account at T+0 settlement', async () => {
    const c = await onboardCustomer();
    expect(await account(c.idToken)).toEqual({
      balance: 0,
      available: 0,
      held: 0,
      currency: 'CNY',
    });
    const res = await post('/v1/deposits', c.idToken, money(12_345));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      amount: 12_345,
      currency: 'CNY',
      settlementCycle: 'T+0',
    });
    const after = await eventually(
      () => account(c.idToken),
      (a) => a.balance === 12_345,
    );
    expect(after).toEqual({ balance: 12_345, available: 12_345, held: 0, currency: 'CNY' });
  });

  it('requires an Idempotency-Key of 16 to 255 visible characters, integer fen and CNY (400 with fields)', async () => {
    const c = await onboardCustomer();
    const noKey = await api<Problem>('POST', '/v1/deposits', {
      token: c.idToken,
      body: money(100),
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REQUIRED',
      fields: [{ path: 'header.Idempotency-Key', reason: 'is required' }],
    });
    for (const key of ['1', 'k'.repeat(15), 'k'.repeat(256), `${'k'.repeat(16)} x`]) {
      const res = await post('/v1/deposits', c.idToken, money(100), key);
      expect([res.status, res.body.code], key).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.fields).toEqual([
        {
          path: 'header.Idempotency-Key',
          reason: 'must be 16 to 255 visible ASCII characters (a UUID fits)',
        },
      ]);
    }
    for (const [body, path] of [
      [{ amount: 12.5, currency: 'CNY' }, 'body.amount'],
      [{ amount: '100', currency: 'CNY' }, 'body.amount'],
      [{ amount: 0, currency: 'CNY' }, 'body.amount'],
      [{ amount: -5, currency: 'CNY' }, 'body.amount'],
      [{ amount: 100, currency: 'USD' }, 'body.currency'],
      [{ amount: 100 }, 'body.currency'],
    ] as const) {
      const res = await post('/v1/deposits', c.idToken, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as Problem).fields?.map((f) => f.path)).toContain(path);
    }
    expect((await account(c.idToken)).balance).toBe(0);
  });

  it('M2.3-c answers a retried deposit with the first result and charges once; a reused key with another body is 422', async () => {
    const c = await onboardCustomer();
    const key = `dep-${Date.now()}`;
    const first = await post('/v1/deposits', c.idToken, money(500), key);
    const again = await post('/v1/deposits', c.idToken, money(500), key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await post('/v1/deposits', c.idToken, money(501), key);
    expect(other.status).toBe(422);
    expect((other.body as Problem).code).toBe('IDEMPOTENCY_KEY_REUSED');
    // One movement, and once it has settled the balance has nothing left to change it.
    const moves = await movementsOf(c.customerId);
    expect(moves.map((m) => [m.type, m.amount])).toEqual([['DEPOSIT', 500]]);
    await eventually(
      () => movementsOf(c.customerId),
      (ms) => ms.every((m) => m.status === 'SETTLED'),
    );
    expect((await account(c.idToken)).balance).toBe(500);
  });
});

describe('transfers (M2.3-a)', () => {
  it('M2.3-a debits the sender at once and credits the recipient at settlement, with journal lines on both', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 10_000);
    const res = await post('/v1/transfers', a.idToken, {
      toPhone: b.applicant.phone,
      ...money(2_500),
      memo: 'rent',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'PENDING', amount: 2_500, settlementCycle: 'T+0' });
    expect((await account(a.idToken)).balance).toBe(7_500);
    await eventually(
      () => account(b.idToken),
      (x) => x.balance === 2_500,
    );

    const entriesA = await api<{ items: { amount: number; type: string; memo?: string }[] }>(
      'GET',
      '/v1/accounts/me/entries',
      { token: a.idToken },
    );
    expect(entriesA.body.items.map((e) => [e.type, e.amount])).toEqual([
      ['TRANSFER', -2_500],
      ['DEPOSIT', 10_000],
    ]);
    expect(entriesA.body.items[0]?.memo).toBe('rent');
    const entriesB = await api<{ items: { amount: number }[] }>('GET', '/v1/accounts/me/entries', {
      token: b.idToken,
    });
    expect(entriesB.body.items.map((e) => e.amount)).toEqual([2_500]);
  });

  it('M2.3-a Medium finding (customers can be enumerated): a sender who could not pay gets INSUFFICIENT_FUNDS whether or not the phone is a customer', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 500);
    const known = await post('/v1/transfers', a.idToken, {
      toPhone: b.applicant.phone,
      ...money(501),
    });
    const unknown = await post('/v1/transfers', a.idToken, { toPhone: newPhone(), ...money(501) });
    expect([known.status, (known.body as Problem).code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    const shown = (r: { status: number; body: unknown }) => {
      const { code, title, detail, fields } = r.body as Record<string, unknown>;
      return { status: r.status, code, title, detail, fields };
    };
    expect(shown(unknown)).toEqual(shown(known));
    // With an empty account, no phone tells anything either.
    const c = await onboardCustomer();
    for (const toPhone of [b.applicant.phone, newPhone()])
      expect(
        ((await post('/v1/transfers', c.idToken, { toPhone, ...money(1) })).body as Problem).code,
      ).toBe('INSUFFICIENT_FUNDS');
  });

  it('M2.3-a refuses insufficient funds, self, unknown and inactive recipients (422), moving nothing', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 1_000);
    const cases: [unknown, string][] = [
      [{ toPhone: b.applicant.phone, ...money(1_001) }, 'INSUFFICIENT_FUNDS'],
      [{ toPhone: a.applicant.phone, ...money(1) }, 'TRANSFER_TO_SELF'],
      [{ toCustomerId: a.customerId, ...money(1) }, 'TRANSFER_TO_SELF'],
      [{ toPhone: '13000000002', ...money(1) }, 'RECIPIENT_NOT_FOUND'],
      [
        { toCustomerId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', ...money(1) },
        'RECIPIENT_UNAVAILABLE',
      ],
    ];
    for (const [body, code] of cases) {
      const res = await post('/v1/transfers', a.idToken, body);
      expect(res.status, code).toBe(422);
      expect((res.body as Problem).code).toBe(code);
    }
    const both = await post('/v1/transfers', a.idToken, {
      toPhone: b.applicant.phone,
      toCustomerId: b.customerId,
      ...money(1),
    });
    expect(both.status).toBe(400);
    expect(await account(a.idToken)).toMatchObject({ balance: 1_000, available: 1_000 });
  });

  it('M2.3-c answers a refused transfer retried with its key with the same refusal, even after a top-up', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    const key = randomUUID();
    const body = { toCustomerId: b.customerId, ...money(500) };
    const first = await post('/v1/transfers', a.idToken, body, key);
    expect(first.status).toBe(422);
    expect((first.body as Problem).code).toBe('INSUFFICIENT_FUNDS');
    await fund(a.idToken, 1_000);
    const again = await post('/v1/transfers', a.idToken, body, key);
    expect(answerOf(again)).toEqual(answerOf(first));
    expect(again.status).toBe(422);
    const reused = await post('/v1/transfers', a.idToken, { ...body, amount: 400 }, key);
    expect((reused.body as Problem).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await account(a.idToken)).toMatchObject({ balance: 1_000, available: 1_000 });
    const fresh = await post('/v1/transfers', a.idToken, body);
    expect(fresh.status).toBe(201);
  });

  it('M2.3-a never overdraws under 10 concurrent transfers: exactly the affordable ones go through', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 5_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        post('/v1/transfers', a.idToken, { toCustomerId: b.customerId, ...money(1_000) }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(
      results.filter((r) => r.status === 422 && (r.body as Problem).code === 'INSUFFICIENT_FUNDS'),
    ).toHaveLength(5);
    expect(await account(a.idToken)).toMatchObject({ balance: 0, available: 0 });
    await eventually(
      () => account(b.idToken),
      (x) => x.balance === 5_000,
    );
  });
});

describe('withdrawals (M2.3-b)', () => {
  it('M2.3-b holds the amount at once and pays it out at settlement', async () => {
    const c = await onboardCustomer();
    await fund(c.idToken, 3_000);
    const res = await post('/v1/withdrawals', c.idToken, money(1_200));
    expect(res.status).toBe(201);
    const paid = await eventually(
      () => account(c.idToken),
      (x) => x.held === 0 && x.balance === 1_800,
    );
    expect(paid).toMatchObject({ balance: 1_800, available: 1_800, held: 0 });
    const over = await post('/v1/withdrawals', c.idToken, money(1_801));
    expect((over.body as Problem).code).toBe('INSUFFICIENT_FUNDS');
  });
});

describe('risk events (M4.1-a)', () => {
  const riskQueue = () => inject('functionEnv').ledgerStream?.RISK_EVENTS_QUEUE_URL ?? '';
  const sentTo = (queueUrl: string) =>
    readFileSync(inject('sqsCaptureFile'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { QueueUrl: string; MessageBody: string })
      .filter((m) => m.QueueUrl === queueUrl)
      .map((m) => JSON.parse(m.MessageBody) as Record<string, unknown>);

  it('M4.1-a emits one typed event per movement from the ledger stream, none for a refusal, no PII', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    const deposit = await post('/v1/deposits', a.idToken, money(3_000));
    await eventually(
      () => account(a.idToken),
      (x) => x.balance === 3_000, // settled (T+0), so the transfer can use it
    );
    const sent = await post('/v1/transfers', a.idToken, {
      toCustomerId: b.customerId,
      ...money(1_000),
      memo: 'dinner',
    });
    const refused = await post('/v1/transfers', a.idToken, {
      toCustomerId: b.customerId,
      ...money(9_999),
    });
    expect([deposit.status, sent.status, refused.status]).toEqual([201, 201, 422]);
    const ids = [String(deposit.body.depositId), String(sent.body.transferId)];
    const events = await eventually(
      async () =>
        sentTo(riskQueue()).filter((e) => e.customerId === a.customerId && e.type === 'MOVEMENT'),
      (list) => ids.every((id) => list.some((e) => e.movementId === id)),
    );
    expect(events.map((e) => [e.movementType, e.amount]).sort()).toEqual([
      ['DEPOSIT', 3_000],
      ['TRANSFER', 1_000],
    ]);
    for (const e of events) expect(RiskEvent.parse(e)).toEqual(e);
    expect(events.find((e) => e.movementType === 'TRANSFER')).toMatchObject({
      counterpartyId: b.customerId,
      eventId: `${sent.body.transferId}:created`,
    });
    const text = JSON.stringify(events);
    for (const pii of ['dinner', a.applicant.phone, a.applicant.name, b.applicant.idNumber])
      expect(text).not.toContain(pii);
  });
});

describe('reads by id (M2.3-c)', () => {
  it('M2.3-c shows the caller its own deposit, withdrawal and transfer with status and settlement date, and nobody else', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    const deposit = await post('/v1/deposits', a.idToken, money(5_000));
    const depositId = String(deposit.body.depositId);
    await eventually(
      () => api('GET', `/v1/deposits/${depositId}`, { token: a.idToken }),
      (r) => r.body.status === 'SETTLED',
    );
    const transfer = await post('/v1/transfers', a.idToken, {
      toCustomerId: b.customerId,
      ...money(1_000),
    });
    const withdrawal = await post('/v1/withdrawals', a.idToken, money(500));
    const reads = [
      ['deposits', depositId, deposit],
      ['transfers', String(transfer.body.transferId), transfer],
      ['withdrawals', String(withdrawal.body.withdrawalId), withdrawal],
    ] as const;
    for (const [kind, id, created] of reads) {
      const mine = await eventually(
        () => api('GET', `/v1/${kind}/${id}`, { token: a.idToken }),
        (r) => r.body.status === 'SETTLED',
      );
      expect(mine.status, kind).toBe(200);
      // The POST's answer, with the status it has now.
      expect(mine.body, kind).toEqual({ ...created.body, status: 'SETTLED' });
      // Another customer (the transfer's recipient included) and another kind: not found.
      const theirs = await api<Problem>('GET', `/v1/${kind}/${id}`, { token: b.idToken });
      expect([theirs.status, theirs.body.code], kind).toEqual([404, 'MOVEMENT_NOT_FOUND']);
    }
    const wrongKind = await api<Problem>(
      'GET',
      `/v1/deposits/${String(transfer.body.transferId)}`,
      {
        token: a.idToken,
      },
    );
    expect([wrongKind.status, wrongKind.body.code]).toEqual([404, 'MOVEMENT_NOT_FOUND']);
    const bad = await api<Problem>('GET', '/v1/transfers/not-a-uuid', { token: a.idToken });
    expect([bad.status, bad.body.fields?.[0]?.path]).toEqual([400, 'path.transferId']);
  });
});
