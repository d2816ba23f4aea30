// KPIs per flow over HTTP (issue 14, "Done when": KPI figures that match the events the test
// created; M8.1-a, M8.3-a), on a platform of its own so that nothing else is counted, with
// the calendar run forward over a weekend (Date alone is faked, from a past spring day, so
// every token the emulator issues stays valid): registrations, a credit decision made at
// once and a referral decided on the next working day, a deposit's settlement, an incident
// acknowledged after half an hour and resolved three days later, a complaint handled within
// its SLAs and rated, a retention action.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../shared/identity/domain/kyc';
import { REFERRED_APPLICATION, SAFE_APPLICATION } from '../support/credit';
import { eventually } from '../support/money';
import { moveCalendarTo, ownPlatformWithCalendar } from '../support/own-platform';
import type { World, Customer } from '../support/world';

let world: World;
let officer = '';
let risk = '';
let agent = '';

ownPlatformWithCalendar(['credit-officer', 'risk-officer', 'service-agent'], (_p, w, staff) => {
  world = w;
  [officer = '', risk = '', agent = ''] = staff;
});

const at = moveCalendarTo;

const keyed = (c: Customer | string, path: string, body: unknown) =>
  world.call('POST', path, body, {
    authorization: typeof c === 'string' ? c : c.token,
    'idempotency-key': randomUUID(),
  });

interface KpiOut {
  id: string;
  value: number | null;
  basis: number;
  numerator?: number;
  denominator?: number;
  met: boolean | null;
  formula: string;
  owner: string;
}

