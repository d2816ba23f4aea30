// Watch-list versions (issue 14, M1-c): a compliance officer uploads a list file; it is
// validated whole (a file with any bad row is refused with every problem: line, field,
// reason) and stored as the list's next version, audited. The same file again is the
// current version, not a new one. Screening results name the version they used. A new
// version starts the re-screening of every customer against its new and changed entries
// (flows/rescreening.ts): its messages are sent before the version is committed, so a
// stored version is never left without them (a worker given a version not yet committed
// tries again later).
import { createHash } from 'node:crypto';
import type { Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { NotFoundError, Refusal } from '../../platform';
import type { WatchlistRepo, WatchlistVersion } from '../adapters/watchlist-repo';
import { loadWatchlist } from '../domain/watchlist-file';
import { SCREENED_LISTS } from './screening';

export interface WatchlistDeps {
  readonly repo: WatchlistRepo;
  readonly tx: LedgerRepo;
  readonly clock: Clock;
  readonly audit: {
    watchlistStored(entry: {
      listId: string;
      version: number;
      sha256: string;
      entries: number;
      actor: string;
    }): Promise<void>;
  };
  /**
   * Starts re-screening customers against a new version of a list they are screened against
   * (absent: none, unit tests).
   */
  readonly rescreening?: { start(listId: string, version: number): Promise<void> };
}

export type WatchlistAnswer = WatchlistVersion & { readonly created: boolean };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function uploadWatchlist(
  staff: string,
  listId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: { csv: string } },
  deps: WatchlistDeps,
): Promise<WatchlistAnswer> {
  const digest = sha256(req.input.csv);
  const scoped = staffRequest(staff, req, { watchlist: listId, sha256: digest });
  return once(
    deps.tx,
    scoped,
    { table: deps.repo.table, checkFirst: true, recordRefusals: true },
    async (key) => {
      const loaded = loadWatchlist(req.input.csv);
      if (!loaded.ok) {
        throw new Refusal(
          'WATCHLIST_FILE_REJECTED',
          `The file has ${loaded.errorCount} problem(s); nothing was stored.`,
          [],
          { details: { errors: loaded.errors, errorCount: loaded.errorCount } },
        );
      }
      const head = await deps.repo.head(listId);
      if (head?.sha256 === digest) {
        const answer: WatchlistAnswer = { ...head, created: false };
        await deps.tx.commit(key.answered(deps.tx.tx(), answer));
        return answer;
      }
      const chunks = await deps.repo.putFile(listId, digest, req.input.csv);
      const version: WatchlistVersion = {
        listId,
        version: (head?.version ?? 0) + 1,
        sha256: digest,
        chunks,
        report: loaded.report,
        storedBy: staff,
        storedAt: deps.clock.now().toISOString(),
      };
      const answer: WatchlistAnswer = { ...version, created: true };
      await deps.audit.watchlistStored({
        listId,
        version: version.version,
        sha256: digest,
        entries: loaded.report.entries,
        actor: staff,
      });
      if (SCREENED_LISTS.includes(listId)) await deps.rescreening?.start(listId, version.version);
      const tx = deps.repo.putVersion(key.answered(deps.tx.tx(), answer), version, head?.version);
      await commitChange(
        deps.tx,
        tx,
        ['ruleSet'],
        'Another file for this list was stored at the same time; try again.',
      );
      return answer;
    },
  );
}

/** A list's versions, newest first, and which is in force. */
export async function watchlistVersions(listId: string, deps: Pick<WatchlistDeps, 'repo'>) {
  const [head, versions] = await Promise.all([deps.repo.head(listId), deps.repo.versions(listId)]);
  if (!head)
    throw new NotFoundError('WATCHLIST_NOT_FOUND', `No version of ${listId} has been stored.`);
  return { listId, current: head.version, versions };
}
