// The SLA job and the agents' queue (M7.4-a; docs/customer-service.md): every few minutes
// each open complaint's clocks are read from its history; a clock past the configured share
// of its budget gets a warning, a spent one a breach alert, each exactly once per clock (a
// conditional write). Breach alerts are the monitoring alerts of the risk module (its table
// and its topic: no second alert system). The queue lists what breaches next first.
import { randomBytes } from 'node:crypto';
import { addDays, cstDate, datesBetween } from '../../kernel';
import { Refusal } from '../../platform';
import { newAlertId, systemAlert, type AlertNotice, type AlertNotifier } from '../../risk';
import {
  satisfactionBreakdown,
  slaCompliance,
  topCauses,
  type ComplaintFacts,
} from '../domain/analytics';
import type { ComplaintEvent } from '../domain/complaint';
import { nextDueAt } from '../domain/complaint';
import type { SlaClockName } from '../domain/sla';
import { complaintFacts, type ServiceDeps } from './complaints';

export interface SlaJobDeps extends Omit<ServiceDeps, 'tx'> {
  readonly notifier: AlertNotifier;
  /** The risk table, where monitoring alerts live. */
  readonly riskTable: string;
}

/** The rule a breach alert names: one per clock. */
export const slaRuleId = (clock: SlaClockName) =>
  `service-sla-${clock.toLowerCase().replace('_', '-')}-breached`;

const CLOCK_WORDS: Record<SlaClockName, string> = {
  FIRST_RESPONSE: 'first response',
  RESULT: 'result',
};

export interface SlaRunSummary {
  readonly at: string;
  readonly open: number;
  readonly warnings: number;
  readonly breaches: number;
  readonly alertIds: readonly string[];
  readonly notified: number;
}

const breachReason = (complaintId: string, clock: SlaClockName, minutes: number, budget: number) =>
  `complaint ${complaintId}: ${CLOCK_WORDS[clock]} not within ${budget} h (${Math.floor(minutes / 60)} h ${minutes % 60} min counted)`;

/** One run of the SLA job: warnings and breach alerts due now, each raised once. */
export async function runSlaChecks(deps: SlaJobDeps): Promise<SlaRunSummary> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const open = await deps.repo.open();
  let warnings = 0;
  const raised: string[] = [];
  const pending: { complaintId: string; clock: SlaClockName; notice: AlertNotice }[] = [];
  for (const record of open) {
    const { state, clocks } = complaintFacts(record, now, deps);
    for (const c of clocks) {
      if (c.warning && !record.warned?.[c.clock]) {
        const event: ComplaintEvent & { type: 'SLA_WARNING' } = {
          type: 'SLA_WARNING',
          at,
          by: 'system',
          clock: c.clock,
          share: c.share,
        };
        if (await deps.repo.warnOnce(record.complaintId, event)) warnings++;
      }
      const reason = breachReason(record.complaintId, c.clock, c.elapsedMinutes, c.budgetHours);
      const mark = record.breach?.[c.clock];
      if (c.status === 'BREACHED' && !mark) {
        const alertId = newAlertId(now, randomBytes(8).toString('hex'));
        const alert = systemAlert({
          alertId,
          ruleId: slaRuleId(c.clock),
          severity: deps.config.breachSeverity,
          customerId: state.customerId,
          reason,
          eventId: `COMPLAINT#${record.complaintId}#${c.clock}`,
          at,
          firstAt: c.startedAt,
        });
        const event: ComplaintEvent & { type: 'SLA_BREACHED' } = {
          type: 'SLA_BREACHED',
          at,
          by: 'system',
          clock: c.clock,
          alertId,
          elapsedMinutes: c.elapsedMinutes,
        };
        if (await deps.repo.breachOnce(record.complaintId, event, alert, deps.riskTable)) {
          raised.push(alertId);
          pending.push({
            complaintId: record.complaintId,
            clock: c.clock,
            notice: {
              alertId,
              ruleId: alert.ruleId,
              severity: alert.severity,
              customerId: alert.customerId,
              reasons: alert.reasons,
              openedAt: at,
            },
          });
        }
      } else if (mark && !mark.notified) {
        // Raised by a run whose publish failed: published now.
        pending.push({
          complaintId: record.complaintId,
          clock: c.clock,
          notice: {
            alertId: mark.alertId,
            ruleId: slaRuleId(c.clock),
            severity: deps.config.breachSeverity,
            customerId: state.customerId,
            reasons: [reason],
            openedAt: mark.at,
          },
        });
      }
    }
  }
  if (pending.length) {
    await deps.notifier.notify(pending.map((p) => p.notice));
    await Promise.all(pending.map((p) => deps.repo.breachNotified(p.complaintId, p.clock)));
  }
  return {
    at,
    open: open.length,
    warnings,
    breaches: raised.length,
    alertIds: raised,
    notified: pending.length,
  };
}

