// The periodic data-security audit (M7.1-a, M2.5-c; docs/data-security-audit.md): reads a
// CST day's PII-access records from the audit trail (decryptions by functions, staff reads
// of customer files), reports who read which customer's data, and raises a monitoring
// alert (the risk team's alerts and topic: no second alert system) once per flag and day.
import { randomBytes } from 'node:crypto';
import { addDays, cstDate, type Clock } from '../../kernel';
import { isBusinessDay, type SettlementPolicy } from '../../money';
import { NotFoundError, Refusal } from '../../platform';
import { Kri, newAlertId, systemAlert, type AlertNotice, type AlertNotifier } from '../../risk';
import type { DataAccessReport, DataAuditRepo, RaisedFlag } from '../adapters/data-audit-repo';
import {
  auditDataAccess,
  baselineOf,
  dataAccessRuleId,
  type AccessRecord,
  type DataAuditConfig,
} from '../domain/data-audit';

/** The audit trail's records of a UTC date (the identity module's AuditLog chains). */
export interface AccessRecords {
  recordsOfUtcDate(date: string): Promise<readonly AccessRecord[]>;
}

export interface DataAuditDeps {
  readonly repo: DataAuditRepo;
  readonly records: AccessRecords;
  readonly config: DataAuditConfig;
  readonly calendar: SettlementPolicy;
  readonly clock: Clock;
  readonly notifier: AlertNotifier;
}

export type DataAccessView = DataAccessReport & {
  readonly alerts: readonly Omit<RaisedFlag, 'notified'>[];
};

/** A CST day's PII-access records: the two UTC dates it spans, filtered to it. */
async function recordsOfDay(day: string, records: AccessRecords): Promise<AccessRecord[]> {
  const [a, b] = await Promise.all([
    records.recordsOfUtcDate(addDays(day, -1)),
    records.recordsOfUtcDate(day),
  ]);
  return [...a, ...b].filter(
    (r) => (r.type === 'PII_ACCESS' || r.type === 'STAFF_READ') && cstDate(new Date(r.at)) === day,
  );
}

/**
 * Audits a CST day: the report (who read which customer's data, fields, times, the flags),
 * stored; each flag raises its alert once; alerts not yet published are published.
 */
export async function runDataAudit(day: string, deps: DataAuditDeps): Promise<DataAccessView> {
  const now = deps.clock.now();
  if (day > cstDate(now))
    throw new Refusal('REPORT_DAY_IN_FUTURE', `${day} has not started (CST).`, [
      { path: 'path.day', reason: 'is a CST day that has not started' },
    ]);
  const [records, earlier] = await Promise.all([
    recordsOfDay(day, deps.records),
    deps.repo.reportsBetween(addDays(day, -deps.config.baselineDays), addDays(day, -1)),
  ]);
  const summary = auditDataAccess(day, records, deps.config, baselineOf(earlier), (d) =>
    isBusinessDay(d, deps.calendar),
  );
  const report: DataAccessReport = { ...summary, computedAt: now.toISOString() };
  await deps.repo.putReport(report);
  for (const flag of summary.flags) {
    const alertId = newAlertId(now, randomBytes(8).toString('hex'));
    const ruleId = dataAccessRuleId(flag.rule);
    const at = now.toISOString();
    const alert = systemAlert({
      alertId,
      ruleId,
      severity: flag.severity,
      customerId: Kri.PLATFORM_SUBJECT,
      reason: flag.reason,
      eventId: `DATA_ACCESS#${day}#${flag.flagId}`,
      at,
      contributions: [{ ruleId, score: flag.figure, reason: flag.reason }],
    });
    await deps.repo.raiseOnce(
      day,
      {
        flagId: flag.flagId,
        alertId,
        ruleId,
        severity: flag.severity,
        reason: flag.reason,
        raisedAt: at,
        notified: false,
      },
      alert,
    );
  }
  const raised = await deps.repo.raised(day);
  const pending = raised.filter((r) => !r.notified);
  if (pending.length) {
    await deps.notifier.notify(
      pending.map((r): AlertNotice => ({
        alertId: r.alertId,
        ruleId: r.ruleId,
        severity: r.severity,
        customerId: Kri.PLATFORM_SUBJECT,
        reasons: [r.reason],
        openedAt: r.raisedAt,
      })),
    );
    await Promise.all(pending.map((r) => deps.repo.markNotified(day, r.flagId)));
  }
  return { ...report, alerts: raised.map(({ notified: _n, ...r }) => r) };
}

/** The daily job: yesterday (CST). */
export function scheduledDataAudit(deps: DataAuditDeps): Promise<DataAccessView> {
  return runDataAudit(addDays(cstDate(deps.clock.now()), -1), deps);
}

/** A day's stored data-access report, with the alerts its flags raised. */
export async function dataAccessReport(
  day: string,
  deps: Pick<DataAuditDeps, 'repo'>,
): Promise<DataAccessView> {
  const [report, raised] = await Promise.all([deps.repo.report(day), deps.repo.raised(day)]);
  if (!report)
    throw new NotFoundError(
      'DATA_ACCESS_NOT_AUDITED',
      `${day} has not been audited; POST /v1/ops/compliance/data-access/{day} to audit it.`,
    );
  return { ...report, alerts: raised.map(({ notified: _n, ...r }) => r) };
}
