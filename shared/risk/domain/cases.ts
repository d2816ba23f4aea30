// Cases (M4.1-a: staff intervene; docs/risk-monitoring.md, "Cases"): a risk officer groups
// the alerts and holds that share a key (a customer, a counterparty, a device) within a
// window into one case, or escalates one alert into a case; then comments, assigns, splits
// some members into a new case, merges another case in, and closes it with a disposition.
// Each member belongs to at most one case; every step is kept on the case's timeline with
// who, when and why. Pure: the repository stores what this decides, on the version read.
import { DISPOSITIONS, type Disposition } from './alerts';

export const CASE_KEY_KINDS = ['CUSTOMER', 'COUNTERPARTY', 'DEVICE'] as const;
export type CaseKeyKind = (typeof CASE_KEY_KINDS)[number];

export interface CaseKey {
  readonly kind: CaseKeyKind;
  /** A customer id, or a device's keyed hash (`deviceRef`). */
  readonly ref: string;
}

/**
 * The most members (alerts and holds) one case holds: a change to a case is one
 * transaction, with one membership item per member moved (DynamoDB allows 100 items).
 */
export const MAX_CASE_MEMBERS = 80;

export const CASE_STATUSES = ['OPEN', 'CLOSED', 'MERGED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseMembers {
  readonly alertIds: readonly string[];
  /** Held movements (open or decided holds), by movement id. */
  readonly holdIds: readonly string[];
}

export const CASE_STEPS = [
  'OPENED',
  'ESCALATED',
  'COMMENTED',
  'ASSIGNED',
  'SPLIT_OUT',
  'SPLIT_FROM',
  'MERGED_IN',
  'MERGED_INTO',
  'CLOSED',
] as const;

export interface CaseStep {
  readonly at: string;
  readonly by: string;
  readonly action: (typeof CASE_STEPS)[number];
  readonly note?: string;
  readonly assignee?: string;
  readonly disposition?: Disposition;
  /** The other case of a split or merge. */
  readonly caseId?: string;
  /** The members the step moved or added. */
  readonly alertIds?: readonly string[];
  readonly holdIds?: readonly string[];
}

export interface CaseRecord extends CaseMembers {
  readonly caseId: string;
  readonly key: CaseKey;
  /** The days (UTC) whose alerts and holds were grouped. */
  readonly from: string;
  readonly to: string;
  readonly status: CaseStatus;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly version: number;
  readonly assignee?: string;
  readonly disposition?: Disposition;
  readonly mergedInto?: string;
  readonly timeline: readonly CaseStep[];
}

/** An alert or hold as grouping reads it: who, which counterparties and devices, when. */
export interface Groupable {
  readonly id: string;
  readonly customerId: string;
  readonly counterparties: readonly string[];
  readonly devices: readonly string[];
}

export function matchesKey(key: CaseKey, m: Groupable): boolean {
  switch (key.kind) {
    case 'CUSTOMER':
      return m.customerId === key.ref;
    case 'COUNTERPARTY':
      return m.counterparties.includes(key.ref);
    case 'DEVICE':
      return m.devices.includes(key.ref);
  }
}

export class CaseActionRefused extends Error {
  override readonly name = 'CaseActionRefused';
  constructor(
    readonly code: 'CASE_CLOSED' | 'VERSION_MISMATCH' | 'CASE_TOO_LARGE' | 'VALIDATION_FAILED',
    message: string,
    readonly field?: { path: string; reason: string },
  ) {
    super(message);
  }
}

export type CaseAction =
  | { readonly action: 'COMMENT'; readonly version: number; readonly note: string }
  | { readonly action: 'ASSIGN'; readonly version: number; readonly assignee: string }
  | {
      readonly action: 'CLOSE';
      readonly version: number;
      readonly disposition: Disposition;
      readonly reason: string;
    }
  | {
      readonly action: 'SPLIT';
      readonly version: number;
      readonly alertIds?: readonly string[] | undefined;
      readonly holdIds?: readonly string[] | undefined;
      readonly reason: string;
    }
  | {
      readonly action: 'MERGE';
      readonly version: number;
      readonly caseId: string;
      readonly reason: string;
    };

export const CASE_DISPOSITIONS = DISPOSITIONS;

const size = (m: CaseMembers) => m.alertIds.length + m.holdIds.length;

/** A new case of `members`, opened by `by` (from a key and window, or by escalating an alert). */
export function openCase(input: {
  caseId: string;
  key: CaseKey;
  from: string;
  to: string;
  members: CaseMembers;
  by: string;
  at: string;
  reason: string;
  escalated?: string;
}): CaseRecord {
  if (size(input.members) > MAX_CASE_MEMBERS)
    throw new CaseActionRefused(
      'CASE_TOO_LARGE',
      `${size(input.members)} alerts and holds match; a case holds at most ${MAX_CASE_MEMBERS}: narrow the window.`,
    );
  return {
    caseId: input.caseId,
    key: input.key,
    from: input.from,
    to: input.to,
    status: 'OPEN',
    alertIds: [...input.members.alertIds],
    holdIds: [...input.members.holdIds],
    openedAt: input.at,
    openedBy: input.by,
    version: 1,
    timeline: [
      {
        at: input.at,
        by: input.by,
        action: input.escalated ? 'ESCALATED' : 'OPENED',
        note: input.reason,
        alertIds: input.members.alertIds,
        holdIds: input.members.holdIds,
      },
    ],
  };
}

