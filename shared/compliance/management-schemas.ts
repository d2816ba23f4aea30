// Request and response schemas of compliance management's routes (issue 14, M5.1-a ..
// M5.4-a; docs/compliance-management.md).
import * as z from 'zod';
import { STAFF_GROUPS } from '../kernel';
import { AUDIT_STATUSES } from './domain/audits';
import { POLICY_AREAS } from './domain/policies';
import {
  FINDING_SEVERITIES,
  REMEDIATION_ACTIONS,
  REMEDIATION_STATUSES,
} from './domain/remediation';

const Staff = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .meta({ description: "A staff member's username", example: 'staff.compliance-officer' });
const Day = z.iso.date().meta({ description: 'A calendar date (CST), YYYY-MM-DD' });
const Text = (max: number, description: string) =>
  z.string().trim().min(1).max(max).meta({ description });
const Version = z.number().int().min(1).meta({
  description: 'The version read: the change applies only over it (else 409 CONCURRENT_CHANGE)',
});
const Area = z.enum(POLICY_AREAS);
const Severity = z.enum(FINDING_SEVERITIES);
const Status = z.enum(REMEDIATION_STATUSES);
const Role = z.enum(STAFF_GROUPS);

// ---- policies (M5.1-a) -------------------------------------------------------------------

export const PolicyRequest = z
  .object({
    title: Text(200, 'The policy'),
    owner: Staff.meta({ description: 'Who is accountable for the policy and keeps it current' }),
    scope: Text(2000, 'Whom and what it applies to'),
    goals: z.array(Text(500, 'A goal')).min(1).max(20),
    duties: z.array(Text(500, 'A duty, and whose')).min(1).max(50),
    areas: z.array(Area).min(1).max(POLICY_AREAS.length),
    effectiveFrom: Day,
    reviewBy: Day.meta({ description: 'Reviewed by then (after effectiveFrom); reminded ahead' }),
    document: Text(20_000, 'The text, or where the signed document is kept'),
    changeNote: Text(2000, 'Why this version (audited)'),
  })
  .strict();
export const PolicyRevisionRequest = PolicyRequest.extend({ version: Version }).strict();
export const PolicyParams = z.object({ policyId: z.string().min(1).max(64) }).strict();
const ReviewStateEnum = z.enum(['CURRENT', 'REVIEW_DUE', 'REVIEW_OVERDUE']);
export const PolicyListQuery = z
  .object({ area: Area.optional(), review: ReviewStateEnum.optional() })
  .strict();

const PolicyVersionOut = z.object({
  policyId: z.string(),
  version: z.number().int(),
  title: z.string(),
  owner: z.string(),
  scope: z.string(),
  goals: z.array(z.string()),
  duties: z.array(z.string()),
  areas: z.array(Area),
  effectiveFrom: z.string(),
  reviewBy: z.string(),
  document: z.string(),
  changeNote: z.string(),
  by: z.string(),
  at: z.iso.datetime(),
  supersededBy: z.number().int().optional(),
  supersededAt: z.iso.datetime().optional(),
});
const Review = z.object({
  state: ReviewStateEnum,
  daysLeft: z.number().int().meta({ description: 'Days to the review date (negative: overdue)' }),
});
const PolicyInForceOut = PolicyVersionOut.extend({ review: Review });
export const PolicyOut = PolicyInForceOut.extend({
  versions: z.array(PolicyVersionOut).meta({ description: 'Every version, oldest first' }),
});
export const PolicyList = z.object({ items: z.array(PolicyInForceOut) });

// ---- training (M5.2-a) -----------------------------------------------------------------

export const CourseRequest = z
  .object({
    title: Text(200, 'The course'),
    roles: z
      .array(Role)
      .min(1)
      .max(STAFF_GROUPS.length)
      .meta({ description: 'Assigned to every staff member holding one of these roles' }),
    passMark: z
      .number()
      .int()
      .min(0)
      .max(100)
      .meta({ description: 'The assessment score that passes, 0..100' }),
    dueBy: Day.meta({ description: 'Passed by then, else overdue' }),
    areas: z.array(Area).max(POLICY_AREAS.length).default([]),
  })
  .strict();
export const CourseParams = z.object({ courseId: z.string().min(1).max(64) }).strict();
export const CourseOut = z.object({
  courseId: z.string(),
  title: z.string(),
  roles: z.array(Role),
  passMark: z.number().int(),
  dueBy: z.string(),
  areas: z.array(z.string()),
  by: z.string(),
  at: z.iso.datetime(),
  version: z.number().int(),
});

