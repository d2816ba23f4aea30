// The remediation ledger (M5.4-a): every audit finding is an item with an owner, a deadline
// and the requirement it breaches (a manual id or a policy), worked through OPEN ->
// IN_PROGRESS -> SUBMITTED -> VERIFIED -> CLOSED, forward only: a submission carries its
// evidence, a verification is by someone who is neither the owner nor the submitter, and
// only a verified item closes. An item past its deadline and not yet verified escalates,
// once per level. Pure.
import { daysFrom } from './calendar';

export const REMEDIATION_STATUSES = [
  'OPEN',
  'IN_PROGRESS',
  'SUBMITTED',
  'VERIFIED',
  'CLOSED',
] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

export const FINDING_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** What a finding breaches: a requirement of the manual (M5.4-a) or a policy of ours. */
export type Requirement =
  | { readonly kind: 'MANUAL'; readonly ref: string }
  | { readonly kind: 'POLICY'; readonly ref: string; readonly version?: number };

export interface EvidenceItem {
  readonly description: string;
  /** Where it is kept: a document id, a ticket, a link. */
  readonly reference: string;
}

export interface RemediationStep {
  readonly at: string;
  readonly by: string;
  readonly action: 'RAISED' | RemediationActionName | 'ESCALATED';
  readonly from?: RemediationStatus;
  readonly to?: RemediationStatus;
  readonly note?: string;
  readonly evidence?: readonly EvidenceItem[];
}

export interface Finding {
  readonly findingId: string;
  readonly auditId: string;
  readonly title: string;
  readonly description: string;
  readonly severity: FindingSeverity;
  readonly recommendation: string;
  readonly requirement: Requirement;
  readonly owner: string;
  /** YYYY-MM-DD */
  readonly deadline: string;
  readonly status: RemediationStatus;
  readonly evidence: readonly (EvidenceItem & { by: string; at: string })[];
  readonly submittedBy?: string;
  readonly verifiedBy?: string;
  readonly closedBy?: string;
  /** The highest escalation level raised (0: none). */
  readonly escalationLevel: number;
  readonly raisedBy: string;
  readonly raisedAt: string;
  readonly version: number;
  readonly history: readonly RemediationStep[];
}

export const REMEDIATION_ACTIONS = ['START', 'SUBMIT', 'VERIFY', 'CLOSE'] as const;
export type RemediationActionName = (typeof REMEDIATION_ACTIONS)[number];

export type RemediationAction =
  | { readonly action: 'START'; readonly note?: string | undefined }
  | {
      readonly action: 'SUBMIT';
      readonly evidence: readonly EvidenceItem[];
      readonly note?: string | undefined;
    }
  | { readonly action: 'VERIFY'; readonly note: string }
  | { readonly action: 'CLOSE'; readonly note?: string | undefined };

/** Each action and the one status it moves forward from, and to. */
export const TRANSITIONS: Readonly<
  Record<RemediationActionName, { from: RemediationStatus; to: RemediationStatus }>
> = {
  START: { from: 'OPEN', to: 'IN_PROGRESS' },
  SUBMIT: { from: 'IN_PROGRESS', to: 'SUBMITTED' },
  VERIFY: { from: 'SUBMITTED', to: 'VERIFIED' },
  CLOSE: { from: 'VERIFIED', to: 'CLOSED' },
};

export type RemediationRefusal =
  'REMEDIATION_STATE' | 'REMEDIATION_EVIDENCE_REQUIRED' | 'REMEDIATION_SELF_VERIFICATION';

