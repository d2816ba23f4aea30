import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  cstDate,
  cycleOf,
  isBusinessDay,
  settlementDate,
  settlementMessageOf,
  type SettlementPolicy,
} from '../../shared/money/domain/settlement';
import { LedgerConditionError, LedgerRepo } from '../../shared/money/adapters/ledger-repo';
import { releaseDue, settle } from '../../shared/money/flows/settlement';
import { RELEASE_EVERY_MINUTES, resendNow } from '../../shared/money/domain/settlement';
import { FUNCTIONS } from '../../functions/catalog';
import { SettlementMessage } from '../../shared/money/schemas/settlement';

const policy: SettlementPolicy = {
  t0MaxAmount: 5_000_000,
  t2Channels: ['STRUCTURED'],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workingWeekends: ['2026-10-10'],
};

describe('settlement cycles (M2.3-b)', () => {
  it('M2.3-b settles T+0 up to the threshold, T+1 above it, and T+2 for a T+2 channel', () => {
    expect(cycleOf(5_000_000, policy)).toBe(0);
    expect(cycleOf(5_000_001, policy)).toBe(1);
    expect(cycleOf(100, policy, 'STRUCTURED')).toBe(2);
  });

  it('M2.3-b counts business days in China Standard Time', () => {
    // 2026-11-27 is a Friday; 17:00 UTC Friday is already Saturday 01:00 in Beijing.
    expect(cstDate(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
    expect(cstDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
  });

  it('M2.3-b rolls T+1 over a weekend and T+2 over weekend days', () => {
    const friday = new Date('2026-11-27T02:00:00Z');
    expect(settlementDate(friday, 1, policy)).toBe('2026-11-30'); // Monday
    expect(settlementDate(friday, 2, policy)).toBe('2026-12-01'); // Tuesday
    expect(settlementDate(new Date('2026-11-28T02:00:00Z'), 1, policy)).toBe('2026-11-30'); // Saturday -> Monday
    expect(settlementDate(friday, 0, policy)).toBe('2026-11-27'); // T+0 is 7x24
  });

  it('M2.3-b skips configured holidays and works the make-up weekend', () => {
    expect(isBusinessDay('2026-10-01', policy)).toBe(false);
    expect(isBusinessDay('2026-10-10', policy)).toBe(true); // a Saturday worked in lieu
    expect(addBusinessDays('2026-09-30', 1, policy)).toBe('2026-10-08');
    expect(addBusinessDays('2026-10-09', 1, policy)).toBe('2026-10-10');
  });
});

describe('the settlement message of a ledger change (M2.3-b, ADR 0009)', () => {
  const movement = {
    pk: 'MOVE#0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
    sk: 'MOVE',
    movementId: '0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
    type: 'TRANSFER',
    cycle: 0,
    status: 'PENDING',
  };

  it('M2.3-b M4.1-a settles a T+0 transfer as soon as it is PENDING and screened clear, carrying the movement without its keys', () => {
    const screened = { ...movement, screen: 'CLEARED' };
    const { pk: _pk, sk: _sk, ...carried } = screened;
    expect(settlementMessageOf(screened)).toEqual({
      movementId: movement.movementId,
      movement: carried,
    });
    expect(settlementMessageOf({ ...movement, screen: 'RELEASED' })).toBeDefined();
  });

  it('M4.1-a holds back a withdrawal, transfer or order until risk screening clears or releases it (ADR 0012)', () => {
    for (const type of ['TRANSFER', 'WITHDRAWAL', 'SUBSCRIPTION']) {
      expect(settlementMessageOf({ ...movement, type })).toBeUndefined();
      for (const screen of ['HELD', 'REJECTED'])
        expect(settlementMessageOf({ ...movement, type, screen })).toBeUndefined();
    }
    // Money coming in does not wait for screening.
    for (const type of ['DEPOSIT', 'REDEMPTION'])
      expect(settlementMessageOf({ ...movement, type })).toBeDefined();
  });

  it('M2.3-b leaves T+1 and T+2 to the release schedule, and every other status alone', () => {
    const cleared = { ...movement, screen: 'CLEARED' };
    expect(settlementMessageOf({ ...cleared, cycle: 1 })).toBeUndefined();
    expect(settlementMessageOf({ ...cleared, cycle: 2 })).toBeUndefined();
    for (const status of ['INITIATED', 'SETTLING', 'SETTLED', 'FAILED', 'RETRIED'])
      expect(settlementMessageOf({ ...cleared, status })).toBeUndefined();
  });

  it('ignores ledger items that are not movements', () => {
    expect(
      settlementMessageOf({ ...movement, screen: 'CLEARED', pk: 'ACCT#cust:c-1' }),
    ).toBeUndefined();
    expect(settlementMessageOf({ ...movement, pk: undefined })).toBeUndefined();
    expect(settlementMessageOf({ ...movement, movementId: 7 })).toBeUndefined();
  });
});

describe('the release of due settlements (M2.3-b)', () => {
  const due = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ movementId: `${prefix}-${i}`, status: 'PENDING' }));
  const ledgerWith = (byDateAndStatus: Record<string, { movementId: string }[]>) =>
    ({
      settlementsOn: async (date: string, _shards: number, status: string) =>
        byDateAndStatus[`${date}:${status}`] ?? [],
    }) as never;
  const deps = (ledger: never, refuse: (batch: number) => Set<number> = () => new Set()) => {
    const batches: { movementId: string }[][] = [];
    return {
      batches,
      deps: {
        ledger,
        settings: { ledger: { platformShards: 4 } } as never,
        clock: { now: () => new Date('2026-11-30T01:00:00Z') }, // Monday 09:00 in Beijing
        lookbackDays: 2,
        settlementQueue: {
          send: async () => {
            throw new Error('one message per request: not used');
          },
          sendAll: async (messages: readonly Record<string, unknown>[]) => {
            batches.push(messages as { movementId: string }[]);
            return refuse(batches.length);
          },
        },
      },
    };
  };

  it('M2.3-b sends every due movement of each date and status, the queue batching them', async () => {
    const run = deps(
      ledgerWith({
        '2026-11-30:PENDING': due(23, 'today'),
        '2026-11-28:RETRIED': due(2, 'saturday'),
        '2026-11-29:SETTLING': due(1, 'sunday'),
      }),
    );
    expect(await releaseDue(run.deps)).toEqual({ released: 26, rescreened: 0 });
    expect(run.batches.map((b) => [b.length, b[0]?.movementId])).toEqual([
      [2, 'saturday-0'],
      [1, 'sunday-0'],
      [23, 'today-0'],
    ]);
    expect(run.batches.flat()).toContainEqual({ movementId: 'today-22' });
  });

  it('M2.3-b fails the run when the queue refuses messages, so the schedule sends them again', async () => {
    const run = deps(
      ledgerWith({ '2026-11-30:PENDING': due(12, 'today') }),
      () => new Set([3, 11]),
    );
    await expect(releaseDue(run.deps)).rejects.toThrow('2 settlement messages were not accepted');
  });

  it('M4.1-a M2.3-b holds back rows risk screening has not cleared, and sends the risk events of those left unscreened a run after two minutes again', async () => {
    const row = (id: string, over: Record<string, unknown>) => ({
      movementId: id,
      status: 'PENDING',
      type: 'TRANSFER',
      settleOn: '2026-11-30',
      createdAt: '2026-11-30T00:40:00.000Z', // twenty minutes before the run
      ...over,
    });
    const rows = [
      row('cleared', { screen: 'CLEARED' }),
      row('released', { screen: 'RELEASED' }),
      row('held', { screen: 'HELD' }),
      row('rejected-still-listed', { screen: 'REJECTED' }),
      row('lost', { createdAt: '2026-11-30T00:40:00.000Z' }),
      row('behind', { createdAt: '2026-11-30T00:50:00.000Z' }), // the scorer is only behind
      row('just-made', { createdAt: '2026-11-30T00:59:30.000Z' }),
      row('deposit', { type: 'DEPOSIT' }),
    ];
    const run = deps(ledgerWith({ '2026-11-30:PENDING': rows }));
    const rescreened: string[] = [];
    const out = await releaseDue({
      ...run.deps,
      rescreen: async (list) => {
        rescreened.push(...list.map((r) => r.movementId));
        return list.length;
      },
    });
    expect(run.batches.flat().map((m) => m.movementId)).toEqual(['cleared', 'released', 'deposit']);
    expect(rescreened).toEqual(['lost']);
    expect(out).toEqual({ released: 3, rescreened: 1 });
  });
});

