// Erasure (M7.1-b, PIPL art. 47): what a customer's request deletes, what the law makes the
// platform keep, and until when. Pure: the flow gathers the facts and writes the outcome.
//
// - Refused while the customer has money or obligations with the platform: a balance, money
//   held for a movement in flight, an open investment, an outstanding loan. They are
//   settled (withdrawn, redeemed, repaid) first.
// - Deleted: the customer's own key (crypto-shredding: every encrypted PII field, here and
//   in every backup, becomes undecryptable), the identity reservations (the ID number and
//   phone may register again), the sign-in, the assessments, the registration.
// - Kept under restriction: the ledger's transaction records and the customer's status
//   history, for the AML retention period after the business relationship ends (PRC
//   Anti-Money Laundering Law, revised 2024, in force 2025-01-01: customer identity
//   information and transaction records at least ten years; docs/data-rights.md), with the
//   masked identity (张*, 138****1234) as the only link to a person; that link is deleted
//   (anonymised) when the period ends.

/** Years the law requires transaction records kept after the relationship ends (AML Law 2024). */
export const AML_RETENTION_YEARS = 10;

/** What stands in the way of an erasure, as the flow found it (amounts in fen). */
export interface ErasureFacts {
  readonly status: 'ACTIVE' | 'FROZEN' | 'CLOSED';
  readonly cash: number;
  readonly held: number;
  readonly openHoldings: number;
  readonly outstandingLoans: number;
  /** Movements not yet settled or failed (deposits, withdrawals, transfers in flight). */
  readonly movementsInFlight: number;
}

export interface ErasureBlocker {
  readonly reason: 'FROZEN' | 'BALANCE' | 'HELD' | 'HOLDINGS' | 'LOANS' | 'IN_FLIGHT';
  readonly detail: string;
}

/** Why the customer cannot be erased now; empty when they can. */
export function erasureBlockers(f: ErasureFacts): ErasureBlocker[] {
  const out: ErasureBlocker[] = [];
  if (f.status === 'FROZEN')
    out.push({
      reason: 'FROZEN',
      detail: 'The account is frozen by staff; it must be unfrozen before it can be closed.',
    });
  if (f.cash > 0)
    out.push({ reason: 'BALANCE', detail: `A balance of ${f.cash} fen: withdraw it first.` });
  if (f.held > 0)
    out.push({ reason: 'HELD', detail: `${f.held} fen held for movements in flight.` });
  if (f.openHoldings > 0)
    out.push({
      reason: 'HOLDINGS',
      detail: `${f.openHoldings} open investment(s): redeem them first.`,
    });
  if (f.outstandingLoans > 0)
    out.push({
      reason: 'LOANS',
      detail: `${f.outstandingLoans} fen of loans outstanding: repay them first.`,
    });
  if (f.movementsInFlight > 0)
    out.push({
      reason: 'IN_FLIGHT',
      detail: `${f.movementsInFlight} movement(s) not yet settled: wait for them.`,
    });
  return out;
}

/**
 * The end of the retention period: `years` after the relationship ended (the erasure), on the
 * same calendar day (29 February falls on 1 March).
 */
export function retentionEnds(endedAt: Date, years = AML_RETENTION_YEARS): Date {
  const d = new Date(endedAt.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}
