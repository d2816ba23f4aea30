// DynamoDB persistence of monitoring (docs/risk-monitoring.md, "Counters"): what the rules
// know of each customer, decisions with their events (the history a replay reads), and
// alerts. Scoring an event costs one BatchGetItem (everything the rules may read) and one
// TransactWriteItems (the decision, the counters, the alerts). The customer's profile item
// carries a version: concurrent scorings of one customer serialise on it, so two events
// never both open the same alert. Keys:
//
//   CUST#<id>              PROFILE              opened, last movement, devices, changes, open alerts, version
//   CUST#<id>              OBS#<6-hour bucket>  o_<eventId>: one observation each (TTL: window + allowance)
//   IDENT#<kind>#<ref>     CUSTOMERS            c_<customerId>: when each customer was first seen on it
//   HIST#<day>#<shard>     <at>#<eventId>       the event and its decision (32 shards a day)
//   ALERTS#<day>           <alertId>            an alert (its id starts with its opening time)
//   HOLDS#OPEN             <movementId>         a movement held for a risk officer (ADR 0012)
//   HOLDS#<day>            <movementId>         a hold released or rejected that day, with who and why
//   RULESETS               v<version, 6 digits> a rule set version: its status, shadow flag and steps
//   RULESETS               CONTROL              which version is live and which run in shadow
//   CASES#<day>            <caseId>             a case (its id starts with its opening time)
//   MEMBER#ALERT#<id>      CASE                 the case an alert is in (at most one)
//   MEMBER#HOLD#<id>       CASE                 the case a held movement is in, with the hold's summary
//   QUOTA#SMS#...          <hour> | COUNT       the SMS spend limit's counters (identity's sms-quota adapter)
//   SWITCH#rule.<ruleId>   STATE | AT#<time>    a rule's kill switch and its changes (shared/platform/switches.ts)
//   SWITCH#rules           DISABLED             r_<ruleId>: true while the rule is switched off (read with the state)
import { createHash } from 'node:crypto';
import {
  batchGetAll,
  disabledRulesOf,
  RULE_SWITCHES_KEY,
  dynamo,
  GetCommand,
  PutCommand,
  queryAll,
  withoutKeys,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteCommand,
  transactWrite,
  UpdateCommand,
} from '../../platform';
import { screenItems, type LedgerTx, type Screen, type ScreeningNote } from '../../money';
import type { AlertJoined, AlertOpened, Disposition, OpenAlert } from '../domain/alerts';
import type { CaseMembers, CaseRecord } from '../domain/cases';
import { factsAfter } from '../domain/engine';
import type { CustomerView, Decision, Observation, ViewDelta } from '../domain/engine';
import type { MovementEvent, RiskEvent } from '../domain/risk-events';
import type { CustomerLimits } from '../domain/limits';
import type { RiskAction, RuleSet, Severity } from '../domain/rules';
import {
  NO_CONTROL,
  type RuleSetChange,
  type RuleSetControl,
  type RuleSetStatus,
  type RuleSetStep,
} from '../domain/rule-set-lifecycle';

/** Observations are kept in 6-hour buckets: a 24-hour window reads 5 items, 72 hours 13. */
const BUCKET = 6 * 3_600_000;
/** Decisions of a day are spread over 32 partition keys (docs/risk-monitoring.md, "Keys"). */
export const HISTORY_SHARDS = 32;

const bucketOf = (at: number) =>
  new Date(Math.floor(at / BUCKET) * BUCKET).toISOString().slice(0, 13);
const dayOf = (iso: string) => iso.slice(0, 10);
const shardOf = (eventId: string) =>
  createHash('sha256').update(eventId).digest().readUInt8(0) % HISTORY_SHARDS;

const profileKey = (customerId: string) => ({ pk: `CUST#${customerId}`, sk: 'PROFILE' });
const bucketKey = (customerId: string, bucket: string) => ({
  pk: `CUST#${customerId}`,
  sk: `OBS#${bucket}`,
});
const identKey = (kind: string, ref: string) => ({ pk: `IDENT#${kind}#${ref}`, sk: 'CUSTOMERS' });
export const historyKey = (event: Pick<RiskEvent, 'eventId' | 'at'>) => ({
  pk: `HIST#${dayOf(event.at)}#${shardOf(event.eventId)}`,
  sk: `${event.at}#${event.eventId}`,
});
export const alertKey = (alertId: string) => ({ pk: `ALERTS#${alertDay(alertId)}`, sk: alertId });
const ruleSetKey = (version: number) => ({
  pk: 'RULESETS',
  sk: `v${String(version).padStart(6, '0')}`,
});
const controlKey = { pk: 'RULESETS', sk: 'CONTROL' };
const openHoldKey = (movementId: string) => ({ pk: 'HOLDS#OPEN', sk: movementId });
const doneHoldKey = (day: string, movementId: string) => ({ pk: `HOLDS#${day}`, sk: movementId });