describe('a settlement message that carries its movement (M2.3-b, ADR 0010)', () => {
  const withdrawal = {
    movementId: '5f0c2b1a-9d3e-4c7b-8a6f-1e2d3c4b5a69',
    type: 'WITHDRAWAL',
    customerId: 'mallory',
    amount: 99_000_000,
    currency: 'CNY',
    cycle: 0,
    settleOn: '2020-01-01',
    shard: 0,
    history: [{ status: 'PENDING', at: '2020-01-01T00:00:00.000Z' }],
    createdAt: '2020-01-01T00:00:00.000Z',
  } as const;
  /** A ledger that holds no such movement and refuses every transaction as not matching. */
  function run() {
    const payouts: unknown[] = [];
    const ledger = new (class extends LedgerRepo {
      override movement = async () => undefined;
      override commit = async () => {
        throw new LedgerConditionError({ kind: 'movement' });
      };
    })('ledger');
    const deps = {
      ledger,
      holdings: {} as never,
      provider: {
        payout: async (p: unknown) => {
          payouts.push(p);
          return 'APPROVED' as const;
        },
      } as never,
      settings: { ledger: { platformShards: 4 } } as never,
      customers: { activeCondition: () => ({}) } as never,
      switches: { runningCondition: () => ({}) } as never,
      clock: { now: () => new Date('2026-11-28T02:00:00Z') },
    };
    return { payouts, deps };
  }

  it('M2.3-b pays nothing out on a carried withdrawal past PENDING: it is not used, and the ledger has none', async () => {
    for (const status of ['SETTLING', 'RETRIED'] as const) {
      const { payouts, deps } = run();
      const forged = { ...withdrawal, status };
      expect(await settle(forged.movementId, deps, forged)).toBe('UNKNOWN_MOVEMENT');
      expect(payouts).toEqual([]);
      expect(
        SettlementMessage.safeParse({ movementId: forged.movementId, movement: forged }).success,
      ).toBe(false);
    }
  });

  it('M2.3-b pays nothing out on a carried PENDING withdrawal the ledger does not confirm', async () => {
    const { payouts, deps } = run();
    const forged = { ...withdrawal, status: 'PENDING' as const };
    expect(await settle(forged.movementId, deps, forged)).toBe('UNKNOWN_MOVEMENT');
    expect(payouts).toEqual([]);
  });
});

