// A customer's AML screening result (issue 14, M1-c, ADR 0031): the list versions screened
// against, the masked hits, the status a compliance officer's decisions move, and the hits
// in words without PII (for alerts). Pure types and functions.
import type { ScreeningHit } from './screening-match';

export interface ListHit extends ScreeningHit {
  readonly listId: string;
  readonly listVersion: number;
}

export interface ScreeningOutcome {
  readonly screenedAt: string;
  /** The version of every list screened against (a list with no version is absent). */
  readonly lists: readonly { readonly listId: string; readonly version: number }[];
  readonly hits: readonly ListHit[];
}

/** OPEN: a hit awaits a compliance officer; CLEARED: a false match; CONFIRMED: a true one. */
export type ScreeningStatus = 'CLEAR' | 'OPEN' | 'CLEARED' | 'CONFIRMED';

export interface ScreeningDecisionStep {
  readonly decision: 'CLEAR' | 'CONFIRM_PROPOSED' | 'CONFIRM';
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

/** A customer's screening result as kept (masked hits only). */
export interface CustomerScreening extends ScreeningOutcome {
  readonly customerId: string;
  readonly status: ScreeningStatus;
  /** Grows with each compliance officer's step. */
  readonly version: number;
  readonly decisions: readonly ScreeningDecisionStep[];
}

/** One line per hit, for an alert's reasons: list, version, entry, score; never the customer's words. */
export function hitReasons(s: Pick<CustomerScreening, 'hits'>): string[] {
  return s.hits.map(
    (h) =>
      `${h.listId} v${h.listVersion}: entry ${h.entryId} (${h.programme}), ${h.matchedOn === 'ID_NUMBER' ? 'ID number' : 'name'} score ${h.score.toFixed(2)}`,
  );
}