export const RosterRequest = z
  .object({
    username: Staff,
    roles: z.array(Role).max(STAFF_GROUPS.length),
    version: Version.optional().meta({ description: 'The entry read; absent for a new entry' }),
    reason: Text(500, 'Why (audited)'),
  })
  .strict();
export const RosterOut = z.object({
  username: z.string(),
  roles: z.array(Role),
  by: z.string(),
  at: z.iso.datetime(),
  version: z.number().int(),
});
export const RosterList = z.object({ items: z.array(RosterOut) });

export const CompletionRequest = z
  .object({
    username: Staff,
    score: z.number().int().min(0).max(100).meta({ description: 'The assessment score, 0..100' }),
    completedOn: Day,
  })
  .strict();
export const CompletionOut = z.object({
  courseId: z.string(),
  username: z.string(),
  attempt: z.number().int(),
  score: z.number().int(),
  passed: z.boolean(),
  completedOn: z.string(),
  recordedBy: z.string(),
  at: z.iso.datetime(),
});

const Standing = z.object({
  username: z.string(),
  status: z.enum(['PASSED', 'DUE', 'OVERDUE']),
  attempts: z.number().int(),
  bestScore: z.number().int().optional(),
  passedOn: z.string().optional(),
  daysOverdue: z.number().int().optional(),
});
const CourseProgressOut = z.object({
  courseId: z.string(),
  title: z.string(),
  dueBy: z.string(),
  passMark: z.number().int(),
  assigned: z.number().int(),
  passed: z.number().int(),
  overdue: z.array(Standing),
  due: z.array(Standing),
});
export const CourseList = z.object({ asOf: z.string(), items: z.array(CourseProgressOut) });
export const OverdueQuery = z
  .object({ courseId: z.string().max(64).optional(), username: Staff.optional() })
  .strict();
export const TrainingOverdueOut = z.object({
  asOf: z.string().meta({ description: 'Today (CST)' }),
  byCourse: z.array(CourseProgressOut).meta({ description: 'Courses with anyone overdue' }),
  byPerson: z.array(
    z.object({
      username: z.string(),
      roles: z.array(Role),
      courses: z.array(
        z.object({
          courseId: z.string(),
          title: z.string(),
          dueBy: z.string(),
          daysOverdue: z.number().int(),
          attempts: z.number().int(),
          bestScore: z.number().int().optional(),
        }),
      ),
    }),
  ),
});

// ---- audits (M5.3-a) -------------------------------------------------------------------

export const AuditPlanRequest = z
  .object({
    title: Text(200, 'The audit'),
    areas: z.array(Area).min(1).max(POLICY_AREAS.length),
    scope: Text(2000, 'What is examined'),
    periodFrom: Day,
    periodTo: Day,
    areaOwner: Staff.meta({ description: 'Who owns the audited area' }),
    auditor: Staff.meta({ description: 'Who audits: not the area owner (independence)' }),
    reason: Text(500, 'Why the audit (audited)'),
  })
  .strict();
export const AuditParams = z.object({ auditId: z.string().min(1).max(64) }).strict();
export const EvidenceRequest = z
  .object({
    version: Version,
    description: Text(2000, 'What was examined'),
    reference: Text(500, 'Where the evidence is kept'),
  })
  .strict();
const Requirement = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('MANUAL'),
      ref: z
        .string()
        .regex(/^M\d+(\.\d+)?-[a-z]$/)
        .meta({ example: 'M5.4-a' }),
    })
    .strict(),
  z
    .object({
      kind: z.literal('POLICY'),
      ref: z.string().min(1).max(64).meta({ description: 'A policy id' }),
      version: z.number().int().min(1).optional(),
    })
    .strict(),
]);
export const FindingRequest = z
  .object({
    version: Version,
    title: Text(200, 'The finding'),
    description: Text(4000, 'What was found'),
    severity: Severity,
    recommendation: Text(2000, 'What should be done'),
    requirement: Requirement.meta({ description: 'The manual requirement or policy breached' }),
    owner: Staff.meta({ description: 'Who remedies it' }),
    deadline: Day,
  })
  .strict();
export const ReportRequest = z
  .object({
    version: Version,
    summary: Text(8000, "The audit's conclusions"),
    recommendations: z.array(Text(2000, 'A general recommendation')).max(50).default([]),
  })
  .strict();
