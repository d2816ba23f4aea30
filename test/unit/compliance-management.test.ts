// Compliance management's rules (issue 14; docs/compliance-management.md): policy versions
// and review reminders (M5.1-a), training assignment, pass marks and overdue lists
// (M5.2-a), audit independence and reports (M5.3-a), and the remediation ledger's
// forward-only state machine with evidence, verification by someone else and escalation
// once per level (M5.4-a). Pure: no AWS.
import { describe, expect, it } from 'vitest';
import {
  addEvidence,
  addFinding,
  applyRemediation,
  AuditRefused,
  ComplianceManagementConfigSchema,
  completion,
  courseProgress,
  DEFAULT_COMPLIANCE_MANAGEMENT,
  escalated,
  escalationDue,
  escalationSeverity,
  FindingActionRequest,
  firstVersion,
  overdueByPerson,
  planAudit,
  PolicyRefused,
  raiseFinding,
  RemediationRefused,
  REMEDIATION_ACTIONS,
  REMEDIATION_STATUSES,
  report,
  revise,
  reviewReminders,
  reviewState,
  TrainingRefused,
  TRANSITIONS,
  type Completion,
  type Course,
  type Finding,
  type PolicyContent,
  type RemediationAction,
  type RosterEntry,
} from '../../shared/compliance';

const AT = '2026-11-29T02:00:00.000Z';

const content: PolicyContent = {
  title: 'Anti-money-laundering policy',
  owner: 'staff.head-of-aml',
  scope: 'Every customer relationship and movement',
  goals: ['Know every customer', 'Report suspicious transactions'],
  duties: ['Compliance officers screen names', 'Risk officers decide holds'],
  areas: ['AML', 'ANTI_FRAUD'],
  effectiveFrom: '2026-01-01',
  reviewBy: '2026-12-31',
  document: 'DMS-2026-0042',
};

describe('policies (M5.1-a)', () => {
  it('M5.1-a a revision is the next version, supersedes the one in force (kept, marked) and cannot take effect before it', () => {
    const v1 = firstVersion('POL-1', content, 'first issue', 'staff.co', AT);
    expect(v1).toMatchObject({
      version: 1,
      areas: ['AML', 'ANTI_FRAUD'],
      changeNote: 'first issue',
    });
    const { next, superseded } = revise(
      v1,
      {
        ...content,
        effectiveFrom: '2026-12-01',
        reviewBy: '2027-12-01',
        duties: ['all staff report'],
      },
      'annual review',
      'staff.co2',
      '2026-11-30T00:00:00.000Z',
    );
    expect(next).toMatchObject({ version: 2, reviewBy: '2027-12-01', by: 'staff.co2' });
    expect(superseded).toMatchObject({
      version: 1,
      supersededBy: 2,
      supersededAt: '2026-11-30T00:00:00.000Z',
    });
    expect(() => revise(v1, { ...content, effectiveFrom: '2025-12-31' }, 'x', 'a', AT)).toThrow(
      PolicyRefused,
    );
  });

  it('M5.1-a the review date must follow the effective date', () => {
    expect(() =>
      firstVersion('POL-1', { ...content, reviewBy: '2026-01-01' }, 'n', 'a', AT),
    ).toThrow(/review date must be after/);
  });

  it('M5.1-a a review is due within the configured days ahead (inclusive), overdue after, current before; one reminder per policy in either state', () => {
    expect(reviewState({ reviewBy: '2026-12-31' }, '2026-12-01', 30)).toEqual({
      state: 'REVIEW_DUE',
      daysLeft: 30,
    });
    expect(reviewState({ reviewBy: '2026-12-31' }, '2026-11-30', 30)).toEqual({
      state: 'CURRENT',
      daysLeft: 31,
    });
    expect(reviewState({ reviewBy: '2026-12-31' }, '2026-12-31', 30)).toEqual({
      state: 'REVIEW_DUE',
      daysLeft: 0,
    });
    expect(reviewState({ reviewBy: '2026-12-31' }, '2027-01-03', 30)).toEqual({
      state: 'REVIEW_OVERDUE',
      daysLeft: -3,
    });
    const v = (id: string, reviewBy: string) =>
      firstVersion(id, { ...content, reviewBy }, 'n', 'a', AT);
    const reminders = reviewReminders(
      [v('A', '2026-12-10'), v('B', '2027-06-01'), v('C', '2026-11-01')],
      '2026-11-29',
      30,
    );
    expect(reminders.map((r) => [r.policyId, r.state, r.daysLeft])).toEqual([
      ['A', 'REVIEW_DUE', 11],
      ['C', 'REVIEW_OVERDUE', -28],
    ]);
  });
});

