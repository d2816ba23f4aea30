// Customers screened at registration and compliance officers' decisions on a hit (issue 14,
// M1-c, ADR 0031), against the emulator on a table of their own: the result is kept with the
// list version and masked hits; CLEAR releases the holds screening alone placed (not one
// other rules placed too, nor one whose other party still has a hit); CONFIRM takes two
// different officers and rejects the holds; every step is audited and keyed.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decideScreening,
  screenCustomer,
  ScreeningRepo,
  uploadWatchlist,
  WatchlistIndexes,
  WatchlistRepo,
  type ScreeningDecisionDeps,
  type ScreeningHold,
} from '../../shared/compliance';
import { LedgerRepo } from '../../shared/money';
import { scratchTable, useEmulator } from '../support/aws';
import { SAMPLE_WATCHLIST as SAMPLE, screeningClock } from '../support/screening';

const clock = screeningClock;
let table = '';
let indexes: WatchlistIndexes;
let repo: ScreeningRepo;
const audited: { subject: string; actor: string; action: string }[] = [];
const decided: { movementId: string; decision: string; by: string }[] = [];
let held: ScreeningHold[] = [];

const deps = (): ScreeningDecisionDeps => ({
  repo,
  tx: new LedgerRepo(table),
  clock,
  audit: { complianceChanged: async (e) => void audited.push(e) },
  holds: {
    heldFor: async (customerId) =>
      held.filter((h) => h.customerId === customerId || h.counterpartyId === customerId),
    decide: async (staff, movementId, req) => {
      decided.push({ movementId, decision: req.input.decision, by: staff });
      held = held.filter((h) => h.movementId !== movementId);
    },
  },
});
const decide = (staff: string, customerId: string, input: object, key = randomUUID()) =>
  decideScreening(
    staff,
    customerId,
    { key, operation: 'opsDecideScreening', input: input as never },
    deps(),
  );

beforeAll(async () => {
  useEmulator();
  ({ name: table } = await scratchTable('compliance'));
  const watchlists = new WatchlistRepo(table);
  await uploadWatchlist(
    'officer-1',
    'sanctions',
    { key: randomUUID(), operation: 'opsPutWatchlist', input: { csv: SAMPLE } },
    {
      repo: watchlists,
      tx: new LedgerRepo(table),
      clock,
      audit: { watchlistStored: async () => {} },
    },
  );
  indexes = new WatchlistIndexes(watchlists);
  repo = new ScreeningRepo(table);
}, 60_000);

const screen = (name: string, idNumber = '110101199203074512') => {
  const customerId = randomUUID();
  return screenCustomer(customerId, { name, idNumber }, { indexes, repo, clock });
};

describe('M1-c screening at registration and decisions on a hit', () => {
  it('M1-c keeps the result with the list versions and the hits masked; a name with no hit is CLEAR', async () => {
    const hit = await screen('張小明');
    expect(hit).toMatchObject({ status: 'OPEN', lists: [{ listId: 'sanctions', version: 1 }] });
    expect(hit.hits.map((h) => h.entryId)).toEqual(['SAMPLE-0001']);
    const kept = await repo.get(hit.customerId);
    expect(kept).toEqual(hit);
    // The customer's words masked as maskName does (the first character of a token); the
    // entry's name is the list's (public); the ID number appears nowhere.
    expect(kept?.hits[0]?.alignments.map((a) => a.query)).toEqual(['張*', '小*']);
    expect(JSON.stringify(kept)).not.toMatch(/張小明|110101199203074512/);
    const clear = await screen('赵钱孙');
    expect(clear).toMatchObject({
      status: 'CLEAR',
      hits: [],
      lists: [{ listId: 'sanctions', version: 1 }],
    });
  });

  it('M1-c CLEAR releases the holds screening alone placed, keeps the others for a risk officer, is audited and keyed', async () => {
    const c = await screen('Zhang Xiaoming');
    const other = await screen('陳大文');
    const [m1, m2, m3] = [randomUUID(), randomUUID(), randomUUID()];
    held = [
      { movementId: m1, customerId: 'payer-1', counterpartyId: c.customerId, onlyScreening: true },
      { movementId: m2, customerId: c.customerId, counterpartyId: 'x', onlyScreening: false },
      {
        movementId: m3,
        customerId: c.customerId,
        counterpartyId: other.customerId,
        onlyScreening: true,
      },
    ];
    const key = randomUUID();
    const answer = await decide(
      'officer-1',
      c.customerId,
      { decision: 'CLEAR', reason: 'DOB differs' },
      key,
    );
    expect(answer).toMatchObject({
      status: 'CLEARED',
      version: 2,
      decisions: [{ decision: 'CLEAR', by: 'officer-1', reason: 'DOB differs' }],
      holds: { released: [m1], rejected: [], left: [m2, m3] },
    });
    expect(decided).toEqual([{ movementId: m1, decision: 'RELEASE', by: 'officer-1' }]);
    expect(audited.at(-1)).toMatchObject({
      subject: `screening.${c.customerId}`,
      actor: 'officer-1',
      action: 'screening:CLEAR',
    });
    // The same key answers the same, deciding nothing again.
    const again = await decide(
      'officer-1',
      c.customerId,
      { decision: 'CLEAR', reason: 'DOB differs' },
      key,
    );
    expect(again).toEqual(expect.objectContaining({ status: 'CLEARED', version: 2 }));
    expect(decided).toHaveLength(1);
    await expect(
      decide('officer-2', c.customerId, { decision: 'CONFIRM', reason: 'late' }),
    ).rejects.toMatchObject({ code: 'SCREENING_NOT_OPEN' });
  });

  it('M1-c CONFIRM takes a second, different officer (four-eyes) and then rejects the holds', async () => {
    const c = await screen('Lee Ka-shing');
    const m = randomUUID();
    held = [{ movementId: m, customerId: c.customerId, onlyScreening: false }];
    decided.length = 0;
    const proposed = await decide('officer-1', c.customerId, {
      decision: 'CONFIRM',
      reason: 'same DOB',
    });
    expect(proposed).toMatchObject({
      status: 'OPEN',
      decisions: [{ decision: 'CONFIRM_PROPOSED' }],
    });
    expect(decided).toEqual([]);
    await expect(
      decide('officer-1', c.customerId, { decision: 'CONFIRM', reason: 'again' }),
    ).rejects.toMatchObject({ code: 'FOUR_EYES_REQUIRED' });
    const confirmed = await decide('officer-2', c.customerId, {
      decision: 'CONFIRM',
      reason: 'agreed',
    });
    expect(confirmed).toMatchObject({
      status: 'CONFIRMED',
      holds: { released: [], rejected: [m], left: [] },
    });
    expect(decided).toEqual([{ movementId: m, decision: 'REJECT', by: 'officer-2' }]);
    expect(audited.map((a) => a.action).slice(-2)).toEqual([
      'screening:CONFIRM_PROPOSED',
      'screening:CONFIRM',
    ]);
  });

  it('M1-c a customer never screened is SCREENING_NOT_FOUND', async () => {
    await expect(
      decide('officer-1', randomUUID(), { decision: 'CLEAR', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'SCREENING_NOT_FOUND' });
  });
});
