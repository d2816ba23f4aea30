// Holds before settlement (M4.1-a, ADR 0012), over HTTP against the local platform: a large
// transfer right after a sign-in from a new device (the shape of an account takeover) is
// held by the risk scorer; it waits, and settles only when a risk officer releases it; a
// rejected hold gives the money back by a reversing journal, and the books still reconcile.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../shared/risk';
import { api, onboardCustomer, staffToken } from '../support/http';
import { account, eventually, fund, settlementLogAll } from '../support/money';
import { alertsOf, decideHold as decide, heldTransfer, openHolds } from '../support/risk';

const takeover = DEFAULT_RULE_SET.rules.find((r) => r.id === 'change-before-large-outflow')!;

const transferOf = (id: string, token: string) =>
  api<{ status: string }>('GET', `/v1/transfers/${id}`, { token });

describe('holds before settlement (M4.1-a, ADR 0012)', () => {
  it("M4.1-a M2.4-b a transfer after a sign-in on a new device is held with its reasons (shown in the customer's risk profile), waits, is released by a risk officer, then settles", async () => {
    const amount = takeover.kind === 'changeBeforeLargeAmount' ? takeover.minAmount : 0;
    const { a, b, movementId, hold, token } = await heldTransfer(amount);
    expect(hold).toMatchObject({ customerId: a.customerId, movementType: 'TRANSFER', amount });
    // The customer as staff see them: masked name and phone, never more.
    expect(hold.customer).toMatch(/^\S\*+ 1\d\d\*{4}\d{4}$/);
    expect(hold.rules.map((r) => r.ruleId)).toContain(takeover.id);
    expect(hold.rules.find((r) => r.ruleId === takeover.id)?.reason).toMatch(/^new device within/);

    // The sender's risk profile for staff (issue 13): the held transfer, its open alert, the
    // transfer counted against today's limit, each part explained.
    const file = await api<{
      risk: {
        monitoring: {
          holds: { movementId: string }[];
          openAlerts: { ruleId: string }[];
          explanation: string;
        };
        exposure: { flows: { flow: string; usedToday: number }[] };
      };
    }>('GET', `/v1/ops/customers/${a.customerId}/profile`, { token });
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    expect(file.body.risk.monitoring.holds.map((h) => h.movementId)).toEqual([movementId]);
    expect(file.body.risk.monitoring.openAlerts.map((x) => x.ruleId)).toContain(takeover.id);
    expect(file.body.risk.monitoring.explanation).toMatch(/1 movement held for review/);
    expect(file.body.risk.exposure.flows.find((f) => f.flow === 'transfer')?.usedToday).toBe(
      amount,
    );

    // It waits: the sender is debited, the recipient has nothing, staff cannot push it through.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await account(b.idToken)).balance).toBe(0);
    expect((await account(a.idToken)).balance).toBe(amount);
    expect((await transferOf(movementId, a.idToken)).body.status).toBe('PENDING');
    const retry = await api('POST', `/v1/ops/settlements/${movementId}/retry`, {
      token,
      headers: { 'idempotency-key': `retry-${randomUUID()}` },
    });
    expect([retry.status, (retry.body as { code?: string }).code]).toEqual([409, 'NOT_RETRYABLE']);

    // Only risk staff decide, with a reason.
    expect(
      (await decide(movementId, a.idToken, { decision: 'RELEASE', reason: 'me' })).status,
    ).toBe(401); // a customer's token: not the staff pool's
    const noReason = await decide(movementId, token, { decision: 'RELEASE' });
    expect(noReason.status).toBe(400);

    const key = randomUUID();
    const released = await decide(
      movementId,
      token,
      { decision: 'RELEASE', reason: 'called the customer: new phone, genuine payment' },
      key,
    );
    expect(released.status).toBe(200);
    expect(released.body.resolution).toMatchObject({
      outcome: 'RELEASED',
      by: 'staff.risk-officer',
      reason: 'called the customer: new phone, genuine payment',
    });
    // A retry with the key answers the same; the hold is no longer open.
    const again = await decide(
      movementId,
      token,
      { decision: 'RELEASE', reason: 'called the customer: new phone, genuine payment' },
      key,
    );
    expect(again.body).toEqual(released.body);
    expect((await openHolds(token)).map((h) => h.movementId)).not.toContain(movementId);

    await eventually(
      () => account(b.idToken),
      (acc) => acc.balance === amount,
    );
    expect((await transferOf(movementId, a.idToken)).body.status).toBe('SETTLED');
  });

  it('M4.1-a M2.3-c a rejected hold returns the money by a reversing journal, never settles, and the books reconcile', async () => {
    const amount = 1_234_500;
    const { a, b, movementId, settleOn, token } = await heldTransfer(amount);
    const rejected = await decide(movementId, token, {
      decision: 'REJECT',
      reason: 'customer did not recognise the payment',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.resolution?.outcome).toBe('REJECTED');
    expect((await account(a.idToken)).balance).toBe(2 * amount);
    expect((await transferOf(movementId, a.idToken)).body.status).toBe('FAILED');
    const log = await settlementLogAll<{
      movementId: string;
      screen?: string;
      history: { status: string; note?: string }[];
    }>(settleOn, token);
    const row = log.items.find((r) => r.movementId === movementId);
    expect(row?.screen).toBe('REJECTED');
    expect(row?.history.at(-1)).toMatchObject({
      status: 'FAILED',
      note: 'rejected by risk review by staff.risk-officer',
    });
    // Decided once: a second decision finds no open hold, and nothing reaches the recipient.
    const late = await decide(movementId, token, { decision: 'RELEASE', reason: 'too late' });
    expect([late.status, late.body.code]).toEqual([404, 'HOLD_NOT_FOUND']);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await account(b.idToken)).balance).toBe(0);

    const entries = await api<{ items: { movementId: string; amount: number }[] }>(
      'GET',
      '/v1/accounts/me/entries',
      { token: a.idToken },
    );
    expect(
      entries.body.items.filter((e) => e.movementId === movementId).map((e) => e.amount),
    ).toEqual(expect.arrayContaining([-amount, amount]));

    const report = await api<{ breaks: { ref: string; detail: string }[] }>(
      'POST',
      '/v1/ops/reconciliations',
      { token, body: { graceSeconds: 0 } },
    );
    expect(report.status).toBe(200);
    expect(
      report.body.breaks.filter(
        (x) => x.ref.startsWith(movementId) || x.ref.includes(a.customerId),
      ),
    ).toEqual([]);
  });
});

