// The daily compliance run (M5.1-a, M5.4-a): a reminder for each policy whose review falls
// due within the configured days (and again once it is overdue), and an escalation for each
// remediation item past its deadline and not yet verified, once per item and level. Both are
// raised once (a marker in the compliance table) and published to the monitoring alert
// topic that the risk and compliance team subscribe to (no second alert system); a publish
// that failed is retried by the next run.
import { addDays } from '../../kernel';
import { Kri, type AlertNotice } from '../../risk';
import type { RaisedReminder } from '../adapters/management-repo';
import { businessDate } from '../domain/calendar';
import { reviewReminders } from '../domain/policies';
import { escalated, escalationDue, escalationSeverity } from '../domain/remediation';
import { change, nowIso, type Keyed, type RunDeps, type Staff } from './management-deps';

export interface RunResult {
  readonly asOf: string;
  /** Raised by this run. */
  readonly raised: readonly Omit<RaisedReminder, 'notified'>[];
  /** Published to the alert topic by this run (this run's and any left by an earlier one). */
  readonly published: number;
}

const noticeOf = (r: RaisedReminder): AlertNotice => ({
  alertId: r.reminderId,
  ruleId:
    r.kind === 'POLICY_REVIEW' ? 'COMPLIANCE_POLICY_REVIEW' : 'COMPLIANCE_REMEDIATION_ESCALATION',
  severity: r.severity,
  customerId: Kri.PLATFORM_SUBJECT,
  reasons: [r.message],
  openedAt: r.raisedAt,
});

export async function complianceRun(deps: RunDeps): Promise<RunResult> {
  const at = nowIso(deps);
  const today = businessDate(deps.clock.now());
  const raised: RaisedReminder[] = [];

  const inForce = await deps.repo.policies();
  for (const r of reviewReminders(inForce, today, deps.config.policyReviewReminderDays)) {
    const reminder: RaisedReminder = {
      reminderId: `POLICY#${r.policyId}#V${r.version}#${r.state}`,
      kind: 'POLICY_REVIEW',
      subject: r.policyId,
      severity: r.state === 'REVIEW_OVERDUE' ? 'MEDIUM' : 'LOW',
      message:
        r.state === 'REVIEW_OVERDUE'
          ? `Policy ${r.policyId} v${r.version} "${r.title}" was due for review on ${r.reviewBy} (${-r.daysLeft} days ago); owner ${r.owner}`
          : `Policy ${r.policyId} v${r.version} "${r.title}" is due for review by ${r.reviewBy} (in ${r.daysLeft} days); owner ${r.owner}`,
      owner: r.owner,
      raisedAt: at,
      notified: false,
    };
    if (await deps.repo.raiseOnce(reminder)) raised.push(reminder);
  }

  for (const { findingId } of await deps.repo.outstandingBy(addDays(today, -1))) {
    const item = await deps.repo.finding(findingId);
    if (!item) continue;
    const due = escalationDue(item, today, deps.config.escalationDays);
    if (!due) continue;
    const next = escalated(item, due.level, due.daysOverdue, at);
    const reminder: RaisedReminder = {
      reminderId: `FINDING#${findingId}#L${due.level}`,
      kind: 'REMEDIATION_ESCALATION',
      subject: findingId,
      severity: escalationSeverity(item.severity, due.level),
      message: `Remediation ${findingId} "${item.title}" (${item.severity}, ${item.requirement.kind} ${item.requirement.ref}) is ${due.daysOverdue} days past its deadline ${item.deadline} and ${item.status}: escalation level ${due.level}; owner ${item.owner}`,
      owner: item.owner,
      raisedAt: at,
      notified: false,
    };
    if (await deps.repo.raiseOnce(reminder, next)) raised.push(reminder);
  }

  const pending = (await deps.repo.reminders()).filter((r) => !r.notified);
  if (pending.length) {
    await deps.notifier.notify(pending.map(noticeOf));
    await Promise.all(pending.map((r) => deps.repo.markNotified(r.reminderId)));
  }
  return {
    asOf: today,
    raised: raised.map(({ notified: _n, ...r }) => r),
    published: pending.length,
  };
}

/** The run on demand: keyed like every POST (a retry answers the first run's result). */
export function complianceRunNow(
  staff: Staff,
  req: Keyed<Record<string, never>>,
  deps: RunDeps,
): Promise<RunResult> {
  return change(staff, req, { run: 'compliance' }, deps, async () => {
    const result = await complianceRun(deps);
    return {
      answer: result,
      audit: {
        subject: 'run.daily',
        action: 'RUN',
        fields: [`raised:${result.raised.length}`, `published:${result.published}`],
        reason: 'run on demand',
      },
      write: (tx) => tx,
    };
  });
}

export async function listReminders(
  query: { kind?: string | undefined },
  deps: Pick<RunDeps, 'repo'>,
): Promise<{ items: Omit<RaisedReminder, 'notified'>[] }> {
  const all = await deps.repo.reminders();
  return {
    items: all
      .filter((r) => !query.kind || r.kind === query.kind)
      .sort(
        (a, b) => b.raisedAt.localeCompare(a.raisedAt) || a.reminderId.localeCompare(b.reminderId),
      )
      .map(({ notified: _n, ...r }) => r),
  };
}