/**
 * The agents' queue: open complaints, what breaches next first (those already breached
 * before them, the oldest breach first; those with every clock paused or stopped last).
 */
export async function complaintQueue(
  query: { assignee?: string | undefined },
  deps: Omit<ServiceDeps, 'tx'>,
) {
  const now = deps.clock.now();
  const items = (await deps.repo.open())
    .map((r) => {
      const { state, clocks } = complaintFacts(r, now, deps);
      const breached = clocks.filter((c) => c.status === 'BREACHED' && !c.stoppedAt);
      const due = nextDueAt(clocks);
      return {
        complaintId: state.complaintId,
        kind: state.kind,
        category: state.category,
        status: state.status,
        filedAt: state.filedAt,
        ...(state.assignee ? { assignee: state.assignee } : {}),
        waitingForCustomer: state.waitingForCustomer,
        breached: breached.map((c) => c.clock),
        warning: clocks.some((c) => c.warning),
        ...(due ? { nextDueAt: due } : {}),
        sla: clocks,
        sortKey: breached.length ? `0${state.filedAt}` : due ? `1${due}` : `2${state.filedAt}`,
      };
    })
    .filter((i) => query.assignee === undefined || i.assignee === query.assignee)
    .sort((a, b) => a.sortKey.localeCompare(b.sortKey))
    .map(({ sortKey: _s, ...i }) => i);
  return { asOf: now.toISOString(), items };
}

const DAY_LIMIT = 92;

/**
 * Complaint analytics for a period of CST days (complaints filed in it): the share of SLAs
 * met, satisfaction and NPS per category and agent, and the top causes per category and
 * product against the period of the same length before.
 */
export async function complaintAnalytics(
  query: { from: string; to: string },
  deps: Omit<ServiceDeps, 'tx'>,
) {
  const days = datesBetween(query.from, query.to);
  if (!days.length)
    throw new Refusal('VALIDATION_FAILED', '`from` is after `to`.', [
      { path: 'query.from', reason: 'is after `to`' },
    ]);
  if (days.length > DAY_LIMIT)
    throw new Refusal('VALIDATION_FAILED', `At most ${DAY_LIMIT} days at a time.`, [
      { path: 'query.to', reason: `is more than ${DAY_LIMIT} days after \`from\`` },
    ]);
  const before = datesBetween(addDays(query.from, -days.length), addDays(query.from, -1));
  const now = deps.clock.now();
  const facts = (records: Awaited<ReturnType<typeof deps.repo.filedOn>>): ComplaintFacts[] =>
    records.map((r) => complaintFacts(r, now, deps));
  const [current, previous] = await Promise.all([
    deps.repo.filedOn(days).then(facts),
    deps.repo.filedOn(before).then(facts),
  ]);
  return {
    from: query.from,
    to: query.to,
    previous: { from: before[0] ?? query.from, to: before[before.length - 1] ?? query.to },
    asOf: now.toISOString(),
    complaints: current.length,
    previousComplaints: previous.length,
    sla: slaCompliance(current),
    satisfaction: satisfactionBreakdown(current),
    causes: topCauses(current, previous, deps.config.topCauses),
  };
}

/** Today in CST, for a default period. */
export const serviceToday = (deps: Pick<ServiceDeps, 'clock'>) => cstDate(deps.clock.now());

/**
 * The complaint KPIs of a period of CST days (M8.1-a; the KPI work's entry): complaints
 * filed, the share of SLAs met (per clock and category) and satisfaction and NPS.
 */
export async function complaintKpis(
  query: { from: string; to: string },
  deps: Omit<ServiceDeps, 'tx'>,
) {
  const now = deps.clock.now();
  const facts = (await deps.repo.filedOn(datesBetween(query.from, query.to))).map((r) =>
    complaintFacts(r, now, deps),
  );
  return {
    complaints: facts.length,
    sla: slaCompliance(facts),
    satisfaction: satisfactionBreakdown(facts).overall,
  };
}
