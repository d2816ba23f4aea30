// The rule engine (M4.1-a, M4.1-b, M2.1-c): scores one event against what is known of its
// customer, by the event's own time. Pure: the caller loads the customer's view (recent
// observations, when the account was opened, devices, changes of phone or card, how many
// customers share a device or card) and stores the delta afterwards. Windows end at the
// event's time, so a late or redelivered event is scored in the window it belongs to and a
// later event never counts for an earlier one; an event already observed counts once.
import type { RiskEvent, Flow } from './risk-events';
import { flowOf } from './risk-events';
import {
  horizonMinutes,
  moreSevere,
  rulesForStage,
  type RiskAction,
  type Rule,
  type RuleKind,
  type RuleSet,
  type Severity,
  type Stage,
} from './rules';

const MINUTE = 60_000;

/** One event as the counters keep it. `amount` is 0 for sign-ins. */
export interface Observation {
  readonly id: string;
  readonly at: number;
  readonly flow: Flow;
  readonly amount: number;
  readonly counterpartyId?: string | undefined;
  /** Sign-ins: whether it succeeded. */
  readonly ok?: boolean | undefined;
}

/** What the counters know of one customer. */
export interface CustomerView {
  /** Observations within the rule set's horizon, in any order (redeliveries appear once). */
  readonly observations: readonly Observation[];
  readonly registeredAt?: number | undefined;
  /** The latest money movement seen (it may be later than the event being scored). */
  readonly lastMovementAt?: number | undefined;
  /** Device reference -> when the customer was first seen on it. */
  readonly devices: Readonly<Record<string, number>>;
  readonly phoneChangedAt?: number | undefined;
  readonly bankCardChangedAt?: number | undefined;
}

export const emptyView = (): CustomerView => ({ observations: [], devices: {} });

export interface ScoringContext {
  readonly customer: CustomerView;
  /** When the transfer's recipient opened the account, where known. */
  readonly counterpartyRegisteredAt?: number;
  /** How many distinct customers (this one included) have used the event's device / card. */
  readonly sharing?: { readonly device?: number; readonly bankCard?: number };
  /** Rules snoozed for this customer or counterparty at the event's time. */
  readonly snoozed?: ReadonlySet<string>;
  /** Rules disabled by their kill switch (`rule.<ruleId>`, ADR 0018): not run for anyone. */
  readonly disabled?: ReadonlySet<string>;
}

export interface RuleHit {
  readonly ruleId: string;
  /** A rule's kind, or `screening` for an AML watch-list hit (domain/screening-hits.ts). */
  readonly kind: RuleKind | 'screening';
  readonly score: number;
  readonly action: RiskAction;
  readonly severity: Severity;
  /** In plain words, with the figures that made it hold. */
  readonly reason: string;
  readonly facts: Readonly<Record<string, number | string>>;
}

export interface Decision {
  readonly eventId: string;
  readonly customerId: string;
  readonly flow: Flow | undefined;
  readonly at: string;
  readonly ruleSetVersion: number;
  /** Sum of the hits' scores, at most 100. */
  readonly score: number;
  readonly action: RiskAction;
  readonly hits: readonly RuleHit[];
  /**
   * The rules of the set (in this stage) that did not run because their kill switch
   * disabled them, so an audit sees why the event was not flagged by them (absent: none).
   */
  readonly disabled?: readonly string[];
}

