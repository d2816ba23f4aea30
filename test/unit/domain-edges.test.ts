// The domain rules' last edges that mutation testing found unpinned (issue 10): each test
// names the rule it holds.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/kernel';
import { issueOtp } from '../../shared/identity/domain/otp';
import { QUESTIONNAIRE_VERSION, QUESTIONS } from '../../shared/investing/domain/questionnaire';
import {
  balanced,
  journals,
  platformAccount,
  shardOf,
  UnbalancedJournalError,
} from '../../shared/money/domain/ledger';
import {
  addBusinessDays,
  cycleOf,
  isBusinessDay,
  settlementDate,
  type SettlementPolicy,
} from '../../shared/money/domain/settlement';
import { MovementEvent, riskEventOf } from '../../shared/risk/domain/risk-events';

const policy: SettlementPolicy = {
  t0MaxAmount: 5_000_000,
  t2Channels: ['STRUCTURED'],
  holidays: [],
  workingWeekends: [],
};

describe('settlement calendar edges (M2.3-b)', () => {
  it('M2.3-b settles a movement of another channel by its amount, not T+2', () => {
    expect(cycleOf(100, policy, 'EQUITY_FUND')).toBe(0);
    expect(cycleOf(5_000_001, policy, 'EQUITY_FUND')).toBe(1);
  });

  it('M2.3-b dates a request at 16:30 UTC on a Friday by Beijing: already Saturday, so T+1 is Monday and T+0 is Saturday', () => {
    const fridayEvening = new Date('2026-11-27T16:30:00Z');
    expect(settlementDate(fridayEvening, 0, policy)).toBe('2026-11-28');
    expect(settlementDate(fridayEvening, 1, policy)).toBe('2026-11-30');
    expect(settlementDate(new Date('2026-11-27T15:30:00Z'), 1, policy)).toBe('2026-11-30');
    expect(settlementDate(new Date('2026-11-26T16:30:00Z'), 1, policy)).toBe('2026-11-30');
    expect(settlementDate(new Date('2026-11-26T15:30:00Z'), 1, policy)).toBe('2026-11-27');
  });

  it('M2.3-b finds a business day up to 367 days on, and refuses a calendar with none in a year', () => {
    // A start whose 367th day is a weekday; every day before it a holiday.
    let start = '2026-01-01';
    while (!isBusinessDay(addDays(start, 367), policy)) start = addDays(start, 1);
    const days = (n: number) => Array.from({ length: n }, (_, i) => addDays(start, i + 1));
    expect(addBusinessDays(start, 1, { ...policy, holidays: days(366) })).toBe(addDays(start, 367));
    expect(() => addBusinessDays(start, 1, { ...policy, holidays: days(400) })).toThrow(
      'no business day within a year: check the holiday calendar',
    );
  });
});

describe('ledger edges (M2.3-c)', () => {
  it('M2.3-c refuses a journal of one posting, naming the error', () => {
    let error: unknown;
    try {
      balanced([{ account: 'a', side: 'DEBIT', amount: 1 }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnbalancedJournalError);
    expect((error as Error).name).toBe('UnbalancedJournalError');
    expect((error as Error).message).toBe('a journal needs at least two postings');
  });

  it('M2.3-c a redemption moves custody to settlement-in-transit at once, then in-transit to the customer', () => {
    const ref = { movementId: 'r1', amount: 700, shards: 16 };
    const shard = String(shardOf('r1', 16)).padStart(2, '0');
    expect(journals.redemptionConfirmed(ref)).toEqual([
      { account: `plat:custody:${shard}`, side: 'DEBIT', amount: 700 },
      { account: `plat:inTransit:${shard}`, side: 'CREDIT', amount: 700 },
    ]);
    expect(journals.redemptionSettled(ref, 'c1')).toEqual([
      { account: `plat:inTransit:${shard}`, side: 'DEBIT', amount: 700 },
      { account: 'cust:c1:cash', side: 'CREDIT', amount: 700 },
    ]);
  });

  it('M2.3-c names platform accounts by their shard in two digits, and deposits come from clearing', () => {
    expect(platformAccount('inTransit', 3)).toBe('plat:inTransit:03');
    expect(platformAccount('custody', 12)).toBe('plat:custody:12');
    const ref = { movementId: 'd1', amount: 500, shards: 16 };
    const shard = String(shardOf('d1', 16)).padStart(2, '0');
    expect(journals.depositConfirmed(ref)).toEqual([
      { account: `plat:clearing:${shard}`, side: 'DEBIT', amount: 500 },
      { account: `plat:inTransit:${shard}`, side: 'CREDIT', amount: 500 },
    ]);
  });
});

describe('codes, questionnaire and risk events', () => {
  it('M2.1-a issues codes of exactly the configured length, zeros kept', () => {
    const policy6 = { ttlSeconds: 300, maxAttempts: 5, length: 6 };
    const codes = Array.from({ length: 500 }, () => issueOtp(policy6, 0).code);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
  });

  it('M2.2-a versions the questionnaire and asks about the investment horizon', () => {
    expect(QUESTIONNAIRE_VERSION).toBe('2026-11');
    expect(QUESTIONS.find((q) => q.id === 'horizon')?.category).toBe('HORIZON');
  });

  it('M4.1-a gives no event for a ledger item that is not a movement, and valid events for every cycle', () => {
    expect(riskEventOf({ pk: 'ACCT#cust:c1:cash', sk: 'BALANCE', balance: 5 })).toBeUndefined();
    for (const cycle of [0, 1, 2]) {
      const event = riskEventOf({
        pk: 'MOVE#0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
        movementId: '0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
        type: 'DEPOSIT',
        customerId: 'c-1',
        amount: 100,
        currency: 'CNY',
        cycle,
        status: 'PENDING',
        createdAt: '2026-11-27T02:00:00.000Z',
      });
      expect(MovementEvent.parse(event).settlementCycle).toBe(`T+${cycle}`);
    }
  });
});
