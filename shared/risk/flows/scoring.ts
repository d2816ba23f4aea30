// Scoring a risk event (M4.1-a): load what the rules may read, evaluate, record the decision
// with its counters and alerts in one transaction, then notify risk staff of alerts that
// opened. Idempotent under redelivery: an event already decided is not scored again (its
// alerts are sent if that had failed); concurrent events of one customer serialise on the
// customer's profile version (the loser loads again and rescores). The versions in shadow
// score the same event on the same state; their decisions are kept beside the live one and
// change nothing else. A rule switched off by its kill switch (ADR 0018) does not run in the
// live decision, which names it under `disabled`. An open AML screening hit of the customer
// (or of a transfer's counterparty) adds an `aml-screening` hit: an alert, and a hold on movements.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel';
import { isScreened, screenOf, type ScreeningNote } from '../../money';
import { logger } from '../../platform';
import {
  AlreadyScoredError,
  ConcurrentScoringError,
  newAlertId,
  ScreeningTargetError,
  shadowDecisionOf,
  type AlertRecord,
  type HoldRecord,
  type RiskRepo,
  type ScoringState,
  type ScreeningWrite,
} from '../adapters/risk-repo';
import { groupAlerts, type AlertNotice, type AlertNotifier } from '../domain/alerts';
import { deltaOf, type Decision, type ScoringContext } from '../domain/engine';
import type { RiskEvent } from '../domain/risk-events';
import { screeningSubjectsOf, withScreening, type OpenScreening } from '../domain/screening-hits';
import type { ActiveRules, LiveRules } from './live-rules';

