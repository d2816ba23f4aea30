// Replaying stored history through a candidate rule set (M4.1-a; docs/risk-monitoring.md,
// "Replays"): the events of a range of days, in time order, are scored by the live version
// and by the candidate side by side, each over its own counters held in memory, so the two
// see exactly the same events. Deterministic (same events, same answer) and pure: a replay
// writes nothing and raises nothing. It reports the decisions that would differ, the alerts
// the candidate would open (one per customer and rule while it keeps holding, as scoring
// groups them), and the holds and blocks it would have made.
import { moreSevere, type RiskAction } from './rules';
import { deltaOf, keepMinutes, type Decision, type Engine } from './engine';
import { MemoryViews } from './memory-views';
import type { RiskEvent } from './risk-events';

/** Differences listed in full; beyond this, only counted. */
export const MAX_LISTED_DIFFERENCES = 100;

export interface DecisionDigest {
  readonly action: RiskAction;
  readonly score: number;
  readonly rules: readonly string[];
}

export interface ReplayOutcome {
  readonly action: RiskAction;
  /** Alerts opened, by rule: a (customer, rule) pair counts once per replay. */
  readonly alertsByRule: Record<string, number>;
  readonly holds: number;
  readonly blocks: number;
}

export interface ReplayReport {
  /** Events replayed (those before `reportFrom` only warm the counters up). */
  readonly events: number;
  readonly live: Omit<ReplayOutcome, 'action'> & { readonly version: number };
  readonly candidate: Omit<ReplayOutcome, 'action'> & { readonly version: number };
  /** Events whose action or contributing rules differ. */
  readonly differ: number;
  readonly differences: readonly {
    readonly eventId: string;
    readonly customerId: string;
    readonly at: string;
    readonly live: DecisionDigest;
    readonly candidate: DecisionDigest;
  }[];
}

const digest = (d: Decision): DecisionDigest => ({
  action: d.action,
  score: d.score,
  rules: d.hits.map((h) => h.ruleId),
});

const same = (a: DecisionDigest, b: DecisionDigest) =>
  a.action === b.action &&
  a.rules.length === b.rules.length &&
  a.rules.every((r, i) => r === b.rules[i]);

class Tally {
  readonly alertsByRule: Record<string, number> = {};
  private readonly alerted = new Set<string>();
  holds = 0;
  blocks = 0;

  add(event: RiskEvent, d: Decision): void {
    let action: RiskAction = 'ALLOW';
    for (const h of d.hits) {
      action = moreSevere(h.action, action);
      if (h.action === 'ALLOW') continue;
      const key = `${event.customerId}|${h.ruleId}`;
      if (this.alerted.has(key)) continue;
      this.alerted.add(key);
      this.alertsByRule[h.ruleId] = (this.alertsByRule[h.ruleId] ?? 0) + 1;
    }
    if (event.type !== 'MOVEMENT') return;
    if (d.action === 'HOLD') this.holds += 1;
    if (d.action === 'BLOCK') this.blocks += 1;
  }
}

/**
 * Scores `events` (any order: they are sorted by time, then id) through both engines and
 * compares the decisions of those at or after `reportFrom`.
 */
export function replay(
  events: readonly RiskEvent[],
  live: Engine,
  candidate: Engine,
  reportFrom: string,
): ReplayReport {
  const ordered = [...events].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.eventId.localeCompare(b.eventId),
  );
  const views = {
    live: new MemoryViews(keepMinutes(live.ruleSet)),
    candidate: new MemoryViews(keepMinutes(candidate.ruleSet)),
  };
  const tallies = { live: new Tally(), candidate: new Tally() };
  const differences: ReplayReport['differences'][number][] = [];
  let differ = 0;
  let reported = 0;
  const from = Date.parse(reportFrom);
  for (const e of ordered) {
    const at = Date.parse(e.at);
    const l = live.evaluate(e, views.live.context(e));
    const c = candidate.evaluate(e, views.candidate.context(e));
    const delta = deltaOf(e);
    views.live.apply(e, delta, at);
    views.candidate.apply(e, delta, at);
    if (at < from) continue;
    reported += 1;
    tallies.live.add(e, l);
    tallies.candidate.add(e, c);
    const [dl, dc] = [digest(l), digest(c)];
    if (same(dl, dc)) continue;
    differ += 1;
    if (differences.length < MAX_LISTED_DIFFERENCES)
      differences.push({
        eventId: e.eventId,
        customerId: e.customerId,
        at: e.at,
        live: dl,
        candidate: dc,
      });
  }
  const outcome = (t: Tally, version: number) => ({
    version,
    alertsByRule: t.alertsByRule,
    holds: t.holds,
    blocks: t.blocks,
  });
  return {
    events: reported,
    live: outcome(tallies.live, live.ruleSet.version),
    candidate: outcome(tallies.candidate, candidate.ruleSet.version),
    differ,
    differences,
  };
}