const course = (over: Partial<Course> = {}): Course => ({
  courseId: 'CRS-1',
  title: 'AML basics',
  roles: ['compliance-officer', 'service-agent'],
  passMark: 80,
  dueBy: '2026-11-20',
  areas: ['AML'],
  by: 'staff.co',
  at: AT,
  version: 1,
  ...over,
});
const person = (username: string, roles: RosterEntry['roles']): RosterEntry => ({
  username,
  roles,
  by: 'staff.co',
  at: AT,
  version: 1,
});

describe('training (M5.2-a)', () => {
  it('M5.2-a an attempt passes at the pass mark, not below; attempts are numbered; a staff member without a course role is refused', () => {
    const c = course();
    const ann = person('ann', ['service-agent']);
    const first = completion(
      c,
      ann,
      [],
      { username: 'ann', score: 79, completedOn: '2026-11-10' },
      'co',
      AT,
    );
    expect(first).toMatchObject({ attempt: 1, score: 79, passed: false });
    const second = completion(
      c,
      ann,
      [first],
      { username: 'ann', score: 80, completedOn: '2026-11-12' },
      'co',
      AT,
    );
    expect(second).toMatchObject({ attempt: 2, passed: true });
    expect(() =>
      completion(
        c,
        person('bob', ['credit-officer']),
        [],
        { username: 'bob', score: 90, completedOn: '2026-11-10' },
        'co',
        AT,
      ),
    ).toThrow(TrainingRefused);
    expect(() =>
      completion(
        c,
        undefined,
        [],
        { username: 'zed', score: 90, completedOn: '2026-11-10' },
        'co',
        AT,
      ),
    ).toThrow(TrainingRefused);
  });

  it('M5.2-a overdue lists per course and per person count days past the due date, passes excluded, with best scores', () => {
    const c1 = course();
    const c2 = course({
      courseId: 'CRS-2',
      title: 'Privacy',
      roles: ['service-agent'],
      dueBy: '2026-11-27',
      passMark: 60,
    });
    const c3 = course({ courseId: 'CRS-3', title: 'Future', dueBy: '2026-12-31' });
    const roster = [
      person('ann', ['service-agent']),
      person('bob', ['compliance-officer']),
      person('cat', ['credit-officer']),
      person('dan', ['service-agent', 'compliance-officer']),
    ];
    const done = (
      courseId: string,
      username: string,
      score: number,
      passed: boolean,
      attempt = 1,
    ): Completion => ({
      courseId,
      username,
      attempt,
      score,
      passed,
      completedOn: '2026-11-10',
      recordedBy: 'co',
      at: AT,
    });
    const a1 = [done('CRS-1', 'ann', 85, true), done('CRS-1', 'dan', 50, false)];
    const today = '2026-11-29';
    const p1 = courseProgress(c1, roster, a1, today);
    expect(p1).toMatchObject({ assigned: 3, passed: 1 });
    expect(
      p1.overdue.map((s) => [s.username, s.daysOverdue, s.bestScore ?? null, s.attempts]),
    ).toEqual([
      ['bob', 9, null, 0],
      ['dan', 9, 50, 1],
    ]);
    expect(courseProgress(c3, roster, [], today)).toMatchObject({
      assigned: 3,
      passed: 0,
      overdue: [],
    });
    expect(courseProgress(c3, roster, [], today).due).toHaveLength(3);
    const byPerson = overdueByPerson(
      [c1, c2, c3],
      roster,
      new Map([
        ['CRS-1', a1],
        ['CRS-2', [done('CRS-2', 'ann', 59, false)]],
      ]),
      today,
    );
    expect(
      byPerson.map((p) => [p.username, p.courses.map((c) => [c.courseId, c.daysOverdue])]),
    ).toEqual([
      ['ann', [['CRS-2', 2]]],
      ['bob', [['CRS-1', 9]]],
      [
        'dan',
        [
          ['CRS-1', 9],
          ['CRS-2', 2],
        ],
      ],
    ]);
  });
});

