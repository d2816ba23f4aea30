// Kill switches (issue 12, emergency response; M4.4-a, M6.4-a; ADR 0018), over HTTP on a
// platform of their own (a switch stops the whole platform's business, so not the shared
// one other files use): pausing settlement holds every movement (none settles, none is
// lost) and resuming settles them all; registrations and sales stop with SERVICE_SUSPENDED
// and nothing written; every change audited, and only risk, compliance and admin may throw one.
// A rule switch disables one monitoring rule: it raises no alert and blocks nothing while
// off, each decision saying so, and works again once back on.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { startOwnPlatform } from '../support/own-platform';
import { idCheckCharacter } from '../../shared/identity/domain/kyc';
import { DEFAULT_RULE_SET } from '../../shared/risk/domain/default-rule-set';
import { World, type Customer } from '../support/world';

let platform: LocalPlatform;
let world: World;
let doc: DynamoDBDocumentClient;
let risk = '';

beforeAll(async () => {
  platform = await startOwnPlatform();
  world = new World(platform.apiUrl);
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: platform.endpoint,
      region: platform.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  risk = await world.staffToken('risk-officer');
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

const tableOf = (fn: string, variable: string) =>
  platform.functions.get(fn as never)?.environment[variable] ?? '';

const setSwitch = (name: string, off: boolean, token = risk, reason = 'drill') =>
  world.call('PUT', `/v1/ops/switches/${name}`, { off, reason }, { authorization: token });

async function movementsOf(customers: readonly Customer[]) {
  const ids = new Set(customers.map((c) => c.customerId));
  const out = await doc.send(
    new ScanCommand({
      TableName: tableOf('deposit', 'LEDGER_TABLE'),
      FilterExpression: 'begins_with(pk, :m)',
      ExpressionAttributeValues: { ':m': 'MOVE#' },
    }),
  );
  return (out.Items ?? [])
    .filter((i) => ids.has(String(i.customerId)))
    .map((i) => ({ id: String(i.movementId), type: String(i.type), status: String(i.status) }));
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

const balanceOf = async (c: Customer) =>
  Number(
    (await world.call('GET', '/v1/accounts/me', undefined, { authorization: c.token })).body
      .balance,
  );

describe('kill switches (issue 12 emergency response, ADR 0018)', () => {
  it('M4.4-a M6.4-a pausing settlement holds every movement (none settles, none is lost); resuming settles them all', async () => {
    const customers = await Promise.all([1, 2, 3, 4].map((i) => world.onboard(100 + i)));
    const paused = await setSwitch('settlement', true, risk, 'provider incident');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      name: 'settlement',
      off: true,
      changedBy: 'staff.risk-officer',
    });

    // Deposits and transfers are still taken (the money is in transit), and none settles.
    for (const [i, c] of customers.entries()) {
      const dep = await world.idempotent(
        '/v1/deposits',
        c.token,
        { amount: 10_000, currency: 'CNY' },
        randomUUID(),
      );
      expect(dep.status, JSON.stringify(dep.body)).toBe(201);
      if (i > 0) {
        const prev = customers[i - 1] as Customer;
        const tr = await world.idempotent(
          '/v1/transfers',
          prev.token,
          { toPhone: c.phone, amount: 1_000, currency: 'CNY' },
          randomUUID(),
        );
        expect([201, 422], JSON.stringify(tr.body)).toContain(tr.status);
      }
    }
    const deposits = (await movementsOf(customers)).filter((m) => m.type === 'DEPOSIT');
    expect(deposits).toHaveLength(4);
    // The settler has had every message (it records each one as waiting).
    const waiting = () =>
      doc
        .send(
          new QueryCommand({
            TableName: tableOf('deposit', 'LEDGER_TABLE'),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'WAIT#RESUME#settlement' },
          }),
        )
        .then((o) => (o.Items ?? []).map((i) => String(i.movementId)));
    const waited = await until(waiting, (w) => deposits.every((d) => w.includes(d.id)));
    expect(deposits.every((d) => waited.includes(d.id))).toBe(true);
    expect((await movementsOf(customers)).filter((m) => m.status === 'SETTLED')).toEqual([]);
    // The release job sends nothing while paused.
    await platform.invoke('settlementRelease', { source: 'aws.events' });
    expect((await movementsOf(customers)).filter((m) => m.status === 'SETTLED')).toEqual([]);

    const resumed = await setSwitch('settlement', false, risk, 'provider back');
    expect(resumed.status).toBe(200);
    expect(Number(resumed.body.resumed)).toBeGreaterThanOrEqual(deposits.length);
    const all = await until(
      () => movementsOf(customers),
      (ms) => ms.every((m) => m.status === 'SETTLED'),
    );
    expect(all.filter((m) => m.status !== 'SETTLED')).toEqual([]);
    expect(await waiting()).toEqual([]);
    // Nothing lost, nothing made: the four deposits are all there, moved or not.
    const balances = await Promise.all(customers.map(balanceOf));
    expect(balances.reduce((a, b) => a + b, 0)).toBe(40_000);

    const history = (resumed.body.history as { off: boolean; by: string; reason: string }[]).slice(
      -2,
    );
    expect(history).toEqual([
      expect.objectContaining({ off: true, by: 'staff.risk-officer', reason: 'provider incident' }),
      expect.objectContaining({ off: false, by: 'staff.risk-officer', reason: 'provider back' }),
    ]);
    const audited = await doc.send(
      new QueryCommand({
        TableName: tableOf('opsSwitches', 'AUDIT_TABLE'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'OPS#settlement' },
      }),
    );
    expect((audited.Items ?? []).map((i) => [i.type, i.actor, (i.fields as string[])[0]])).toEqual(
      expect.arrayContaining([
        ['KILL_SWITCH', 'staff.risk-officer', 'off'],
        ['KILL_SWITCH', 'staff.risk-officer', 'on'],
      ]),
    );
  });

  it('M4.4-a blocking registrations answers 503 SERVICE_SUSPENDED and keeps nothing; the same applicant registers once they are open again', async () => {
    const body17 = `11010519900101${String(100 + (Date.now() % 899)).slice(-3)}`;
    const applicant = {
      name: '测试人',
      phone: `137${String(Date.now()).slice(-8)}`,
      idNumber: body17 + idCheckCharacter(body17),
      bankCard: '6200000000000005',
      password: 'Correct-Horse-9',
      consents: { userAgreementVersion: '2026-09-01', riskDisclosureVersion: '2026-09-01' },
    };
    expect((await setSwitch('registrations', true)).status).toBe(200);
    const refused = await world.call('POST', '/v1/registrations', applicant);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_SUSPENDED');
    expect((await setSwitch('registrations', false)).status).toBe(200);
    // Nothing was reserved: the same ID number and phone register now.
    const accepted = await world.call('POST', '/v1/registrations', applicant);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  });

  it("M4.4-a halting a product's sales (or all sales) answers 503 SERVICE_SUSPENDED, moves no money, and records nothing under the key: the same request succeeds once sales resume", async () => {
    const c = await world.onboard(201);
    await world.idempotent(
      '/v1/deposits',
      c.token,
      { amount: 50_000, currency: 'CNY' },
      randomUUID(),
    );
    await until(
      () => balanceOf(c),
      (b) => b === 50_000,
    );
    const [halted, other] = [
      await world.productAndAssessments([c]),
      await world.product({ minAmount: 1, lockUpDays: 0, settlementCycle: 'T+0' }),
    ];
    expect((await setSwitch(`sales.${halted}`, true)).status).toBe(200);
    const key = randomUUID();
    const order = (productId: string, k = randomUUID()) =>
      world.call(
        'POST',
        '/v1/orders',
        { productId, amount: 1_000, currency: 'CNY' },
        { authorization: c.token, 'idempotency-key': k },
      );
    const refused = await order(halted, key);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_SUSPENDED');
    expect(await balanceOf(c)).toBe(50_000);
    expect((await order(other)).status).toBe(201);

    expect((await setSwitch('sales', true)).status).toBe(200);
    expect((await order(other)).status).toBe(503);
    expect((await setSwitch('sales', false)).status).toBe(200);
    expect((await setSwitch(`sales.${halted}`, false)).status).toBe(200);
    const retried = await order(halted, key);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(await balanceOf(c)).toBe(48_000); // two orders of 1,000 went through
  });

  it('M4.4-a lets only risk, compliance and admin staff throw a switch (403), with a reason (400); an unknown switch is 400', async () => {
    const agent = await world.staffToken('service-agent');
    expect((await setSwitch('settlement', true, agent)).status).toBe(403);
    expect(
      (
        await world.call(
          'PUT',
          '/v1/ops/switches/settlement',
          { off: true },
          { authorization: risk },
        )
      ).status,
    ).toBe(400);
    expect((await setSwitch('everything', true)).status).toBe(400);
    const list = await world.call('GET', '/v1/ops/switches', undefined, { authorization: risk });
    expect(
      (list.body.switches as { name: string; off: boolean }[]).map((s) => [s.name, s.off]),
    ).toEqual([
      ['settlement', false],
      ['registrations', false],
      ['sales', false],
      ['lending', false],
    ]);
  });
});

