// Re-screening on a watch-list update (issue 14, M1-c, ADR 0031): when a list's new version
// is stored, every registered customer is screened again against the entries the version
// added or changed, within minutes, without reading a name. Each customer's fingerprint
// (kept at registration: the keyed hashes of their name's token keys and ID number) is
// matched against an index of the changed entries keyed the same way; a customer who shares
// an ID number, or enough name keys to reach the threshold, gets the hit added to their
// screening result (its score the highest those keys allow; the name is read by a
// compliance officer) and an `aml-screening` event to monitoring, which raises the alert,
// and holds their movements while the hit is open. One message per fingerprint shard, so
// the work spreads over the worker's concurrency; a redelivered message adds nothing twice.
import type { Clock } from '../../kernel';
import { DependencyError, logger } from '../../platform';
import {
  FINGERPRINT_SHARDS,
  type ScreeningRepo,
  type StoredFingerprint,
} from '../adapters/screening-repo';
import type { WatchlistRepo } from '../adapters/watchlist-repo';
import {
  DEFAULT_SCREENING,
  ScreeningIndex,
  type Candidate,
  type WatchlistEntry,
} from '../domain/screening-match';
import { withRescreening, type CustomerScreening, type ListHit } from '../domain/screening-results';
import { loadWatchlist } from '../domain/watchlist-file';

/** One shard of one version's re-screening (a queue message). */
export type RescreenRequest = {
  readonly listId: string;
  readonly version: number;
  readonly shard: number;
  /** Carry on after this customer (a follow-up of a shard not done in one delivery). */
  readonly after?: string;
};

/**
 * A new version's messages are delayed this long, so they arrive after the version commits
 * (they are sent just before); registration relies on it too (screening.ts).
 */
export const RESCREEN_DELAY_SECONDS = 5;

/** The messages that re-screen every customer against a new version. */
export function rescreenRequests(listId: string, version: number): RescreenRequest[] {
  return Array.from({ length: FINGERPRINT_SHARDS }, (_, shard) => ({ listId, version, shard }));
}

const sameEntry = (a: WatchlistEntry, b: WatchlistEntry) =>
  a.kind === b.kind &&
  a.programme === b.programme &&
  JSON.stringify(a.names) === JSON.stringify(b.names) &&
  JSON.stringify(a.idNumbers) === JSON.stringify(b.idNumbers);

/**
 * The entries of a version that its predecessor did not have as they are: new entries and
 * entries whose names, ID numbers, kind or programme changed. A removed entry re-screens no
 * one (its open hits stay for compliance officers to decide).
 */
export function changedEntries(
  previous: readonly WatchlistEntry[] | undefined,
  current: readonly WatchlistEntry[],
): WatchlistEntry[] {
  const before = new Map((previous ?? []).map((e) => [e.entryId, e]));
  return current.filter((e) => {
    const was = before.get(e.entryId);
    return !was || !sameEntry(was, e);
  });
}

/** A candidate as the hit kept in the customer's result. */
export function rescreenHit(
  c: Candidate,
  listId: string,
  listVersion: number,
  at: string,
): ListHit {
  return {
    entryId: c.entry.entryId,
    programme: c.entry.programme,
    matchedOn: c.matchedOn,
    entryName: c.entry.names[0] ?? '',
    score: c.bound,
    alignments: [],
    listId,
    listVersion,
    found: 'RESCREENING',
    foundAt: at,
  };
}

export interface RescreeningDeps {
  readonly watchlists: WatchlistRepo;
  readonly repo: ScreeningRepo;
  /** The keyed hash fingerprints were made with (the blind-index key's screening purpose). */
  readonly keyer: () => Promise<(key: string) => string>;
  readonly clock: Clock;
  /** Sends the rest of a shard as a follow-up message. */
  readonly followUp: (req: RescreenRequest) => Promise<void>;
  /** How long one delivery works before it hands the rest on (default RESCREEN_BUDGET_MS). */
  readonly budgetMs?: number;
  /** Fingerprints read a page (default: DynamoDB's 1 MB). */
  readonly pageSize?: number;
  /** Tells monitoring that a customer has a new hit (a risk event; the alert is its). */
  readonly monitoring: {
    rescreened(hit: {
      customerId: string;
      listId: string;
      listVersion: number;
      at: string;
    }): Promise<void>;
  };
}

/** A version's changed entries, indexed under keyed hashes; kept for the shards that follow. */
const built = new Map<string, Promise<{ index: ScreeningIndex; changed: number }>>();

