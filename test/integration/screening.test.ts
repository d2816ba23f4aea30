// AML screening against the emulator (issue 14, M1-c), on a table of its own: a watch list
// stored as versions through the flow (the sample list, fictional), a subject screened
// against the version in force with every hit stamped with it and masked, and a new version
// used as soon as it is stored.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  screenSubject,
  uploadWatchlist,
  WatchlistIndexes,
  WatchlistRepo,
  type WatchlistDeps,
} from '../../shared/compliance';
import { LedgerRepo } from '../../shared/money';
import { scratchTable, useEmulator } from '../support/aws';
import { SAMPLE_WATCHLIST as SAMPLE, screeningNow } from '../support/screening';

const now = screeningNow;
let deps: WatchlistDeps;
const audited: unknown[] = [];
const store = (listId: string, csv: string) =>
  uploadWatchlist(
    'officer-1',
    listId,
    { key: randomUUID(), operation: 'opsPutWatchlist', input: { csv } },
    deps,
  );

beforeAll(async () => {
  useEmulator();
  const { name } = await scratchTable('compliance');
  deps = {
    repo: new WatchlistRepo(name),
    tx: new LedgerRepo(name),
    clock: { now: () => now },
    audit: { watchlistStored: async (e) => void audited.push(e) },
  };
}, 60_000);

describe('M1-c screening against stored watch-list versions', () => {
  it('M1-c screens a name in characters against a list in pinyin, stamped with the version and masked', async () => {
    const stored = await store('sanctions', SAMPLE);
    expect(stored).toMatchObject({ version: 1, created: true, chunks: 1 });
    expect(audited).toEqual([
      { listId: 'sanctions', version: 1, sha256: stored.sha256, entries: 10, actor: 'officer-1' },
    ]);
    const indexes = new WatchlistIndexes(deps.repo);
    const outcome = await screenSubject({ name: '張小明' }, ['sanctions', 'pep'], {
      indexes,
      clock: deps.clock,
    });
    expect(outcome.lists).toEqual([{ listId: 'sanctions', version: 1 }]); // no pep list stored
    expect(outcome.hits).toHaveLength(1);
    expect(outcome.hits[0]).toMatchObject({
      listId: 'sanctions',
      listVersion: 1,
      entryId: 'SAMPLE-0001',
      matchedOn: 'NAME',
      score: 1,
    });
    expect(outcome.hits[0]?.alignments.map((a) => [a.query, a.how])).toEqual([
      ['張*', 'simplified/traditional'],
      ['小*', 'exact'], // 小明 is written alike in both
    ]);
    const byId = await screenSubject(
      { name: 'Nobody Known', idNumber: '110101 19900101 1234' },
      ['sanctions'],
      {
        indexes,
        clock: deps.clock,
      },
    );
    expect(byId.hits.map((h) => [h.entryId, h.matchedOn, h.alignments[0]?.query])).toEqual([
      ['SAMPLE-0001', 'ID_NUMBER', '1101**********1234'],
    ]);
  });

  it('M1-c uses a new version as soon as it is stored', async () => {
    const indexes = new WatchlistIndexes(deps.repo);
    const listId = `l-${randomUUID().slice(0, 8)}`;
    await store(listId, SAMPLE);
    const before = await screenSubject({ name: 'Wang Xiaohong' }, [listId], {
      indexes,
      clock: deps.clock,
    });
    expect(before.hits).toEqual([]);
    await store(
      listId,
      `${SAMPLE.trimEnd()}\nSAMPLE-0011,PERSON,王晓红,,SAMPLE-SANCTIONS,2026-11-29,FICTIONAL\n`,
    );
    const after = await screenSubject({ name: 'Wang Xiaohong' }, [listId], {
      indexes,
      clock: deps.clock,
    });
    expect(after.lists).toEqual([{ listId, version: 2 }]);
    expect(after.hits.map((h) => [h.entryId, h.listVersion, h.score])).toEqual([
      ['SAMPLE-0011', 2, 1],
    ]);
  });
});
