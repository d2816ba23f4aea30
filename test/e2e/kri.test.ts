// Key risk indicators over HTTP against the local platform (issue 13; M3.3-a operational
// risk, M3.4-a legal and compliance risk; docs/operational-risk.md): a staff value entered
// with who and why (and audited), a period scored from it with its breakdown and trend, a
// threshold reached raising exactly one monitoring alert however often the period is
// scored, a score that counts the platform's own records (failed sign-ins), and access
// refused to customers. Platform-wide figures are shared by every test of the run: the
// staff-input tests score days of their own in the 2000s, where the platform recorded
// nothing, so their scores are exact.
import { randomInt, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Kri, DEFAULT_KRI } from '../../shared/risk';
import { clientConfig } from '../support/aws';
import { api, newApplicant, onboardCustomer, staffToken } from '../support/http';
import { eventually } from '../support/money';

type Indicator = {
  id: string;
  status: string;
  value?: number;
  score: number;
  contribution: number;
  explanation: string;
  input?: { key: string; by: string; reason: string; value: number };
};
type PeriodOut = {
  key: string;
  overall: number;
  level: string;
  categories: {
    category: string;
    score: number;
    level: string;
    groups: { id: string; indicators: Indicator[] }[];
  }[];
  trend: {
    previous?: string;
    change: Record<string, number>;
    direction: Record<string, string>;
  };
  alerts: { scope: string; level: string; alertId: string; severity: string }[];
  code?: string;
};

const indicatorOf = (p: PeriodOut, id: string) =>
  p.categories.flatMap((c) => c.groups.flatMap((g) => g.indicators)).find((i) => i.id === id);
const categoryOf = (p: PeriodOut, c: string) => p.categories.find((x) => x.category === c);

/**
 * A day of its own in the eight years from `year` (nothing the platform records falls on
 * it); each test draws from its own years, so no staff value carries into another's days.
 */
const pastDay = (year: number) =>
  new Date(Date.UTC(year, 0, 2) + randomInt(0, 2900) * 86_400_000).toISOString().slice(0, 10);

let risk = '';
let compliance = '';
beforeAll(async () => {
  [risk, compliance] = await Promise.all([
    staffToken('risk-officer'),
    staffToken('compliance-officer'),
  ]);
}, 60_000);

const enter = (token: string, body: Record<string, unknown>, key = randomUUID()) =>
  api<Record<string, unknown> & { code?: string }>('POST', '/v1/ops/kri/inputs', {
    token,
    body,
    headers: { 'idempotency-key': key },
  });
const run = (token: string, period: string, key?: string) =>
  api<PeriodOut>('POST', '/v1/ops/kri/runs', {
    token,
    body: { period, ...(key ? { key } : {}) },
  });

