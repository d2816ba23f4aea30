// Cases (M4.1-a; docs/risk-monitoring.md, "Cases"): risk officers group the alerts and holds
// of one key (customer, counterparty, device) within a range of days into a case, or
// escalate an alert into one; then comment, assign, split, merge and close it. Every step
// takes an Idempotency-Key (a retry answers as the first did), names the case's version it
// was decided on, and is one transaction: the case, and the membership of every alert and
// hold it moves (each is in at most one case).
import { randomBytes } from 'node:crypto';
import { addDays, type Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
  type LedgerTx,
} from '../../money';
import { NotFoundError, Refusal } from '../../platform';
import {
  newCaseId,
  type AlertRecord,
  type HoldRecord,
  type HoldSummary,
  type RiskRepo,
} from '../adapters/risk-repo';
import {
  applyCaseAction,
  CaseActionRefused,
  matchesKey,
  MAX_CASE_MEMBERS,
  openCase,
  type CaseAction,
  type CaseKey,
  type CaseMembers,
  type CaseRecord,
  type CaseStatus,
  type CaseStep,
  type Groupable,
} from '../domain/cases';
import { withCustomers, type MaskedNames } from './alerts';
import { dayRange } from './day-range';

export interface CaseDeps {
  readonly repo: RiskRepo;
  /** Transactions and idempotency records on the risk table. */
  readonly tx: LedgerRepo;
  readonly clock: Clock;
}

/** The widest range of days one case groups. */
export const MAX_CASE_DAYS = 31;
const CONFLICT = 'The case or its alerts and holds changed meanwhile; read them again.';

const refused = (error: unknown): never => {
  if (!(error instanceof CaseActionRefused)) throw error;
  throw new Refusal(error.code, error.message, error.field ? [error.field] : []);
};

export const groupableAlert = (a: AlertRecord): Groupable => ({
  id: a.alertId,
  customerId: a.customerId,
  counterparties: a.counterparties ?? [],
  devices: a.devices ?? [],
});
const groupableHold = (h: HoldSummary): Groupable => ({
  id: h.movementId,
  customerId: h.customerId,
  counterparties: h.counterpartyId ? [h.counterpartyId] : [],
  devices: [],
});
export const holdSummaryOf = (h: HoldRecord): HoldSummary => ({
  movementId: h.movementId,
  customerId: h.customerId,
  movementType: h.movementType,
  amount: h.amount,
  currency: h.currency,
  eventAt: h.eventAt,
  heldAt: h.heldAt,
  ...(h.counterpartyId ? { counterpartyId: h.counterpartyId } : {}),
});

/**
 * Opens a case of the alerts and holds that match `key` in the days `from`..`to` and are in
 * no case yet: alerts opened on those days, holds of movements made on them.
 */