export class RemediationRefused extends Error {
  override readonly name = 'RemediationRefused';
  constructor(
    readonly code: RemediationRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A new item, OPEN, from a finding of an audit. */
export function raiseFinding(
  input: Omit<
    Finding,
    | 'status'
    | 'evidence'
    | 'escalationLevel'
    | 'version'
    | 'history'
    | 'submittedBy'
    | 'verifiedBy'
    | 'closedBy'
  >,
): Finding {
  return {
    ...input,
    status: 'OPEN',
    evidence: [],
    escalationLevel: 0,
    version: 1,
    history: [
      {
        at: input.raisedAt,
        by: input.raisedBy,
        action: 'RAISED',
        to: 'OPEN',
        note: `${input.severity}: ${input.title}`,
      },
    ],
  };
}

/**
 * One step forward. Refused: an action from any status but its own (nothing moves back or
 * skips), a submission without evidence, a verification by the owner or by whoever
 * submitted.
 */
export function applyRemediation(
  item: Finding,
  act: RemediationAction,
  actor: string,
  at: string,
): Finding {
  const t = TRANSITIONS[act.action];
  if (item.status !== t.from)
    throw new RemediationRefused(
      'REMEDIATION_STATE',
      `${act.action} moves an item from ${t.from}; this one is ${item.status}.`,
    );
  const step: RemediationStep = {
    at,
    by: actor,
    action: act.action,
    from: item.status,
    to: t.to,
    ...(act.note ? { note: act.note } : {}),
  };
  const next = { ...item, status: t.to, version: item.version + 1 };
  switch (act.action) {
    case 'START':
      return { ...next, history: [...item.history, step] };
    case 'SUBMIT':
      if (!act.evidence.length)
        throw new RemediationRefused(
          'REMEDIATION_EVIDENCE_REQUIRED',
          'A submission carries the evidence that the finding is remedied.',
        );
      return {
        ...next,
        evidence: [...item.evidence, ...act.evidence.map((e) => ({ ...e, by: actor, at }))],
        submittedBy: actor,
        history: [...item.history, { ...step, evidence: act.evidence }],
      };
    case 'VERIFY':
      if (actor === item.owner)
        throw new RemediationRefused(
          'REMEDIATION_SELF_VERIFICATION',
          'The owner of a remediation item cannot verify it; another officer must.',
        );
      if (actor === item.submittedBy)
        throw new RemediationRefused(
          'REMEDIATION_SELF_VERIFICATION',
          'Whoever submitted the evidence cannot verify it; another officer must.',
        );
      return { ...next, verifiedBy: actor, history: [...item.history, step] };
    case 'CLOSE':
      return { ...next, closedBy: actor, history: [...item.history, step] };
  }
}

/** Items not yet verified are still owed; verified and closed ones no longer escalate. */
export const isOutstanding = (s: RemediationStatus) =>
  s === 'OPEN' || s === 'IN_PROGRESS' || s === 'SUBMITTED';

/** Days past the deadline on `today` (0 on or before it). */
export const daysOverdue = (item: Pick<Finding, 'deadline'>, today: string) =>
  Math.max(0, daysFrom(item.deadline, today));

/**
 * The escalation an item calls for on `today`: the highest level whose days past the
 * deadline are reached, when it is above the level already raised; else nothing. A level
 * skipped (the job did not run) is not raised on its own: the higher one says more.
 */
export function escalationDue(
  item: Pick<Finding, 'deadline' | 'status' | 'escalationLevel'>,
  today: string,
  escalationDays: readonly number[],
): { level: number; daysOverdue: number } | undefined {
  if (!isOutstanding(item.status)) return undefined;
  const late = daysOverdue(item, today);
  if (late <= 0) return undefined;
  const level = escalationDays.filter((d) => late >= d).length;
  return level > item.escalationLevel ? { level, daysOverdue: late } : undefined;
}

/** The item with an escalation recorded. */
export function escalated(item: Finding, level: number, late: number, at: string): Finding {
  return {
    ...item,
    escalationLevel: level,
    version: item.version + 1,
    history: [
      ...item.history,
      {
        at,
        by: 'system',
        action: 'ESCALATED',
        note: `level ${level}: ${late} day${late === 1 ? '' : 's'} past the deadline ${item.deadline}, ${item.status}`,
      },
    ],
  };
}

/** The severity an escalation is raised with: higher levels and graver findings weigh more. */
export function escalationSeverity(severity: FindingSeverity, level: number): FindingSeverity {
  const i = FINDING_SEVERITIES.indexOf(severity) + level - 1;
  return FINDING_SEVERITIES[Math.min(i, FINDING_SEVERITIES.length - 1)] ?? 'CRITICAL';
}
