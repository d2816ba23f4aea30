// The remediation ledger (M5.4-a): items read and listed, and moved one step forward by the
// pure state machine (domain/remediation.ts), over the version read.
import { NotFoundError, Refusal } from '../../platform';
import {
  applyRemediation,
  isOutstanding,
  RemediationRefused,
  type Finding,
  type RemediationAction,
} from '../domain/remediation';
import type { FindingSummary } from '../adapters/management-repo';
import { change, nowIso, type Keyed, type ManagementDeps, type Staff } from './management-deps';

const notFound = (id: string) => new NotFoundError('FINDING_NOT_FOUND', `No finding ${id}.`);

export async function getFinding(findingId: string, deps: ManagementDeps): Promise<Finding> {
  const f = await deps.repo.finding(findingId);
  if (!f) throw notFound(findingId);
  return f;
}

export async function listFindings(
  query: { status?: string | undefined; owner?: string | undefined; overdue?: boolean | undefined },
  today: string,
  deps: ManagementDeps,
): Promise<{ items: FindingSummary[] }> {
  const all = await deps.repo.findings();
  return {
    items: all
      .filter((f) => !query.status || f.status === query.status)
      .filter((f) => !query.owner || f.owner === query.owner)
      .filter(
        (f) =>
          !query.overdue || (isOutstanding(f.status as Finding['status']) && f.deadline < today),
      ),
  };
}

export function actOnFinding(
  staff: Staff,
  findingId: string,
  req: Keyed<RemediationAction & { version: number }>,
  deps: ManagementDeps,
): Promise<Finding> {
  return change(staff, req, { finding: findingId }, deps, async () => {
    const item = await deps.repo.finding(findingId);
    if (!item) throw notFound(findingId);
    if (item.version !== req.input.version)
      throw new Refusal(
        'CONCURRENT_CHANGE',
        `The item is at version ${item.version}; read it again.`,
      );
    const { version: _v, ...act } = req.input;
    let next: Finding;
    try {
      next = applyRemediation(item, act as RemediationAction, staff.username, nowIso(deps));
    } catch (e) {
      if (e instanceof RemediationRefused)
        throw new Refusal(
          e.code,
          e.message,
          e.code === 'REMEDIATION_EVIDENCE_REQUIRED'
            ? [{ path: 'body.evidence', reason: 'is empty' }]
            : [],
        );
      throw e;
    }
    return {
      answer: next,
      audit: {
        subject: `finding.${findingId}`,
        action: `FINDING_${act.action}`,
        fields: [
          `status:${item.status}->${next.status}`,
          ...(act.action === 'SUBMIT' ? act.evidence.map((e) => `evidence:${e.reference}`) : []),
        ],
        reason: act.note ?? act.action,
      },
      write: (tx) => deps.repo.putFinding(tx, next, isOutstanding(next.status)),
    };
  });
}
