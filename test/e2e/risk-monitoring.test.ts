// Real-time monitoring over HTTP against the local runtime (M4.1-a): movements reach the
// scoring consumer through the ledger stream and the risk queue; risk staff read alerts.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../shared/risk';
import { answerOf, api, onboardCustomer, staffToken } from '../support/http';
import { account, eventually, money, post } from '../support/money';
import { alertsOf, movementEvent, sendRiskEvent, type Alert } from '../support/risk';

const rule = <K extends string>(kind: K) => {
  const r = DEFAULT_RULE_SET.rules.find((x) => x.kind === kind);
  if (!r) throw new Error(`no ${kind} rule`);
  return r as Extract<(typeof DEFAULT_RULE_SET.rules)[number], { kind: K }>;
};

describe('risk alerts (M4.1-a)', () => {
  it("M4.1-a a structuring pattern raises one alert, not one per transfer, with the reasons and each rule's contribution", async () => {
    const structuring = rule('structuring');
    // Amounts inside the "just under" band, not round (so only this pattern is in play).
    const low = Math.ceil((structuring.threshold * (100 - structuring.belowPercent)) / 100);
    const amount = low + 12_345;
    const transfers = structuring.minCount + 1;
    const [a, b, risk] = await Promise.all([
      onboardCustomer(),
      onboardCustomer(),
      staffToken('risk-officer'),
    ]);
    // Deposits at the threshold itself are reported anyway: not structuring.
    for (let i = 0; i < transfers; i++) {
      const res = await post('/v1/deposits', a.idToken, money(structuring.threshold));
      expect(res.status).toBe(201);
    }
    await eventually(
      () => account(a.idToken),
      (x) => x.balance === transfers * structuring.threshold,
    );
    const ids: string[] = [];
    for (let i = 0; i < transfers; i++) {
      const res = await post('/v1/transfers', a.idToken, {
        toCustomerId: b.customerId,
        ...money(amount),
      });
      expect(answerOf(res).status).toBe(201);
      ids.push(`${String(res.body.transferId)}:created`);
    }
    const alerts = await eventually(
      () => alertsOf(a.customerId, risk, structuring.id),
      (list) => list.length > 0 && list[0]!.count === transfers - structuring.minCount + 1,
    );
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert).toMatchObject({ ruleId: structuring.id, severity: 'HIGH', status: 'OPEN' });
    // The alert counted toward the alert-surge alarm's metric (an embedded-metric log line).
    const metrics = readFileSync(inject('logFile'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"AlertsOpened"'))
      .map((l) => JSON.parse(l) as { Stage: string; AlertsOpened: number });
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.every((m) => m.Stage === 'local' && m.AlertsOpened >= 1)).toBe(true);
    // The minCount-th transfer opened it, the next joined it.
    expect([...alert.eventIds].sort()).toEqual(ids.slice(structuring.minCount - 1).sort());
    expect(alert.reasons[0]).toContain(
      `${structuring.minCount} amounts between ${(low / 100).toFixed(2)} and ${(structuring.threshold / 100).toFixed(2)} CNY`,
    );
    expect(alert.contributions.find((c) => c.ruleId === structuring.id)?.score).toBe(
      structuring.score,
    );
    const one = await api<Alert>('GET', `/v1/ops/alerts/${alert.alertId}`, { token: risk });
    expect(one.status).toBe(200);
    expect(one.body.alertId).toBe(alert.alertId);
    // Nothing of the customer's identity is in the alert.
    const text = JSON.stringify(one.body);
    for (const pii of [a.applicant.phone, a.applicant.name, a.applicant.idNumber])
      expect(text).not.toContain(pii);
    expect((await account(a.idToken)).balance).toBe(transfers * (structuring.threshold - amount));
  });

  it('M4.1-a a redelivered event is scored once: one alert, counted once', async () => {
    const large = rule('largeAmount');
    const customerId = `c-${randomUUID()}`;
    const event = movementEvent({ customerId, amount: large.thresholds.transfer });
    for (let i = 0; i < 3; i++) await sendRiskEvent(event);
    // Wait for all three deliveries to be handled (the scorer logs each), then count.
    const outcomes = () =>
      readFileSync(inject('logFile'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('risk event scored') && l.includes(event.eventId))
        .map((l) => (JSON.parse(l) as { outcome: string }).outcome);
    await eventually(
      async () => outcomes(),
      (list) => list.length === 3,
    );
    expect(outcomes().sort()).toEqual(['REPEAT', 'REPEAT', 'SCORED']);
    const alerts = await alertsOf(customerId, await staffToken('risk-officer'));
    expect(alerts.map((a) => a.ruleId).sort()).toEqual([large.id, rule('velocity').id].sort());
    for (const a of alerts) expect([a.count, a.eventIds]).toEqual([1, [event.eventId]]);
  });

  it('M2.1-c repeated failed sign-ins then a success raise one alert; the device travels only as a keyed hash', async () => {
    const failed = rule('failedLoginsThenSuccess');
    const c = await onboardCustomer();
    const deviceId = `test-device-${randomUUID()}`;
    const login = (password: string) =>
      api('POST', '/v1/auth/login', {
        body: { phone: c.applicant.phone, password },
        headers: { 'x-device-id': deviceId },
      });
    for (let i = 0; i < failed.minFailures; i++)
      expect((await login('Wrong-Password-1')).status).toBe(401);
    // Five failures lock the user for a second (Cognito's lockout, emulated locally).
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await login(c.applicant.password)).status).toBe(200);
    const risk = await staffToken('risk-officer');
    const alerts = await eventually(
      () => alertsOf(c.customerId, risk, failed.id),
      (list) => list.length > 0,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.reasons[0]).toBe(
      `a successful sign-in after ${failed.minFailures} failed attempts in ${failed.windowMinutes} minutes`,
    );
    const events = readFileSync(inject('sqsCaptureFile'), 'utf8');
    expect(events).toContain(c.customerId);
    expect(events).not.toContain(deviceId);
    // A malformed device id is refused, not ignored.
    const bad = await api('POST', '/v1/auth/login', {
      body: { phone: c.applicant.phone, password: c.applicant.password },
      headers: { 'x-device-id': 'bad id!' },
    });
    expect([bad.status, bad.body.code, bad.body.fields]).toEqual([
      400,
      'VALIDATION_FAILED',
      [{ path: 'header.X-Device-Id', reason: 'must be 8 to 128 letters, digits or . _ : -' }],
    ]);
  });

  it('M2.1-c a bank card already used by another customer raises an alert at activation', async () => {
    const card = DEFAULT_RULE_SET.rules.find(
      (r) => r.kind === 'sharedIdentifier' && r.identifier === 'bankCard',
    );
    expect(card?.kind === 'sharedIdentifier' && card.maxCustomers).toBe(1);
    const first = await onboardCustomer();
    const second = await onboardCustomer({ bankCard: first.applicant.bankCard });
    const risk = await staffToken('risk-officer');
    const alerts = await eventually(
      () => alertsOf(second.customerId, risk, card!.id),
      (list) => list.length > 0,
    );
    expect(alerts[0]!.reasons[0]).toBe('the same bank card is used by 2 customers (more than 1)');
    expect(await alertsOf(first.customerId, risk, card!.id)).toEqual([]);
  });

  it('M4.1-a risk staff assign, comment and close an alert with a disposition, each step recorded; the next hit opens a new alert', async () => {
    const large = rule('largeAmount');
    const customerId = `c-${randomUUID()}`;
    const send = async () => {
      const event = movementEvent({
        customerId,
        movementType: 'WITHDRAWAL',
        counterpartyId: undefined,
        amount: large.thresholds.withdrawal,
      });
      await sendRiskEvent(event);
      return event.eventId;
    };
    const [risk, admin, customer] = await Promise.all([
      staffToken('risk-officer'),
      staffToken('admin'),
      onboardCustomer(),
    ]);
    const firstEvent = await send();
    const [alert] = await eventually(
      () => alertsOf(customerId, risk, large.id),
      (list) => list.length === 1,
    );
    expect(alert!.eventIds).toEqual([firstEvent]);
    const act = (body: unknown, token = risk, key = randomUUID()) =>
      api<
        Alert & {
          version: number;
          history: { action: string; by: string }[];
          disposition?: string;
          code?: string;
        }
      >('POST', `/v1/ops/alerts/${alert!.alertId}/actions`, {
        token,
        body,
        headers: { 'idempotency-key': key },
      });
    const key = randomUUID();
    const assigned = await act(
      { action: 'ASSIGN', version: 1, assignee: 'staff.risk-officer' },
      risk,
      key,
    );
    expect([assigned.status, assigned.body.version]).toEqual([200, 2]);
    const again = await act(
      { action: 'ASSIGN', version: 1, assignee: 'staff.risk-officer' },
      risk,
      key,
    );
    expect([again.status, again.body.version, again.headers.get('idempotency-replayed')]).toEqual([
      200,
      2,
      'true',
    ]);
    const stale = await act({ action: 'COMMENT', version: 1, note: 'looks like salary' });
    expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_MISMATCH']);
    expect((await act({ action: 'COMMENT', version: 2, note: 'called the customer' })).status).toBe(
      200,
    );
    expect(
      (await act({ action: 'CLOSE', version: 3, disposition: 'MAYBE', reason: 'x' })).status,
    ).toBe(400);
    expect((await act({ action: 'CLOSE', version: 3, reason: 'x' }, customer.idToken)).status).toBe(
      401,
    );
    type Row = { ruleId: string; closed: number; falsePositive: number };
    const precision = async () =>
      (
        await api<{ rules: Row[] }>('GET', '/v1/ops/alert-rules/precision', { token: risk })
      ).body.rules.find((r) => r.ruleId === large.id) ?? { closed: 0, falsePositive: 0 };
    const before = await precision();
    const closed = await act(
      {
        action: 'CLOSE',
        version: 3,
        disposition: 'FALSE_POSITIVE',
        reason: 'a house sale, documented',
      },
      admin,
    );
    const afterClose = await precision();
    expect([
      afterClose.closed - before.closed,
      afterClose.falsePositive - before.falsePositive,
    ]).toEqual([1, 1]);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'CLOSED',
      disposition: 'FALSE_POSITIVE',
      version: 4,
    });
    expect(closed.body.history.map((h) => [h.action, h.by])).toEqual([
      ['OPENED', 'system'],
      ['ASSIGNED', 'staff.risk-officer'],
      ['COMMENTED', 'staff.risk-officer'],
      ['CLOSED', 'staff.admin'],
    ]);
    const after = await act({ action: 'COMMENT', version: 4, note: 'late note' });
    expect([after.status, after.body.code]).toEqual([409, 'ALERT_CLOSED']);
    // The rule's next hit for the customer opens a new alert instead of joining the closed one.
    const secondEvent = await send();
    const both = await eventually(
      () => alertsOf(customerId, risk, large.id),
      (list) => list.length === 2,
    );
    const fresh = both.find((a) => a.alertId !== alert!.alertId)!;
    expect([fresh.status, fresh.eventIds]).toEqual(['OPEN', [secondEvent]]);
    const closedAgain = await api<Alert>('GET', `/v1/ops/alerts/${alert!.alertId}`, {
      token: risk,
    });
    expect(closedAgain.body.eventIds).toEqual([firstEvent]);
  });

  it('M4.1-a a rule snoozed for a customer, with a reason, does not hold for them until the snooze ends', async () => {
    const large = rule('largeAmount');
    const customerId = `c-${randomUUID()}`;
    const risk = await staffToken('risk-officer');
    const snooze = (body: unknown, ruleId: string = large.id) =>
      api<{ until: number; by: string; code?: string }>(
        'POST',
        `/v1/ops/alert-rules/${ruleId}/snoozes`,
        { token: risk, body, headers: { 'idempotency-key': randomUUID() } },
      );
    const res = await snooze({ customerId, minutes: 60, reason: 'documented house sale' });
    expect([res.status, res.body.by]).toEqual([201, 'staff.risk-officer']);
    expect(res.body.until).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect((await snooze({ customerId, minutes: 60, reason: 'x' }, 'no-such-rule')).body.code).toBe(
      'RULE_NOT_FOUND',
    );
    expect((await snooze({ customerId, minutes: 0, reason: 'x' })).status).toBe(400);
    const event = movementEvent({ customerId, amount: large.thresholds.transfer });
    await sendRiskEvent(event);
    const scored = await eventually(
      async () =>
        readFileSync(inject('logFile'), 'utf8')
          .split('\n')
          .filter((l) => l.includes('risk event scored') && l.includes(event.eventId))
          .map((l) => JSON.parse(l) as { rules: string[] }),
      (list) => list.length > 0,
    );
    expect(scored[0]!.rules).not.toContain(large.id);
    expect(await alertsOf(customerId, risk, large.id)).toEqual([]);
  });

  it('M4.1-a a rule snoozed for a counterparty does not hold for movements to it, from anyone, and still holds elsewhere', async () => {
    const large = rule('largeAmount');
    const landlord = `c-${randomUUID()}`;
    const risk = await staffToken('risk-officer');
    const snooze = (body: unknown) =>
      api<{ counterpartyId?: string; customerId?: string; code?: string }>(
        'POST',
        `/v1/ops/alert-rules/${large.id}/snoozes`,
        { token: risk, body, headers: { 'idempotency-key': randomUUID() } },
      );
    const res = await snooze({ counterpartyId: landlord, minutes: 60, reason: 'payroll account' });
    expect([res.status, res.body.counterpartyId, res.body.customerId]).toEqual([
      201,
      landlord,
      undefined,
    ]);
    for (const body of [
      { minutes: 60, reason: 'neither' },
      { customerId: landlord, counterpartyId: landlord, minutes: 60, reason: 'both' },
    ])
      expect((await snooze(body)).status).toBe(400);
    const senders = [`c-${randomUUID()}`, `c-${randomUUID()}`];
    const toLandlord = senders.map((customerId) =>
      movementEvent({ customerId, counterpartyId: landlord, amount: large.thresholds.transfer }),
    );
    const elsewhere = movementEvent({
      customerId: senders[0]!,
      amount: large.thresholds.transfer,
      at: new Date(Date.now() + 1_000).toISOString(),
    });
    for (const e of [...toLandlord, elsewhere]) await sendRiskEvent(e);
    const rulesOf = (eventId: string) =>
      eventually(
        async () =>
          readFileSync(inject('logFile'), 'utf8')
            .split('\n')
            .filter((l) => l.includes('risk event scored') && l.includes(eventId))
            .map((l) => JSON.parse(l) as { rules: string[] }),
        (list) => list.length > 0,
      ).then((list) => list[0]!.rules);
    for (const e of toLandlord) expect(await rulesOf(e.eventId)).not.toContain(large.id);
    expect(await rulesOf(elsewhere.eventId)).toContain(large.id);
  });

  it('M4.1-a refuses a customer (401: not a staff token) and staff of other groups (403), and an unknown alert is 404', async () => {
    const [c, agent, risk] = await Promise.all([
      onboardCustomer(),
      staffToken('service-agent'),
      staffToken('risk-officer'),
    ]);
    expect((await api('GET', '/v1/ops/alerts', { token: c.idToken })).status).toBe(401);
    expect((await api('GET', '/v1/ops/alerts', { token: agent })).status).toBe(403);
    const missing = await api('GET', '/v1/ops/alerts/A20261127T020000123Z-0123456789abcdef', {
      token: risk,
    });
    expect([missing.status, missing.body.code]).toEqual([404, 'ALERT_NOT_FOUND']);
    const bad = await api('GET', '/v1/ops/alerts?cursor=bm9wZQ', { token: risk });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const range = await api('GET', '/v1/ops/alerts?from=2026-01-01&to=2026-03-01', { token: risk });
    expect([range.status, range.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