/** The risk table's items of a kind (`HIST#`, `ALERTS#`) for one customer. */
async function riskItemsOf(prefix: string, customerId: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableOf('riskScorer', 'RISK_TABLE'),
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': prefix },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.filter(
    (i) =>
      i.customerId === customerId ||
      (i.event as { customerId?: string } | undefined)?.customerId === customerId,
  );
}

type Decided = { decision: { hits: { ruleId: string }[]; disabled?: string[] } };

describe('Issue 12 kill switches: disable a risk rule (M4.4-a, M6.4-a, M4.1-a, ADR 0018)', () => {
  const large = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'largeAmount')!;
  const burst = DEFAULT_RULE_SET.rules.find((r) => r.action === 'BLOCK')!;
  const depositThreshold = large.kind === 'largeAmount' ? (large.thresholds.deposit ?? 0) : 0;
  const burstLimit = burst.kind === 'velocity' ? (burst.maxCount ?? 0) : 0;

  it('Issue 12 kill switches: disable a risk rule: M4.4-a M6.4-a M4.1-a a disabled rule raises no alert and each decision names it as disabled; re-enabled, it raises its alert again; audited', async () => {
    // Prepare
    const c = await world.onboard(301);
    const deposit = async () => {
      const res = await world.idempotent(
        '/v1/deposits',
        c.token,
        { amount: depositThreshold, currency: 'CNY' },
        randomUUID(),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    const decisions = (n: number) =>
      until(
        () => riskItemsOf('HIST#', c.customerId),
        (items) =>
          items.filter((i) => (i.event as { type?: string }).type === 'MOVEMENT').length >= n,
      ).then(
        (items) =>
          items
            .filter((i) => (i.event as { type?: string }).type === 'MOVEMENT')
            .sort((a, b) => String(a.sk).localeCompare(String(b.sk))) as unknown as Decided[],
      );
    const alerts = () =>
      riskItemsOf('ALERTS#', c.customerId).then((items) =>
        items.filter((a) => a.ruleId === large.id),
      );

    // Act: switch the rule off, then a deposit at its threshold.
    const off = await setSwitch(`rule.${large.id}`, true, risk, 'misfiring after a change');
    // Assess
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body).toMatchObject({
      name: `rule.${large.id}`,
      off: true,
      changedBy: 'staff.risk-officer',
    });
    const list = await world.call('GET', '/v1/ops/switches', undefined, { authorization: risk });
    expect(
      (list.body.switches as { name: string; off: boolean }[]).map((s) => [s.name, s.off]),
    ).toContainEqual([`rule.${large.id}`, true]);
    await deposit();
    const [first] = await decisions(1);
    expect(first!.decision.hits.map((h) => h.ruleId)).not.toContain(large.id);
    expect(first!.decision.disabled).toContain(large.id);
    expect(await alerts()).toEqual([]);

    // Act: back on, the same deposit again.
    const on = await setSwitch(`rule.${large.id}`, false, risk, 'threshold fixed');
    expect(on.status).toBe(200);
    await deposit();
    // Assess: its alert opens, and the decision names no disabled rule.
    const [, second] = await decisions(2);
    expect(second!.decision.hits.map((h) => h.ruleId)).toContain(large.id);
    expect(second!.decision.disabled).toBeUndefined();
    const opened = await until(alerts, (a) => a.length > 0);
    expect(opened).toHaveLength(1);
    const audited = await doc.send(
      new QueryCommand({
        TableName: tableOf('opsSwitches', 'AUDIT_TABLE'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `OPS#rule.${large.id}` },
      }),
    );
    expect((audited.Items ?? []).map((i) => [i.type, (i.fields as string[])[0]])).toEqual([
      ['KILL_SWITCH', 'off'],
      ['KILL_SWITCH', 'on'],
    ]);
  });

  it('Issue 12 kill switches: disable a risk rule: M4.4-a M4.1-a a disabled blocking rule refuses nothing in the pre-check; re-enabled, it refuses again', async () => {
    // Prepare: a sender with money, and the blocking rule switched off.
    const [a, b] = [await world.onboard(302), await world.onboard(303)];
    const funded = await world.idempotent(
      '/v1/deposits',
      a.token,
      { amount: 10_000, currency: 'CNY' },
      randomUUID(),
    );
    expect(funded.status).toBe(201);
    await until(
      () => balanceOf(a),
      (x) => x === 10_000,
    );
    expect((await setSwitch(`rule.${burst.id}`, true, risk, 'blocking payroll runs')).status).toBe(
      200,
    );
    const send = () =>
      world.idempotent(
        '/v1/transfers',
        a.token,
        { toCustomerId: b.customerId, amount: 100, currency: 'CNY' },
        randomUUID(),
      );
    // Act: one more transfer than the rule allows in its window.
    for (let i = 0; i <= burstLimit; i++) {
      const res = await send();
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // Every one scored (and so screened and settled): the counters hold them all.
    await until(
      () => balanceOf(b),
      (x) => x === (burstLimit + 1) * 100,
      60_000,
    );
    // Act: back on.
    expect((await setSwitch(`rule.${burst.id}`, false, risk, 'payroll done')).status).toBe(200);
    const refused = await send();
    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('RISK_BLOCKED');
  }, 120_000);

  it('Issue 12 kill switches: disable a risk rule: M4.4-a two staff switching two rules at the same moment both succeed (a conflict on the shared index is sent again, never a 500), and both rules end as set', async () => {
    const others = DEFAULT_RULE_SET.rules.filter((r) => r.id !== large.id && r.id !== burst.id);
    const [a, b] = others;
    expect(a && b).toBeTruthy();
    for (const off of [true, false]) {
      const results = await Promise.all(
        [a, b, a, b].map((r, i) => setSwitch(`rule.${r?.id}`, off, risk, `concurrent ${i}`)),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const list = await world.call('GET', '/v1/ops/switches', undefined, { authorization: risk });
      const states = new Map(
        (list.body.switches as { name: string; off: boolean }[]).map((x) => [x.name, x.off]),
      );
      expect([states.get(`rule.${a?.id}`) ?? false, states.get(`rule.${b?.id}`) ?? false]).toEqual([
        off,
        off,
      ]);
    }
  });

  it('Issue 12 kill switches: disable a risk rule: M4.4-a only a rule of the live rule set can be switched off (404 RULE_NOT_FOUND); a malformed rule id is 400', async () => {
    const unknown = await setSwitch('rule.no-such-rule', true);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'RULE_NOT_FOUND']);
    expect((await setSwitch('rule.Large_Amount', true)).status).toBe(400);
    expect((await setSwitch('rule.', true)).status).toBe(400);
    // Switching an unknown rule on changes nothing and is not refused.
    const on = await setSwitch('rule.no-such-rule', false);
    expect([on.status, on.body.off, on.body.history]).toEqual([200, false, []]);
  });
});