/** Alert ids start with the opening time, so a day's alerts sort by it: A20261127T020000123Z-<hex>. */
export function newAlertId(at: Date, random: string): string {
  return `A${at.toISOString().replace(/[-:.]/g, '')}-${random}`;
}
/** The day of an alert from its id, or undefined for a string that is not one. */
export function alertDay(alertId: string): string | undefined {
  return idDay('A', alertId);
}
/** Case ids are made the same way, with a K: K20261129T020000123Z-<hex>. */
export const newCaseId = (at: Date, random: string) => `K${newAlertId(at, random).slice(1)}`;
export const caseDay = (caseId: string) => idDay('K', caseId);
function idDay(prefix: string, id: string): string | undefined {
  const m = /^[AK](\d{4})(\d{2})(\d{2})T\d{6}\d{3}Z-[0-9a-f]{8,32}$/.exec(id);
  return m && id.startsWith(prefix) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
const caseKey = (caseId: string) => ({ pk: `CASES#${caseDay(caseId)}`, sk: caseId });
const memberKey = (kind: 'ALERT' | 'HOLD', id: string) => ({
  pk: `MEMBER#${kind}#${id}`,
  sk: 'CASE',
});

/** A held movement as its case keeps it (the hold leaves HOLDS#OPEN when decided). */
export type HoldSummary = Pick<
  HoldRecord,
  'movementId' | 'customerId' | 'movementType' | 'amount' | 'currency' | 'eventAt' | 'heldAt'
> & { readonly counterpartyId?: string };

export type AlertStatus = 'OPEN' | 'CLOSED';

/** One step of an alert's life: who, when, what (the audit trail of its handling). */
export interface AlertStep {
  readonly at: string;
  readonly by: string;
  readonly action: 'OPENED' | 'ASSIGNED' | 'COMMENTED' | 'ESCALATED' | 'CLOSED';
  readonly assignee?: string;
  readonly note?: string;
  readonly disposition?: Disposition;
  /** The case an escalation put the alert in. */
  readonly caseId?: string;
}

export interface AlertRecord {
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: AlertStatus;
  readonly customerId: string;
  readonly ruleSetVersion: number;
  /** Each rule's contribution to the decision that opened it. */
  readonly contributions: readonly { ruleId: string; score: number; reason: string }[];
  readonly reasons: readonly string[];
  readonly eventIds: readonly string[];
  /** The counterparties and devices (keyed hashes) of its events: what cases group by. */
  readonly counterparties?: readonly string[];
  readonly devices?: readonly string[];
  readonly count: number;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly openedAt: string;
  /** Grows with every staff action; an action names the version it was decided on. */
  readonly version: number;
  readonly assignee?: string;
  readonly disposition?: Disposition;
  readonly history: readonly AlertStep[];
}

/**
 * A monitoring alert a module opens itself, outside event scoring (a breached SLA clock, a
 * key risk indicator, a data-access flag): one event, opened by the system, no rule set.
 */
export function systemAlert(input: {
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly customerId: string;
  readonly reason: string;
  readonly eventId: string;
  /** When it was opened (now). */
  readonly at: string;
  /** When what it alerts on began and was last seen (default: at). */
  readonly firstAt?: string;
  readonly lastAt?: string;
  readonly contributions?: AlertRecord['contributions'];
}): AlertRecord {
  const { at, reason } = input;
  return {
    alertId: input.alertId,
    ruleId: input.ruleId,
    severity: input.severity,
    status: 'OPEN',
    customerId: input.customerId,
    ruleSetVersion: 0,
    contributions: input.contributions ?? [],
    reasons: [reason],
    eventIds: [input.eventId],
    count: 1,
    firstAt: input.firstAt ?? at,
    lastAt: input.lastAt ?? at,
    openedAt: at,
    version: 1,
    history: [{ at, by: 'system', action: 'OPENED', note: reason }],
  };
}

/**
 * A new alert as a transaction's Put (a module that raises one with its own mark, once:
 * the ALERTS# item must not exist; `raiseAlert` access, ADR 0021).
 */
export function alertPut(
  riskTable: string,
  alert: AlertRecord,
): {
  Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string };
} {
  return {
    Put: {
      TableName: riskTable,
      Item: { ...alertKey(alert.alertId), ...alert },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Raises a monitoring alert once: the caller's mark (conditioned on not being there yet)
 * and the alert in one transaction. False when the mark's condition failed (raised
 * already); any other cancellation is thrown after transactWrite's retries.
 */
export async function raiseAlertOnce(
  mark: NonNullable<Parameters<typeof transactWrite>[0]['TransactItems']>[number],
  riskTable: string,
  alert: AlertRecord,
): Promise<boolean> {
  try {
    await transactWrite({ TransactItems: [mark, alertPut(riskTable, alert)] });
    return true;
  } catch (error) {
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    )
      return false;
    throw error;
  }
}

export interface StoredDecision {
  readonly decision: Decision;
  readonly event: RiskEvent;
  readonly alertIds: readonly string[];
  readonly notified: boolean;
  /** The decisions of the versions that ran in shadow on this event, by version. */
  readonly shadows?: Readonly<Record<string, ShadowDecision>>;
}

/** A shadow version's decision on an event, as much as its report needs. */
export interface ShadowDecision {
  readonly action: RiskAction;
  readonly score: number;
  readonly hits: readonly { readonly ruleId: string; readonly action: RiskAction }[];
}

export const shadowDecisionOf = (d: Decision): ShadowDecision => ({
  action: d.action,
  score: d.score,
  hits: d.hits.map((h) => ({ ruleId: h.ruleId, action: h.action })),
});

/** Everything the rules may read for one event, as one BatchGetItem loaded it. */
export interface ScoringState {
  readonly view: CustomerView;
  readonly open: Readonly<Record<string, OpenAlert>>;
  /** The profile's version (0: none yet). */
  readonly version: number;
  readonly counterpartyRegisteredAt?: number;
  readonly sharing: { device?: number; bankCard?: number };
  /** Set when this event was scored before (a redelivery). */
  readonly decided?: StoredDecision;
  /** Rules snoozed for this customer, by rule id (kept on the profile). */
  readonly snoozes: Readonly<Record<string, Snooze>>;
  /** Rules snoozed for movements to this customer (kept on its profile, which scoring rewrites). */
  readonly counterpartySnoozes: Readonly<Record<string, Snooze>>;
  /** Rules snoozed for movements to this event's counterparty (on the counterparty's profile). */
  readonly recipientSnoozes: Readonly<Record<string, Snooze>>;
  /** The customer's own exposure limits, set by risk staff (kept on the profile; ADR 0013). */
  readonly limits?: LimitsRecord;
  /** Which rule set versions run (read with the rest when asked for). */
  readonly control?: RuleSetControl;
  /** The rules their kill switch disables (read with the rest when asked for; ADR 0018). */
  readonly disabledRules?: ReadonlySet<string>;
}

/** A customer's own exposure limits, with who set them, when and why. */
export interface LimitsRecord {
  readonly limits: CustomerLimits;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

/** Whom a snooze silences a rule for: a customer's own events, or movements to a counterparty. */
export type SnoozeScope = 'customer' | 'counterparty';
const SNOOZE_FIELD = { customer: 'snoozes', counterparty: 'counterpartySnoozes' } as const;

/** A rule silenced for one customer or counterparty until a time, with why and by whom. */
export interface Snooze {
  readonly until: number;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

/** A rule set version as stored: the set, who added it when, its status and every step. */
export interface StoredRuleSet {
  readonly ruleSet: RuleSet;
  readonly status: RuleSetStatus;
  readonly shadow: boolean;
  readonly by: string;
  readonly at: string;
  readonly history: readonly RuleSetStep[];
}

/** A movement held by risk screening, waiting for a risk officer (ADR 0012). */
export interface HoldRecord {
  readonly movementId: string;
  readonly customerId: string;
  readonly movementType: MovementEvent['movementType'];
  readonly amount: number;
  readonly currency: 'CNY';
  readonly counterpartyId?: string;
  /** When the movement was made, and when scoring held it. */
  readonly eventAt: string;
  readonly heldAt: string;
  readonly score: number;
  readonly ruleSetVersion: number;
  readonly rules: ScreeningNote['rules'];
  /** The alerts the decision opened or joined. */
  readonly alertIds: readonly string[];
  /** Once decided: released or rejected, by whom, when and why. */
  readonly resolution?: NonNullable<ScreeningNote['resolution']>;
}

/** The screen a scoring puts on its movement (in the ledger table), and the hold if it holds. */
export interface ScreeningWrite {
  readonly ledgerTable: string;
  readonly event: MovementEvent;
  readonly screen: Screen;
  readonly note: ScreeningNote;
  readonly hold?: HoldRecord;
}

/** The movement of a screened event is not in the ledger (or already screened): score without. */
export class ScreeningTargetError extends Error {
  override readonly name = 'ScreeningTargetError';
}

/** Another scoring of the same customer committed first: load and score again. */
export class ConcurrentScoringError extends Error {
  override readonly name = 'ConcurrentScoringError';
}
/** The event was scored by another delivery meanwhile. */
export class AlreadyScoredError extends Error {
  override readonly name = 'AlreadyScoredError';
}

type Item = Record<string, unknown>;

const encode = (o: Observation) =>
  JSON.stringify([o.at, o.flow, o.amount, o.counterpartyId ?? null, o.ok ?? null]);
function decode(id: string, raw: unknown): Observation | undefined {
  if (typeof raw !== 'string') return undefined;
  const [at, flow, amount, cp, ok] = JSON.parse(raw) as [
    number,
    Observation['flow'],
    number,
    string | null,
    boolean | null,
  ];
  return {
    id,
    at,
    flow,
    amount,
    counterpartyId: cp ?? undefined,
    ok: ok ?? undefined,
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const prefixed = (item: Item, prefix: string) =>
  Object.keys(item).filter((k) => k.startsWith(prefix));

export class RiskRepo {
  constructor(readonly table: string) {}

  /**
   * The state for scoring `event`: counters over the last `horizonMinutes`, and the rest;
   * with `control`, also which rule set versions run, and with `switches`, which rules are
   * switched off (in the same request).
   */
  async load(
    event: RiskEvent,
    horizonMinutes: number,
    opts: { control?: boolean; switches?: boolean } = {},
  ): Promise<ScoringState> {
    const at = Date.parse(event.at);
    const keys: Item[] = [profileKey(event.customerId), historyKey(event)];
    if (opts.control) keys.push(controlKey);
    if (opts.switches) keys.push(RULE_SWITCHES_KEY);
    const first = Math.floor((at - horizonMinutes * 60_000) / BUCKET) * BUCKET;
    for (let b = first; b <= at; b += BUCKET) keys.push(bucketKey(event.customerId, bucketOf(b)));
    const counterparty = event.type === 'MOVEMENT' ? event.counterpartyId : undefined;
    if (counterparty) keys.push(profileKey(counterparty));
    const device = 'deviceRef' in event ? event.deviceRef : undefined;
    const card = 'bankCardRef' in event ? event.bankCardRef : undefined;
    if (device) keys.push(identKey('device', device));
    if (card) keys.push(identKey('bankCard', card));
    // BatchGetItem refuses a key twice (a recipient who is the sender, say): ask each once.
    const unique = [...new Map(keys.map((k) => [`${String(k.pk)}|${String(k.sk)}`, k])).values()];
    const items = await batchGetAll(this.table, unique);
    const byKey = new Map(items.map((i) => [`${String(i.pk)}|${String(i.sk)}`, i]));
    const get = (k: { pk: string; sk: string }) => byKey.get(`${k.pk}|${k.sk}`);

    const profile = get(profileKey(event.customerId)) ?? {};
    const observations: Observation[] = [];
    for (const item of items) {
      if (item.pk !== `CUST#${event.customerId}` || !String(item.sk).startsWith('OBS#')) continue;
      for (const k of prefixed(item, 'o_')) {
        const o = decode(k.slice(2), item[k]);
        if (o) observations.push(o);
      }
    }
    const sharingOf = (kind: string, ref: string | undefined) => {
      if (!ref) return undefined;
      const set = get(identKey(kind, ref)) ?? {};
      const customers = new Set(prefixed(set, 'c_').map((k) => k.slice(2)));
      customers.add(event.customerId);
      return customers.size;
    };
    const sharing: { device?: number; bankCard?: number } = {};
    const d = sharingOf('device', device);
    const c = sharingOf('bankCard', card);
    if (d !== undefined) sharing.device = d;
    if (c !== undefined) sharing.bankCard = c;
    const decidedItem = get(historyKey(event));
    const registeredAt = num(profile.registeredAt);
    const lastMovementAt = num(profile.lastMovementAt);
    const phoneChangedAt = num(profile.phoneChangedAt);
    const bankCardChangedAt = num(profile.bankCardChangedAt);
    const cpProfile = counterparty ? get(profileKey(counterparty)) : undefined;
    const cpRegistered = num(cpProfile?.registeredAt);
    const snoozesOf = (item: Item | undefined, scope: SnoozeScope) =>
      (item?.[SNOOZE_FIELD[scope]] as Record<string, Snooze> | undefined) ?? {};
    return {
      view: {
        observations,
        devices: (profile.devices as Record<string, number> | undefined) ?? {},
        ...(registeredAt !== undefined ? { registeredAt } : {}),
        ...(lastMovementAt !== undefined ? { lastMovementAt } : {}),
        ...(phoneChangedAt !== undefined ? { phoneChangedAt } : {}),
        ...(bankCardChangedAt !== undefined ? { bankCardChangedAt } : {}),
      },
      open: (profile.open as Record<string, OpenAlert> | undefined) ?? {},
      snoozes: snoozesOf(profile, 'customer'),
      counterpartySnoozes: snoozesOf(profile, 'counterparty'),
      recipientSnoozes: snoozesOf(cpProfile, 'counterparty'),
      ...(profile.limits ? { limits: profile.limits as LimitsRecord } : {}),
      version: num(profile.version) ?? 0,
      ...(cpRegistered !== undefined ? { counterpartyRegisteredAt: cpRegistered } : {}),
      ...(opts.control ? { control: controlOf(get(controlKey)) } : {}),
      ...(opts.switches ? { disabledRules: disabledRulesOf(get(RULE_SWITCHES_KEY)) } : {}),
      sharing,
      ...(decidedItem
        ? {
            decided: {
              decision: decidedItem.decision as Decision,
              event: decidedItem.event as RiskEvent,
              alertIds: (decidedItem.alertIds as string[] | undefined) ?? [],
              notified: decidedItem.notified === true,
            },
          }
        : {}),
    };
  }

  /**
   * Records a decision with what it changes, in one transaction: the decision (once per
   * event), the customer's counters and profile (on the version that was read), the
   * identifier sets, and the alerts opened or joined.
   */
  async record(input: {
    event: RiskEvent;
    decision: Decision;
    delta: ViewDelta;
    state: ScoringState;
    open: Readonly<Record<string, OpenAlert>>;
    opened: readonly AlertOpened[];
    joined: readonly AlertJoined[];
    keepMinutes: number;
    /** When the scoring ran: the opening time of its alerts. */
    now: Date;
    /** A withdrawal, transfer or order: its screen, in the same transaction (ADR 0012). */
    screening?: ScreeningWrite;
    /** The decisions of the versions in shadow, kept with the live one. */
    shadows?: Readonly<Record<string, ShadowDecision>>;
  }): Promise<void> {
    const { event, decision, delta, state } = input;
    const T = this.table;
    const alertIds = [...input.opened.map((a) => a.alertId)];
    const items: NonNullable<
      ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
    > = [
      {
        Put: {
          TableName: T,
          Item: {
            ...historyKey(event),
            event,
            decision,
            alertIds,
            notified: alertIds.length === 0,
            ...(input.shadows && Object.keys(input.shadows).length
              ? { shadows: input.shadows }
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    // The profile: every field written in full from the state read plus the delta.
    const { devices, ...times } = factsAfter(state.view, delta);
    const profile: Item = {
      ...profileKey(event.customerId),
      customerId: event.customerId,
      devices,
      open: input.open,
      ...(Object.keys(state.snoozes).length ? { snoozes: state.snoozes } : {}),
      ...(Object.keys(state.counterpartySnoozes).length
        ? { counterpartySnoozes: state.counterpartySnoozes }
        : {}),
      ...(state.limits ? { limits: state.limits } : {}),
      version: state.version + 1,
    };
    for (const [name, value] of Object.entries(times))
      if (value !== undefined) profile[name] = value;
    items.push({
      Put: {
        TableName: T,
        Item: profile,
        ConditionExpression: state.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(state.version === 0 ? {} : { ExpressionAttributeValues: { ':v': state.version } }),
      },
    });
    if (delta.observation) {
      const o = delta.observation;
      const start = Math.floor(o.at / BUCKET) * BUCKET;
      items.push({
        Update: {
          TableName: T,
          Key: bucketKey(event.customerId, bucketOf(o.at)),
          UpdateExpression: 'SET #o = :o, expiresAt = :ttl',
          ExpressionAttributeNames: { '#o': `o_${o.id}` },
          ExpressionAttributeValues: {
            ':o': encode(o),
            ':ttl': Math.floor((start + BUCKET + input.keepMinutes * 60_000) / 1000),
          },
        },
      });
    }
    for (const ident of delta.identifiers ?? []) {
      items.push({
        Update: {
          TableName: T,
          Key: identKey(ident.kind, ident.ref),
          UpdateExpression: 'SET #c = if_not_exists(#c, :at)',
          ExpressionAttributeNames: { '#c': `c_${event.customerId}` },
          ExpressionAttributeValues: { ':at': Date.parse(event.at) },
        },
      });
    }
    const cp = event.type === 'MOVEMENT' ? event.counterpartyId : undefined;
    const device = 'deviceRef' in event ? event.deviceRef : undefined;
    const refs = { counterparties: cp ? [cp] : [], devices: device ? [device] : [] };
    for (const a of input.opened) {
      const hit = a.hit;
      const alert: AlertRecord = {
        alertId: a.alertId,
        ruleId: a.ruleId,
        severity: a.severity,
        status: 'OPEN',
        customerId: event.customerId,
        ruleSetVersion: decision.ruleSetVersion,
        contributions: decision.hits.map((h) => ({
          ruleId: h.ruleId,
          score: h.score,
          reason: h.reason,
        })),
        reasons: [hit.reason],
        eventIds: [event.eventId],
        counterparties: refs.counterparties,
        devices: refs.devices,
        count: 1,
        firstAt: event.at,
        lastAt: event.at,
        openedAt: input.now.toISOString(),
        version: 1,
        history: [{ at: input.now.toISOString(), by: 'system', action: 'OPENED' }],
      };
      items.push({
        Put: {
          TableName: T,
          Item: { ...alertKey(a.alertId), ...alert },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    for (const j of input.joined) {
      const sets = [
        'eventIds = list_append(eventIds, :e)',
        'reasons = list_append(reasons, :r)',
        'firstAt = if_not_exists(firstAt, :at)',
        'lastAt = :last',
      ];
      const values: Item = {};
      for (const field of ['counterparties', 'devices'] as const)
        if (refs[field].length) {
          sets.push(`${field} = list_append(if_not_exists(${field}, :nil), :${field})`);
          values[`:${field}`] = refs[field];
          values[':nil'] = [];
        }
      items.push({
        Update: {
          TableName: T,
          Key: alertKey(j.alertId),
          UpdateExpression: `SET ${sets.join(', ')} ADD #count :one`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: {
            ':e': [event.eventId],
            ':r': [j.hit.reason],
            ':at': event.at,
            ':last': new Date(input.open[j.ruleId]?.lastAt ?? Date.parse(event.at)).toISOString(),
            ':one': 1,
            ...values,
          },
        },
      });
    }
    const screenAt = items.length;
    const sc = input.screening;
    if (sc) {
      const e = sc.event;
      items.push(
        ...screenItems(
          sc.ledgerTable,
          { movementId: e.movementId, settleOn: e.settleOn, shard: e.shard },
          sc.screen,
          sc.note,
        ).filter((i) => i !== undefined),
      );
      if (sc.hold)
        items.push({
          Put: {
            TableName: T,
            Item: { ...openHoldKey(sc.hold.movementId), ...sc.hold },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
    }
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new AlreadyScoredError();
      if (sc && reasons.slice(screenAt).some((r) => r?.Code === 'ConditionalCheckFailed'))
        throw new ScreeningTargetError(`movement ${sc.event.movementId} cannot take a screen`);
      // The profile's version moved, or another transaction touched the same items.
      throw new ConcurrentScoringError('the customer was scored concurrently', { cause: error });
    }
  }

  /**
   * Adds a staff action to a transaction: the alert's new status, assignee or disposition
   * and its step, on the version the staff member decided on (appended, so the events that
   * join meanwhile are kept). A closed alert also leaves the customer's open alerts (on the
   * profile, whose version moves so a scoring in flight reads again): the next hit of its
   * rule opens a new one.
   */
  alertAction(tx: LedgerTx, alert: AlertRecord, step: AlertStep, closesOpen: boolean): LedgerTx {
    const closing = step.action === 'CLOSED';
    const sets = ['history = list_append(history, :step)', 'version = :next'];
    const values: Record<string, unknown> = {
      ':step': [step],
      ':next': alert.version + 1,
      ':v': alert.version,
      ':open': 'OPEN',
    };
    if (step.assignee !== undefined) {
      sets.push('assignee = :assignee');
      values[':assignee'] = step.assignee;
    }
    if (closing) {
      sets.push('#status = :closed, disposition = :d, closedAt = :at, closedBy = :by');
      Object.assign(values, {
        ':closed': 'CLOSED',
        ':d': step.disposition,
        ':at': step.at,
        ':by': step.by,
      });
    }
    tx.update(
      { kind: 'alert' },
      {
        TableName: this.table,
        Key: alertKey(alert.alertId) as Record<string, string>,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'version = :v AND #status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    );
    if (closing && closesOpen)
      tx.update(
        { kind: 'alert' },
        {
          TableName: this.table,
          Key: profileKey(alert.customerId),
          UpdateExpression: 'SET version = version + :one REMOVE #open.#rule',
          ConditionExpression: '#open.#rule.alertId = :id',
          ExpressionAttributeNames: { '#open': 'open', '#rule': alert.ruleId },
          ExpressionAttributeValues: { ':id': alert.alertId, ':one': 1 },
        },
      );
    return tx;
  }

  private async profileItem(customerId: string): Promise<Item | undefined> {
    const [item] = await batchGetAll(this.table, [profileKey(customerId)]);
    return item;
  }

  /**
   * What staff change on a customer's profile: snoozes (for the customer's own events and
   * for movements to it) and limits, and its version (0: no profile yet).
   */
  async staffSettingsOf(customerId: string): Promise<{
    snoozes: Record<SnoozeScope, Record<string, Snooze>>;
    limits?: LimitsRecord;
    version: number;
  }> {
    const profile = await this.profileItem(customerId);
    const of = (scope: SnoozeScope) =>
      (profile?.[SNOOZE_FIELD[scope]] as Record<string, Snooze> | undefined) ?? {};
    return {
      snoozes: { customer: of('customer'), counterparty: of('counterparty') },
      ...(profile?.limits ? { limits: profile.limits as LimitsRecord } : {}),
      version: num(profile?.version) ?? 0,
    };
  }

  /**
   * Adds a customer's own limits to a transaction: on the profile (on the version read,
   * which moves so a scoring in flight reads again), and an append-only record with who,
   * when and why (`LIMITS#<customer>`).
   */
  setLimits(tx: LedgerTx, customerId: string, record: LimitsRecord, version: number): LedgerTx {
    tx.update(
      { kind: 'alert' },
      {
        TableName: this.table,
        Key: profileKey(customerId),
        UpdateExpression: 'SET limits = :l, customerId = :c, version = :next',
        ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ExpressionAttributeValues: {
          ':l': record,
          ':c': customerId,
          ':next': version + 1,
          ...(version === 0 ? {} : { ':v': version }),
        },
      },
    );
    return tx.put(undefined, {
      TableName: this.table,
      Item: { pk: `LIMITS#${customerId}`, sk: record.at, customerId, ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  /** Every change of a customer's own limits, oldest first. */
  async limitsHistory(customerId: string): Promise<LimitsRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `LIMITS#${customerId}` },
    });
    return items.map((i) => {
      const { customerId: _c, ...r } = withoutKeys(i);
      return r as unknown as LimitsRecord;
    });
  }

  /**
   * Adds a snooze to a transaction: the snoozes of that scope replaced on the profile of
   * `customerId` (the customer, or the counterparty movements go to; on the version read,
   * which moves so a scoring in flight reads again), and an append-only record of it.
   */
  snooze(
    tx: LedgerTx,
    target: { customerId: string; scope: SnoozeScope },
    ruleId: string,
    snoozes: Record<string, Snooze>,
    version: number,
  ): LedgerTx {
    const { customerId, scope } = target;
    const s = snoozes[ruleId] as Snooze;
    tx.update(
      { kind: 'alert' },
      {
        TableName: this.table,
        Key: profileKey(customerId),
        UpdateExpression: 'SET #s = :s, customerId = :c, version = :next',
        ExpressionAttributeNames: { '#s': SNOOZE_FIELD[scope] },
        ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ExpressionAttributeValues: {
          ':s': snoozes,
          ':c': customerId,
          ':next': version + 1,
          ...(version === 0 ? {} : { ':v': version }),
        },
      },
    );
    tx.put(undefined, {
      TableName: this.table,
      Item: {
        pk: `SNOOZE#${customerId}`,
        sk: `${s.at}#${ruleId}`,
        customerId,
        scope,
        ruleId,
        ...s,
      },
    });
    return tx;
  }

  /** The alert a customer's rule has open, as the profile records it. */
  async openAlertOf(customerId: string, ruleId: string): Promise<string | undefined> {
    const open = (await this.profileItem(customerId))?.open as
      Record<string, OpenAlert> | undefined;
    return open?.[ruleId]?.alertId;
  }

  /** Marks a decision's alerts as sent to risk staff. */
  /** Which versions run: the control item as it is now (none yet: the shipped default). */
  async ruleSetControl(): Promise<RuleSetControl> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: controlKey, ConsistentRead: true }),
    );
    return controlOf(out.Item);
  }

  /**
   * Adds a rule set's step to a transaction: the version's status, shadow flag and history
   * (on the history it was decided on), the control (on its revision) when it changes, and
   * the version it replaces as live, retired.
   */
  ruleSetChange(
    tx: LedgerTx,
    before: StoredRuleSet,
    change: RuleSetChange,
    control: RuleSetControl,
  ): LedgerTx {
    const { next } = change;
    tx.update(
      { kind: 'ruleSet' },
      {
        TableName: this.table,
        Key: ruleSetKey(next.version),
        UpdateExpression: 'SET #status = :s, shadow = :sh, history = :h',
        ConditionExpression: 'size(history) = :n',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':s': next.status,
          ':sh': next.shadow,
          ':h': next.history,
          ':n': before.history.length,
        },
      },
    );
    if (change.control !== control)
      tx.put(
        { kind: 'ruleSet' },
        {
          TableName: this.table,
          Item: { ...controlKey, ...change.control },
          ConditionExpression:
            control.revision === 0 ? 'attribute_not_exists(pk)' : 'revision = :r',
          ...(control.revision === 0
            ? {}
            : { ExpressionAttributeValues: { ':r': control.revision } }),
        },
      );
    if (change.retires !== undefined) {
      const step = next.history[next.history.length - 1] as RuleSetStep;
      tx.update(
        { kind: 'ruleSet' },
        {
          TableName: this.table,
          Key: ruleSetKey(change.retires),
          UpdateExpression: 'SET #status = :retired, history = list_append(history, :step)',
          ConditionExpression: '#status = :live',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':retired': 'RETIRED',
            ':live': 'LIVE',
            ':step': [
              {
                at: step.at,
                by: step.by,
                action: 'RETIRED',
                reason: `replaced by version ${next.version}`,
              },
            ],
          },
        },
      );
    }
    return tx;
  }

  /** Stores a new rule set version (fails if the version exists: versions are never rewritten). */
  async putRuleSet(record: StoredRuleSet): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.table,
          Item: { ...ruleSetKey(record.ruleSet.version), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async ruleSet(version: number): Promise<StoredRuleSet | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: ruleSetKey(version), ConsistentRead: true }),
    );
    return out.Item ? storedRuleSetOf(out.Item) : undefined;
  }

  /** Every stored version, oldest first. */
  async ruleSets(): Promise<StoredRuleSet[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': ruleSetKey(0).pk, ':v': 'v' },
    });
    return items.map(storedRuleSetOf);
  }

  /** The open holds, oldest first (one partition: holds are a small share of movements). */
  async openHolds(): Promise<HoldRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': openHoldKey('').pk },
      ConsistentRead: true,
    });
    return items
      .map((i) => withoutKeys(i) as unknown as HoldRecord)
      .sort((a, b) => a.heldAt.localeCompare(b.heldAt) || a.movementId.localeCompare(b.movementId));
  }

  async openHold(movementId: string): Promise<HoldRecord | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: openHoldKey(movementId), ConsistentRead: true }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as HoldRecord) : undefined;
  }

  /** Holds decided on a day (CST date of the decision), with who decided and why. */
  async holdsDecidedOn(day: string): Promise<HoldRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': doneHoldKey(day, '').pk },
    });
    return items.map((i) => withoutKeys(i) as unknown as HoldRecord);
  }

  /**
   * Adds a hold's decision to a transaction: the open hold goes (on condition it is still
   * open), and the decided one is kept under the day with its resolution.
   */
  closeHold(tx: LedgerTx, hold: HoldRecord, day: string): LedgerTx {
    return tx
      .delete(
        { kind: 'screen' },
        {
          TableName: this.table,
          Key: openHoldKey(hold.movementId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      )
      .put(undefined, {
        TableName: this.table,
        Item: { ...doneHoldKey(day, hold.movementId), ...hold },
      });
  }

  /** Alerts by id (unknown ids are left out). */
  async alerts(alertIds: readonly string[]): Promise<AlertRecord[]> {
    const keys = alertIds.filter((id) => alertDay(id)).map(alertKey);
    return keys.length ? (await batchGetAll(this.table, keys)).map(stripKeys) : [];
  }

  /** The alerts a customer has open now (as its profile records them), newest first. */
  async openAlertsOf(customerId: string): Promise<AlertRecord[]> {
    const open = (await this.profileItem(customerId))?.open as
      Record<string, OpenAlert> | undefined;
    const alerts = await this.alerts(Object.values(open ?? {}).map((o) => o.alertId));
    return alerts.sort((a, b) => b.lastAt.localeCompare(a.lastAt));
  }

  /** A customer's movements held by risk screening now, oldest first. */
  async openHoldsOfCustomer(customerId: string): Promise<HoldRecord[]> {
    return (await this.openHolds()).filter((h) => h.customerId === customerId);
  }

  /** The open holds among these movements. */
  async openHoldsOf(movementIds: readonly string[]): Promise<HoldRecord[]> {
    if (!movementIds.length) return [];
    const items = await batchGetAll(this.table, movementIds.map(openHoldKey));
    return items.map((i) => withoutKeys(i) as unknown as HoldRecord);
  }

  async case(caseId: string): Promise<CaseRecord | undefined> {
    if (!caseDay(caseId)) return undefined;
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: caseKey(caseId), ConsistentRead: true }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as CaseRecord) : undefined;
  }

  /** The cases opened on a day, oldest first. */
  async casesOn(day: string): Promise<CaseRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASES#${day}` },
    });
    return items.map((i) => withoutKeys(i) as unknown as CaseRecord);
  }

  /** The case each of these alerts and holds is in, by member id (those in none are absent). */
  async caseOfMembers(members: CaseMembers): Promise<Map<string, string>> {
    const keys = [
      ...members.alertIds.map((id) => memberKey('ALERT', id)),
      ...members.holdIds.map((id) => memberKey('HOLD', id)),
    ];
    const items = keys.length ? await batchGetAll(this.table, keys) : [];
    return new Map(items.map((i) => [String(i.pk).split('#')[2] as string, String(i.caseId)]));
  }

  /** The summaries of held movements kept with their case membership. */
  async holdSummaries(movementIds: readonly string[]): Promise<HoldSummary[]> {
    if (!movementIds.length) return [];
    const items = await batchGetAll(
      this.table,
      movementIds.map((id) => memberKey('HOLD', id)),
    );
    return items.map((i) => i.hold as HoldSummary);
  }

  /**
   * Adds a case's new state to a transaction: a new case (on condition it does not exist),
   * or a changed one on the version read.
   */
  putCase(tx: LedgerTx, after: CaseRecord, before?: CaseRecord): LedgerTx {
    return tx.put(
      { kind: 'alert' },
      {
        TableName: this.table,
        Item: { ...caseKey(after.caseId), ...after },
        ConditionExpression: before ? 'version = :v' : 'attribute_not_exists(pk)',
        ...(before ? { ExpressionAttributeValues: { ':v': before.version } } : {}),
      },
    );
  }

  /**
   * Adds members to a case in a transaction: each joins on condition it is in no case
   * (`from` undefined), or moves from the case `from` on condition it is still there.
   */
  moveMembers(
    tx: LedgerTx,
    caseId: string,
    members: CaseMembers,
    holds: ReadonlyMap<string, HoldSummary>,
    from?: string,
  ): LedgerTx {
    const one = (kind: 'ALERT' | 'HOLD', id: string) => {
      if (from)
        tx.update(
          { kind: 'alert' },
          {
            TableName: this.table,
            Key: memberKey(kind, id),
            UpdateExpression: 'SET caseId = :to',
            ConditionExpression: 'caseId = :from',
            ExpressionAttributeValues: { ':to': caseId, ':from': from },
          },
        );
      else
        tx.put(
          { kind: 'alert' },
          {
            TableName: this.table,
            Item: {
              ...memberKey(kind, id),
              caseId,
              ...(kind === 'HOLD' && holds.get(id) ? { hold: holds.get(id) } : {}),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        );
    };
    for (const id of members.alertIds) one('ALERT', id);
    for (const id of members.holdIds) one('HOLD', id);
    return tx;
  }

  async markNotified(event: Pick<RiskEvent, 'eventId' | 'at'>): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.table,
        Key: historyKey(event),
        UpdateExpression: 'SET notified = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }

  async alert(alertId: string): Promise<AlertRecord | undefined> {
    const key = alertDay(alertId) ? alertKey(alertId) : undefined;
    if (!key) return undefined;
    const [item] = await batchGetAll(this.table, [key]);
    return item ? stripKeys(item) : undefined;
  }

  /**
   * Every alert opened on each of `days` (UTC, as alerts are keyed): when it opened, closed
   * and how (the KPIs' alert handling figures; M8.3-a).
   */
  async alertTimes(
    days: readonly string[],
  ): Promise<{ customerId: string; openedAt: string; closedAt?: string; disposition?: string }[]> {
    const pages = await Promise.all(
      days.map((day) =>
        queryAll({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ProjectionExpression: 'customerId, openedAt, closedAt, disposition',
          ExpressionAttributeValues: { ':pk': `ALERTS#${day}` },
        }),
      ),
    );
    return pages.flat().map((a) => ({
      customerId: String(a.customerId),
      openedAt: String(a.openedAt),
      ...(typeof a.closedAt === 'string' ? { closedAt: a.closedAt } : {}),
      ...(typeof a.disposition === 'string' ? { disposition: a.disposition } : {}),
    }));
  }

  /** A day's alerts, newest first, one page. */
  async alertsOn(
    day: string,
    limit: number,
    after?: string,
  ): Promise<{ items: AlertRecord[]; last?: string }> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: after ? 'pk = :pk AND sk < :after' : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': `ALERTS#${day}`,
          ...(after ? { ':after': after } : {}),
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const items = (out.Items ?? []).map(stripKeys);
    const last = out.LastEvaluatedKey?.sk;
    return { items, ...(typeof last === 'string' ? { last } : {}) };
  }

  /** Decisions of a day (every shard), oldest first: the stored history a replay reads. */
  async decisionsOn(day: string): Promise<StoredDecision[]> {
    const shards = await Promise.all(
      Array.from({ length: HISTORY_SHARDS }, async (_, s) => {
        const out: StoredDecision[] = [];
        let start: Item | undefined;
        do {
          const page = await dynamo().send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `HIST#${day}#${s}` },
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          for (const i of page.Items ?? [])
            out.push({
              decision: i.decision as Decision,
              event: i.event as RiskEvent,
              alertIds: (i.alertIds as string[] | undefined) ?? [],
              notified: i.notified === true,
              ...(i.shadows ? { shadows: i.shadows as Record<string, ShadowDecision> } : {}),
            });
          start = page.LastEvaluatedKey;
        } while (start);
        return out;
      }),
    );
    return shards.flat().sort((a, b) => a.event.at.localeCompare(b.event.at));
  }
}

function controlOf(item: Item | undefined): RuleSetControl {
  if (!item) return NO_CONTROL;
  return {
    live: num(item.live) ?? 0,
    shadows: (item.shadows as number[] | undefined) ?? [],
    revision: num(item.revision) ?? 0,
  };
}

function storedRuleSetOf(item: Item): StoredRuleSet {
  const r = withoutKeys(item) as Partial<StoredRuleSet> &
    Pick<StoredRuleSet, 'ruleSet' | 'by' | 'at'>;
  return {
    ruleSet: r.ruleSet,
    status: r.status ?? 'DRAFT',
    shadow: r.shadow ?? false,
    by: r.by,
    at: r.at,
    history: r.history ?? [{ at: r.at, by: r.by, action: 'ADDED' }],
  };
}

function stripKeys(item: Item): AlertRecord {
  const { pk: _pk, sk: _sk, closedAt: _c, closedBy: _b, ...rest } = item;
  const unique = (v: unknown) => [...new Set((v as string[] | undefined) ?? [])];
  // Alerts opened before their lifecycle existed have neither version nor history.
  return {
    version: 1,
    history: [],
    ...rest,
    counterparties: unique(rest.counterparties),
    devices: unique(rest.devices),
  } as unknown as AlertRecord;
}
