// Re-screening on a watch-list update against the emulator (issue 14, M1-c, ADR 0031), on a
// table of its own: customers screened at registration keep keyed fingerprints; a new
// version's new entries find, from the fingerprints alone, a customer by a pinyin name and
// another by ID number; a customer registered after the version (scored by name against it)
// (scored by name against it) is left as scored, a near miss too; a redelivery changes nothing and sends the same events; a shard not done
// in one delivery carries on in follow-up messages until every customer is read.
import { createHmac, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fingerprintShard,
  rescreenRequests,
  rescreenShard,
  screenCustomer,
  ScreeningRepo,
  uploadWatchlist,
  WatchlistIndexes,
  WatchlistRepo,
  type RescreenRequest,
  type RescreeningDeps,
  type WatchlistDeps,
} from '../../shared/compliance';
import { LedgerRepo } from '../../shared/money';
import { scratchTable, useEmulator } from '../support/aws';
import { SAMPLE_WATCHLIST as SAMPLE, screeningClock, screeningNow } from '../support/screening';

const now = screeningNow;
const clock = screeningClock;
const keyer = async () => (k: string) =>
  createHmac('sha256', 'integration').update(k).digest('base64url').slice(0, 16);
/** A customer id in shard 0, so one shard holds every customer of the test. */
const inShardZero = () => {
  for (;;) {
    const id = randomUUID();
    if (fingerprintShard(id) === 0) return id;
  }
};

let list: WatchlistDeps;
let screenings: ScreeningRepo;
const started: [string, number][] = [];
const events: { customerId: string; listVersion: number; at: string }[] = [];
const followUps: RescreenRequest[] = [];
let rescreening: RescreeningDeps;

beforeAll(async () => {
  useEmulator();
  const { name } = await scratchTable('compliance');
  screenings = new ScreeningRepo(name);
  list = {
    repo: new WatchlistRepo(name),
    tx: new LedgerRepo(name),
    clock,
    audit: { watchlistStored: async () => undefined },
    rescreening: { start: async (listId, version) => void started.push([listId, version]) },
  };
  rescreening = {
    watchlists: list.repo,
    repo: screenings,
    keyer,
    clock,
    monitoring: { rescreened: async (e) => void events.push(e) },
    followUp: async (req) => void followUps.push(req),
  };
}, 60_000);

const upload = (csv: string) =>
  uploadWatchlist(
    'officer-1',
    'sanctions',
    { key: randomUUID(), operation: 'opsPutWatchlist', input: { csv } },
    list,
  );
const register = (customerId: string, name: string, idNumber: string) =>
  screenCustomer(
    customerId,
    { name, idNumber },
    { indexes: new WatchlistIndexes(list.repo), repo: screenings, clock, keyer },
  );

/** Runs a shard's message and every follow-up it hands on. */
async function runShard(req: RescreenRequest, deps: RescreeningDeps) {
  const summaries = [await rescreenShard(req, deps)];
  while (followUps.length) summaries.push(await rescreenShard(followUps.shift()!, deps));
  return summaries;
}

describe('M1-c re-screening on a list update', () => {
  it('M1-c a new version re-screens the customers registered before it from their keyed fingerprints: a pinyin entry finds a name in characters, an ID number finds another; one registered after it (a hit, or a near miss whose keys alone would be a candidate) is left as scored', async () => {
    expect((await upload(SAMPLE)).version).toBe(1);
    expect(started).toEqual([['sanctions', 1]]);
    const [byName, byId, clear] = [inShardZero(), inShardZero(), inShardZero()];
    await register(byName, '欧阳娜娜', '110105199001011235');
    await register(byId, '司马光明', '110105199203041238');
    await register(clear, '诸葛亮亮', '110105199305061231');
    for (const c of [byName, byId, clear]) expect((await screenings.get(c))?.status).toBe('CLEAR');

    const v2 = [
      SAMPLE.trimEnd(),
      'R-1,PERSON,Ouyang Nana,,SAMPLE-SANCTIONS,2026-11-29,FICTIONAL',
      'R-2,PERSON,Quentin Marlowe,110105199203041238,SAMPLE-SANCTIONS,2026-11-29,FICTIONAL',
      'R-3,PERSON,Chen Jie,,SAMPLE-SANCTIONS,2026-11-29,FICTIONAL',
    ].join('\n');
    expect((await upload(v2)).version).toBe(2);
    expect(started).toEqual([
      ['sanctions', 1],
      ['sanctions', 2],
    ]);
    // Registered after version 2, so screened by name against it: an exact hit, and a near
    // miss whose keys alone would make it a candidate (Cheng is not Chen in a Chinese name).
    const after = inShardZero();
    expect((await register(after, '欧阳娜娜', '110105199507081230')).hits).toMatchObject([
      { entryId: 'R-1', listVersion: 2 },
    ]);
    const nearMiss = inShardZero();
    expect(await register(nearMiss, 'Cheng Jie', '110105199609101233')).toMatchObject({
      status: 'CLEAR',
      lists: [{ listId: 'sanctions', version: 2 }],
    });

    // Every shard's message, one customer a page and no time to spare: follow-ups carry on.
    const summaries = (
      await Promise.all(
        rescreenRequests('sanctions', 2).map((r) =>
          runShard(r, { ...rescreening, budgetMs: 0, pageSize: 1 }),
        ),
      )
    ).flat();
    expect(summaries.filter((s) => s.shard === 0).length).toBeGreaterThanOrEqual(4);
    expect(summaries.reduce((n, s) => n + s.customers, 0)).toBe(5);
    expect(summaries.every((s) => s.changedEntries === 3)).toBe(true);

    const named = await screenings.get(byName);
    expect(named).toMatchObject({ status: 'OPEN', version: 2 });
    expect(named?.lists).toEqual([{ listId: 'sanctions', version: 2 }]);
    expect(named?.hits.map((h) => [h.entryId, h.matchedOn, h.found, h.listVersion])).toEqual([
      ['R-1', 'NAME', 'RESCREENING', 2],
    ]);
    expect(named?.hits[0]?.score).toBeGreaterThanOrEqual(0.85);
    expect((await screenings.get(byId))?.hits.map((h) => [h.entryId, h.matchedOn])).toEqual([
      ['R-2', 'ID_NUMBER'],
    ]);
    expect(await screenings.get(clear)).toMatchObject({ status: 'CLEAR', hits: [], version: 1 });
    const scored = await screenings.get(after);
    expect(scored?.version).toBe(1);
    expect(scored?.hits.some((h) => h.found === 'RESCREENING')).toBe(false);
    expect(await screenings.get(nearMiss)).toMatchObject({ status: 'CLEAR', version: 1 });
    expect(events.map((e) => e.customerId).sort()).toEqual([byName, byId].sort());
    expect(events.every((e) => e.listVersion === 2 && e.at === now.toISOString())).toBe(true);

    // A redelivery, a minute later: nothing changes, and the same events go again.
    const first = [...events];
    events.length = 0;
    const later = { now: () => new Date(now.getTime() + 60_000) };
    for (const r of rescreenRequests('sanctions', 2))
      await runShard(r, { ...rescreening, clock: later });
    expect((await screenings.get(byName))?.version).toBe(2);
    expect(events.sort((a, b) => a.customerId.localeCompare(b.customerId))).toEqual(
      first.sort((a, b) => a.customerId.localeCompare(b.customerId)),
    );
  });
});