describe('audits (M5.3-a)', () => {
  const plan = {
    title: 'AML controls 2026',
    areas: ['AML'],
    scope: 'Screening and reporting',
    periodFrom: '2026-01-01',
    periodTo: '2026-10-31',
    areaOwner: 'staff.head-of-aml',
    auditor: 'staff.auditor',
  };

  it('M5.3-a an auditor who owns the audited area is refused (independence)', () => {
    expect(() => planAudit('AUD-1', { ...plan, auditor: 'staff.head-of-aml' }, 'co', AT)).toThrow(
      expect.objectContaining({ code: 'AUDITOR_NOT_INDEPENDENT' }),
    );
  });

  it('M5.3-a only the auditor records evidence, findings and the report; the report counts findings by severity and lists each recommendation; nothing is added after it', () => {
    const a = planAudit('AUD-1', plan, 'staff.co', AT);
    expect(a).toMatchObject({ status: 'PLANNED', version: 1 });
    expect(() => report(a, { summary: 's', recommendations: [] }, 'staff.auditor', AT)).toThrow(
      AuditRefused,
    );
    expect(() =>
      addEvidence(a, {
        evidenceId: 'EV-1',
        description: 'd',
        reference: 'r',
        by: 'staff.other',
        at: AT,
      }),
    ).toThrow(expect.objectContaining({ code: 'NOT_THE_AUDITOR' }));
    const b = addEvidence(a, {
      evidenceId: 'EV-1',
      description: 'd',
      reference: 'r',
      by: 'staff.auditor',
      at: AT,
    });
    expect(b).toMatchObject({ status: 'FIELDWORK', version: 2 });
    const c = addFinding(
      b,
      { findingId: 'F1', title: 't1', severity: 'HIGH', recommendation: 'fix screening' },
      'staff.auditor',
    );
    const d = addFinding(
      c,
      { findingId: 'F2', title: 't2', severity: 'LOW', recommendation: 'document' },
      'staff.auditor',
    );
    const r = report(
      d,
      { summary: 'two gaps', recommendations: ['train the team'] },
      'staff.auditor',
      AT,
    );
    expect(r.status).toBe('REPORTED');
    expect(r.report?.bySeverity).toEqual({ LOW: 1, MEDIUM: 0, HIGH: 1, CRITICAL: 0 });
    expect(r.report?.recommendations).toEqual([
      'F1 (HIGH): fix screening',
      'F2 (LOW): document',
      'train the team',
    ]);
    expect(() =>
      addEvidence(r, {
        evidenceId: 'EV-2',
        description: 'd',
        reference: 'r',
        by: 'staff.auditor',
        at: AT,
      }),
    ).toThrow(expect.objectContaining({ code: 'AUDIT_STATE' }));
  });
});

const item = (over: Partial<Finding> = {}): Finding => ({
  ...raiseFinding({
    findingId: 'FND-1',
    auditId: 'AUD-1',
    title: 'Screening misses pinyin variants',
    description: 'd',
    severity: 'HIGH',
    recommendation: 'r',
    requirement: { kind: 'MANUAL', ref: 'M1-c' },
    owner: 'staff.owner',
    deadline: '2026-11-20',
    raisedBy: 'staff.auditor',
    raisedAt: AT,
  }),
  ...over,
});
const EVIDENCE = [{ description: 'new matcher deployed', reference: 'CHG-1' }];