export async function openCaseByKey(
  staff: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & {
    input: { key: CaseKey; from: string; to: string; reason: string };
  },
  deps: CaseDeps,
): Promise<CaseRecord> {
  const { key, reason } = req.input;
  const { from, to, days: range } = dayRange(req.input, { maxDays: MAX_CASE_DAYS, where: 'body' });
  const scoped = staffRequest(staff, req, { openCase: req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (idem) => {
    const alerts: AlertRecord[] = [];
    for (const day of range) {
      let after: string | undefined;
      do {
        const page = await deps.repo.alertsOn(day, 100, after);
        alerts.push(...page.items.filter((a) => matchesKey(key, groupableAlert(a))));
        after = page.last;
      } while (after);
    }
    // Holds decided up to a day after the range may be of movements made in it.
    const decidedDays = [...range, addDays(to, 1)];
    const holds = new Map<string, HoldSummary>();
    for (const h of [
      ...(await deps.repo.openHolds()),
      ...(await Promise.all(decidedDays.map((d) => deps.repo.holdsDecidedOn(d)))).flat(),
    ]) {
      const day = h.eventAt.slice(0, 10);
      if (day >= from && day <= to && matchesKey(key, groupableHold(h)))
        holds.set(h.movementId, holdSummaryOf(h));
    }
    const candidates: CaseMembers = {
      alertIds: alerts.map((a) => a.alertId),
      holdIds: [...holds.keys()],
    };
    const taken = await deps.repo.caseOfMembers(candidates);
    const members: CaseMembers = {
      alertIds: candidates.alertIds.filter((id) => !taken.has(id)),
      holdIds: candidates.holdIds.filter((id) => !taken.has(id)),
    };
    if (!members.alertIds.length && !members.holdIds.length)
      throw new Refusal(
        'NOTHING_TO_GROUP',
        `No alert or hold of ${key.kind.toLowerCase()} ${key.ref} in ${from}..${to} is outside a case.`,
      );
    const now = deps.clock.now();
    let opened: CaseRecord;
    try {
      opened = openCase({
        caseId: newCaseId(now, randomBytes(8).toString('hex')),
        key,
        from,
        to,
        members,
        by: staff,
        at: now.toISOString(),
        reason,
      });
    } catch (error) {
      return refused(error);
    }
    const tx = deps.repo.putCase(idem.answered(deps.tx.tx(), opened), opened);
    deps.repo.moveMembers(tx, opened.caseId, members, holds);
    await commitChange(deps.tx, tx, ['alert'], CONFLICT);
    return opened;
  });
}

/**
 * Adds an alert's escalation to a transaction: into the open case `caseId`, or into a new
 * case of its customer over the alert's days. Returns the case after.
 */
export async function escalation(
  tx: LedgerTx,
  alert: AlertRecord,
  input: { caseId?: string | undefined; reason: string },
  step: { by: string; at: Date },
  deps: Pick<CaseDeps, 'repo'>,
): Promise<CaseRecord> {
  if ((await deps.repo.caseOfMembers({ alertIds: [alert.alertId], holdIds: [] })).size)
    throw new Refusal('ALREADY_IN_CASE', 'This alert is in a case already.');
  const members = { alertIds: [alert.alertId], holdIds: [] };
  const at = step.at.toISOString();
  if (!input.caseId) {
    const opened = openCase({
      caseId: newCaseId(step.at, randomBytes(8).toString('hex')),
      key: { kind: 'CUSTOMER', ref: alert.customerId },
      from: alert.firstAt.slice(0, 10),
      to: alert.lastAt.slice(0, 10),
      members,
      by: step.by,
      at,
      reason: input.reason,
      escalated: alert.alertId,
    });
    deps.repo.putCase(tx, opened);
    deps.repo.moveMembers(tx, opened.caseId, members, new Map());
    return opened;
  }
  const before = await deps.repo.case(input.caseId);
  if (!before) throw new NotFoundError('CASE_NOT_FOUND', `No case ${input.caseId}.`);
  if (before.status !== 'OPEN')
    throw new Refusal('CASE_CLOSED', `Case ${before.caseId} is ${before.status}.`);
  const after: CaseRecord = {
    ...before,
    alertIds: [...before.alertIds, alert.alertId],
    version: before.version + 1,
    timeline: [
      ...before.timeline,
      { at, by: step.by, action: 'ESCALATED', note: input.reason, alertIds: [alert.alertId] },
    ],
  };
  if (after.alertIds.length + after.holdIds.length > MAX_CASE_MEMBERS)
    throw new Refusal('CASE_TOO_LARGE', `Case ${before.caseId} is full.`);
  deps.repo.putCase(tx, after, before);
  deps.repo.moveMembers(tx, after.caseId, members, new Map());
  return after;
}

/** A staff action on a case: comment, assign, split, merge, close. */
export async function actOnCase(
  staff: string,
  caseId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: CaseAction },
  deps: CaseDeps,
): Promise<CaseRecord> {
  const scoped = staffRequest(staff, req, { case: caseId, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (idem) => {
    const before = await caseById(caseId, deps.repo);
    const input = req.input;
    const now = deps.clock.now();
    let other: CaseRecord | undefined;
    if (input.action === 'MERGE') {
      other = await deps.repo.case(input.caseId);
      if (!other) throw new NotFoundError('CASE_NOT_FOUND', `No case ${input.caseId}.`);
    }
    let change;
    try {
      change = applyCaseAction(
        before,
        input,
        { by: staff, at: now.toISOString() },
        {
          newCaseId: newCaseId(now, randomBytes(8).toString('hex')),
          ...(other ? { other } : {}),
        },
      );
    } catch (error) {
      return refused(error);
    }
    const tx = deps.repo.putCase(idem.answered(deps.tx.tx(), change.after), change.after, before);
    if (change.other && change.moved) {
      const split = input.action === 'SPLIT';
      deps.repo.putCase(tx, change.other, split ? undefined : other);
      deps.repo.moveMembers(
        tx,
        split ? change.other.caseId : change.after.caseId,
        change.moved,
        new Map(),
        split ? before.caseId : change.other.caseId,
      );
    }
    await commitChange(deps.tx, tx, ['alert'], CONFLICT);
    return change.after;
  });
}

export async function caseById(caseId: string, repo: RiskRepo): Promise<CaseRecord> {
  const found = await repo.case(caseId);
  if (!found) throw new NotFoundError('CASE_NOT_FOUND', `No case ${caseId}.`);
  return found;
}

/** The cases opened in a range of days (at most MAX_CASE_DAYS), newest first. */
export async function listCases(
  q: { from?: string | undefined; to?: string | undefined; status?: CaseStatus | undefined },
  today: string,
  repo: RiskRepo,
): Promise<{ from: string; to: string; items: CaseRecord[] }> {
  const { from, to, days } = dayRange(q, {
    today,
    defaultDays: 30,
    maxDays: MAX_CASE_DAYS,
    where: 'query',
  });
  const all = (await Promise.all(days.map((d) => repo.casesOn(d)))).flat();
  const items = all
    .filter((c) => !q.status || c.status === q.status)
    .sort((a, b) => b.caseId.localeCompare(a.caseId));
  return { from, to, items };
}

/** One entry of a case's timeline: a staff step, or what the system did to a member. */
export type TimelineEntry = Omit<CaseStep, 'action'> & {
  readonly action: CaseStep['action'] | 'ALERT_OPENED' | 'HOLD_PLACED';
};

/**
 * A case as staff read it: its members' summaries (alerts with their rules and status,
 * holds with amounts and whether still open) and one timeline of the staff's steps and what
 * happened to the members, oldest first.
 */
export async function caseView(c: CaseRecord, repo: RiskRepo, names: MaskedNames) {
  const [alerts, holds, open] = await Promise.all([
    repo.alerts(c.alertIds),
    repo.holdSummaries(c.holdIds),
    repo.openHoldsOf(c.holdIds),
  ]);
  const openIds = new Set(open.map((h) => h.movementId));
  const customerIds = [
    ...new Set([...alerts.map((a) => a.customerId), ...holds.map((h) => h.customerId)]),
  ];
  const customers = await withCustomers(
    customerIds.map((customerId) => ({ customerId })),
    names,
  );
  const system: TimelineEntry[] = [
    ...alerts.map((a) => ({
      at: a.openedAt,
      by: 'system',
      action: 'ALERT_OPENED' as const,
      alertIds: [a.alertId],
      note: a.reasons[0] ?? '',
    })),
    ...holds.map((h) => ({
      at: h.heldAt,
      by: 'system',
      action: 'HOLD_PLACED' as const,
      holdIds: [h.movementId],
    })),
  ];
  return {
    ...c,
    customers,
    alerts: alerts.map((a) => ({
      alertId: a.alertId,
      ruleId: a.ruleId,
      severity: a.severity,
      status: a.status,
      customerId: a.customerId,
      count: a.count,
      firstAt: a.firstAt,
      lastAt: a.lastAt,
    })),
    holds: holds.map((h) => ({ ...h, open: openIds.has(h.movementId) })),
    timeline: [...c.timeline, ...system].sort((a, b) => a.at.localeCompare(b.at)),
  };
}
