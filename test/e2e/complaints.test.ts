// Complaints over HTTP (issue 14, "Done when"; M7.4-a, M7.2-a/b, M2.4-a;
// docs/customer-service.md), on a platform of its own whose calendar is run forward (Date
// alone is faked, from days before today, so every token the emulator issues stays valid),
// which the shared platform must not see. A complaint about the customer's own deposit
// meets both SLAs: accepted, classified, assigned, noted internally, answered in 2 h, the
// customer asked for information (the result clock waits 24 h for the reply), resolved,
// closed, rated once; the figures count it. An enquiry nobody answers is warned at 75% of
// its 24 h and breaches its first response: the SLA job, run twice, raises exactly one
// monitoring alert, which risk staff find among the monitoring alerts; the queue lists
// what breaches next first.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { moveCalendarTo, ownPlatformWithCalendar } from '../support/own-platform';
import type { World, Customer } from '../support/world';

let platform: LocalPlatform;
let world: World;
let agent = '';
let risk = '';

ownPlatformWithCalendar(['service-agent', 'risk-officer'], (p, w, staff) => {
  [platform, world] = [p, w];
  [agent = '', risk = ''] = staff;
});

const at = moveCalendarTo;
const HOUR = 3_600_000;
const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();

interface Clock {
  clock: string;
  status: string;
  elapsedMinutes: number;
  pausedMinutes: number;
  paused: boolean;
  dueAt?: string;
  warning: boolean;
}
interface ComplaintBody {
  complaintId: string;
  status: string;
  waitingForCustomer: boolean;
  sla: Clock[];
  timeline: { type: string; by: string }[];
  history: { type: string; clock?: string; alertId?: string; note?: string }[];
  code?: string;
  fields?: { path: string }[];
  [k: string]: unknown;
}

const keyed = (token: string, path: string, body: unknown) =>
  world.call('POST', path, body, { authorization: token, 'idempotency-key': randomUUID() });
const get = (token: string, path: string) =>
  world.call('GET', path, undefined, { authorization: token });