describe('key risk indicators (issue 13)', () => {
  it("M3.4-a a staff input is recorded with who entered it and why, every entry kept, and audited before it counts; compliance values are the compliance officers' and admins'", async () => {
    const day = pastDay(2001);
    const body = {
      indicatorId: 'policyChangesOpen',
      period: 'DAY',
      key: day,
      value: 1,
      reason: 'CBIRC notice 2026-12 on consumer-loan pricing not yet implemented',
    };
    const key = randomUUID();
    const first = await enter(compliance, body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      indicatorId: 'policyChangesOpen',
      key: day,
      value: 1,
      by: 'staff.compliance-officer',
      reason: body.reason,
      version: 1,
    });
    // The same request again answers the first result and records nothing more.
    const replay = await enter(compliance, body, key);
    expect(replay.body).toEqual(first.body);
    // Compliance values are the compliance officers' (and admins'): a risk officer is 403.
    const notTheirs = await enter(risk, { ...body, value: 5, reason: 'r' });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.code).toBe('FORBIDDEN');
    // A correction is a new entry: the value in force changes, both entries are kept.
    const admin = await staffToken('admin');
    const corrected = await enter(admin, { ...body, value: 2, reason: 'a second notice arrived' });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ value: 2, by: 'staff.admin', version: 2 });
    expect(
      (corrected.body.history as { by: string; value: number }[]).map((h) => [h.by, h.value]),
    ).toEqual([
      ['staff.compliance-officer', 1],
      ['staff.admin', 2],
    ]);

    const audit = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
    const audited = await audit.send(
      new QueryCommand({
        TableName: inject('functionEnv').opsKri?.AUDIT_TABLE ?? '',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'OPS#kri.policyChangesOpen' },
      }),
    );
    const mine = (audited.Items ?? []).filter((i) => (i.fields as string[]).includes(`DAY:${day}`));
    expect(mine.map((i) => [i.type, i.actor, i.purpose])).toEqual(
      expect.arrayContaining([
        ['KRI_INPUT', 'staff.compliance-officer', body.reason],
        ['KRI_INPUT', 'staff.admin', 'a second notice arrived'],
      ]),
    );
    expect(mine).toHaveLength(2);

    // The period's score shows the value with who and why.
    const scored = await run(risk, 'DAY', day);
    expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    expect(indicatorOf(scored.body, 'policyChangesOpen')).toMatchObject({
      status: 'STAFF',
      value: 2,
      score: 66.67,
      input: { key: day, by: 'staff.admin', reason: 'a second notice arrived' },
    });
  });

  it('M3.3-a M3.4-a staff enter only what the platform does not measure, for periods that have started', async () => {
    const platform = await enter(risk, {
      indicatorId: 'failedSignIns',
      period: 'DAY',
      key: pastDay(2021),
      value: 10,
      reason: 'r',
    });
    expect(platform.status).toBe(422);
    expect(platform.body.code).toBe('KRI_NOT_STAFF_INPUT');
    const unknown = await enter(risk, {
      indicatorId: 'noSuchIndicator',
      period: 'DAY',
      key: pastDay(2021),
      value: 1,
      reason: 'r',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('KRI_INDICATOR_NOT_FOUND');
    const future = await enter(compliance, {
      indicatorId: 'lawChangesUnassessed',
      period: 'MONTH',
      key: '2099-01',
      value: 1,
      reason: 'r',
    });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('KRI_PERIOD_IN_FUTURE');
    const badKey = await enter(compliance, {
      indicatorId: 'lawChangesUnassessed',
      period: 'WEEK',
      key: '2026-W54',
      value: 1,
      reason: 'r',
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.code).toBe('VALIDATION_FAILED');
  });

  it('M3.4-a a threshold reached raises exactly one monitoring alert for the period, however often it is scored; the score shows its trend', async () => {
    const day = pastDay(2011);
    const before = Kri.previousPeriodKey('DAY', day);
    // The day before, nothing entered: every figure 0 (staff inputs MISSING).
    const quiet = await run(risk, 'DAY', before);
    expect(quiet.status).toBe(200);
    expect(quiet.body).toMatchObject({ overall: 0, level: 'GREEN', alerts: [] });

    // Three unassessed laws: the top of the band (100) x laws and regulations 40% = 40 points
    // of compliance, AMBER (40); overall 40 x 50% = 20, below every threshold.
    const entered = await enter(compliance, {
      indicatorId: 'lawChangesUnassessed',
      period: 'DAY',
      key: day,
      value: 3,
      reason: 'PIPL amendment and two data-export rules not yet assessed',
    });
    expect(entered.status).toBe(201);
    const first = await run(compliance, 'DAY', day);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(categoryOf(first.body, 'compliance')).toMatchObject({ score: 40, level: 'AMBER' });
    expect(categoryOf(first.body, 'operational')).toMatchObject({ score: 0, level: 'GREEN' });
    expect(first.body).toMatchObject({ overall: 20, level: 'GREEN' });
    expect(indicatorOf(first.body, 'lawChangesUnassessed')).toMatchObject({
      status: 'STAFF',
      score: 100,
      contribution: 40,
      input: { by: 'staff.compliance-officer' },
    });
    expect(first.body.trend).toMatchObject({
      previous: before,
      change: { compliance: 40, overall: 20, operational: 0 },
      direction: { compliance: 'UP', overall: 'UP', operational: 'FLAT' },
    });
    expect(first.body.alerts).toHaveLength(1);
    const [raised] = first.body.alerts;
    expect(raised).toMatchObject({ scope: 'compliance', level: 'AMBER', severity: 'MEDIUM' });

    // Scored again (the daily job, or staff): the same alert, no second one.
    const again = await run(risk, 'DAY', day);
    expect(again.body.alerts.map((a) => a.alertId)).toEqual([raised!.alertId]);
    const read = await api<PeriodOut>('GET', `/v1/ops/kri/DAY/${day}`, { token: risk });
    expect(read.status).toBe(200);
    expect(read.body.alerts.map((a) => a.alertId)).toEqual([raised!.alertId]);

    // It is a monitoring alert like any other: listed, explained, worked by the risk team.
    const alert = await api<{
      ruleId: string;
      severity: string;
      customer: string;
      eventIds: string[];
      contributions: { ruleId: string; score: number }[];
      reasons: string[];
    }>('GET', `/v1/ops/alerts/${raised!.alertId}`, { token: risk });
    expect(alert.status).toBe(200);
    expect(alert.body).toMatchObject({
      ruleId: 'kri-compliance-amber',
      severity: 'MEDIUM',
      customer: 'the platform (key risk indicators)',
      eventIds: [`KRI#DAY#${day}`],
    });
    expect(alert.body.contributions).toEqual([
      expect.objectContaining({ ruleId: 'kri.lawChangesUnassessed', score: 40 }),
    ]);
    expect(alert.body.reasons[0]).toContain(
      `compliance risk score 40 for DAY ${day} reached AMBER`,
    );
    const today = new Date().toISOString().slice(0, 10);
    const listed = await api<{ items: { alertId: string; eventIds: string[] }[] }>(
      'GET',
      `/v1/ops/alerts?from=${today}&to=${today}&ruleId=kri-compliance-amber&limit=100`,
      { token: risk },
    );
    expect(listed.body.items.filter((a) => a.eventIds.includes(`KRI#DAY#${day}`))).toHaveLength(1);

    const list = await api<{ items: { key: string; level: string; direction: string }[] }>(
      'GET',
      `/v1/ops/kri?period=DAY&from=${before}&to=${day}`,
      { token: compliance },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => [i.key, i.level, i.direction])).toEqual([
      [day, 'GREEN', 'UP'],
      [before, 'GREEN', 'FLAT'],
    ]);
  });

  it('M3.3-a the score counts the platform own records: failed sign-ins from the risk events', async () => {
    const customer = await onboardCustomer();
    const failedNow = async () => {
      const r = await run(risk, 'DAY');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return indicatorOf(r.body, 'failedSignIns')!;
    };
    const start = await failedNow();
    expect(start.status).toBe('PLATFORM');
    for (let i = 0; i < 3; i++) {
      const wrong = await api('POST', '/v1/auth/login', {
        body: { phone: customer.applicant.phone, password: `${newApplicant().password}-wrong` },
      });
      expect(wrong.status).toBe(401);
    }
    // The sign-ins reach the risk queue and the scorer; the next score counts them.
    const after = await eventually(
      failedNow,
      (i) => (i.value ?? 0) >= (start.value ?? 0) + 3,
      30_000,
    );
    const band = DEFAULT_KRI.categories.operational.groups[0]!.indicators[0]!.band;
    expect(after.score).toBe(Kri.bandScore(after.value!, band));
    expect(after.explanation).toContain('failed sign-ins in the risk events over 1 day');
    const day = await api<PeriodOut>(
      'GET',
      `/v1/ops/kri/DAY/${new Date().toISOString().slice(0, 10)}`,
      { token: risk },
    );
    expect(day.status).toBe(200);
    expect(indicatorOf(day.body, 'failedSignIns')?.value).toBeGreaterThanOrEqual(after.value!);
  });

  it('M3.3-a incidents count: one opened for a system failure counts as open and as a system-failure incident of the day', async () => {
    const figures = async () => {
      const r = await run(risk, 'DAY');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return {
        open: indicatorOf(r.body, 'openIncidents')!.value ?? 0,
        failures: indicatorOf(r.body, 'systemFailureIncidents')!.value ?? 0,
      };
    };
    const before = await figures();
    const opened = await api<{ incidentId: string }>('POST', '/v1/ops/incidents', {
      token: risk,
      body: { title: 'KRI test: payouts failing', severity: 'SEV2', runbook: 'function-errors' },
    });
    expect(opened.status).toBe(201);
    const after = await figures();
    // Other tests open and resolve incidents meanwhile: at least this one more.
    expect(after.failures).toBeGreaterThanOrEqual(before.failures + 1);
    expect(after.open).toBeGreaterThanOrEqual(1);
  });

  it('M3.3-a M3.4-a staff outside the groups are refused with 403; a customer token is not even a staff sign-in (401, ADR 0017)', async () => {
    const customer = await onboardCustomer();
    const agent = await staffToken('service-agent');
    for (const [token, status] of [
      [agent, 403],
      [customer.idToken, 401],
    ] as const) {
      expect((await api('GET', '/v1/ops/kri', { token })).status).toBe(status);
      expect((await api('GET', '/v1/ops/kri/indicators', { token })).status).toBe(status);
      expect((await api('GET', '/v1/ops/kri/DAY/2026-11-29', { token })).status).toBe(status);
      expect((await run(token, 'DAY')).status).toBe(status);
      const input = await enter(token, {
        indicatorId: 'externalEvents',
        period: 'DAY',
        key: pastDay(2021),
        value: 1,
        reason: 'r',
      });
      expect(input.status).toBe(status);
      if (status === 403) expect(input.body.code).toBe('FORBIDDEN');
    }
    const indicators = await api<{ indicators: { id: string; source: string }[] }>(
      'GET',
      '/v1/ops/kri/indicators',
      { token: compliance },
    );
    expect(indicators.status).toBe(200);
    expect(indicators.body.indicators).toContainEqual(
      expect.objectContaining({ id: 'failedSignIns', source: 'failedSignIns' }),
    );
  });

  it('M3.3-a an unscored period is 404 KRI_NOT_COMPUTED', async () => {
    const missing = await api<{ code: string }>('GET', `/v1/ops/kri/WEEK/2003-W07`, {
      token: risk,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('KRI_NOT_COMPUTED');
  });
});
