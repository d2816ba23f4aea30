// Rule set versions, replays, shadow runs and publication (M4.1-a), over HTTP: a risk
// officer adds a candidate version and replays it over the stored history beside the live
// one, or runs it in shadow on live traffic; either report shows the alerts it would have
// opened, and none is raised. A version goes live only when a second officer approves it.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../shared/risk';
import { api, staffToken } from '../support/http';
import { eventually } from '../support/money';
import { alertsOf, movementEvent, sendRiskEvent } from '../support/risk';

let risk = '';
let admin = '';
/** Versions for this run: after every version stored or live (tests of other runs included). */
let version = 0;
beforeAll(async () => {
  [risk, admin] = await Promise.all([staffToken('risk-officer'), staffToken('admin')]);
  const listed = await api<{ live: { version: number }; items: { version: number }[] }>(
    'GET',
    '/v1/ops/rule-sets',
    { token: risk },
  );
  // Well clear of the drafts the idempotency tests add beside this file (max + 1..100).
  version = Math.max(listed.body.live.version, ...listed.body.items.map((i) => i.version)) + 1_000;
});

const act = (v: number, token: string, action: string, key = randomUUID()) =>
  api<{
    status: string;
    shadow: boolean;
    history: { action: string; by: string }[];
    code?: string;
  }>('POST', `/v1/ops/rule-sets/${v}/actions`, {
    token,
    body: { action, reason: `${action.toLowerCase()} in e2e` },
    headers: { 'Idempotency-Key': key },
  });

const structuring = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'structuring')!;
const large = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'largeAmount')!;
const candidateOf = (v: number) => ({
  ...DEFAULT_RULE_SET,
  version: v,
  description: 'Candidate: structuring from two amounts',
  rules: DEFAULT_RULE_SET.rules.map((r) => (r.kind === 'structuring' ? { ...r, minCount: 2 } : r)),
});

/** Two amounts just under the structuring threshold for a new customer, as the stream sends them. */
async function twoUnderThreshold(minutesAgo: readonly number[]): Promise<string> {
  const customerId = `c-${randomUUID()}`;
  for (const m of minutesAgo)
    await sendRiskEvent(
      movementEvent({
        customerId,
        amount: structuring.threshold - 1_000,
        settlementCycle: 'T+0',
        at: new Date(Date.now() - m * 60_000).toISOString(),
      }),
    );
  return customerId;
}

interface Report {
  events: number;
  differ: number;
  differences: { customerId: string; live: { rules: string[] }; candidate: { rules: string[] } }[];
  candidate: { alertsByRule: Record<string, number> };
  live: { alertsByRule: Record<string, number> };
}

