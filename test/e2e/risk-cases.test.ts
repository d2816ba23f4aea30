// Cases (M4.1-a: staff intervene), over HTTP: risk officers group a customer's alerts and
// held movements into a case, split and merge cases, escalate an alert into one, group by
// counterparty, and close a case; every step is on the case's timeline with who and when.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../shared/risk';
import { api, staffToken } from '../support/http';
import { eventually } from '../support/money';
import {
  alertsOf,
  decideHold,
  heldTransfer,
  movementEvent,
  sendRiskEvent,
  type Alert,
} from '../support/risk';

interface Case {
  caseId: string;
  key: { kind: string; ref: string };
  status: string;
  version: number;
  alertIds: string[];
  holdIds: string[];
  mergedInto?: string;
  customers: { customerId: string; customer: string }[];
  holds: { movementId: string; open: boolean }[];
  alerts: { alertId: string; ruleId: string }[];
  timeline: {
    action: string;
    by: string;
    caseId?: string;
    alertIds?: string[];
    holdIds?: string[];
  }[];
  code?: string;
}

const large = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'largeAmount')!;
const today = () => new Date().toISOString().slice(0, 10);
let risk = '';
beforeAll(async () => {
  risk = await staffToken('risk-officer');
});

const openCase = (key: { kind: string; ref: string }, reason = 'same customer, same week') =>
  api<Case>('POST', '/v1/ops/cases', {
    token: risk,
    body: { key, from: today(), to: today(), reason },
    headers: { 'idempotency-key': randomUUID() },
  });