async function keyedIndexOf(
  listId: string,
  version: number,
  deps: RescreeningDeps,
): Promise<{ index: ScreeningIndex; changed: number }> {
  const id = `${listId}#${version}`;
  let found = built.get(id);
  if (!found) {
    found = (async () => {
      const [current, previous, keyOf] = await Promise.all([
        deps.watchlists.version(listId, version),
        version > 1 ? deps.watchlists.version(listId, version - 1) : undefined,
        deps.keyer(),
      ]);
      // The message is sent before the version's transaction commits: not there yet.
      if (!current) throw new DependencyError(`watch list ${listId} v${version} is not stored yet`);
      const entriesOf = async (v: typeof current) => {
        const loaded = loadWatchlist(await deps.watchlists.file(v));
        if (!loaded.ok) throw new Error(`watch list ${listId} v${v.version} no longer loads`);
        return loaded.entries;
      };
      const [now, before] = await Promise.all([
        entriesOf(current),
        previous ? entriesOf(previous) : undefined,
      ]);
      const changed = changedEntries(before, now);
      return {
        index: new ScreeningIndex(changed, DEFAULT_SCREENING, keyOf),
        changed: changed.length,
      };
    })();
    found.catch(() => built.delete(id));
    built.clear();
    built.set(id, found);
  }
  return found;
}

export type RescreenSummary = RescreenRequest & {
  readonly changedEntries: number;
  readonly customers: number;
  /** Customers with a hit this version (new, or recorded by an earlier delivery). */
  readonly hits: number;
  /** Where a follow-up message carries on (the shard was not done in the time allowed). */
  readonly continuedAfter?: string;
};

/** Past this much of a delivery, the rest of the shard goes to a follow-up message. */
export const RESCREEN_BUDGET_MS = 60_000;

/** Re-screens one shard of customers against a version's new and changed entries. */
export async function rescreenShard(
  req: RescreenRequest,
  deps: RescreeningDeps,
): Promise<RescreenSummary> {
  const started = Date.now();
  const { index, changed } = await keyedIndexOf(req.listId, req.version, deps);
  let customers = 0;
  let hits = 0;
  if (!changed) return { ...req, changedEntries: 0, customers, hits };
  const at = deps.clock.now().toISOString();
  for await (const { items, last } of deps.repo.fingerprints(req.shard, req.after, deps.pageSize)) {
    customers += items.length;
    for (const fp of items) {
      if (!fp.words) continue; // a key item alone (kept for a registration with none)
      const candidates = index.candidatesOf(fp);
      if (!candidates.length) continue;
      const foundAt = await recordHits(
        fp,
        candidates.map((c) => rescreenHit(c, req.listId, req.version, at)),
        req,
        deps,
      );
      if (!foundAt) continue;
      hits++;
      // The time of the hit's first recording: a redelivery sends the very same event.
      await deps.monitoring.rescreened({
        customerId: fp.customerId,
        listId: req.listId,
        listVersion: req.version,
        at: foundAt,
      });
    }
    if (last && Date.now() - started > (deps.budgetMs ?? RESCREEN_BUDGET_MS)) {
      await deps.followUp({ ...req, after: last });
      return { ...req, changedEntries: changed, customers, hits, continuedAfter: last };
    }
  }
  return { ...req, changedEntries: changed, customers, hits };
}

const ATTEMPTS = 5;

/**
 * Adds the hits to the customer's result, conditioned on the version read (retried), unless
 * the customer was already screened against this version by name (a registration after it:
 * its exact score stands). Answers when this version's re-screening hits were first
 * recorded, or undefined when the customer has none.
 */
async function recordHits(
  fp: StoredFingerprint,
  found: readonly ListHit[],
  req: RescreenRequest,
  deps: RescreeningDeps,
): Promise<string | undefined> {
  const recordedAt = (s: CustomerScreening) =>
    s.hits.find(
      (h) => h.found === 'RESCREENING' && h.listId === req.listId && h.listVersion === req.version,
    )?.foundAt;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await deps.repo.get(fp.customerId);
    if (!current) {
      logger.warn('a fingerprint without a screening result', { customerId: fp.customerId });
      return undefined;
    }
    const next = withRescreening(current, found);
    const screened = current.lists.find((l) => l.listId === req.listId)?.version ?? 0;
    if (!next || screened >= req.version) return recordedAt(current);
    if (await deps.repo.putIfVersion(next, current.version)) return recordedAt(next);
  }
  throw new DependencyError(`screening result of ${fp.customerId} kept changing`);
}
