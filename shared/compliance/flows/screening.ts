// Screening a subject (a name, an ID number) against the watch lists in force (issue 14,
// M1-c): each list's index is built once per version and kept in the process; every call
// reads the lists' heads (one GetItem each) so a new version is used as soon as it is
// stored. Every outcome is stamped with the list versions it used, and its hits are masked
// (the screened person's words and ID number), ready to be stored or shown. Not yet called
// from registration or transfers (ADR 0031, "Proposed").
import type { Clock } from '../../kernel';
import type { WatchlistRepo } from '../adapters/watchlist-repo';
import {
  DEFAULT_SCREENING,
  maskHit,
  ScreeningIndex,
  type ScreeningConfig,
  type ScreeningHit,
  type ScreeningSubject,
} from '../domain/screening-match';
import { loadWatchlist } from '../domain/watchlist-file';

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
