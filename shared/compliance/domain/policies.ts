// Policies (M5.1-a): versioned documents with their goals, scope and duties, the areas they
// cover (data security, privacy, AML, anti-fraud, ...), an owner, an effective date and a
// review date. A revision is a new version that supersedes the one in force; every version
// is kept. A review coming due raises one reminder per version and level. Pure.
import { daysFrom } from './calendar';

export const POLICY_AREAS = [
  'DATA_SECURITY',
  'PRIVACY',
  'AML',
  'ANTI_FRAUD',
  'CREDIT',
  'INVESTOR_PROTECTION',
  'OPERATIONS',
  'CONDUCT',
] as const;
export type PolicyArea = (typeof POLICY_AREAS)[number];

/** What a version says; a revision restates all of it. */
export interface PolicyContent {
  readonly title: string;
  /** The staff member accountable for the policy (and for keeping it current). */
  readonly owner: string;
  readonly scope: string;
  readonly goals: readonly string[];
  readonly duties: readonly string[];
  readonly areas: readonly PolicyArea[];
  /** YYYY-MM-DD */
  readonly effectiveFrom: string;
  /** YYYY-MM-DD: when the policy must have been reviewed by. */
  readonly reviewBy: string;
  /** The document itself, or where it is kept. */
  readonly document: string;
}

export interface PolicyVersion extends PolicyContent {
  readonly policyId: string;
  readonly version: number;
  /** Why this version was made (the first: why the policy exists). */
  readonly changeNote: string;
  readonly by: string;
  readonly at: string;
  /** The version that superseded this one, when one has. */
  readonly supersededBy?: number;
  readonly supersededAt?: string;
}

export class PolicyRefused extends Error {
  override readonly name = 'PolicyRefused';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function checkDates(c: PolicyContent) {
  if (c.reviewBy <= c.effectiveFrom)
    throw new PolicyRefused('body.reviewBy', 'The review date must be after the effective date.');
}

export function firstVersion(
  policyId: string,
  content: PolicyContent,
  changeNote: string,
  by: string,
  at: string,
): PolicyVersion {
  checkDates(content);
  return { policyId, version: 1, ...content, changeNote, by, at };
}

/**
 * A revision of the version in force: the next version number, taking effect no earlier
 * than the one it supersedes. Returns the new version and the old one marked superseded.
 */
export function revise(
  current: PolicyVersion,
  content: PolicyContent,
  changeNote: string,
  by: string,
  at: string,
): { next: PolicyVersion; superseded: PolicyVersion } {
  checkDates(content);
  if (content.effectiveFrom < current.effectiveFrom)
    throw new PolicyRefused(
      'body.effectiveFrom',
      `A new version cannot take effect before the version it supersedes (${current.effectiveFrom}).`,
    );
  const next: PolicyVersion = {
    policyId: current.policyId,
    version: current.version + 1,
    ...content,
    changeNote,
    by,
    at,
  };
  return { next, superseded: { ...current, supersededBy: next.version, supersededAt: at } };
}

export type ReviewState = 'CURRENT' | 'REVIEW_DUE' | 'REVIEW_OVERDUE';

/** Where a version stands against its review date on `today`, with `aheadDays` of notice. */
export function reviewState(
  p: Pick<PolicyVersion, 'reviewBy'>,
  today: string,
  aheadDays: number,
): { state: ReviewState; daysLeft: number } {
  const daysLeft = daysFrom(today, p.reviewBy);
  const state = daysLeft < 0 ? 'REVIEW_OVERDUE' : daysLeft <= aheadDays ? 'REVIEW_DUE' : 'CURRENT';
  return { state, daysLeft };
}

/** A reminder to raise (once per policy, version and state). */
export interface ReviewReminder {
  readonly policyId: string;
  readonly version: number;
  readonly title: string;
  readonly owner: string;
  readonly reviewBy: string;
  readonly state: Exclude<ReviewState, 'CURRENT'>;
  readonly daysLeft: number;
}

/** The reminders the versions in force call for on `today` (raising each once is the caller's). */
export function reviewReminders(
  inForce: readonly PolicyVersion[],
  today: string,
  aheadDays: number,
): ReviewReminder[] {
  const out: ReviewReminder[] = [];
  for (const p of inForce) {
    const { state, daysLeft } = reviewState(p, today, aheadDays);
    if (state === 'CURRENT') continue;
    out.push({
      policyId: p.policyId,
      version: p.version,
      title: p.title,
      owner: p.owner,
      reviewBy: p.reviewBy,
      state,
      daysLeft,
    });
  }
  return out;
}
