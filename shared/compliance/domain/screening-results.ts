// A customer's AML screening result (issue 14, M1-c, ADR 0031): the list versions screened
// against, the masked hits, the status a compliance officer's decisions move, and the hits
// in words without PII (for alerts). Pure types and functions.
import type { ScreeningHit } from './screening-match';

export interface ListHit extends ScreeningHit {
  readonly listId: string;
  readonly listVersion: number;
  /**
   * How it was found: scored at screening (absent), or by re-screening on a list update,
   * from keys alone (its score the highest the keys allow, no alignments; ADR 0031).
   */
  readonly found?: 'SCREENING' | 'RESCREENING';
  readonly foundAt?: string;
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

const hitKey = (h: ListHit) => `${h.listId}|${h.listVersion}|${h.entryId}`;

/**
 * A result with the hits a re-screening found (ADR 0031): a hit on a list version and entry
 * already recorded is not added again (a redelivered message changes nothing); the status
 * reopens from CLEAR or CLEARED to OPEN (a new or changed entry is a new question), an OPEN
 * or CONFIRMED result keeps its status; the lists record the versions re-screened against.
 * Undefined when nothing is new.
 */
export function withRescreening(
  current: CustomerScreening,
  found: readonly ListHit[],
): CustomerScreening | undefined {
  const have = new Set(current.hits.map(hitKey));
  const fresh = found.filter((h) => !have.has(hitKey(h)));
  if (!fresh.length) return undefined;
  const lists = new Map(current.lists.map((l) => [l.listId, l.version]));
  for (const h of fresh) lists.set(h.listId, Math.max(lists.get(h.listId) ?? 0, h.listVersion));
  return {
    ...current,
    status: current.status === 'CONFIRMED' ? 'CONFIRMED' : 'OPEN',
    lists: [...lists].map(([listId, version]) => ({ listId, version })),
    hits: [...current.hits, ...fresh].sort((a, b) => b.score - a.score),
    version: current.version + 1,
  };
}

/** One line per hit, for an alert's reasons: list, version, entry, score; never the customer's words. */
export function hitReasons(s: Pick<CustomerScreening, 'hits'>): string[] {
  return s.hits.map(
    (h) =>
      `${h.listId} v${h.listVersion}: entry ${h.entryId} (${h.programme}), ${h.matchedOn === 'ID_NUMBER' ? 'ID number' : 'name'} ${h.found === 'RESCREENING' && h.matchedOn === 'NAME' ? `keys overlap (score up to ${h.score.toFixed(2)}), found on re-screening` : `score ${h.score.toFixed(2)}`}`,
  );
}