describe('the remediation ledger (M5.4-a)', () => {
  it('M5.4-a a finding raised is OPEN at version 1 with its owner, deadline and requirement', () => {
    expect(item()).toMatchObject({
      status: 'OPEN',
      version: 1,
      owner: 'staff.owner',
      deadline: '2026-11-20',
      requirement: { kind: 'MANUAL', ref: 'M1-c' },
      escalationLevel: 0,
    });
  });

  it('M5.4-a every action moves forward from exactly one status: every other status refuses it (nothing moves back or skips)', () => {
    const acts: Record<string, RemediationAction> = {
      START: { action: 'START' },
      SUBMIT: { action: 'SUBMIT', evidence: EVIDENCE },
      VERIFY: { action: 'VERIFY', note: 'checked' },
      CLOSE: { action: 'CLOSE' },
    };
    for (const name of REMEDIATION_ACTIONS)
      for (const status of REMEDIATION_STATUSES) {
        const run = () => applyRemediation(item({ status }), acts[name]!, 'staff.verifier', AT);
        if (TRANSITIONS[name].from === status) {
          const next = run();
          expect(next.status).toBe(TRANSITIONS[name].to);
          expect(REMEDIATION_STATUSES.indexOf(next.status)).toBe(
            REMEDIATION_STATUSES.indexOf(status) + 1,
          );
        } else expect(run).toThrow(expect.objectContaining({ code: 'REMEDIATION_STATE' }));
      }
  });

  it('M5.4-a the closed loop: submitted with evidence, verified by someone other than the owner and the submitter, then closed', () => {
    let f = applyRemediation(item(), { action: 'START' }, 'staff.owner', AT);
    expect(() =>
      applyRemediation(f, { action: 'SUBMIT', evidence: [] }, 'staff.owner', AT),
    ).toThrow(expect.objectContaining({ code: 'REMEDIATION_EVIDENCE_REQUIRED' }));
    f = applyRemediation(f, { action: 'SUBMIT', evidence: EVIDENCE }, 'staff.deputy', AT);
    expect(f).toMatchObject({ status: 'SUBMITTED', submittedBy: 'staff.deputy', version: 3 });
    expect(f.evidence).toEqual([{ ...EVIDENCE[0], by: 'staff.deputy', at: AT }]);
    for (const self of ['staff.owner', 'staff.deputy'])
      expect(() => applyRemediation(f, { action: 'VERIFY', note: 'ok' }, self, AT)).toThrow(
        expect.objectContaining({ code: 'REMEDIATION_SELF_VERIFICATION' }),
      );
    expect(() => applyRemediation(f, { action: 'CLOSE' }, 'staff.verifier', AT)).toThrow(
      RemediationRefused,
    );
    f = applyRemediation(f, { action: 'VERIFY', note: 'matcher re-tested' }, 'staff.verifier', AT);
    f = applyRemediation(f, { action: 'CLOSE' }, 'staff.owner', AT);
    expect(f).toMatchObject({
      status: 'CLOSED',
      verifiedBy: 'staff.verifier',
      closedBy: 'staff.owner',
      version: 5,
    });
    expect(f.history.map((h) => [h.action, h.to])).toEqual([
      ['RAISED', 'OPEN'],
      ['START', 'IN_PROGRESS'],
      ['SUBMIT', 'SUBMITTED'],
      ['VERIFY', 'VERIFIED'],
      ['CLOSE', 'CLOSED'],
    ]);
  });

  it('M5.4-a an outstanding item past its deadline escalates once per level (1, 8, 31 days late by default); verified and closed ones never', () => {
    const days = DEFAULT_COMPLIANCE_MANAGEMENT.escalationDays;
    const f = item({ deadline: '2026-11-20' });
    expect(escalationDue(f, '2026-11-20', days)).toBeUndefined();
    expect(escalationDue(f, '2026-11-21', days)).toEqual({ level: 1, daysOverdue: 1 });
    const once = escalated(f, 1, 1, AT);
    expect(once).toMatchObject({ escalationLevel: 1, version: 2 });
    expect(escalationDue(once, '2026-11-27', days)).toBeUndefined();
    expect(escalationDue(once, '2026-11-28', days)).toEqual({ level: 2, daysOverdue: 8 });
    // A run missed for a month raises the highest level reached, once.
    expect(escalationDue(f, '2026-12-21', days)).toEqual({ level: 3, daysOverdue: 31 });
    expect(escalationDue(escalated(f, 3, 31, AT), '2027-06-01', days)).toBeUndefined();
    for (const status of ['VERIFIED', 'CLOSED'] as const)
      expect(escalationDue(item({ status }), '2027-01-01', days)).toBeUndefined();
    expect(escalationDue(item({ status: 'SUBMITTED' }), '2026-11-21', days)?.level).toBe(1);
    expect(escalationSeverity('MEDIUM', 1)).toBe('MEDIUM');
    expect(escalationSeverity('MEDIUM', 2)).toBe('HIGH');
    expect(escalationSeverity('HIGH', 3)).toBe('CRITICAL');
  });

  it('M5.4-a the configuration is validated at load: escalation days strictly increasing and at least 1', () => {
    expect(ComplianceManagementConfigSchema.safeParse(DEFAULT_COMPLIANCE_MANAGEMENT).success).toBe(
      true,
    );
    expect(
      ComplianceManagementConfigSchema.safeParse({
        policyReviewReminderDays: 30,
        escalationDays: [8, 1],
      }).success,
    ).toBe(false);
    expect(
      ComplianceManagementConfigSchema.safeParse({
        policyReviewReminderDays: 30,
        escalationDays: [0],
      }).success,
    ).toBe(false);
    expect(
      ComplianceManagementConfigSchema.safeParse({
        policyReviewReminderDays: 0,
        escalationDays: [1],
      }).success,
    ).toBe(false);
  });

  it('M5.4-a a submission without evidence is refused at the edge too (the request schema requires the list)', () => {
    expect(FindingActionRequest.safeParse({ action: 'SUBMIT', version: 2 }).success).toBe(false);
    expect(FindingActionRequest.safeParse({ action: 'VERIFY', version: 3 }).success).toBe(false);
    expect(FindingActionRequest.safeParse({ action: 'REOPEN', version: 3 }).success).toBe(false);
  });
});