describe('blocks before recording (M4.1-a, ADR 0012)', () => {
  const burst = DEFAULT_RULE_SET.rules.find((r) => r.action === 'BLOCK')!;
  const limit = burst.kind === 'velocity' ? (burst.maxCount ?? 0) : 0;

  it('M4.1-a a transfer the blocking rules refuse is refused at once with its reasons, moves nothing, and reaches risk staff as an alert', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 10_000);
    const send = (key = randomUUID()) =>
      api<{ code?: string; rules?: { ruleId: string; reason: string }[]; transferId?: string }>(
        'POST',
        '/v1/transfers',
        {
          token: a.idToken,
          body: { toCustomerId: b.customerId, amount: 100, currency: 'CNY' },
          headers: { 'idempotency-key': `burst-${key}` },
        },
      );
    for (let i = 0; i < limit; i++) expect((await send()).status).toBe(201);
    // Every one of them scored (and so screened and settled): the counters hold all ten.
    await eventually(
      () => account(b.idToken),
      (acc) => acc.balance === limit * 100,
    );
    const key = randomUUID();
    const refused = await send(key);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('RISK_BLOCKED');
    expect(refused.body.rules).toEqual([
      {
        ruleId: burst.id,
        reason: `${limit + 1} transfer/withdrawal movements totalling ${((limit + 1) * 100) / 100}.00 CNY in 10 minutes (limits: ${limit} movements, - CNY)`,
      },
    ]);
    expect((await account(a.idToken)).balance).toBe(10_000 - limit * 100);
    // A retry with its key answers the same refusal.
    const replay = await send(key);
    expect([replay.status, replay.body.code, replay.body.rules]).toEqual([
      422,
      'RISK_BLOCKED',
      refused.body.rules,
    ]);
    // The refused attempt is scored too: risk staff see it.
    const alerts = await eventually(
      () => alertsOf(a.customerId, risk(), burst.id),
      (list) => list.length > 0,
    );
    expect(alerts[0]!.reasons[0]).toBe(refused.body.rules?.[0]?.reason);
  });
});

let riskToken = '';
const risk = () => riskToken;
beforeAll(async () => {
  riskToken = await staffToken('risk-officer');
});