describe('the release job does not feed a backlog (M2.3-b, M4.1-a)', () => {
  const P = 15 * 60_000;
  it('M2.3-b counts in runs of the schedule the job is deployed with', () => {
    expect(FUNCTIONS.settlementRelease.scheduleMinutes).toBe(RELEASE_EVERY_MINUTES);
  });

  it('M2.3-b sends a row again at 1, 2, 4, 8... periods after it became due, its first period only when nobody else sent it', () => {
    const at = (periods: number) => periods * P + 1_000;
    const sent = (first: boolean) =>
      Array.from({ length: 40 }, (_, n) => n).filter((n) => resendNow(at(n), P, first));
    expect(sent(false)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(sent(true)).toEqual([0, 1, 2, 4, 8, 16, 32]);
    expect(resendNow(-1, P, true)).toBe(false);
  });

  it('M2.3-b releases a delayed movement on its day, a same-day one only once left behind, and a backlog at falling frequency', async () => {
    const batches: { movementId: string }[][] = [];
    const now = Date.parse('2026-11-30T01:00:00Z'); // Monday 09:00 in Beijing
    const row = (id: string, createdAt: string, settleOn: string) => ({
      movementId: id,
      status: 'PENDING',
      type: 'DEPOSIT',
      settleOn,
      createdAt,
    });
    const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
    const rows = [
      // Made Friday, due Monday (its day began at 16:00Z Sunday): 9 hours ago is 36 periods.
      row('friday-t1', '2026-11-27T07:00:00.000Z', '2026-11-30'),
      row('t0-just-sent', minutesAgo(5), '2026-11-30'), // the stream sent it
      row('t0-behind-20', minutesAgo(20), '2026-11-30'), // 1 period: again
      row('t0-behind-40', minutesAgo(40), '2026-11-30'), // 2 periods: again
      row('t0-behind-50', minutesAgo(50), '2026-11-30'), // 3 periods: not now
      row('t0-behind-65', minutesAgo(65), '2026-11-30'), // 4 periods: again
    ];
    const run = (clockAt: number) =>
      releaseDue({
        ledger: {
          settlementsOn: async (date: string, _s: number, status: string) =>
            date === '2026-11-30' && status === 'PENDING' ? rows : [],
        } as never,
        settings: { ledger: { platformShards: 4 } } as never,
        clock: { now: () => new Date(clockAt) },
        lookbackDays: 0,
        settlementQueue: {
          send: async () => undefined,
          sendAll: async (m: readonly Record<string, unknown>[]) => {
            batches.push(m as { movementId: string }[]);
            return new Set<number>();
          },
        } as never,
      });
    await run(now);
    expect(batches.flat().map((m) => m.movementId)).toEqual([
      't0-behind-20',
      't0-behind-40',
      't0-behind-65',
    ]);
    // The delayed one goes at the first run of its day (Monday 00:05 in Beijing).
    batches.length = 0;
    await run(Date.parse('2026-11-29T16:05:00Z'));
    expect(batches.flat().map((m) => m.movementId)).toEqual(['friday-t1']);
  });
});
