// Replaying stored history through a candidate rule set (M4.1-a; docs/risk-monitoring.md,
// "Replays"): the events of a range of days, in time order, are scored by the live version
// and by the candidate side by side, each over its own counters held in memory, so the two
// see exactly the same events. Deterministic (same events, same answer) and pure: a replay
// writes nothing and raises nothing. It reports the decisions that would differ, the alerts
// the candidate would open (one per customer and rule while it keeps holding, as scoring
// groups them), and the holds and blocks it would have made.
import { moreSevere, type RiskAction } from './rules';
import { deltaOf, keepMinutes, type Engine } from './engine';
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

/** As much of a decision as a comparison reads (a stored shadow decision is one). */
export interface Decided {
  readonly action: RiskAction;
  readonly score: number;
  readonly hits: readonly { readonly ruleId: string; readonly action: RiskAction }[];
}

const digest = (d: Decided): DecisionDigest => ({
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

  add(event: RiskEvent, d: Decided): void {
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
 * Two versions' decisions on the same events, compared as they come: what each would raise,
 * hold and block, and where they differ. Replays and shadow runs report through it.
 */
export class Comparison {
  private readonly tallies = { live: new Tally(), candidate: new Tally() };
  private readonly differences: ReplayReport['differences'][number][] = [];
  private differ = 0;
  private events = 0;

  constructor(
    private liveVersion: number,
    private readonly candidateVersion: number,
  ) {}

  add(e: RiskEvent, live: Decided & { ruleSetVersion?: number }, candidate: Decided): void {
    this.events += 1;
    if (live.ruleSetVersion !== undefined) this.liveVersion = live.ruleSetVersion;
    this.tallies.live.add(e, live);
    this.tallies.candidate.add(e, candidate);
    const [dl, dc] = [digest(live), digest(candidate)];
    if (same(dl, dc)) return;
    this.differ += 1;
    if (this.differences.length < MAX_LISTED_DIFFERENCES)
      this.differences.push({
        eventId: e.eventId,
        customerId: e.customerId,
        at: e.at,
        live: dl,
        candidate: dc,
      });
  }

  report(): ReplayReport {
    const outcome = (t: Tally, version: number) => ({
      version,
      alertsByRule: t.alertsByRule,
      holds: t.holds,
      blocks: t.blocks,
    });
    return {
      events: this.events,
      live: outcome(this.tallies.live, this.liveVersion),
      candidate: outcome(this.tallies.candidate, this.candidateVersion),
      differ: this.differ,
      differences: this.differences,
    };
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
  const comparison = new Comparison(live.ruleSet.version, candidate.ruleSet.version);
  const from = Date.parse(reportFrom);
  for (const e of ordered) {
    const at = Date.parse(e.at);
    const l = live.evaluate(e, views.live.context(e));
    const c = candidate.evaluate(e, views.candidate.context(e));
    const delta = deltaOf(e);
    views.live.apply(e, delta, at);
    views.candidate.apply(e, delta, at);
    if (at >= from) comparison.add(e, l, c);
  }
  return comparison.report();
}
