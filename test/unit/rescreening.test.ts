// M1-c: re-screening on a watch-list update (ADR 0031): which entries a new version
// re-screens customers against, how a hit found from keys is added to a customer's result,
// and that a fingerprint finds the customers a new entry may hit without their name.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  changedEntries,
  rescreenHit,
  rescreenRequests,
  FINGERPRINT_SHARDS,
  fingerprintShard,
  Screening,
  withRescreening,
  type CustomerScreening,
  type WatchlistEntry,
} from '../../shared/compliance';

const entry = (entryId: string, names: string[], idNumbers: string[] = []): WatchlistEntry => ({
  entryId,
  kind: 'PERSON',
  names,
  idNumbers,
  programme: 'TEST',
});
const keyOf = (k: string) => createHmac('sha256', 'k').update(k).digest('base64url').slice(0, 16);

const clear: CustomerScreening = {
  customerId: 'c1',
  screenedAt: '2026-11-01T00:00:00.000Z',
  lists: [{ listId: 'sanctions', version: 1 }],
  hits: [],
  status: 'CLEAR',
  version: 1,
  decisions: [],
};

describe('M1-c re-screening on a list update', () => {
  it('re-screens against new and changed entries only, not removed or unchanged ones', () => {
    const before = [entry('A', ['Li Na']), entry('B', ['Wang Fang']), entry('C', ['Zhao Lei'])];
    const after = [
      entry('A', ['Li Na']),
      entry('B', ['Wang Fang', '王芳']),
      entry('D', ['Chen Jie'], ['110105194912310021']),
    ];
    expect(changedEntries(before, after).map((e) => e.entryId)).toEqual(['B', 'D']);
    expect(changedEntries(undefined, after).map((e) => e.entryId)).toEqual(['A', 'B', 'D']);
    expect(changedEntries(after, after)).toEqual([]);
  });

  it('one message per fingerprint shard; every customer id has one shard', () => {
    expect(rescreenRequests('sanctions', 3)).toHaveLength(FINGERPRINT_SHARDS);
    expect(new Set(rescreenRequests('sanctions', 3).map((r) => r.shard)).size).toBe(
      FINGERPRINT_SHARDS,
    );
    const ids = Array.from(
      { length: 800 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const counts = new Array<number>(FINGERPRINT_SHARDS).fill(0);
    for (const id of ids) counts[fingerprintShard(id)] = (counts[fingerprintShard(id)] ?? 0) + 1;
    // Spread: no shard holds more than twice its share.
    for (const c of counts) expect(c).toBeLessThan((2 * ids.length) / FINGERPRINT_SHARDS);
  });

  it('a customer registered in characters is found by a new entry listed only in pinyin, from their fingerprint', () => {
    const fp = Screening.fingerprintOf({ name: '张伟明', idNumber: '110105199001011234' }, keyOf);
    expect(JSON.stringify(fp)).not.toMatch(/张|zhang|1101051990/i);
    const index = new Screening.ScreeningIndex(
      [
        entry('S1', ['Zhang Weiming']),
        entry('S2', ['Li Weiming']),
        entry('S3', ['Other Person'], ['110105199001011234']),
      ],
      Screening.DEFAULT_SCREENING,
      keyOf,
    );
    const found = index.candidatesOf(fp);
    expect(found.map((c) => [c.entry.entryId, c.matchedOn, c.bound])).toEqual(
      expect.arrayContaining([
        ['S1', 'NAME', 1],
        ['S3', 'ID_NUMBER', 1],
      ]),
    );
    expect(found.map((c) => c.entry.entryId)).not.toContain('S2');
  });

  it('adds a hit once, reopens a clear or cleared result, keeps a confirmed one, records the version', () => {
    const hit = rescreenHit(
      { entry: entry('S1', ['Zhang Weiming']), matchedOn: 'NAME', bound: 1 },
      'sanctions',
      2,
      '2026-11-29T10:00:00.000Z',
    );
    expect(hit).toMatchObject({ found: 'RESCREENING', alignments: [], listVersion: 2, score: 1 });
    const next = withRescreening(clear, [hit]);
    expect(next).toMatchObject({
      status: 'OPEN',
      version: 2,
      lists: [{ listId: 'sanctions', version: 2 }],
      hits: [{ entryId: 'S1', listVersion: 2 }],
    });
    // A redelivered message: nothing new.
    expect(withRescreening(next as CustomerScreening, [hit])).toBeUndefined();
    expect(withRescreening({ ...clear, status: 'CLEARED' }, [hit])?.status).toBe('OPEN');
    expect(withRescreening({ ...clear, status: 'CONFIRMED' }, [hit])?.status).toBe('CONFIRMED');
    // The same entry in a later version is a new question.
    expect(
      withRescreening(next as CustomerScreening, [{ ...hit, listVersion: 3 }])?.hits,
    ).toHaveLength(2);
  });
});
