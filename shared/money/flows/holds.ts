// A risk officer's decision on a held movement (ADR 0012), as money: a release lets it
// settle (the screen moves to RELEASED, and the ledger stream sends a T+0 movement to
// settlement as it does any movement that becomes settleable); a rejection fails it and
// gives the money back in the same transaction: a transfer's or order's confirmation is
// reversed by a journal, a withdrawal's hold is released (it had moved nothing yet), and an
// order's pending position is cancelled. Both are conditioned on the movement still being
// HELD and PENDING, so a hold is decided exactly once.
import type { Holdings } from '../../investing';
import type { LedgerTx, Movement } from '../adapters/ledger-repo';
import { customerAccount, journals, movementRef } from '../domain/ledger';
import type { ScreeningNote } from '../domain/screening';

export interface HoldDecisionDeps {
  readonly holdings: Holdings;
  readonly platformShards: number;
}

export type HoldOutcome = 'RELEASED' | 'REJECTED';

/** Adds the decision on held movement `m` to `tx`; `note` carries the resolution. */
export function decideHeld(
  tx: LedgerTx,
  m: Movement,
  outcome: HoldOutcome,
  note: ScreeningNote,
  at: string,
  deps: HoldDecisionDeps,
): LedgerTx {
  if (outcome === 'RELEASED') return tx.screen(m, 'RELEASED', note, 'HELD');
  const by = note.resolution ? ` by ${note.resolution.by}` : '';
  const rejected = tx.transition(m, 'PENDING', 'FAILED', at, {
    note: `rejected by risk review${by}`,
    screen: { from: 'HELD', to: 'REJECTED', note },
  });
  const ref = movementRef(m, deps.platformShards);
  const journalId = `${m.movementId}:rejected`;
  switch (m.type) {
    case 'TRANSFER':
      return rejected.journal(journalId, m, journals.transferRejected(ref, m.customerId), at);
    case 'SUBSCRIPTION':
      return deps.holdings.transition(
        rejected.journal(journalId, m, journals.subscriptionRejected(ref, m.customerId), at),
        m.customerId,
        m.movementId,
        'PENDING',
        'CANCELLED',
      );
    case 'WITHDRAWAL':
      return rejected.release(customerAccount(m.customerId), m.amount);
    default:
      throw new Error(`a ${m.type} is never held`);
  }
}
