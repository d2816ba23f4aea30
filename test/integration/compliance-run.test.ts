// The daily compliance run against the emulator (issue 14, M5.4-a, M5.1-a;
// docs/compliance-management.md), with the clock injected: a remediation item past its
// deadline escalates once per level (1 and 8 days late by default), a run missed for weeks
// raises the highest level reached once, a verified item never escalates, and each
// escalation reaches the alert topic once. The items' deadlines are in 1990 and the runs'
// clock too, so no other test's item or policy is due in them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { complianceManagementDeps } from '../../functions/deps/compliance-management';
import {
  actOnFinding,
  addAuditFinding,
  complianceRun,
  getFinding,
  planNewAudit,
  type RunDeps,
} from '../../shared/compliance';
import type { AlertNotice } from '../../shared/risk';
import { asFunction, useEmulator } from '../support/aws';

beforeAll(() => useEmulator());

describe('the daily compliance run (M5.4-a)', () => {
  it('M5.4-a an overdue item escalates once per level, a missed month raises the highest level once, a verified item never; each escalation is published once', async () => {
    const notices: AlertNotice[] = [];
    let now = new Date('1990-03-01T04:00:00.000Z');
    const base = asFunction('opsComplianceManagement', () => complianceManagementDeps());
    const deps: RunDeps = {
      ...base,
      clock: { now: () => now },
      notifier: { notify: async (n) => void notices.push(...n) },
    };
    const run = () => asFunction('opsComplianceManagement', () => complianceRun(deps));
    const as = (username: string) => ({ username });
    const keyed = <I>(operation: string, input: I) => ({ key: randomUUID(), operation, input });

    const audit = await asFunction('opsComplianceManagement', () =>
      planNewAudit(
        as('staff.auditor'),
        keyed('opsPlanAudit', {
          title: 'Escalation test',
          areas: ['OPERATIONS'],
          scope: 's',
          periodFrom: '1989-01-01',
          periodTo: '1989-12-31',
          areaOwner: 'staff.ops',
          auditor: 'staff.auditor',
          reason: 'r',
        }),
        deps,
      ),
    );
    const raise = (version: number, title: string) =>
      asFunction('opsComplianceManagement', () =>
        addAuditFinding(
          as('staff.auditor'),
          audit.auditId,
          keyed('opsAddAuditFinding', {
            version,
            title,
            description: 'd',
            severity: 'MEDIUM' as const,
            recommendation: 'r',
            requirement: { kind: 'MANUAL' as const, ref: 'M5.4-a' },
            owner: 'staff.ops',
            deadline: '1990-03-10',
          }),
          deps,
        ),
      );
    const late = (await raise(1, 'late')).finding;
    const verified = (await raise(2, 'verified in time')).finding;
    const mine = (ids: string[]) =>
      ids.filter((id) => id.includes(late.findingId) || id.includes(verified.findingId));

    // Before and on the deadline: nothing.
    now = new Date('1990-03-10T04:00:00.000Z');
    expect(mine((await run()).raised.map((r) => r.reminderId))).toEqual([]);

    // One day late: level 1, once however often the run goes.
    now = new Date('1990-03-11T04:00:00.000Z');
    const first = await run();
    expect(mine(first.raised.map((r) => r.reminderId)).sort()).toEqual(
      [`FINDING#${late.findingId}#L1`, `FINDING#${verified.findingId}#L1`].sort(),
    );
    expect(first.raised.find((r) => r.subject === late.findingId)).toMatchObject({
      kind: 'REMEDIATION_ESCALATION',
      severity: 'MEDIUM',
      owner: 'staff.ops',
    });
    expect(mine((await run()).raised.map((r) => r.reminderId))).toEqual([]);
    expect((await getFinding(late.findingId, deps)).escalationLevel).toBe(1);

    // The second item is remedied and verified by someone else: it leaves the run's list.
    const step = (version: number, act: Record<string, unknown>, who: string) =>
      asFunction('opsComplianceManagement', () =>
        actOnFinding(
          as(who),
          verified.findingId,
          keyed('opsActOnFinding', { version, ...act } as never),
          deps,
        ),
      );
    await step(2, { action: 'START' }, 'staff.ops');
    await step(
      3,
      { action: 'SUBMIT', evidence: [{ description: 'fixed', reference: 'CHG-1' }] },
      'staff.ops',
    );
    expect((await step(4, { action: 'VERIFY', note: 'checked' }, 'staff.auditor')).status).toBe(
      'VERIFIED',
    );

    // A missed month: the late item goes straight to level 3 (31 days), once; the verified none.
    now = new Date('1990-04-12T04:00:00.000Z');
    const month = await run();
    expect(mine(month.raised.map((r) => r.reminderId))).toEqual([`FINDING#${late.findingId}#L3`]);
    expect(month.raised.find((r) => r.subject === late.findingId)?.severity).toBe('CRITICAL');
    expect(mine((await run()).raised.map((r) => r.reminderId))).toEqual([]);
    const item = await getFinding(late.findingId, deps);
    expect(item.escalationLevel).toBe(3);
    expect(item.history.filter((h) => h.action === 'ESCALATED').map((h) => h.note)).toEqual([
      'level 1: 1 day past the deadline 1990-03-10, OPEN',
      'level 3: 33 days past the deadline 1990-03-10, OPEN',
    ]);

    // Published once each, as compliance escalations on the alert topic.
    const published = notices.filter((n) => mine([n.alertId]).length > 0);
    expect(published.map((n) => [n.alertId, n.ruleId, n.severity]).sort()).toEqual(
      [
        [`FINDING#${late.findingId}#L1`, 'COMPLIANCE_REMEDIATION_ESCALATION', 'MEDIUM'],
        [`FINDING#${verified.findingId}#L1`, 'COMPLIANCE_REMEDIATION_ESCALATION', 'MEDIUM'],
        [`FINDING#${late.findingId}#L3`, 'COMPLIANCE_REMEDIATION_ESCALATION', 'CRITICAL'],
      ].sort(),
    );
  }, 60_000);
});