/** The observation an event adds to its customer's counters (undefined: none). */
export function observationOf(
  event: RiskEvent,
  at: number = Date.parse(event.at),
): Observation | undefined {
  switch (event.type) {
    case 'MOVEMENT': {
      const flow = flowOf(event) as Flow;
      // Every observation has the same fields, set or undefined: one shape for V8.
      return {
        id: event.eventId,
        at,
        flow,
        amount: event.amount,
        counterpartyId: event.counterpartyId,
        ok: undefined,
      };
    }
    case 'LOGIN':
      return {
        id: event.eventId,
        at,
        flow: 'login',
        amount: 0,
        counterpartyId: undefined,
        ok: event.outcome === 'SUCCESS',
      };
    default:
      return undefined;
  }
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Observations in (at - window, at], the current one counted once. */
function inWindow(
  view: CustomerView,
  current: Observation | undefined,
  at: number,
  windowMinutes: number,
  keep: (o: Observation) => boolean,
): Observation[] {
  const from = at - windowMinutes * MINUTE;
  const out: Observation[] = [];
  for (const o of view.observations) if (o.at > from && keep(o)) out.push(o);
  if (current && keep(current)) out.push(current);
  return out;
}

/** How many observations in (at - window, at] pass `keep`, and their amounts' sum. */
function tally(
  view: CustomerView,
  current: Observation | undefined,
  at: number,
  windowMinutes: number,
  keep: (o: Observation) => boolean,
): { count: number; amount: number } {
  const from = at - windowMinutes * MINUTE;
  let count = 0;
  let amount = 0;
  for (const o of view.observations)
    if (o.at > from && keep(o)) {
      count++;
      amount += o.amount;
    }
  if (current && keep(current)) {
    count++;
    amount += current.amount;
  }
  return { count, amount };
}

/**
 * The customer's observations the rules may count for an event at `at`: those within the
 * rule set's horizon up to `at`, without the event itself (a redelivery is counted once,
 * as the current observation).
 */
function recentView(
  view: CustomerView,
  current: Observation | undefined,
  at: number,
  horizon: number,
): CustomerView {
  const from = at - horizon * MINUTE;
  const observations: Observation[] = [];
  const id = current?.id;
  for (const o of view.observations)
    // A redelivery has the event's own time: ids are compared only then (numbers first).
    if (o.at > from && o.at <= at && !(o.at === at && o.id === id)) observations.push(o);
  return {
    observations,
    devices: view.devices,
    registeredAt: view.registeredAt,
    lastMovementAt: view.lastMovementAt,
    phoneChangedAt: view.phoneChangedAt,
    bankCardChangedAt: view.bankCardChangedAt,
  };
}

type Check = (
  rule: never,
  event: RiskEvent,
  current: Observation | undefined,
  ctx: ScoringContext,
  at: number,
) => { reason: string; facts: Record<string, number | string> } | undefined;

/** The event is of the rule's flows and at least its minimum amount. */
const sizeable = (
  rule: { flows: readonly Flow[]; minAmount: number },
  current: Observation | undefined,
): current is Observation =>
  !!current && rule.flows.includes(current.flow) && current.amount >= rule.minAmount;

const movementOf = (event: RiskEvent) => (event.type === 'MOVEMENT' ? event : undefined);

const CHECKS: { [K in RuleKind]: Check } = {
  velocity: ((rule: Extract<Rule, { kind: 'velocity' }>, _e, current, ctx, at) => {
    if (!current || !rule.flows.includes(current.flow)) return undefined;
    const { count, amount: total } = tally(ctx.customer, current, at, rule.windowMinutes, (o) =>
      rule.flows.includes(o.flow),
    );
    const tooMany = rule.maxCount !== undefined && count > rule.maxCount;
    const tooMuch = rule.maxAmount !== undefined && total > rule.maxAmount;
    if (!tooMany && !tooMuch) return undefined;
    return {
      reason: `${count} ${rule.flows.join('/')} movements totalling ${yuan(total)} CNY in ${rule.windowMinutes} minutes (limits: ${rule.maxCount ?? '-'} movements, ${rule.maxAmount !== undefined ? yuan(rule.maxAmount) : '-'} CNY)`,
      facts: { count, amount: total, windowMinutes: rule.windowMinutes },
    };
  }) as Check,
  largeAmount: ((rule: Extract<Rule, { kind: 'largeAmount' }>, event) => {
    const flow = flowOf(event);
    const m = movementOf(event);
    const threshold = flow ? rule.thresholds[flow] : undefined;
    if (!m || threshold === undefined || m.amount < threshold) return undefined;
    return {
      reason: `a ${flow} of ${yuan(m.amount)} CNY, at or above the ${flow} threshold of ${yuan(threshold)} CNY`,
      facts: { amount: m.amount, threshold, flow: flow as string },
    };
  }) as Check,
  structuring: ((rule: Extract<Rule, { kind: 'structuring' }>, _e, current, ctx, at) => {
    const low = Math.ceil((rule.threshold * (100 - rule.belowPercent)) / 100);
    const under = (o: Observation) =>
      rule.flows.includes(o.flow) && o.amount >= low && o.amount < rule.threshold;
    if (!current || !under(current)) return undefined;
    const { count, amount } = tally(ctx.customer, current, at, rule.windowMinutes, under);
    if (count < rule.minCount) return undefined;
    return {
      reason: `${count} amounts between ${yuan(low)} and ${yuan(rule.threshold)} CNY (just under the reporting threshold) in ${rule.windowMinutes} minutes, totalling ${yuan(amount)} CNY`,
      facts: { count, amount, threshold: rule.threshold },
    };
  }) as Check,
  changeBeforeLargeAmount: ((
    rule: Extract<Rule, { kind: 'changeBeforeLargeAmount' }>,
    _e,
    current,
    ctx,
    at,
  ) => {
    if (!sizeable(rule, current)) return undefined;
    const from = at - rule.withinMinutes * MINUTE;
    const recent = (t: number | undefined) => t !== undefined && t > from && t <= at;
    const v = ctx.customer;
    const found: string[] = [];
    if (rule.changes.includes('PHONE') && recent(v.phoneChangedAt)) found.push('phone changed');
    if (rule.changes.includes('BANK_CARD') && recent(v.bankCardChangedAt))
      found.push('bank card changed');
    if (rule.changes.includes('NEW_DEVICE')) {
      const fresh = Object.values(v.devices).some(
        (t) => recent(t) && (v.registeredAt === undefined || t > v.registeredAt),
      );
      if (fresh) found.push('new device');
    }
    if (!found.length) return undefined;
    return {
      reason: `${found.join(', ')} within ${rule.withinMinutes} minutes before a ${current.flow} of ${yuan(current.amount)} CNY`,
      facts: { changes: found.join(','), amount: current.amount },
    };
  }) as Check,
  dormantReactivated: ((
    rule: Extract<Rule, { kind: 'dormantReactivated' }>,
    _e,
    current,
    ctx,
    at,
  ) => {
    if (!sizeable(rule, current)) return undefined;
    const v = ctx.customer;
    let previous: number | undefined;
    for (const o of v.observations)
      if (o.flow !== 'login' && o.id !== current.id && o.at < at && o.at > (previous ?? -1))
        previous = o.at;
    if (previous === undefined && v.lastMovementAt !== undefined && v.lastMovementAt < at)
      previous = v.lastMovementAt;
    // A later movement is known but none before this one within the counters' horizon:
    // the gap cannot be told, so the rule does not hold.
    if (previous === undefined && v.lastMovementAt !== undefined) return undefined;
    const since = previous ?? v.registeredAt;
    if (since === undefined) return undefined;
    const idleDays = (at - since) / (24 * 60 * MINUTE);
    if (idleDays < rule.dormantDays) return undefined;
    return {
      reason: `first movement after ${Math.floor(idleDays)} days without one (dormant after ${rule.dormantDays}): a ${current.flow} of ${yuan(current.amount)} CNY`,
      facts: { idleDays: Math.floor(idleDays), amount: current.amount },
    };
  }) as Check,
  distinctCounterparties: ((
    rule: Extract<Rule, { kind: 'distinctCounterparties' }>,
    _e,
    current,
    ctx,
    at,
  ) => {
    if (!current?.counterpartyId) return undefined;
    const os = inWindow(ctx.customer, current, at, rule.windowMinutes, (o) => !!o.counterpartyId);
    const distinct = new Set(os.map((o) => o.counterpartyId)).size;
    if (distinct <= rule.maxDistinct) return undefined;
    return {
      reason: `${distinct} distinct counterparties in ${rule.windowMinutes} minutes (more than ${rule.maxDistinct})`,
      facts: { distinct, windowMinutes: rule.windowMinutes },
    };
  }) as Check,
  roundAmounts: ((rule: Extract<Rule, { kind: 'roundAmounts' }>, _e, current, ctx, at) => {
    const round = (o: Observation) =>
      rule.flows.includes(o.flow) && o.amount > 0 && o.amount % rule.unit === 0;
    if (!current || !round(current)) return undefined;
    const { count, amount } = tally(ctx.customer, current, at, rule.windowMinutes, round);
    if (count < rule.minCount) return undefined;
    return {
      reason: `${count} round amounts (multiples of ${yuan(rule.unit)} CNY) in ${rule.windowMinutes} minutes`,
      facts: { count, amount },
    };
  }) as Check,
  sharedIdentifier: ((rule: Extract<Rule, { kind: 'sharedIdentifier' }>, event, _c, ctx) => {
    const has =
      rule.identifier === 'device'
        ? 'deviceRef' in event && !!event.deviceRef
        : 'bankCardRef' in event && !!event.bankCardRef;
    const customers = ctx.sharing?.[rule.identifier];
    if (!has || customers === undefined || customers <= rule.maxCustomers) return undefined;
    const what = rule.identifier === 'device' ? 'device' : 'bank card';
    return {
      reason: `the same ${what} is used by ${customers} customers (more than ${rule.maxCustomers})`,
      facts: { customers, identifier: rule.identifier },
    };
  }) as Check,
  failedLoginsThenSuccess: ((
    rule: Extract<Rule, { kind: 'failedLoginsThenSuccess' }>,
    _e,
    current,
    ctx,
    at,
  ) => {
    if (current?.flow !== 'login' || !current.ok) return undefined;
    const logins = inWindow(ctx.customer, undefined, at, rule.windowMinutes, (o) => {
      return o.flow === 'login' && o.id !== current.id && o.at <= at;
    });
    // Failures since the last success before this one.
    let lastSuccess = -Infinity;
    for (const o of logins) if (o.ok && o.at < at) lastSuccess = Math.max(lastSuccess, o.at);
    const failures = logins.filter((o) => !o.ok && o.at > lastSuccess).length;
    if (failures < rule.minFailures) return undefined;
    return {
      reason: `a successful sign-in after ${failures} failed attempts in ${rule.windowMinutes} minutes`,
      facts: { failures, windowMinutes: rule.windowMinutes },
    };
  }) as Check,
  newlyRegisteredCounterparty: ((
    rule: Extract<Rule, { kind: 'newlyRegisteredCounterparty' }>,
    _e,
    current,
    ctx,
    at,
  ) => {
    const opened = ctx.counterpartyRegisteredAt;
    if (current?.flow !== 'transfer' || opened === undefined || current.amount < rule.minAmount)
      return undefined;
    const ageMinutes = (at - opened) / MINUTE;
    if (ageMinutes < 0 || ageMinutes >= rule.withinMinutes) return undefined;
    return {
      reason: `a transfer of ${yuan(current.amount)} CNY to an account opened ${Math.floor(ageMinutes)} minutes before (less than ${rule.withinMinutes})`,
      facts: { ageMinutes: Math.floor(ageMinutes), amount: current.amount },
    };
  }) as Check,
};

/** A compiled rule set for one stage: evaluate it on as many events as needed. */
export class Engine {
  private readonly rules: readonly Rule[];
  private readonly horizon: number;

  constructor(
    readonly ruleSet: RuleSet,
    private readonly stage: Stage,
  ) {
    this.rules = rulesForStage(ruleSet, stage);
    this.horizon = horizonMinutes(ruleSet);
  }

  /**
   * The engine of the blocking subset (rules whose action is BLOCK, in this stage), which the
   * synchronous pre-check runs; undefined when there is none. A BLOCK reached only by the
   * total score needs every rule, so the pre-check leaves it to the scorer (which holds).
   */
  blocking(): Engine | undefined {
    const rules = this.rules.filter((r) => r.action === 'BLOCK');
    if (!rules.length) return undefined;
    return new Engine({ ...this.ruleSet, rules, escalation: [] }, this.stage);
  }

  evaluate(event: RiskEvent, context: ScoringContext): Decision {
    const at = Date.parse(event.at);
    const current = observationOf(event, at);
    const ctx = { ...context, customer: recentView(context.customer, current, at, this.horizon) };
    const hits: RuleHit[] = [];
    const disabled: string[] = [];
    let score = 0;
    let action: RiskAction = 'ALLOW';
    for (const rule of this.rules) {
      if (ctx.disabled?.has(rule.id)) {
        disabled.push(rule.id);
        continue;
      }
      if (ctx.snoozed?.has(rule.id)) continue;
      const held = (CHECKS[rule.kind] as Check)(rule as never, event, current, ctx, at);
      if (!held) continue;
      hits.push({
        ruleId: rule.id,
        kind: rule.kind,
        score: rule.score,
        action: rule.action,
        severity: rule.severity,
        ...held,
      });
      score += rule.score;
      action = moreSevere(rule.action, action);
    }
    score = Math.min(100, score);
    for (const step of this.ruleSet.escalation)
      if (score >= step.minScore) action = moreSevere(step.action, action);
    return {
      eventId: event.eventId,
      customerId: event.customerId,
      flow: flowOf(event),
      at: event.at,
      ruleSetVersion: this.ruleSet.version,
      score,
      action,
      hits,
      ...(disabled.length ? { disabled } : {}),
    };
  }
}

/** What scoring an event adds to its customer's view (the repo stores it; memory applies it). */
export interface ViewDelta {
  readonly observation?: Observation;
  readonly registeredAt?: number;
  readonly movementAt?: number;
  readonly device?: { readonly ref: string; readonly at: number };
  readonly phoneChangedAt?: number;
  readonly bankCardChangedAt?: number;
  /** Identifiers this customer is now known to share (the per-identifier customer sets). */
  readonly identifiers?: readonly { readonly kind: 'device' | 'bankCard'; readonly ref: string }[];
}

export function deltaOf(event: RiskEvent): ViewDelta {
  const at = Date.parse(event.at);
  const observation = observationOf(event, at);
  const identifiers: { kind: 'device' | 'bankCard'; ref: string }[] = [];
  if ('deviceRef' in event && event.deviceRef)
    identifiers.push({ kind: 'device', ref: event.deviceRef });
  if ('bankCardRef' in event && event.bankCardRef)
    identifiers.push({ kind: 'bankCard', ref: event.bankCardRef });
  return {
    ...(observation ? { observation } : {}),
    ...(event.type === 'MOVEMENT' ? { movementAt: at } : {}),
    ...(event.type === 'REGISTRATION' ? { registeredAt: at } : {}),
    ...('deviceRef' in event && event.deviceRef ? { device: { ref: event.deviceRef, at } } : {}),
    ...(event.type === 'PROFILE_CHANGE' && event.field === 'PHONE' ? { phoneChangedAt: at } : {}),
    ...(event.type === 'PROFILE_CHANGE' && event.field === 'BANK_CARD'
      ? { bankCardChangedAt: at }
      : {}),
    ...(identifiers.length ? { identifiers } : {}),
  };
}

/** The later of two optional times (a customer's facts keep the latest). */
export const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
/** When a device was first seen, given an earlier record of it and a new sighting. */
export const firstSeen = (seen: number | undefined, at: number) =>
  seen === undefined ? at : Math.min(seen, at);

/** A customer's slow facts (everything but the observations) after a delta. */
export interface CustomerFacts {
  readonly devices: Readonly<Record<string, number>>;
  readonly registeredAt: number | undefined;
  readonly lastMovementAt: number | undefined;
  readonly phoneChangedAt: number | undefined;
  readonly bankCardChangedAt: number | undefined;
}

/**
 * The facts after a delta: a device keeps the time it was first seen, the other times the
 * latest. The one rule for memory, the risk table and the pure views alike.
 */
export function factsAfter(
  view: Omit<CustomerView, 'observations'>,
  delta: ViewDelta,
): CustomerFacts {
  let devices = view.devices;
  if (delta.device) {
    const seen = devices[delta.device.ref];
    const first = firstSeen(seen, delta.device.at);
    if (first !== seen) devices = { ...devices, [delta.device.ref]: first };
  }
  return {
    devices,
    registeredAt: later(view.registeredAt, delta.registeredAt),
    lastMovementAt: later(view.lastMovementAt, delta.movementAt),
    phoneChangedAt: later(view.phoneChangedAt, delta.phoneChangedAt),
    bankCardChangedAt: later(view.bankCardChangedAt, delta.bankCardChangedAt),
  };
}

/**
 * How late an event may arrive and still be scored in its window: observations are kept
 * this long beyond the rule set's longest window (the stored counters' TTL says the same).
 */
export const LATE_EVENT_ALLOWANCE_MINUTES = 24 * 60;

/** Minutes an observation is kept: the longest window plus the late-event allowance. */
export const keepMinutes = (set: RuleSet) => horizonMinutes(set) + LATE_EVENT_ALLOWANCE_MINUTES;

/**
 * The view after a delta, observations older than `keepMinutes` before `now` dropped.
 * Idempotent: applying the same delta twice gives the same view.
 */
export function applyDelta(
  view: CustomerView,
  delta: ViewDelta,
  keep: number,
  now: number,
): CustomerView {
  const from = now - keep * MINUTE;
  const observations = view.observations.filter(
    (o) => o.at > from && o.id !== delta.observation?.id,
  );
  if (delta.observation && delta.observation.at > from) observations.push(delta.observation);
  const { devices, registeredAt, lastMovementAt, phoneChangedAt, bankCardChangedAt } = factsAfter(
    view,
    delta,
  );
  return {
    observations,
    devices,
    ...(registeredAt !== undefined ? { registeredAt } : {}),
    ...(lastMovementAt !== undefined ? { lastMovementAt } : {}),
    ...(phoneChangedAt !== undefined ? { phoneChangedAt } : {}),
    ...(bankCardChangedAt !== undefined ? { bankCardChangedAt } : {}),
  };
}