export interface ScoringDeps {
  readonly repo: RiskRepo;
  /** The live version and those in shadow. */
  readonly rules: LiveRules;
  readonly notifier: AlertNotifier;
  readonly clock: Clock;
  /** The ledger table: withdrawals, transfers and orders get their screen there (ADR 0012). */
  readonly ledgerTable?: string;
  /**
   * Customers' AML screening results (the compliance module's, ADR 0031): an open hit is a
   * `aml-screening` alert on registration and holds the movements of, and transfers to, the
   * customer. Absent: no screening (unit tests of the rules).
   */
  readonly screenings?: {
    openOf(customerIds: readonly string[]): Promise<ReadonlyMap<string, OpenScreening>>;
  };
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
  const { repo } = deps;
  let screens = deps.ledgerTable !== undefined;
  const subjects = deps.screenings ? screeningSubjectsOf(event) : [];
  const screened: ReadonlyMap<string, OpenScreening> =
    deps.screenings && subjects.length ? await deps.screenings.openOf(subjects) : new Map();
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadWithRules(event, deps);
    const { state, active, disabled } = loaded;
    const engine = active.live;
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
    const context = contextOf(state, event);
    const decision = withScreening(
      engine.evaluate(event, { ...context, disabled }),
      event,
      screened,
    );
    const shadows = Object.fromEntries(
      active.shadows.map((e) => [
        String(e.ruleSet.version),
        shadowDecisionOf(e.evaluate(event, context)),
      ]),
    );
    const now = deps.clock.now();
    const rules = new Map(engine.ruleSet.rules.map((r) => [r.id, r]));
    const grouping = groupAlerts(decision, state.open, rules, () =>
      newAlertId(now, randomBytes(8).toString('hex')),
    );
    const screening =
      screens && deps.ledgerTable
        ? screeningOf(event, decision, grouping, now, deps.ledgerTable)
        : undefined;
    const record = (withScreen: boolean) =>
      repo.record({
        event,
        decision,
        delta: deltaOf(event),
        state,
        open: grouping.open,
        opened: grouping.opened,
        joined: grouping.joined,
        keepMinutes: active.keep,
        now,
        shadows,
        ...(withScreen && screening ? { screening } : {}),
      });
    try {
      try {
        await record(true);
      } catch (error) {
        if (!(error instanceof ScreeningTargetError)) throw error;
        // Not a movement of the ledger (a hand-made event): the decision still counts.
        logger.warn('risk event names no movement awaiting its screen', {
          eventId: event.eventId,
        });
        screens = false;
        await record(false);
      }
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

/**
 * The scoring state and the versions to run on it: the control and the rule switches come
 * in the same read when they are due; if the control names versions that read further back,
 * the state is read again.
 */
export async function loadWithRules(
  event: RiskEvent,
  deps: Pick<ScoringDeps, 'repo' | 'rules' | 'clock'>,
  horizonOf: (active: ActiveRules) => number = (a) => a.horizon,
): Promise<{ state: ScoringState; active: ActiveRules; disabled: ReadonlySet<string> }> {
  const now = deps.clock.now().getTime();
  const before = deps.rules.active;
  const state = await deps.repo.load(event, horizonOf(before), {
    control: deps.rules.due(now),
    switches: deps.rules.switchesDue(now),
  });
  const active = await deps.rules.update(state.control, now);
  const disabled = deps.rules.updateSwitches(state.disabledRules, now);
  if (horizonOf(active) <= horizonOf(before)) return { state, active, disabled };
  return { state: await deps.repo.load(event, horizonOf(active)), active, disabled };
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

/**
 * The screen a decision puts on a withdrawal, transfer or order (ADR 0012): CLEARED, or
 * HELD with the hold risk officers decide on. Other events have none.
 */
export function screeningOf(
  event: RiskEvent,
  decision: Decision,
  grouping: { opened: readonly { alertId: string }[]; joined: readonly { alertId: string }[] },
  now: Date,
  ledgerTable: string,
): ScreeningWrite | undefined {
  if (event.type !== 'MOVEMENT' || !isScreened(event.movementType)) return undefined;
  // An attempt the pre-check refused was never recorded: there is nothing to screen. Nor is
  // there for an event that does not come from the ledger (the stream's events name where
  // the ledger indexes their movement; one made by hand does not).
  if (event.status === 'BLOCKED' || event.settleOn === undefined || event.shard === undefined)
    return undefined;
  const note: ScreeningNote = {
    decision: decision.action,
    score: decision.score,
    ruleSetVersion: decision.ruleSetVersion,
    rules: decision.hits.map((h) => ({ ruleId: h.ruleId, reason: h.reason })),
    at: now.toISOString(),
  };
  const screen = screenOf(decision.action);
  if (screen !== 'HELD') return { ledgerTable, event, screen, note };
  const hold: HoldRecord = {
    movementId: event.movementId,
    customerId: event.customerId,
    movementType: event.movementType,
    amount: event.amount,
    currency: event.currency,
    ...(event.counterpartyId ? { counterpartyId: event.counterpartyId } : {}),
    eventAt: event.at,
    heldAt: note.at,
    score: note.score,
    ruleSetVersion: note.ruleSetVersion,
    rules: note.rules,
    alertIds: [...grouping.opened, ...grouping.joined].map((a) => a.alertId),
  };
  return { ledgerTable, event, screen, note, hold };
}

/** What the rules read for an event, from the state one BatchGetItem loaded. */
export function contextOf(state: ScoringState, event: RiskEvent): ScoringContext {
  return {
    customer: state.view,
    sharing: state.sharing,
    snoozed: snoozedAt([state.snoozes, state.recipientSnoozes], Date.parse(event.at)),
    ...(state.counterpartyRegisteredAt !== undefined
      ? { counterpartyRegisteredAt: state.counterpartyRegisteredAt }
      : {}),
  };
}

/** The rules snoozed at a time, by any of the snoozes that apply (the customer's, the counterparty's). */
function snoozedAt(applying: readonly Readonly<Record<string, { until: number }>>[], at: number) {
  return new Set(
    applying.flatMap((snoozes) =>
      Object.keys(snoozes).filter((rule) => (snoozes[rule]?.until ?? 0) > at),
    ),
  );
}
