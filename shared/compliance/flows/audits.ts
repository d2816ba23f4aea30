// Audits (M5.3-a): plan with an independent auditor, evidence, findings (each raised on the
// remediation ledger in the same transaction), the report; read with the remediation of
// the audit's findings so far.
import { randomUUID } from 'node:crypto';
import { NotFoundError, Refusal } from '../../platform';
import {
  addEvidence,
  addFinding,
  AuditRefused,
  planAudit,
  report,
  type Audit,
  type AuditPlan,
} from '../domain/audits';
import {
  raiseFinding,
  type Finding,
  type FindingSeverity,
  type Requirement,
} from '../domain/remediation';
import type { AuditSummary } from '../adapters/management-repo';
import { change, nowIso, type Keyed, type ManagementDeps, type Staff } from './management-deps';

const refusal = (e: unknown) =>
  e instanceof AuditRefused
    ? new Refusal(e.code, e.message, e.field ? [{ path: e.field, reason: e.message }] : [])
    : e;

const idOf = (prefix: string, at: string) =>
  `${prefix}-${at.slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;

async function current(auditId: string, version: number, deps: ManagementDeps): Promise<Audit> {
  const audit = await deps.repo.audit(auditId);
  if (!audit) throw new NotFoundError('AUDIT_NOT_FOUND', `No audit ${auditId}.`);
  if (audit.version !== version)
    throw new Refusal(
      'CONCURRENT_CHANGE',
      `The audit is at version ${audit.version}; read it again.`,
    );
  return audit;
}

export function planNewAudit(
  staff: Staff,
  req: Keyed<AuditPlan & { reason: string }>,
  deps: ManagementDeps,
): Promise<Audit> {
  return change(staff, req, { audit: 'new' }, deps, async () => {
    const at = nowIso(deps);
    const { reason, ...plan } = req.input;
    let audit: Audit;
    try {
      audit = planAudit(idOf('AUD', at), plan, staff.username, at);
    } catch (e) {
      throw refusal(e);
    }
    return {
      answer: audit,
      audit: {
        subject: `audit.${audit.auditId}`,
        action: 'AUDIT_PLANNED',
        fields: [
          `auditor:${audit.auditor}`,
          `areaOwner:${audit.areaOwner}`,
          `period:${audit.periodFrom}..${audit.periodTo}`,
        ],
        reason,
      },
      write: (tx) => deps.repo.putAudit(tx, audit),
    };
  });
}

export function addAuditEvidence(
  staff: Staff,
  auditId: string,
  req: Keyed<{ version: number; description: string; reference: string }>,
  deps: ManagementDeps,
): Promise<Audit> {
  return change(staff, req, { audit: auditId }, deps, async () => {
    const audit = await current(auditId, req.input.version, deps);
    const at = nowIso(deps);
    let next: Audit;
    try {
      next = addEvidence(audit, {
        evidenceId: `EV-${audit.evidence.length + 1}`,
        description: req.input.description,
        reference: req.input.reference,
        by: staff.username,
        at,
      });
    } catch (e) {
      throw refusal(e);
    }
    return {
      answer: next,
      audit: {
        subject: `audit.${auditId}`,
        action: 'AUDIT_EVIDENCE',
        fields: [`evidence:EV-${audit.evidence.length + 1}`, `reference:${req.input.reference}`],
        reason: req.input.description,
      },
      write: (tx) => deps.repo.putAudit(tx, next),
    };
  });
}

export interface FindingInput {
  readonly version: number;
  readonly title: string;
  readonly description: string;
  readonly severity: FindingSeverity;
  readonly recommendation: string;
  readonly requirement: Requirement;
  readonly owner: string;
  readonly deadline: string;
}

/** A finding: on the audit, and raised on the remediation ledger (OPEN) in one transaction. */
export function addAuditFinding(
  staff: Staff,
  auditId: string,
  req: Keyed<FindingInput>,
  deps: ManagementDeps,
): Promise<{ audit: Audit; finding: Finding }> {
  return change(staff, req, { audit: auditId }, deps, async () => {
    const audit = await current(auditId, req.input.version, deps);
    const { version: _v, ...input } = req.input;
    if (input.requirement.kind === 'POLICY') {
      const policy = await deps.repo.policy(input.requirement.ref);
      if (!policy)
        throw new Refusal('POLICY_NOT_FOUND', `No policy ${input.requirement.ref}.`, [
          { path: 'body.requirement.ref', reason: 'names no policy' },
        ]);
    }
    const at = nowIso(deps);
    const finding = raiseFinding({
      findingId: idOf('FND', at),
      auditId,
      ...input,
      requirement:
        input.requirement.kind === 'POLICY'
          ? {
              kind: 'POLICY',
              ref: input.requirement.ref,
              version:
                input.requirement.version ??
                (await deps.repo.policy(input.requirement.ref))?.version ??
                1,
            }
          : input.requirement,
      raisedBy: staff.username,
      raisedAt: at,
    });
    let next: Audit;
    try {
      next = addFinding(
        audit,
        {
          findingId: finding.findingId,
          title: finding.title,
          severity: finding.severity,
          recommendation: finding.recommendation,
        },
        staff.username,
      );
    } catch (e) {
      throw refusal(e);
    }
    return {
      answer: { audit: next, finding },
      audit: {
        subject: `finding.${finding.findingId}`,
        action: 'FINDING_RAISED',
        fields: [
          `audit:${auditId}`,
          `severity:${finding.severity}`,
          `owner:${finding.owner}`,
          `deadline:${finding.deadline}`,
          `requirement:${finding.requirement.kind}:${finding.requirement.ref}`,
        ],
        reason: finding.title,
      },
      write: (tx) => deps.repo.putFinding(deps.repo.putAudit(tx, next), finding, true),
    };
  });
}

export function reportAudit(
  staff: Staff,
  auditId: string,
  req: Keyed<{ version: number; summary: string; recommendations: readonly string[] }>,
  deps: ManagementDeps,
): Promise<Audit> {
  return change(staff, req, { audit: auditId }, deps, async () => {
    const audit = await current(auditId, req.input.version, deps);
    let next: Audit;
    try {
      next = report(audit, req.input, staff.username, nowIso(deps));
    } catch (e) {
      throw refusal(e);
    }
    return {
      answer: next,
      audit: {
        subject: `audit.${auditId}`,
        action: 'AUDIT_REPORTED',
        fields: [`findings:${next.findings.length}`],
        reason: req.input.summary,
      },
      write: (tx) => deps.repo.putAudit(tx, next),
    };
  });
}

export type AuditView = Audit & {
  readonly remediation: {
    readonly byStatus: Record<string, number>;
    readonly closed: number;
    readonly total: number;
  };
};

/** An audit with where the remediation of its findings stands. */
export async function getAudit(auditId: string, deps: ManagementDeps): Promise<AuditView> {
  const audit = await deps.repo.audit(auditId);
  if (!audit) throw new NotFoundError('AUDIT_NOT_FOUND', `No audit ${auditId}.`);
  const items = await Promise.all(audit.findings.map((f) => deps.repo.finding(f.findingId)));
  const byStatus: Record<string, number> = {};
  for (const f of items) if (f) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  return {
    ...audit,
    remediation: { byStatus, closed: byStatus.CLOSED ?? 0, total: audit.findings.length },
  };
}

export async function listAudits(deps: ManagementDeps): Promise<{ items: AuditSummary[] }> {
  return { items: await deps.repo.audits() };
}
