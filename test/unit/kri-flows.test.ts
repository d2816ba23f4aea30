// Key risk indicator runs (issue 13, M3.3-a, M3.4-a), with the repository's records held in
// memory: which periods the daily job scores, counts as rates per day over a week, staff
// values carried forward only within the configured days, and an alert published again by
// the next run when its first publish failed (once per period and threshold). Over HTTP
// against the emulator: test/e2e/kri.test.ts.
import { describe, expect, it } from 'vitest';
import {
  computeKriPeriod,
  DEFAULT_KRI,
  scheduledKriRun,
  type AlertNotice,
  type KriDeps,
  type KriRaised,
  type KriRepo,
  type KriScoreRecord,
} from '../../shared/risk';

const fixed = (iso: string) => ({ now: () => new Date(iso) });

/** The records a run reads and writes, in memory. */
function memoryRepo(
  over: {
    failed?: number;
    retries?: number;
    inputs?: Record<string, { key: string; value: number }>;
  } = {},
) {
  const scores = new Map<string, KriScoreRecord>();
  const raised = new Map<string, KriRaised[]>();
  const asked: { failed: [string, string, readonly string[]][] } = { failed: [] };
  const repo = {
    table: 'memory',
    failedSignIns: async (start: string, end: string, days: readonly string[]) => {
      asked.failed.push([start, end, days]);
      return over.failed ?? 0;
    },
    incidents: async () => [],
    openAlertsAt: async () => ({ count: 0 }),
    counted: async (figure: string) => (figure === 'settlementRetries' ? (over.retries ?? 0) : 0),
    inputAtOrBefore: async (id: string, _period: string, key: string) => {
      const i = over.inputs?.[id];
      return i && i.key <= key
        ? {
            key: i.key,
            value: i.value,
            by: 'staff.compliance-officer',
            at: '2026-01-01T00:00:00.000Z',
            reason: 'r',
          }
        : undefined;
    },
    putScore: async (r: KriScoreRecord) => void scores.set(`${r.period}#${r.key}`, r),
    scoresBetween: async () => [],
    raiseOnce: async (
      period: string,
      key: string,
      breach: Omit<KriRaised, 'alertId' | 'raisedAt' | 'notified'>,
      alert: { alertId: string; openedAt: string },
    ) => {
      const list = raised.get(`${period}#${key}`) ?? [];
      if (list.some((r) => r.scope === breach.scope && r.level === breach.level)) return false;
      list.push({ ...breach, alertId: alert.alertId, raisedAt: alert.openedAt, notified: false });
      raised.set(`${period}#${key}`, list);
      return true;
    },
    raised: async (period: string, key: string) => [...(raised.get(`${period}#${key}`) ?? [])],
    markNotified: async (period: string, key: string, r: { scope: string; level: string }) => {
      const list = raised.get(`${period}#${key}`) ?? [];
      raised.set(
        `${period}#${key}`,
        list.map((x) =>
          x.scope === r.scope && x.level === r.level ? { ...x, notified: true } : x,
        ),
      );
    },
  };
  return { repo: repo as unknown as KriRepo, scores, raised, asked };
}

function notifier(fail = false) {
  const state = { fail, sent: [] as AlertNotice[] };
  return Object.assign(state, {
    notify: async (alerts: readonly AlertNotice[]) => {
      if (state.fail) throw new Error('topic unavailable');
      state.sent.push(...alerts);
    },
  });
}

