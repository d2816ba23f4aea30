// Audits (M5.3-a): a plan (title, areas and scope, the period examined, the audited area's
// owner and an auditor who is not that owner: independent), evidence collected, findings
// with their severity (each one a remediation item, ./remediation.ts), and a report that
// sums them up with the recommendations. PLANNED -> FIELDWORK (first evidence or finding)
// -> REPORTED; only the named auditor records evidence, findings and the report. Pure.
import type { FindingSeverity } from './remediation';

export const AUDIT_STATUSES = ['PLANNED', 'FIELDWORK', 'REPORTED'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export interface AuditPlan {
  readonly title: string;
  readonly areas: readonly string[];
  readonly scope: string;
  /** YYYY-MM-DD .. YYYY-MM-DD: the activity examined. */
  readonly periodFrom: string;
  readonly periodTo: string;
  /** Who owns the audited area (answers for it; never its auditor). */
  readonly areaOwner: string;
  readonly auditor: string;
}

export interface AuditEvidence {
  readonly evidenceId: string;
  readonly description: string;
  readonly reference: string;
  readonly by: string;
  readonly at: string;
}

export interface AuditFindingRef {
  readonly findingId: string;
  readonly title: string;
  readonly severity: FindingSeverity;
  readonly recommendation: string;
}

export interface AuditReport {
  readonly summary: string;
  readonly findings: readonly AuditFindingRef[];
  readonly bySeverity: Readonly<Record<FindingSeverity, number>>;
  readonly recommendations: readonly string[];
  readonly by: string;
  readonly at: string;
}

export interface Audit extends AuditPlan {
  readonly auditId: string;
  readonly status: AuditStatus;
  readonly evidence: readonly AuditEvidence[];
  readonly findings: readonly AuditFindingRef[];
  readonly report?: AuditReport;
  readonly plannedBy: string;
  readonly plannedAt: string;
  readonly version: number;
}

export type AuditRefusal = 'AUDITOR_NOT_INDEPENDENT' | 'AUDIT_STATE' | 'NOT_THE_AUDITOR';

export class AuditRefused extends Error {
  override readonly name = 'AuditRefused';
  constructor(
    readonly code: AuditRefusal,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function planAudit(auditId: string, plan: AuditPlan, by: string, at: string): Audit {
  if (plan.auditor === plan.areaOwner)
    throw new AuditRefused(
      'AUDITOR_NOT_INDEPENDENT',
      "An audit's auditor cannot be the owner of the area audited.",
      'body.auditor',
    );
  if (plan.periodTo < plan.periodFrom)
    throw new AuditRefused('AUDIT_STATE', 'The period ends before it starts.', 'body.periodTo');
  return {
    auditId,
    ...plan,
    status: 'PLANNED',
    evidence: [],
    findings: [],
    plannedBy: by,
    plannedAt: at,
    version: 1,
  };
}

function fieldwork(audit: Audit, actor: string, what: string): Audit {
  if (actor !== audit.auditor)
    throw new AuditRefused(
      'NOT_THE_AUDITOR',
      `Only the audit's auditor (${audit.auditor}) ${what}.`,
    );
  if (audit.status === 'REPORTED')
    throw new AuditRefused('AUDIT_STATE', 'The audit is reported; its work is closed.');
  return { ...audit, status: 'FIELDWORK', version: audit.version + 1 };
}

export function addEvidence(audit: Audit, evidence: AuditEvidence): Audit {
  const next = fieldwork(audit, evidence.by, 'records its evidence');
  return { ...next, evidence: [...audit.evidence, evidence] };
}

export function addFinding(audit: Audit, finding: AuditFindingRef, actor: string): Audit {
  const next = fieldwork(audit, actor, 'records its findings');
  return { ...next, findings: [...audit.findings, finding] };
}

/** The report: the summary, every finding by severity, the recommendations (one per finding, and any general ones). */
export function report(
  audit: Audit,
  input: { summary: string; recommendations: readonly string[] },
  by: string,
  at: string,
): Audit {
  if (by !== audit.auditor)
    throw new AuditRefused(
      'NOT_THE_AUDITOR',
      `Only the audit's auditor (${audit.auditor}) reports it.`,
    );
  if (audit.status !== 'FIELDWORK')
    throw new AuditRefused(
      'AUDIT_STATE',
      audit.status === 'PLANNED'
        ? 'Nothing has been examined yet: record evidence first.'
        : 'The audit is reported already.',
    );
  const bySeverity = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
  for (const f of audit.findings) bySeverity[f.severity] += 1;
  return {
    ...audit,
    status: 'REPORTED',
    version: audit.version + 1,
    report: {
      summary: input.summary,
      findings: audit.findings,
      bySeverity,
      recommendations: [
        ...audit.findings.map((f) => `${f.findingId} (${f.severity}): ${f.recommendation}`),
        ...input.recommendations,
      ],
      by,
      at,
    },
  };
}
