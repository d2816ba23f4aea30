// Which rule set versions a function runs (M4.1-a, ADR 0014): the live one and those in
// shadow, as the control names them; read at most once per refresh period, each version's
// rules read once, and a version that cannot be read leaves the running one in force.
import { describe, expect, it } from 'vitest';
import type { RiskRepo, StoredRuleSet } from '../../shared/risk/adapters/risk-repo';
import { DEFAULT_RULE_SET } from '../../shared/risk/domain/default-rule-set';
import { LiveRules } from '../../shared/risk/flows/live-rules';

function fakeRepo(versions: number[]) {
  const reads: number[] = [];
  const repo = {
    ruleSet: async (v: number): Promise<StoredRuleSet | undefined> => {
      reads.push(v);
      if (!versions.includes(v)) return undefined;
      const ruleSet = {
        ...DEFAULT_RULE_SET,
        version: v,
        // Version 3 reads back further (a 3-day window), so scoring must load more.
        rules: DEFAULT_RULE_SET.rules.map((r) =>
          v === 3 && r.kind === 'velocity' ? { ...r, windowMinutes: 4320 } : r,
        ),
      };
      return { ruleSet, status: 'LIVE', shadow: false, by: 'a', at: '', history: [] } as never;
    },
  } as unknown as RiskRepo;
  return { repo, reads };
}

describe('live rule set versions (M4.1-a, ADR 0014)', () => {
  it('M4.1-a runs the shipped set until a version is published, then the published one and its shadows', async () => {
    const { repo, reads } = fakeRepo([2, 3]);
    const rules = new LiveRules(repo, 'local', DEFAULT_RULE_SET, 10_000);
    expect(rules.active.live.ruleSet.version).toBe(DEFAULT_RULE_SET.version);
    expect(rules.due(0)).toBe(true);
    await rules.update(undefined, 0); // no control read: nothing changes, not checked
    expect(rules.due(1)).toBe(true);
    const before = rules.active;
    const active = await rules.update({ live: 2, shadows: [3], revision: 4 }, 1_000);
    expect([active.live.ruleSet.version, active.shadows.map((e) => e.ruleSet.version)]).toEqual([
      2,
      [3],
    ]);
    // The shadow reads back three days: the state loaded for scoring covers it.
    expect(active.horizon).toBeGreaterThan(before.horizon);
    expect(rules.due(5_000)).toBe(false);
    expect(rules.due(11_000)).toBe(true);
    // The same control again reads nothing; each version was read once.
    expect(await rules.update({ live: 2, shadows: [3], revision: 4 }, 11_000)).toBe(active);
    await rules.update({ live: 3, shadows: [], revision: 5 }, 22_000);
    expect(rules.active.live.ruleSet.version).toBe(3);
    expect(reads).toEqual([2, 3]);
    // The blocking subset follows the live version.
    expect(rules.blocking()?.ruleSet.version).toBe(3);
  });

  it('M4.1-a keeps the running version when the control names one that cannot be read, and tries again', async () => {
    const { repo, reads } = fakeRepo([2]);
    const rules = new LiveRules(repo, 'prod', DEFAULT_RULE_SET, 0);
    await rules.update({ live: 2, shadows: [], revision: 1 }, 0);
    await rules.update({ live: 7, shadows: [], revision: 2 }, 1);
    expect(rules.active.live.ruleSet.version).toBe(2);
    await rules.update({ live: 7, shadows: [], revision: 2 }, 2);
    expect(reads).toEqual([2, 7, 7]);
  });
});
