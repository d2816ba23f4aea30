// Rule set versions and replays (M4.1-a), over HTTP: a risk officer adds a candidate
// version and replays it over the stored history beside the live one; the report shows the
// alerts it would have opened, and none is raised.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../shared/risk';
import { api, staffToken } from '../support/http';
import { eventually } from '../support/money';
import { alertsOf, movementEvent, sendRiskEvent } from '../support/risk';

let risk = '';
beforeAll(async () => {
  risk = await staffToken('risk-officer');
});

const structuring = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'structuring')!;
const version = 100_000 + Math.floor(Math.random() * 800_000);
const candidate = {
  ...DEFAULT_RULE_SET,
  version,
  description: 'Candidate: structuring from two amounts',
  rules: DEFAULT_RULE_SET.rules.map((r) => (r.kind === 'structuring' ? { ...r, minCount: 2 } : r)),
};

interface Report {
  events: number;
  differ: number;
  differences: { customerId: string; live: { rules: string[] }; candidate: { rules: string[] } }[];
  candidate: { alertsByRule: Record<string, number> };
  live: { alertsByRule: Record<string, number> };
}

describe('rule set versions and replays (M4.1-a)', () => {
  it('M4.1-a a candidate replayed over history reports its would-be alerts without raising any', async () => {
    const customerId = `c-${randomUUID()}`;
    const amount = structuring.threshold - 1_000;
    for (const minutesAgo of [3, 2])
      await sendRiskEvent(
        movementEvent({
          customerId,
          amount,
          settlementCycle: 'T+0',
          at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        }),
      );
    const added = await api<{ status: string; by: string }>('POST', '/v1/ops/rule-sets', {
      token: risk,
      body: candidate,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ status: 'DRAFT', by: 'staff.risk-officer' });
    const listed = await api<{ live: { version: number }; items: { version: number }[] }>(
      'GET',
      '/v1/ops/rule-sets',
      { token: risk },
    );
    expect(listed.body.live.version).toBe(DEFAULT_RULE_SET.version);
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