export interface CaseChange {
  readonly after: CaseRecord;
  /** A split's new case, or a merge's absorbed case after the merge. */
  readonly other?: CaseRecord;
  /** The members whose case changes (split out, or merged in). */
  readonly moved?: CaseMembers;
}

/**
 * Applies a staff action to an open case, on the version it was decided on. A split needs
 * `newCaseId`; a merge needs the other case as read.
 */
export function applyCaseAction(
  before: CaseRecord,
  input: CaseAction,
  step: { by: string; at: string },
  ctx: { newCaseId?: string; other?: CaseRecord } = {},
): CaseChange {
  if (before.status !== 'OPEN')
    throw new CaseActionRefused('CASE_CLOSED', `This case is ${before.status}.`);
  if (before.version !== input.version)
    throw new CaseActionRefused(
      'VERSION_MISMATCH',
      `The case is at version ${before.version}; read it again.`,
      { path: 'body.version', reason: `is not the current version (${before.version})` },
    );
  const next = (s: Omit<CaseStep, 'at' | 'by'>, changes: Partial<CaseRecord> = {}): CaseRecord => ({
    ...before,
    ...changes,
    version: before.version + 1,
    timeline: [...before.timeline, { at: step.at, by: step.by, ...s }],
  });
  switch (input.action) {
    case 'COMMENT':
      return { after: next({ action: 'COMMENTED', note: input.note }) };
    case 'ASSIGN':
      return {
        after: next({ action: 'ASSIGNED', assignee: input.assignee }, { assignee: input.assignee }),
      };
    case 'CLOSE':
      return {
        after: next(
          { action: 'CLOSED', disposition: input.disposition, note: input.reason },
          { status: 'CLOSED', disposition: input.disposition },
        ),
      };
    case 'SPLIT': {
      const alertIds = [...new Set(input.alertIds ?? [])];
      const holdIds = [...new Set(input.holdIds ?? [])];
      const invalid = (path: string, reason: string) =>
        new CaseActionRefused('VALIDATION_FAILED', 'The split is not valid.', { path, reason });
      if (!alertIds.length && !holdIds.length)
        throw invalid('body.alertIds', 'name at least one alert or hold to split out');
      const strayA = alertIds.find((id) => !before.alertIds.includes(id));
      if (strayA) throw invalid('body.alertIds', `${strayA} is not in this case`);
      const strayH = holdIds.find((id) => !before.holdIds.includes(id));
      if (strayH) throw invalid('body.holdIds', `${strayH} is not in this case`);
      const kept = {
        alertIds: before.alertIds.filter((id) => !alertIds.includes(id)),
        holdIds: before.holdIds.filter((id) => !holdIds.includes(id)),
      };
      if (!size(kept)) throw invalid('body.alertIds', 'a split leaves at least one member');
      const newCaseId = ctx.newCaseId as string;
      const moved = { alertIds, holdIds };
      const other: CaseRecord = {
        ...openCase({
          caseId: newCaseId,
          key: before.key,
          from: before.from,
          to: before.to,
          members: moved,
          by: step.by,
          at: step.at,
          reason: input.reason,
        }),
        timeline: [
          {
            at: step.at,
            by: step.by,
            action: 'SPLIT_FROM',
            caseId: before.caseId,
            note: input.reason,
            ...moved,
          },
        ],
      };
      return {
        after: next({ action: 'SPLIT_OUT', caseId: newCaseId, note: input.reason, ...moved }, kept),
        other,
        moved,
      };
    }
    case 'MERGE': {
      const other = ctx.other as CaseRecord;
      if (other.caseId === before.caseId)
        throw new CaseActionRefused('VALIDATION_FAILED', 'A case cannot merge into itself.', {
          path: 'body.caseId',
          reason: 'is this case',
        });
      if (other.status !== 'OPEN')
        throw new CaseActionRefused('CASE_CLOSED', `Case ${other.caseId} is ${other.status}.`);
      const merged = {
        alertIds: [...before.alertIds, ...other.alertIds],
        holdIds: [...before.holdIds, ...other.holdIds],
      };
      if (size(merged) > MAX_CASE_MEMBERS)
        throw new CaseActionRefused(
          'CASE_TOO_LARGE',
          `Merged, the case would hold ${size(merged)} alerts and holds; at most ${MAX_CASE_MEMBERS}.`,
        );
      const moved = { alertIds: other.alertIds, holdIds: other.holdIds };
      return {
        after: next(
          { action: 'MERGED_IN', caseId: other.caseId, note: input.reason, ...moved },
          merged,
        ),
        other: {
          ...other,
          status: 'MERGED',
          mergedInto: before.caseId,
          alertIds: [],
          holdIds: [],
          version: other.version + 1,
          timeline: [
            ...other.timeline,
            {
              at: step.at,
              by: step.by,
              action: 'MERGED_INTO',
              caseId: before.caseId,
              note: input.reason,
              ...moved,
            },
          ],
        },
        moved,
      };
    }
  }
}