const act = (caseId: string, body: unknown) =>
  api<Case>('POST', `/v1/ops/cases/${caseId}/actions`, {
    token: risk,
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
const getCase = (caseId: string) => api<Case>('GET', `/v1/ops/cases/${caseId}`, { token: risk });

/** A large transfer's risk event for a customer, scored; resolves to its alerts. */
async function largeAlert(customerId: string, counterpartyId?: string): Promise<Alert> {
  await sendRiskEvent(
    movementEvent({
      customerId,
      amount: large.thresholds.transfer,
      ...(counterpartyId ? { counterpartyId } : {}),
    }),
  );
  const list = await eventually(
    () => alertsOf(customerId, risk, large.id),
    (l) => l.length > 0,
  );
  return list[0]!;
}

describe('cases (M4.1-a)', () => {
  it('M4.1-a groups a customer alerts and held movement into a case, splits and merges it, with one timeline', async () => {
    const { a, movementId } = await heldTransfer(1_000_000);
    const extra = await largeAlert(a.customerId);
    const alerts = await alertsOf(a.customerId, risk);
    expect(alerts.map((x) => x.alertId)).toContain(extra.alertId);

    const opened = await openCase({ kind: 'CUSTOMER', ref: a.customerId });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const c = opened.body;
    expect(c.alertIds.sort()).toEqual(alerts.map((x) => x.alertId).sort());
    expect(c.holdIds).toEqual([movementId]);
    expect(c.customers).toEqual([
      { customerId: a.customerId, customer: expect.stringMatching(/\*/) },
    ]);
    expect(c.timeline.map((s) => s.action).sort()).toEqual(
      ['OPENED', 'HOLD_PLACED', ...alerts.map(() => 'ALERT_OPENED')].sort(),
    );
    // Everything of this customer is in the case now.
    const again = await openCase({ kind: 'CUSTOMER', ref: a.customerId });
    expect([again.status, again.body.code]).toEqual([422, 'NOTHING_TO_GROUP']);

    // Split the hold out into a new case.
    const split = await act(c.caseId, {
      action: 'SPLIT',
      version: 1,
      holdIds: [movementId],
      reason: 'the transfer is a separate matter',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    expect([split.body.holdIds, split.body.version]).toEqual([[], 2]);
    const step = split.body.timeline.find((s) => s.action === 'SPLIT_OUT')!;
    expect([step.by, step.holdIds]).toEqual(['staff.risk-officer', [movementId]]);
    const other = (await getCase(step.caseId!)).body;
    expect([other.holdIds, other.alertIds, other.key]).toEqual([
      [movementId],
      [],
      { kind: 'CUSTOMER', ref: a.customerId },
    ]);
    expect(other.timeline.some((s) => s.action === 'SPLIT_FROM' && s.caseId === c.caseId)).toBe(
      true,
    );
    // A stale version is refused; splitting out everything is refused.
    const stale = await act(c.caseId, { action: 'COMMENT', version: 1, note: 'late' });
    expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_MISMATCH']);
    const all = await act(c.caseId, {
      action: 'SPLIT',
      version: 2,
      alertIds: c.alertIds,
      reason: 'x',
    });
    expect(all.status).toBe(400);

    // Merge it back.
    const merged = await act(c.caseId, {
      action: 'MERGE',
      version: 2,
      caseId: other.caseId,
      reason: 'the same matter after all',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.holdIds).toEqual([movementId]);
    const gone = (await getCase(other.caseId)).body;
    expect([gone.status, gone.mergedInto, gone.holdIds]).toEqual(['MERGED', c.caseId, []]);
    const late = await act(other.caseId, { action: 'COMMENT', version: gone.version, note: 'x' });
    expect([late.status, late.body.code]).toEqual([409, 'CASE_CLOSED']);

    // The hold is decided: the case shows it.
    expect((await decideHold(movementId, risk, { decision: 'RELEASE', reason: 'ok' })).status).toBe(
      200,
    );
    expect((await getCase(c.caseId)).body.holds).toEqual([
      expect.objectContaining({ movementId, open: false }),
    ]);

    const closed = await act(c.caseId, {
      action: 'CLOSE',
      version: 3,
      disposition: 'VALUABLE_ALERT',
      reason: 'customer called: genuine',
    });
    expect([closed.status, closed.body.status]).toEqual([200, 'CLOSED']);
    const listed = await api<{ items: { caseId: string; status: string }[] }>(
      'GET',
      '/v1/ops/cases?status=CLOSED',
      { token: risk },
    );
    expect(listed.body.items.map((i) => i.caseId)).toContain(c.caseId);
  });

  it('M4.1-a escalates an alert into a new case of its customer, or into an open case, once', async () => {
    const customerId = `c-${randomUUID()}`;
    const alert = await largeAlert(customerId);
    const escalate = (version: number, body: Record<string, unknown> = {}) =>
      api<Alert & { history: { action: string; caseId?: string }[]; code?: string }>(
        'POST',
        `/v1/ops/alerts/${alert.alertId}/actions`,
        {
          token: risk,
          body: { action: 'ESCALATE', version, reason: 'needs a closer look', ...body },
          headers: { 'idempotency-key': randomUUID() },
        },
      );
    const res = await escalate(alert.version);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const caseId = res.body.history.at(-1)!.caseId!;
    const c = (await getCase(caseId)).body;
    expect([c.key, c.alertIds]).toEqual([{ kind: 'CUSTOMER', ref: customerId }, [alert.alertId]]);
    // The timeline: the alert opened (by the system), then the escalation (by the officer).
    expect(c.timeline.map((s) => [s.action, s.by])).toEqual([
      ['ALERT_OPENED', 'system'],
      ['ESCALATED', 'staff.risk-officer'],
    ]);
    const twice = await escalate(alert.version + 1, { caseId });
    expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_IN_CASE']);
    // Another customer's alert joins that open case.
    const second = await largeAlert(`c-${randomUUID()}`);
    const joined = await api<{ history: { caseId?: string }[] }>(
      'POST',
      `/v1/ops/alerts/${second.alertId}/actions`,
      {
        token: risk,
        body: { action: 'ESCALATE', version: second.version, caseId, reason: 'same ring' },
        headers: { 'idempotency-key': randomUUID() },
      },
    );
    expect(joined.status).toBe(200);
    expect((await getCase(caseId)).body.alertIds).toEqual([alert.alertId, second.alertId]);
    const missing = await escalate(alert.version + 1, {
      caseId: 'K20261129T020000123Z-0123456789abcdef',
    });
    expect([missing.status, missing.body.code]).toEqual([409, 'ALREADY_IN_CASE']);
  });

  it('M4.1-a groups the alerts of different customers paying one counterparty', async () => {
    const counterparty = `c-${randomUUID()}`;
    const senders = [`c-${randomUUID()}`, `c-${randomUUID()}`];
    await Promise.all(senders.map((s) => largeAlert(s, counterparty)));
    // Every alert of either sender is of a movement to that counterparty.
    const alerts = (await Promise.all(senders.map((s) => alertsOf(s, risk)))).flat();
    const res = await openCase({ kind: 'COUNTERPARTY', ref: counterparty }, 'one recipient');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.alertIds.sort()).toEqual(alerts.map((x) => x.alertId).sort());
    expect(res.body.alerts.length).toBeGreaterThanOrEqual(2);
    expect(res.body.customers.map((x) => x.customerId).sort()).toEqual([...senders].sort());
    const pm = await staffToken('product-manager');
    expect((await api('GET', `/v1/ops/cases/${res.body.caseId}`, { token: pm })).status).toBe(403);
    const unknown = await getCase('K20261129T020000123Z-0123456789abcdef');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
  });
});
