// Holds (M4.1-a, ADR 0012): movements risk scoring held before settlement, which a risk
// officer releases (they settle) or rejects (the money goes back) with a reason. A decision
// takes an Idempotency-Key (a retry answers as the first did) and is kept: on the movement
// (its screening note and status history), and as the decided hold under the day.
import type { Clock } from '../../kernel';
import {
  decideHeld,
  once,
  staffRequest,
  commitChange,
  type HoldDecisionDeps,
  type HoldOutcome,
  type IdempotentRequest,
  type LedgerRepo,
  type ScreeningNote,
} from '../../money';
import { ConflictError, NotFoundError } from '../../platform';
import type { HoldRecord, RiskRepo } from '../adapters/risk-repo';
import type { HoldDecision } from '../schemas';

export interface HoldDeps extends HoldDecisionDeps {
  readonly repo: RiskRepo;
  /** The ledger: the movement, its money, and the idempotency record. */
  readonly ledger: LedgerRepo;
  readonly clock: Clock;
}

export async function listHolds(repo: RiskRepo): Promise<{ items: HoldRecord[] }> {
  return { items: await repo.openHolds() };
}

export async function decideHold(
  staff: string,
  movementId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: HoldDecision },
  deps: HoldDeps,
): Promise<HoldRecord> {
  const scoped = staffRequest(staff, req, { hold: movementId, ...req.input });
  return once(deps.ledger, scoped, { checkFirst: true }, async (key) => {
    const hold = await deps.repo.openHold(movementId);
    if (!hold) throw new NotFoundError('HOLD_NOT_FOUND', 'No open hold on this movement.');
    const m = await deps.ledger.movement(movementId);
    if (!m || m.screen !== 'HELD' || !m.screening)
      throw new ConflictError('CONCURRENT_CHANGE', 'The hold was decided meanwhile; look again.');
    const at = deps.clock.now();
    const outcome: HoldOutcome = req.input.decision === 'RELEASE' ? 'RELEASED' : 'REJECTED';
    const resolution = { outcome, by: staff, at: at.toISOString(), reason: req.input.reason };
    const note: ScreeningNote = { ...m.screening, resolution };
    const decided: HoldRecord = { ...hold, resolution };
    const tx = deps.repo.closeHold(
      decideHeld(
        key.answered(deps.ledger.tx(), decided, movementId),
        m,
        outcome,
        note,
        resolution.at,
        deps,
      ),
      decided,
      resolution.at.slice(0, 10),
    );
    await commitChange(
      deps.ledger,
      tx,
      ['screen', 'movement'],
      'The hold was decided meanwhile; look again.',
    );
    return decided;
  });
}