const FindingRef = z.object({
  findingId: z.string(),
  title: z.string(),
  severity: Severity,
  recommendation: z.string(),
});
export const AuditOut = z.object({
  auditId: z.string(),
  title: z.string(),
  areas: z.array(Area),
  scope: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  areaOwner: z.string(),
  auditor: z.string(),
  status: z.enum(AUDIT_STATUSES),
  evidence: z.array(
    z.object({
      evidenceId: z.string(),
      description: z.string(),
      reference: z.string(),
      by: z.string(),
      at: z.iso.datetime(),
    }),
  ),
  findings: z.array(FindingRef),
  report: z
    .object({
      summary: z.string(),
      findings: z.array(FindingRef),
      bySeverity: z.record(Severity, z.number().int()),
      recommendations: z.array(z.string()),
      by: z.string(),
      at: z.iso.datetime(),
    })
    .optional(),
  plannedBy: z.string(),
  plannedAt: z.iso.datetime(),
  version: z.number().int(),
});
export const AuditViewOut = AuditOut.extend({
  remediation: z.object({
    byStatus: z.record(z.string(), z.number().int()),
    closed: z.number().int(),
    total: z.number().int(),
  }),
});
export const AuditList = z.object({
  items: z.array(
    z.object({
      auditId: z.string(),
      title: z.string(),
      status: z.enum(AUDIT_STATUSES),
      auditor: z.string(),
      areaOwner: z.string(),
      periodFrom: z.string(),
      periodTo: z.string(),
      findings: z.number().int(),
      plannedAt: z.iso.datetime(),
    }),
  ),
});

// ---- the remediation ledger (M5.4-a) -------------------------------------------------------

const Evidence = z
  .object({
    description: Text(2000, 'What shows the finding is remedied'),
    reference: Text(500, 'Where it is kept'),
  })
  .strict();
const Note = Text(2000, 'A note (audited)');
export const FindingActionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('START'), version: Version, note: Note.optional() }).strict(),
  z
    .object({
      action: z.literal('SUBMIT'),
      version: Version,
      evidence: z.array(Evidence).max(20).meta({ description: 'Required: at least one item' }),
      note: Note.optional(),
    })
    .strict(),
  z.object({ action: z.literal('VERIFY'), version: Version, note: Note }).strict(),
  z.object({ action: z.literal('CLOSE'), version: Version, note: Note.optional() }).strict(),
]);
export const FindingParams = z.object({ findingId: z.string().min(1).max(64) }).strict();
export const FindingListQuery = z
  .object({
    status: Status.optional(),
    owner: Staff.optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .meta({ description: 'Only items past their deadline and not yet verified' }),
  })
  .strict();
const RequirementOut = z.object({
  kind: z.enum(['MANUAL', 'POLICY']),
  ref: z.string(),
  version: z.number().int().optional(),
});
export const FindingOut = z.object({
  findingId: z.string(),
  auditId: z.string(),
  title: z.string(),
  description: z.string(),
  severity: Severity,
  recommendation: z.string(),
  requirement: RequirementOut,
  owner: z.string(),
  deadline: z.string(),
  status: Status,
  evidence: z.array(
    z.object({
      description: z.string(),
      reference: z.string(),
      by: z.string(),
      at: z.iso.datetime(),
    }),
  ),
  submittedBy: z.string().optional(),
  verifiedBy: z.string().optional(),
  closedBy: z.string().optional(),
  escalationLevel: z.number().int(),
  raisedBy: z.string(),
  raisedAt: z.iso.datetime(),
  version: z.number().int(),
  history: z.array(
    z.object({
      at: z.iso.datetime(),
      by: z.string(),
      action: z.enum(['RAISED', ...REMEDIATION_ACTIONS, 'ESCALATED']),
      from: Status.optional(),
      to: Status.optional(),
      note: z.string().optional(),
      evidence: z.array(z.object({ description: z.string(), reference: z.string() })).optional(),
    }),
  ),
});
export const FindingCreatedOut = z.object({ audit: AuditOut, finding: FindingOut });
export const FindingList = z.object({
  items: z.array(
    z.object({
      findingId: z.string(),
      auditId: z.string(),
      title: z.string(),
      severity: Severity,
      status: Status,
      owner: z.string(),
      deadline: z.string(),
      escalationLevel: z.number().int(),
      raisedAt: z.iso.datetime(),
    }),
  ),
});

// ---- reminders and the daily run ---------------------------------------------------------

const Kind = z.enum(['POLICY_REVIEW', 'REMEDIATION_ESCALATION']);
const ReminderOut = z.object({
  reminderId: z.string(),
  kind: Kind,
  subject: z.string().meta({ description: 'The policy or remediation item' }),
  severity: Severity,
  message: z.string(),
  owner: z.string(),
  raisedAt: z.iso.datetime(),
});
export const ReminderQuery = z.object({ kind: Kind.optional() }).strict();
export const ReminderList = z.object({ items: z.array(ReminderOut) });
export const RunRequest = z.object({}).strict();
export const RunOut = z.object({
  asOf: z.string(),
  raised: z.array(ReminderOut),
  published: z.number().int(),
});