describe('KRI runs (M3.3-a, M3.4-a)', () => {
  it('the daily job scores the day, the ISO week and the month that contain yesterday', async () => {
    const mem = memoryRepo();
    const deps: KriDeps = {
      repo: mem.repo,
      config: DEFAULT_KRI,
      clock: fixed('2026-12-01T00:30:00.000Z'),
      notifier: notifier(),
    };
    const scored = await scheduledKriRun(deps);
    // Yesterday is Monday 30 November: its week is 2026-W49, its month November, both final
    // only at their end.
    expect(scored.map((s) => [s.period, s.key, s.final])).toEqual([
      ['DAY', '2026-11-30', true],
      ['WEEK', '2026-W49', false],
      ['MONTH', '2026-11', true],
    ]);
    expect([...mem.scores.keys()].sort()).toEqual([
      'DAY#2026-11-30',
      'MONTH#2026-11',
      'WEEK#2026-W49',
    ]);
  });

  it('counts in a period are rates per day: 700 failed sign-ins over a week are 100 a day, 14 settlement retries 2 a day', async () => {
    const mem = memoryRepo({ failed: 700, retries: 14 });
    const deps: KriDeps = {
      repo: mem.repo,
      config: DEFAULT_KRI,
      clock: fixed('2026-12-10T00:00:00.000Z'),
      notifier: notifier(),
    };
    const week = await computeKriPeriod('WEEK', '2026-W48', deps);
    const failed = week.categories[0]!.groups[0]!.indicators[0]!;
    expect(failed).toMatchObject({ id: 'failedSignIns', status: 'PLATFORM', value: 100 });
    expect(failed.explanation).toContain('700 failed sign-ins in the risk events over 7 days');
    expect(mem.asked.failed[0]![2]).toHaveLength(7);
    const retries = week.categories[0]!.groups[2]!.indicators[1]!;
    expect(retries).toMatchObject({ id: 'settlementRetries', value: 2, score: 0 });
    expect(retries.explanation).toContain('14 settlement retries by staff over 7 days');
  });

  it('a staff value carries forward within carryForwardDays (31), and is MISSING beyond', async () => {
    const mem = memoryRepo({ inputs: { lawChangesUnassessed: { key: '2026-10-01', value: 2 } } });
    const deps = (now: string): KriDeps => ({
      repo: mem.repo,
      config: DEFAULT_KRI,
      clock: fixed(now),
      notifier: notifier(),
    });
    const law = (p: Awaited<ReturnType<typeof computeKriPeriod>>) =>
      p.categories[1]!.groups[0]!.indicators[0]!;
    const within = await computeKriPeriod('DAY', '2026-11-01', deps('2026-11-02T00:00:00.000Z'));
    expect(law(within)).toMatchObject({
      status: 'CARRIED',
      value: 2,
      input: { key: '2026-10-01' },
    });
    // 2026-10-01 ended on 2 October: 1 November starts 30 days later, 3 November 32.
    const beyond = await computeKriPeriod('DAY', '2026-11-03', deps('2026-11-04T00:00:00.000Z'));
    expect(law(beyond)).toMatchObject({ status: 'MISSING', score: 0 });
    expect(beyond.coverage).toBeLessThan(100);
  });

  it('an alert whose publish failed is published by the next run, and raised only once', async () => {
    const mem = memoryRepo({ inputs: { lawChangesUnassessed: { key: '2026-11-29', value: 3 } } });
    const topic = notifier(true);
    const deps: KriDeps = {
      repo: mem.repo,
      config: DEFAULT_KRI,
      clock: fixed('2026-11-30T01:00:00.000Z'),
      notifier: topic,
    };
    await expect(computeKriPeriod('DAY', '2026-11-29', deps)).rejects.toThrow('topic unavailable');
    expect(mem.raised.get('DAY#2026-11-29')).toMatchObject([
      { scope: 'compliance', level: 'AMBER', notified: false },
    ]);
    topic.fail = false;
    const again = await computeKriPeriod('DAY', '2026-11-29', deps);
    expect(again.alerts).toHaveLength(1);
    expect(topic.sent.map((n) => [n.ruleId, n.severity, n.customerId])).toEqual([
      ['kri-compliance-amber', 'MEDIUM', 'platform'],
    ]);
    await computeKriPeriod('DAY', '2026-11-29', deps);
    expect(topic.sent).toHaveLength(1);
  });

  it('refuses a period that has not started', async () => {
    const deps: KriDeps = {
      repo: memoryRepo().repo,
      config: DEFAULT_KRI,
      clock: fixed('2026-11-30T01:00:00.000Z'),
      notifier: notifier(),
    };
    await expect(computeKriPeriod('MONTH', '2026-12', deps)).rejects.toMatchObject({
      code: 'KRI_PERIOD_IN_FUTURE',
    });
  });
});
