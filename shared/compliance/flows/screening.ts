// Screening a subject (a name, an ID number) against the watch lists in force (issue 14,
// M1-c): each list's index is built once per version and kept in the process; every call
// reads the lists' heads (one GetItem each) so a new version is used as soon as it is
// stored. Every outcome is stamped with the list versions it used, and its hits are masked
// (the screened person's words and ID number), ready to be stored or shown. A customer is
// screened at registration (`screenCustomer`, called by `register` before anything is
// kept); the result, stamped with the list versions, is what risk scoring reads to raise a
// screening alert (rule `aml-screening`) and to hold the customer's (and their counterparties') movements while a
// hit is open (ADR 0031).
import type { Clock } from '../../kernel';
import type { ScreeningRepo } from '../adapters/screening-repo';
import type { CustomerScreening, ListHit, ScreeningOutcome } from '../domain/screening-results';
import type { WatchlistRepo } from '../adapters/watchlist-repo';
import {
  DEFAULT_SCREENING,
  fingerprintOf,
  maskHit,
  ScreeningIndex,
  type ScreeningConfig,
  type ScreeningSubject,
} from '../domain/screening-match';
import { loadWatchlist } from '../domain/watchlist-file';
import { RESCREEN_DELAY_SECONDS } from './rescreening';

/** The lists' indexes, each rebuilt only when its version changes. */
export class WatchlistIndexes {
  private readonly built = new Map<string, { version: number; index: ScreeningIndex }>();

  constructor(
    private readonly repo: WatchlistRepo,
    private readonly config: ScreeningConfig = DEFAULT_SCREENING,
  ) {}

  async current(listId: string): Promise<{ version: number; index: ScreeningIndex } | undefined> {
    const head = await this.repo.head(listId);
    if (!head) return undefined;
    const have = this.built.get(listId);
    if (have?.version === head.version) return have;
    const loaded = loadWatchlist(await this.repo.file(head));
    // A stored version was validated when stored; failing now is an invariant broken.
    if (!loaded.ok) throw new Error(`watch list ${listId} v${head.version} no longer loads`);
    const fresh = { version: head.version, index: new ScreeningIndex(loaded.entries, this.config) };
    this.built.set(listId, fresh);
    return fresh;
  }

  /** The versions in force of these lists (a list with none is absent). */
  async versions(listIds: readonly string[]): Promise<Map<string, number>> {
    const heads = await Promise.all(listIds.map((id) => this.repo.head(id)));
    return new Map(heads.flatMap((h) => (h ? [[h.listId, h.version] as const] : [])));
  }
}

export async function screenSubject(
  subject: ScreeningSubject,
  listIds: readonly string[],
  deps: { readonly indexes: WatchlistIndexes; readonly clock: Clock },
): Promise<ScreeningOutcome> {
  const screenedAt = deps.clock.now().toISOString();
  const lists: { listId: string; version: number }[] = [];
  const hits: ListHit[] = [];
  for (const listId of listIds) {
    const current = await deps.indexes.current(listId);
    if (!current) continue;
    lists.push({ listId, version: current.version });
    for (const h of current.index.screen(subject)) {
      hits.push({ ...maskHit(h), listId, listVersion: current.version });
    }
  }
  return { screenedAt, lists, hits: hits.sort((a, b) => b.score - a.score) };
}

/**
 * The lists every customer is screened against (configuration: a list with no version yet
 * is skipped, and the result names the versions that were in force).
 */
export const SCREENED_LISTS: readonly string[] = ['sanctions', 'pep'];

export interface CustomerScreeningDeps {
  readonly indexes: WatchlistIndexes;
  readonly repo: ScreeningRepo;
  readonly clock: Clock;
  readonly lists?: readonly string[];
  /**
   * The keyed hash the customer's fingerprint is made with (the blind-index key's screening
   * purpose), so a list update can re-screen them without their name (ADR 0031). Absent:
   * no fingerprint kept (unit tests).
   */
  readonly keyer?: () => Promise<(key: string) => string>;
  /** When the fingerprint expires unless activation keeps it (epoch seconds; ADR 0031). */
  readonly expiresAt?: number;
}

/**
 * Screens a new customer's name and ID number and keeps the result (OPEN when any list hit,
 * CLEAR otherwise) with the customer's keyed fingerprint. Returns what the caller may say without PII: the status, the list
 * versions and the hits' entries.
 */
export async function screenCustomer(
  customerId: string,
  subject: ScreeningSubject,
  deps: CustomerScreeningDeps,
): Promise<CustomerScreening> {
  const lists = deps.lists ?? SCREENED_LISTS;
  const keyOf = await deps.keyer?.();
  const fingerprint = keyOf ? fingerprintOf(subject, keyOf) : undefined;
  const screen = async (): Promise<CustomerScreening> => {
    const outcome = await screenSubject(subject, lists, deps);
    const result: CustomerScreening = {
      customerId,
      ...outcome,
      status: outcome.hits.length ? 'OPEN' : 'CLEAR',
      version: 1,
      decisions: [],
    };
    await deps.repo.put(result, fingerprint, deps.expiresAt);
    return result;
  };
  const started = Date.now();
  let result = await screen();
  // A version stored while the name was screened may have been re-screened before the
  // fingerprint was kept: its messages arrive RESCREEN_DELAY_SECONDS after they are sent,
  // just before it commits, so a screening done in under half that cannot have been passed
  // by. A slower one (a cold start builds an index for seconds) reads the versions again
  // and screens again against any stored meanwhile.
  if (Date.now() - started < (RESCREEN_DELAY_SECONDS * 1000) / 2) return result;
  for (let round = 0; round < 3; round++) {
    const heads = await deps.indexes.versions(lists);
    const same =
      heads.size === result.lists.length &&
      result.lists.every((l) => heads.get(l.listId) === l.version);
    if (same) break;
    result = await screen();
  }
  return result;
}
