// Scoring a risk event (M4.1-a): load what the rules may read, evaluate, record the decision
// with its counters and alerts in one transaction, then notify risk staff of alerts that
// opened. Idempotent under redelivery: an event already decided is not scored again (its
// alerts are sent if that had failed); concurrent events of one customer serialise on the
// customer's profile version (the loser loads again and rescores).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel';
import {
  AlreadyScoredError,
  ConcurrentScoringError,
  newAlertId,
  type AlertRecord,
  type RiskRepo,
} from '../adapters/risk-repo';
import { groupAlerts, type AlertNotice, type AlertNotifier } from '../domain/alerts';
import { deltaOf, keepMinutes, type Decision, type Engine } from '../domain/engine';
import type { RiskEvent } from '../domain/risk-events';
import { horizonMinutes } from '../domain/rules';

export interface ScoringDeps {
  readonly repo: RiskRepo;
  readonly engine: Engine;
  readonly notifier: AlertNotifier;
  readonly clock: Clock;
}

export type ScoringOutcome =
  | {
      readonly kind: 'SCORED';
      readonly decision: Decision;
      readonly opened: number;
      readonly joined: number;
    }
  | { readonly kind: 'REPEAT'; readonly decision: Decision };

const ATTEMPTS = 6;

/** Where scoring's metrics go (AlertsOpened, by Stage: the alert-surge alarm's metric). */
export const RISK_METRICS_NAMESPACE = 'Finplat/Risk';

export async function scoreEvent(event: RiskEvent, deps: ScoringDeps): Promise<ScoringOutcome> {
  const { repo, engine } = deps;
  const horizon = horizonMinutes(engine.ruleSet);
  const rules = new Map(engine.ruleSet.rules.map((r) => [r.id, r]));
  for (let attempt = 1; ; attempt++) {
    const state = await repo.load(event, horizon);
    if (state.decided) {
      if (!state.decided.notified) {
        const stored = await Promise.all(state.decided.alertIds.map((id) => repo.alert(id)));
        await notify(
          stored.filter((a): a is AlertRecord => !!a),
          event,
          deps,
        );
      }
      return { kind: 'REPEAT', decision: state.decided.decision };
    }
    const decision = engine.evaluate(event, {
      customer: state.view,
      sharing: state.sharing,
      snoozed: snoozedAt(state.snoozes, Date.parse(event.at)),
      ...(state.counterpartyRegisteredAt !== undefined
        ? { counterpartyRegisteredAt: state.counterpartyRegisteredAt }
        : {}),
    });
    const now = deps.clock.now();
    const grouping = groupAlerts(decision, state.open, rules, () =>
      newAlertId(now, randomBytes(8).toString('hex')),
    );
    try {
      await repo.record({
        event,
        decision,
        delta: deltaOf(event),
        state,
        open: grouping.open,
        opened: grouping.opened,
        joined: grouping.joined,
        keepMinutes: keepMinutes(engine.ruleSet),
        now,
      });
    } catch (error) {
      // Another delivery decided it first (the next load sees its decision), or another
      // event of the customer committed first (the next load sees its counters).
      const retry = error instanceof AlreadyScoredError || error instanceof ConcurrentScoringError;
      if (retry && attempt < ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
        continue;
      }
      throw error;
    }
    if (grouping.opened.length)
      await notify(
        grouping.opened.map((a) => ({
          alertId: a.alertId,
          ruleId: a.ruleId,
          severity: a.severity,
          customerId: event.customerId,
          reasons: [a.hit.reason],
          openedAt: now.toISOString(),
        })),
        event,
        deps,
      );
    return {
      kind: 'SCORED',
      decision,
      opened: grouping.opened.length,
      joined: grouping.joined.length,
    };
  }
}

async function notify(alerts: readonly AlertNotice[], event: RiskEvent, deps: ScoringDeps) {
  await deps.notifier.notify(
    alerts.map((a) => ({
      alertId: a.alertId,
      ruleId: a.ruleId,
      severity: a.severity,
      customerId: a.customerId,
      reasons: a.reasons,
      openedAt: a.openedAt,
    })),
  );
  await deps.repo.markNotified(event);
}

/** The rules snoozed at a time. */
function snoozedAt(snoozes: Readonly<Record<string, { until: number }>>, at: number) {
  return new Set(Object.keys(snoozes).filter((rule) => (snoozes[rule]?.until ?? 0) > at));
}
