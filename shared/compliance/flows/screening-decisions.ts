// A compliance officer's decision on a customer's screening hit (issue 14, M1-c, ADR 0031):
// CLEAR (a false match, one officer, with a reason) closes the hit and releases the
// movements held because of it; CONFIRM (a true match) takes two different compliance
// officers (four-eyes, as ADR 0014): the first proposes, the second confirms; once confirmed
// the held movements are rejected (their money goes back) and later ones stay held. Each
// step is audited before it is kept, and takes an Idempotency-Key (a retry answers as the
// first did; the holds are decided with keys derived from it, so a retry after a failure
// part-way decides each hold once).
import type { Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { NotFoundError, Refusal } from '../../platform';
import type { ScreeningRepo } from '../adapters/screening-repo';
import type { CustomerScreening, ScreeningDecisionStep } from '../domain/screening-results';
import type { ScreeningDecisionIn } from '../screening-schemas';

/** An open hold placed (at least) by screening on a movement of, or to, the customer. */
export interface ScreeningHold {
  readonly movementId: string;
  readonly customerId: string;
  readonly counterpartyId?: string;
  /** Whether screening is the only rule the hold names (else a risk officer decides it). */
  readonly onlyScreening: boolean;
}

/** The monitoring holds (the risk module's, ADR 0012), as screening decisions use them. */
export interface ScreeningHolds {
  heldFor(customerId: string): Promise<readonly ScreeningHold[]>;
  decide(
    staff: string,
    movementId: string,
    req: {
      key: string;
      operation: string;
      input: { decision: 'RELEASE' | 'REJECT'; reason: string };
    },
  ): Promise<void>;
}

export interface ScreeningDecisionDeps {
  readonly repo: ScreeningRepo;
  readonly tx: LedgerRepo;
  readonly holds: ScreeningHolds;
  readonly clock: Clock;
  readonly audit: {
    complianceChanged(entry: {
      subject: string;
      actor: string;
      action: string;
      fields: readonly string[];
      reason: string;
    }): Promise<void>;
  };
}

export type ScreeningAnswer = CustomerScreening & {
  readonly holds?: { released: string[]; rejected: string[]; left: string[] };
};

export async function screeningOf(
  customerId: string,
  repo: Pick<ScreeningRepo, 'get'>,
): Promise<CustomerScreening> {
  const found = await repo.get(customerId);
  if (!found)
    throw new NotFoundError('SCREENING_NOT_FOUND', 'No screening result for this customer.');
  return found;
}

export async function decideScreening(
  staff: string,
  customerId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: ScreeningDecisionIn },
  deps: ScreeningDecisionDeps,
): Promise<ScreeningAnswer> {
  const scoped = staffRequest(staff, req, { screening: customerId, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const before = await screeningOf(customerId, deps.repo);
    if (before.status !== 'OPEN')
      throw new Refusal(
        'SCREENING_NOT_OPEN',
        `This screening result is ${before.status}: there is no open hit to decide.`,
      );
    const at = deps.clock.now().toISOString();
    const proposed = before.decisions.at(-1);
    let step: ScreeningDecisionStep;
    let status: CustomerScreening['status'] = 'OPEN';
    if (req.input.decision === 'CLEAR') {
      step = { decision: 'CLEAR', by: staff, at, reason: req.input.reason };
      status = 'CLEARED';
    } else if (proposed?.decision === 'CONFIRM_PROPOSED') {
      if (proposed.by === staff)
        throw new Refusal(
          'FOUR_EYES_REQUIRED',
          'Confirming a screening hit takes a second compliance officer: you proposed it.',
        );
      step = { decision: 'CONFIRM', by: staff, at, reason: req.input.reason };
      status = 'CONFIRMED';
    } else {
      step = { decision: 'CONFIRM_PROPOSED', by: staff, at, reason: req.input.reason };
    }
    const after: CustomerScreening = {
      ...before,
      status,
      version: before.version + 1,
      decisions: [...before.decisions, step],
    };
    await deps.audit.complianceChanged({
      subject: `screening.${customerId}`,
      actor: staff,
      action: `screening:${step.decision}`,
      fields: [`status:${status}`, `version:${after.version}`],
      reason: req.input.reason,
    });
    const holds =
      status === 'OPEN'
        ? undefined
        : await decideHolds(staff, customerId, status, req.key, req, deps);
    const answer: ScreeningAnswer = { ...after, ...(holds ? { holds } : {}) };
    const tx = deps.repo.replace(key.answered(deps.tx.tx(), answer), after, before.version);
    await commitChange(
      deps.tx,
      tx,
      ['ruleSet'],
      'Another compliance officer decided this hit meanwhile; look again.',
    );
    return answer;
  });
}

/**
 * CLEARED: each hold placed by screening alone is released, unless the other party still
 * has a hit; CONFIRMED: each hold placed by screening is rejected. The rest stay for a risk
 * officer.
 */
async function decideHolds(
  staff: string,
  customerId: string,
  status: 'CLEARED' | 'CONFIRMED',
  key: string,
  req: { operation: string; input: ScreeningDecisionIn },
  deps: ScreeningDecisionDeps,
) {
  const out = { released: [] as string[], rejected: [] as string[], left: [] as string[] };
  for (const h of await deps.holds.heldFor(customerId)) {
    let decision: 'RELEASE' | 'REJECT' | undefined;
    if (status === 'CONFIRMED') decision = 'REJECT';
    else if (h.onlyScreening) {
      const other = h.customerId === customerId ? h.counterpartyId : h.customerId;
      const otherOpen = other ? await deps.repo.get(other) : undefined;
      if (otherOpen?.status !== 'OPEN' && otherOpen?.status !== 'CONFIRMED') decision = 'RELEASE';
    }
    if (!decision) {
      out.left.push(h.movementId);
      continue;
    }
    await deps.holds.decide(staff, h.movementId, {
      key: `${key}:${h.movementId}`.slice(0, 255),
      operation: req.operation,
      input: {
        decision,
        reason:
          `AML screening ${status === 'CLEARED' ? 'cleared' : 'confirmed'}: ${req.input.reason}`.slice(
            0,
            2000,
          ),
      },
    });
    (decision === 'RELEASE' ? out.released : out.rejected).push(h.movementId);
  }
  return out;
}