describe('KPIs per flow (issue 14)', () => {
  it('M8.1-a M8.3-a M7.2-b the KPIs of a period match the registrations, credit decisions, settlements, incidents and complaints the test made', async () => {
    at('2026-04-10T02:00:00Z'); // Friday 10:00 in China
    const customers = [await world.onboard(8_101), await world.onboard(8_102)];
    customers.push(await world.onboard(8_103));
    // A fourth registration is started and never verified.
    const body17 = '11010519900101877';
    const started = await world.call('POST', '/v1/registrations', {
      name: '测试人',
      phone: '13700008104',
      idNumber: body17 + idCheckCharacter(body17),
      bankCard: '6200000000000005',
      password: 'Correct-Horse-9',
      consents: { userAgreementVersion: '2026-09-01', riskDisclosureVersion: '2026-09-01' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);

    // Credit: one approved at once, one referred.
    const [a, b, c] = customers as [Customer, Customer, Customer];
    expect((await keyed(a, '/v1/credit-applications', SAFE_APPLICATION)).body).toMatchObject({
      status: 'APPROVED',
    });
    const referred = await keyed(b, '/v1/credit-applications', REFERRED_APPLICATION);
    expect(referred.body).toMatchObject({ status: 'REFERRED' });

    // A deposit, settled T+0.
    const dep = await keyed(c, '/v1/deposits', { amount: 50_000, currency: 'CNY' });
    expect(dep.status, JSON.stringify(dep.body)).toBe(201);
    const settled = await eventually(
      () =>
        world.call('GET', `/v1/deposits/${String(dep.body.depositId)}`, undefined, {
          authorization: c.token,
        }),
      (r) => r.body.status === 'SETTLED',
    );
    expect(settled.body.status).toBe('SETTLED');

    // A complaint about the deposit, answered and resolved the same morning, rated 5 and 6
    // (a detractor) after closing.
    const filed = await keyed(c, '/v1/complaints', {
      category: 'PAYMENTS',
      description: 'My deposit took too long',
      related: { movementId: String(dep.body.depositId) },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const complaint = `/v1/ops/complaints/${String(filed.body.complaintId)}`;
    for (const action of [
      { action: 'RESPOND', message: 'We are checking with the bank.' },
      { action: 'RESOLVE', message: 'The bank credited it.' },
      { action: 'CLOSE' },
    ]) {
      const done = await keyed(agent, complaint, action);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    const rated = await keyed(c, `/v1/complaints/${String(filed.body.complaintId)}`, {
      action: 'RATE',
      rating: 5,
      nps: 6,
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);

    // An incident, acknowledged after half an hour.
    const opened = await world.call(
      'POST',
      '/v1/ops/incidents',
      { title: 'KPI drill', severity: 'SEV3' },
      { authorization: risk, 'idempotency-key': randomUUID() },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const incidentId = String(opened.body.incidentId);
    const act = async (action: Record<string, unknown>) => {
      const read = await world.call('GET', `/v1/ops/incidents/${incidentId}`, undefined, {
        authorization: risk,
      });
      const res = await world.call(
        'POST',
        `/v1/ops/incidents/${incidentId}/actions`,
        { ...action, version: read.body.version },
        { authorization: risk, 'idempotency-key': randomUUID() },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    at('2026-04-10T02:30:00Z');
    await act({ action: 'ACKNOWLEDGE' });

    // Monday: the referral is decided (one working day later); the incident is resolved.
    at('2026-04-13T02:00:00Z');
    const decided = await world.call(
      'POST',
      `/v1/ops/credit-applications/${String(referred.body.applicationId)}/decision`,
      { decision: 'APPROVE', reason: 'Payslips show a permanent job' },
      { authorization: officer },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await act({ action: 'RESOLVE', note: 'drill over' });
    // A retention action with the customer who deposited (audited, once per key).
    const retention = `/v1/ops/customers/${c.customerId}/retention-actions`;
    const action = { kind: 'CALL', outcome: 'RETAINED', note: 'Called about the new fund' };
    const key = randomUUID();
    const recorded = await world.call('POST', retention, action, {
      authorization: agent,
      'idempotency-key': key,
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    const again = await world.call('POST', retention, action, {
      authorization: agent,
      'idempotency-key': key,
    });
    expect(again.body.actionId).toBe(recorded.body.actionId);
    const unknown = await world.call('POST', '/v1/ops/customers/nobody/retention-actions', action, {
      authorization: agent,
      'idempotency-key': randomUUID(),
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    const listed = await world.call('GET', retention, undefined, { authorization: agent });
    expect(listed.body.items).toEqual([recorded.body]);

    const res = await world.call('GET', '/v1/ops/kpis?from=2026-04-10&to=2026-04-13', undefined, {
      authorization: agent,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const kpis = new Map((res.body.kpis as KpiOut[]).map((k) => [k.id, k]));
    const kpi = (id: string) => kpis.get(id) as KpiOut;
    expect(kpi('registration.conversion')).toMatchObject({
      value: 75,
      numerator: 3,
      denominator: 4,
      owner: 'Head of customer operations',
    });
    expect(kpi('registration.time').basis).toBe(3);
    // Decided the same day (0 working days) and on the next working day (1): 0.5 on average.
    expect(kpi('credit.decisionTime')).toMatchObject({ value: 0.5, basis: 2, met: true });
    expect(kpi('credit.referralRate')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(kpi('settlement.failureRate')).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(kpi('settlement.latency').basis).toBe(1);
    const response = kpi('incidents.responseTime');
    expect(response.basis).toBe(1);
    expect(Math.abs((response.value ?? 0) - 30)).toBeLessThan(2);
    expect(kpi('incidents.resolvedWithin24h')).toMatchObject({
      value: 0,
      numerator: 0,
      denominator: 1,
      met: false,
    });
    expect(kpi('alerts.handlingTime')).toMatchObject({ value: null, basis: 0 });
    expect(kpi('retention.actions')).toMatchObject({ value: 1 });
    expect(kpi('complaints.firstResponseSla')).toMatchObject({ value: 100, denominator: 1 });
    expect(kpi('complaints.resultSla')).toMatchObject({ value: 100, denominator: 1, met: true });
    expect(kpi('service.satisfaction')).toMatchObject({ value: 100, numerator: 1 });
    expect(kpi('service.nps')).toMatchObject({ value: -100, basis: 1 });

    // The Friday alone: the referral was not decided yet, the incident not resolved.
    const friday = await world.call(
      'GET',
      '/v1/ops/kpis?from=2026-04-10&to=2026-04-10',
      undefined,
      {
        authorization: agent,
      },
    );
    const fri = new Map((friday.body.kpis as KpiOut[]).map((k) => [k.id, k]));
    expect(fri.get('credit.decisionTime')).toMatchObject({ value: 0, basis: 1 });
    expect(fri.get('incidents.resolvedWithin24h')).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('M8.3-a refuses a bad period with the fields named, and keeps customers out (401)', async () => {
    const reversed = await world.call(
      'GET',
      '/v1/ops/kpis?from=2026-04-13&to=2026-04-10',
      undefined,
      {
        authorization: agent,
      },
    );
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body.fields)).toContain('from');
    const long = await world.call('GET', '/v1/ops/kpis?from=2026-01-01&to=2026-06-30', undefined, {
      authorization: agent,
    });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body.fields)).toContain('to');
    const bad = await world.call('GET', '/v1/ops/kpis?from=yesterday', undefined, {
      authorization: agent,
    });
    expect(bad.status).toBe(400);
    const customer = await world.onboard(8_199);
    const refused = await world.call('GET', '/v1/ops/kpis', undefined, {
      authorization: customer.token,
    });
    expect(refused.status).toBe(401);
  });
});
