// Policies (M5.1-a): create, revise (a new version supersedes the one in force, every
// version kept), read with where each stands against its review date.
import { randomUUID } from 'node:crypto';
import { NotFoundError, Refusal } from '../../platform';
import { businessDate } from '../domain/calendar';
import {
  firstVersion,
  PolicyRefused,
  revise,
  reviewState,
  type PolicyContent,
  type PolicyVersion,
  type ReviewState,
} from '../domain/policies';
import { change, nowIso, type Keyed, type ManagementDeps, type Staff } from './management-deps';

export type PolicyInForce = PolicyVersion & {
  readonly review: { readonly state: ReviewState; readonly daysLeft: number };
};
export type PolicyView = PolicyInForce & { readonly versions: readonly PolicyVersion[] };

const withReview = (
  p: PolicyVersion,
  deps: Pick<ManagementDeps, 'clock' | 'config'>,
): PolicyInForce => ({
  ...p,
  review: reviewState(p, businessDate(deps.clock.now()), deps.config.policyReviewReminderDays),
});

const refusal = (e: unknown) =>
  e instanceof PolicyRefused
    ? new Refusal('VALIDATION_FAILED', e.message, [{ path: e.field, reason: e.message }])
    : e;

const notFound = (id: string) => new NotFoundError('POLICY_NOT_FOUND', `No policy ${id}.`);

export type PolicyInput = PolicyContent & { readonly changeNote: string };
const contentOf = ({ changeNote: _c, ...content }: PolicyInput): PolicyContent => content;

export function createPolicy(
  staff: Staff,
  req: Keyed<PolicyInput>,
  deps: ManagementDeps,
): Promise<PolicyView> {
  return change(staff, req, { policy: 'new' }, deps, async () => {
    const at = nowIso(deps);
    const policyId = `POL-${randomUUID().slice(0, 8)}`;
    let v: PolicyVersion;
    try {
      v = firstVersion(policyId, contentOf(req.input), req.input.changeNote, staff.username, at);
    } catch (e) {
      throw refusal(e);
    }
    return {
      answer: { ...withReview(v, deps), versions: [v] },
      audit: {
        subject: `policy.${policyId}`,
        action: 'POLICY_CREATED',
        fields: [`version:1`, `reviewBy:${v.reviewBy}`, `areas:${v.areas.join('+')}`],
        reason: req.input.changeNote,
      },
      write: (tx) => deps.repo.putPolicy(tx, v),
    };
  });
}

/** A new version over the one in force (`version` names the one read). */
export function revisePolicy(
  staff: Staff,
  policyId: string,
  req: Keyed<PolicyInput & { readonly version: number }>,
  deps: ManagementDeps,
): Promise<PolicyView> {
  return change(staff, req, { policy: policyId }, deps, async () => {
    const current = await deps.repo.policy(policyId);
    if (!current) throw notFound(policyId);
    if (current.version !== req.input.version)
      throw new Refusal(
        'CONCURRENT_CHANGE',
        `The policy is at version ${current.version}; read it again.`,
      );
    const { version: _v, ...input } = req.input;
    let made: ReturnType<typeof revise>;
    try {
      made = revise(current, contentOf(input), input.changeNote, staff.username, nowIso(deps));
    } catch (e) {
      throw refusal(e);
    }
    const earlier = (await deps.repo.policyVersions(policyId)).filter(
      (v) => v.version !== current.version,
    );
    return {
      answer: {
        ...withReview(made.next, deps),
        versions: [...earlier, made.superseded, made.next],
      },
      audit: {
        subject: `policy.${policyId}`,
        action: 'POLICY_REVISED',
        fields: [`version:${made.next.version}`, `supersedes:${current.version}`],
        reason: input.changeNote,
      },
      write: (tx) => deps.repo.putPolicy(tx, made.next, made.superseded),
    };
  });
}

export async function getPolicy(policyId: string, deps: ManagementDeps): Promise<PolicyView> {
  const [current, versions] = await Promise.all([
    deps.repo.policy(policyId),
    deps.repo.policyVersions(policyId),
  ]);
  if (!current) throw notFound(policyId);
  return { ...withReview(current, deps), versions };
}

/** The versions in force, the reviews falling due first. */
export async function listPolicies(
  query: { area?: string | undefined; review?: ReviewState | undefined },
  deps: ManagementDeps,
): Promise<{ items: PolicyInForce[] }> {
  const all = (await deps.repo.policies()).map((p) => withReview(p, deps));
  return {
    items: all
      .filter((p) => !query.area || p.areas.includes(query.area as never))
      .filter((p) => !query.review || p.review.state === query.review)
      .sort((a, b) => a.reviewBy.localeCompare(b.reviewBy) || a.policyId.localeCompare(b.policyId)),
  };
}