describe('rule set versions and replays (M4.1-a)', () => {
  it('M4.1-a a candidate replayed over history reports its would-be alerts without raising any', async () => {
    const candidate = candidateOf(version);
    const customerId = await twoUnderThreshold([3, 2]);
    const added = await api<{ status: string; by: string }>('POST', '/v1/ops/rule-sets', {
      token: risk,
      body: candidate,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ status: 'DRAFT', shadow: false, by: 'staff.risk-officer' });
    const listed = await api<{ live: { version: number }; items: { version: number }[] }>(
      'GET',
      '/v1/ops/rule-sets',
      { token: risk },
    );
    expect(listed.body.live.version).toBeLessThan(version);
    expect(listed.body.items.map((i) => i.version)).toContain(version);

    const today = new Date().toISOString().slice(0, 10);
    const replayed = (): Promise<Report> =>
      api<Report>('POST', `/v1/ops/rule-sets/${version}/replays`, {
        token: risk,
        body: { from: today, to: today },
      }).then((r) => {
        if (r.status !== 200) throw new Error(`replay: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body;
      });
    // Once both events are in the history, the second differs: the candidate alerts on it.
    const report = await eventually(replayed, (r) =>
      r.differences.some((d) => d.customerId === customerId),
    );
    const mine = report.differences.filter((d) => d.customerId === customerId);
    expect(mine.map((d) => [d.live.rules, d.candidate.rules])).toEqual([[[], [structuring.id]]]);
    expect(report.candidate.alertsByRule[structuring.id] ?? 0).toBeGreaterThan(
      report.live.alertsByRule[structuring.id] ?? 0,
    );
    // Nothing was raised for real.
    expect(await alertsOf(customerId, risk)).toEqual([]);
  });

  it('M4.1-a refuses an invalid version naming every issue, a version twice, an unknown version, and non-risk staff', async () => {
    const candidate = candidateOf(version);
    const bad = await api<{ code: string; fields: { path: string }[] }>(
      'POST',
      '/v1/ops/rule-sets',
      {
        token: risk,
        body: {
          ...candidate,
          version: version + 1,
          rules: [{ ...candidate.rules[0], score: 500 }],
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.path)).toContain('body.rules.0.score');
    const again = await api<{ code: string }>('POST', '/v1/ops/rule-sets', {
      token: risk,
      body: candidate,
    });
    expect([again.status, again.body.code]).toEqual([409, 'RULE_SET_EXISTS']);
    const unknown = await api<{ code: string }>('POST', '/v1/ops/rule-sets/999999/replays', {
      token: risk,
      body: { from: '2026-11-01', to: '2026-11-02' },
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'RULE_SET_NOT_FOUND']);
    const pm = await staffToken('product-manager');
    expect((await api('GET', '/v1/ops/rule-sets', { token: pm })).status).toBe(403);
  });
});

describe('shadow runs and publication (M4.1-a)', () => {
  it('M4.1-a a version run in shadow on live traffic reports its would-be alerts without raising any', async () => {
    const shadowed = version + 2;
    expect(
      (await api('POST', '/v1/ops/rule-sets', { token: risk, body: candidateOf(shadowed) })).status,
    ).toBe(201);
    const on = await act(shadowed, risk, 'SHADOW');
    expect([on.status, on.body.shadow]).toEqual([200, true]);
    const customerId = await twoUnderThreshold([2, 1]);
    type Shadow = Report & { events: number };
    const report = await eventually(
      () =>
        api<Shadow>('GET', `/v1/ops/rule-sets/${shadowed}/shadow-report`, { token: risk }).then(
          (r) => r.body,
        ),
      (r) => r.differences?.some((d) => d.customerId === customerId),
    );
    const mine = report.differences.filter((d) => d.customerId === customerId);
    expect(mine.map((d) => [d.live.rules, d.candidate.rules])).toEqual([[[], [structuring.id]]]);
    expect(report.candidate.alertsByRule[structuring.id]).toBeGreaterThan(0);
    expect(await alertsOf(customerId, risk)).toEqual([]);
    const off = await act(shadowed, risk, 'UNSHADOW');
    expect([off.status, off.body.shadow]).toEqual([200, false]);
    const listed = await api<{ shadows: number[] }>('GET', '/v1/ops/rule-sets', { token: risk });
    expect(listed.body.shadows).not.toContain(shadowed);
  });

  it('M4.1-a a version goes live only on a second officer approval; scoring then runs it', async () => {
    // The shipped rules under a new version: other tests running beside this one see no change.
    const published = version + 3;
    const body = { ...DEFAULT_RULE_SET, version: published, description: 'Published in e2e' };
    expect((await api('POST', '/v1/ops/rule-sets', { token: risk, body })).status).toBe(201);
    expect((await act(published, risk, 'APPROVE')).body.code).toBe('RULE_SET_STATE');
    expect((await act(published, risk, 'PROPOSE')).body.status).toBe('PROPOSED');
    const self = await act(published, risk, 'APPROVE');
    expect([self.status, self.body.code]).toEqual([403, 'FOUR_EYES_REQUIRED']);
    const key = randomUUID();
    const approved = await act(published, admin, 'APPROVE', key);
    expect([approved.status, approved.body.status]).toEqual([200, 'LIVE']);
    expect(approved.body.history.map((s) => [s.action, s.by])).toEqual([
      ['ADDED', 'staff.risk-officer'],
      ['PROPOSE', 'staff.risk-officer'],
      ['APPROVE', 'staff.admin'],
    ]);
    // A retry answers as the first did; a second decision is refused.
    const again = await act(published, admin, 'APPROVE', key);
    expect([again.status, again.body.status]).toEqual([200, 'LIVE']);
    expect((await act(published, admin, 'REJECT')).body.code).toBe('RULE_SET_STATE');
    const listed = await api<{ live: { version: number } }>('GET', '/v1/ops/rule-sets', {
      token: risk,
    });
    expect(listed.body.live.version).toBe(published);
    // The next decision is the published version's.
    const customerId = `c-${randomUUID()}`;
    await sendRiskEvent(movementEvent({ customerId, amount: large.thresholds.transfer }));
    const [alert] = await eventually(
      () => alertsOf(customerId, risk, large.id),
      (a) => a.length > 0,
    );
    expect([alert!.ruleId, alert!.ruleSetVersion]).toEqual([large.id, published]);
    // An older version can no longer be proposed.
    expect((await act(version + 2, risk, 'PROPOSE')).body.code).toBe('RULE_SET_STATE');
  });
});