const act = async (id: string, body: Record<string, unknown>) => {
  const r = await keyed(agent, `/v1/ops/complaints/${id}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown as ComplaintBody;
};
const clock = (b: { sla: Clock[] }, name: string) => b.sla.find((c) => c.clock === name);
/** One run of the SLA job, as EventBridge starts it (it also runs on the platform's own schedule). */
const runSla = async () =>
  (await platform.invoke('opsComplaints', {
    source: 'aws.events',
    'detail-type': 'Scheduled Event',
  })) as { breaches: number; warnings: number; alertIds: string[] };

describe('complaints and their SLA clocks over HTTP (issue 14)', () => {
  let c: Customer;
  let other: Customer;

  it('M7.4-a M7.2-a M7.2-b M2.4-a a complaint about the customer’s own deposit meets both SLAs: answered in 2 h, 24 h waiting for the customer not counted, resolved, closed, rated once, counted in the figures', async () => {
    const T0 = '2026-06-01T01:00:00.000Z'; // Monday 09:00 CST
    at(T0);
    [c, other] = [await world.onboard(14_001), await world.onboard(14_002)];
    const deposit = await keyed(c.token, '/v1/deposits', { amount: 10_000, currency: 'CNY' });
    expect(deposit.status, JSON.stringify(deposit.body)).toBe(201);
    const movementId = String(deposit.body.depositId);

    // Another customer's movement is not one to complain about.
    const foreign = await keyed(other.token, '/v1/complaints', {
      category: 'PAYMENTS',
      description: 'not mine',
      related: { movementId },
    });
    expect([foreign.status, foreign.body.code]).toEqual([422, 'COMPLAINT_RELATED_UNKNOWN']);
    expect(foreign.body.fields).toEqual([
      expect.objectContaining({ path: 'body.related.movementId' }),
    ]);

    const filed = await keyed(c.token, '/v1/complaints', {
      category: 'PAYMENTS',
      description: 'My deposit took too long to arrive',
      related: { movementId },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const complaint = filed.body as unknown as ComplaintBody;
    const id = complaint.complaintId;
    // The calendar moves from the filing (onboarding took some seconds of T0's day).
    const F = String(complaint.filedAt);
    expect(complaint).toMatchObject({ status: 'SUBMITTED', related: { movementId } });
    expect(clock(complaint, 'FIRST_RESPONSE')).toMatchObject({
      status: 'RUNNING',
      elapsedMinutes: 0,
    });
    expect(clock(complaint, 'FIRST_RESPONSE')?.dueAt).toBe(plus(F, 24));
    expect(clock(complaint, 'RESULT')?.dueAt).toBe(plus(F, 48));
    // The other customer does not see it.
    expect((await get(other.token, `/v1/complaints/${id}`)).body.code).toBe('COMPLAINT_NOT_FOUND');

    // Accepted, classified, assigned, noted: all before the first response.
    await act(id, { action: 'ACCEPT' });
    await act(id, { action: 'CLASSIFY', category: 'PAYMENTS', cause: 'late-settlement' });
    await act(id, { action: 'ASSIGN', assignee: 'agent-wang' });
    await act(id, { action: 'NOTE', note: 'provider batch delayed; internal only' });
    // Closing before resolving is refused.
    const early = await keyed(agent, `/v1/ops/complaints/${id}`, { action: 'CLOSE' });
    expect([early.status, early.body.code]).toEqual([409, 'COMPLAINT_STATE_CONFLICT']);

    at(plus(F, 2));
    const answered = await act(id, {
      action: 'RESPOND',
      message: 'We are checking with the bank.',
    });
    expect(clock(answered, 'FIRST_RESPONSE')).toMatchObject({ status: 'MET', elapsedMinutes: 120 });

    at(plus(F, 3));
    await act(id, { action: 'REQUEST_INFO', message: 'Which card did you use?' });
    const waiting = (await get(c.token, `/v1/complaints/${id}`)).body as unknown as ComplaintBody;
    expect(waiting).toMatchObject({ status: 'AWAITING_CUSTOMER', waitingForCustomer: true });
    expect(clock(waiting, 'RESULT')).toMatchObject({
      status: 'PAUSED',
      paused: true,
      elapsedMinutes: 180,
    });
    expect(clock(waiting, 'RESULT')?.dueAt).toBeUndefined();

    // The customer answers a day later: the result clock runs again, 24 h later than it was due.
    at(plus(F, 27));
    const replied = await keyed(c.token, `/v1/complaints/${id}`, {
      action: 'REPLY',
      message: 'The one ending 0005',
    });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    const result = clock(replied.body as unknown as ComplaintBody, 'RESULT');
    expect(result).toMatchObject({
      status: 'RUNNING',
      paused: false,
      elapsedMinutes: 180,
    });
    // 24 h waited (to the second: the calendar runs on while the test works).
    expect(Math.abs((result?.pausedMinutes ?? 0) - 1440)).toBeLessThanOrEqual(1);
    const due = Date.parse(result?.dueAt ?? '') - Date.parse(F);
    expect(Math.abs(due - 72 * HOUR)).toBeLessThan(60_000);

    at(plus(F, 30));
    await act(id, { action: 'RESOLVE', message: 'The bank credited it; fee refunded.' });
    const closed = await act(id, { action: 'CLOSE' });
    expect(closed.status).toBe('CLOSED');
    expect(clock(closed, 'RESULT')).toMatchObject({ status: 'MET', elapsedMinutes: 360 });
    expect((await runSla()).breaches).toBe(0);

    // The customer's timeline: no internal note, no classification, no agent's name.
    const seen = (await get(c.token, `/v1/complaints/${id}`)).body as unknown as ComplaintBody;
    expect(seen.timeline.map((e) => e.type)).toEqual([
      'FILED',
      'ACCEPTED',
      'RESPONDED',
      'INFO_REQUESTED',
      'CUSTOMER_REPLIED',
      'RESOLVED',
      'CLOSED',
    ]);
    expect(JSON.stringify(seen)).not.toContain('internal only');
    expect(JSON.stringify(seen)).not.toContain('agent-wang');
    expect(seen.canRate).toBe(true);
    // The agent sees it all.
    const full = (await get(agent, `/v1/ops/complaints/${id}`)).body as unknown as ComplaintBody;
    expect(full.history.find((e) => e.type === 'NOTE')?.note).toBe(
      'provider batch delayed; internal only',
    );

    // Rated once.
    const rated = await keyed(c.token, `/v1/complaints/${id}`, {
      action: 'RATE',
      rating: 4,
      nps: 9,
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    const again = await keyed(c.token, `/v1/complaints/${id}`, {
      action: 'RATE',
      rating: 1,
      nps: 0,
    });
    expect([again.status, again.body.code]).toEqual([409, 'COMPLAINT_ALREADY_RATED']);
    const bad = await keyed(c.token, `/v1/complaints/${id}`, {
      action: 'RATE',
      rating: 6,
      nps: 11,
    });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'body.nps',
      'body.rating',
    ]);

    const figures = await get(agent, '/v1/ops/complaint-analytics?from=2026-06-01&to=2026-06-01');
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    expect(figures.body).toMatchObject({
      complaints: 1,
      sla: { overall: { ALL: { decided: 2, met: 2, breached: 0, share: 1 } } },
      satisfaction: {
        overall: { responses: 1, averageRating: 4, nps: 100, promoters: 1 },
        byAgent: [{ agent: 'agent-wang', responses: 1, nps: 100 }],
      },
      causes: {
        byCategory: [
          {
            category: 'PAYMENTS',
            causes: [{ cause: 'late-settlement', count: 1, previous: 0, direction: 'UP' }],
          },
        ],
      },
    });
  }, 120_000);

  it('M7.4-a M7.2-a an unanswered enquiry is warned at 75% of its 24 h and breaches its first response: the SLA job run twice raises exactly one monitoring alert; the queue lists what breaches next first', async () => {
    const T0 = '2026-07-01T01:00:00.000Z';
    at(T0);
    const filed = await keyed(c.token, '/v1/complaints', {
      kind: 'ENQUIRY',
      category: 'INVESTMENTS',
      description: 'When does my fund settle?',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = String(filed.body.complaintId);
    const F = String(filed.body.filedAt);

    // 18 h and a minute: the warning, once (the history says so).
    at(plus(F, 18.02));
    await runSla();
    await runSla();
    const warned = (await get(agent, `/v1/ops/complaints/${id}`)).body as unknown as ComplaintBody;
    expect(warned.history.filter((e) => e.type === 'SLA_WARNING').map((e) => e.clock)).toEqual([
      'FIRST_RESPONSE',
    ]);
    expect(clock(warned, 'FIRST_RESPONSE')).toMatchObject({ status: 'RUNNING', warning: true });

    // A later complaint is due later: the enquiry comes first in the queue.
    const later = await keyed(c.token, '/v1/complaints', {
      category: 'FEES',
      description: 'A fee I did not expect',
    });
    const laterId = String(later.body.complaintId);
    const queue = await get(agent, '/v1/ops/complaints');
    const order = (queue.body.items as { complaintId: string }[]).map((i) => i.complaintId);
    expect(order.indexOf(id)).toBeLessThan(order.indexOf(laterId));
    expect(order.indexOf(id)).toBeGreaterThanOrEqual(0);

    // 24 h and 5 minutes: breached; the job runs twice (and the platform's own schedule may
    // run it too): exactly one alert for the clock.
    at(plus(F, 24.08));
    const runs = [await runSla(), await runSla()];
    const breached = (await get(agent, `/v1/ops/complaints/${id}`))
      .body as unknown as ComplaintBody;
    const breaches = breached.history.filter((e) => e.type === 'SLA_BREACHED');
    expect(breaches.map((e) => e.clock)).toEqual(['FIRST_RESPONSE']);
    const alertId = String(breaches[0]?.alertId);
    expect(runs[1]?.alertIds).not.toContain(alertId);
    expect(clock(breached, 'FIRST_RESPONSE')).toMatchObject({ status: 'BREACHED' });
    expect(clock(breached, 'RESULT')).toMatchObject({ status: 'RUNNING' });

    // Breached complaints come first in the queue.
    const queued = await get(agent, '/v1/ops/complaints');
    const first = (queued.body.items as { complaintId: string; breached: string[] }[])[0];
    expect(first).toMatchObject({ complaintId: id, breached: ['FIRST_RESPONSE'] });

    // The monitoring alert, as risk staff list them: one, naming the complaint's clock.
    const alerts = await get(
      risk,
      '/v1/ops/alerts?from=2026-07-02&to=2026-07-02&ruleId=service-sla-first-response-breached',
    );
    expect(alerts.status, JSON.stringify(alerts.body)).toBe(200);
    const mine = (alerts.body.items as { alertId: string; eventIds: string[] }[]).filter((a) =>
      a.eventIds.includes(`COMPLAINT#${id}#FIRST_RESPONSE`),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      alertId,
      severity: 'HIGH',
      status: 'OPEN',
      customerId: c.customerId,
    });

    // Answered late: the clock stays breached, and a further run raises nothing more.
    await act(id, { action: 'RESPOND', message: 'It settles T+1.' });
    await runSla();
    const after = (await get(agent, `/v1/ops/complaints/${id}`)).body as unknown as ComplaintBody;
    expect(after.history.filter((e) => e.type === 'SLA_BREACHED')).toHaveLength(1);
    expect(clock(after, 'FIRST_RESPONSE')).toMatchObject({ status: 'BREACHED' });

    const figures = await get(agent, '/v1/ops/complaint-analytics?from=2026-07-01&to=2026-07-01');
    expect(figures.body).toMatchObject({
      complaints: 1,
      sla: {
        overall: { FIRST_RESPONSE: { decided: 1, met: 0, breached: 1, share: 0 } },
        byCategory: [{ category: 'INVESTMENTS' }],
      },
    });
  }, 120_000);

  it('M7.4-a customers may not work the queue, and agents’ actions are validated (400 with the failing fields)', async () => {
    // Staff routes take only the staff pool's tokens: a customer's is not one (401).
    expect((await get(c.token, '/v1/ops/complaints')).status).toBe(401);
    // A risk officer is staff, but not a service agent.
    expect((await get(risk, '/v1/ops/complaints')).status).toBe(403);
    const bad = await keyed(c.token, '/v1/complaints', { category: 'NOPE', description: '' });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'body.category',
      'body.description',
    ]);
    const noKey = await world.call(
      'POST',
      '/v1/complaints',
      { category: 'OTHER', description: 'x' },
      { authorization: c.token },
    );
    expect([noKey.status, noKey.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });
});
