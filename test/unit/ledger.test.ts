import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanced,
  customerAccount,
  delta,
  journals,
  platformAccount,
  shardOf,
  UnbalancedJournalError,
} from '../../shared/money/domain/ledger';
import { formatFen } from '../../shared/kernel/money';

const m = (amount: number) => ({ movementId: 'mv-1', amount, shards: 16 });

describe('double-entry journals (M2.3-a, M2.3-c)', () => {
  it('M2.3-c refuses unbalanced, single-line, zero, negative and fractional postings', () => {
    const a = 'cust:a:cash';
    const b = 'cust:b:cash';
    expect(() => balanced([{ account: a, side: 'DEBIT', amount: 100 }])).toThrow(
      UnbalancedJournalError,
    );
    expect(() =>
      balanced([
        { account: a, side: 'DEBIT', amount: 100 },
        { account: b, side: 'CREDIT', amount: 99 },
      ]),
    ).toThrow('debits 100 != credits 99');
    expect(() =>
      balanced([
        { account: a, side: 'DEBIT', amount: 0 },
        { account: b, side: 'CREDIT', amount: 0 },
      ]),
    ).toThrow('positive integer');
    expect(() =>
      balanced([
        { account: a, side: 'DEBIT', amount: 1.5 },
        { account: b, side: 'CREDIT', amount: 1.5 },
      ]),
    ).toThrow('positive integer');
  });

  it('M2.3-a moves a transfer out of the sender into the in-transit shard, then into the recipient', () => {
    const shard = shardOf('mv-1', 16);
    expect(journals.transferConfirmed(m(12_345), 's')).toEqual([
      { account: customerAccount('s'), side: 'DEBIT', amount: 12_345 },
      { account: platformAccount('inTransit', shard), side: 'CREDIT', amount: 12_345 },
    ]);
    expect(journals.transferSettled(m(12_345), 'r').map(delta)).toEqual([-12_345, 12_345]);
  });

  it('M2.3-c keeps the books balanced over every life of every movement (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('deposit', 'transfer', 'withdrawalPaid', 'withdrawalReversed'),
            amount: fc.integer({ min: 1, max: 10_000_000_000 }),
            id: fc.uuid(),
          }),
          { maxLength: 50 },
        ),
        (moves) => {
          const balances = new Map<string, number>();
          const post = (
            ps: readonly { account: string; side: 'DEBIT' | 'CREDIT'; amount: number }[],
          ) => {
            for (const p of ps) balances.set(p.account, (balances.get(p.account) ?? 0) + delta(p));
          };
          let customersNet = 0;
          for (const mv of moves) {
            const ref = { movementId: mv.id, amount: mv.amount, shards: 16 };
            if (mv.kind === 'deposit') {
              post(journals.depositConfirmed(ref));
              post(journals.depositSettled(ref, 'a'));
              customersNet += mv.amount;
            } else if (mv.kind === 'transfer') {
              post(journals.transferConfirmed(ref, 'a'));
              post(journals.transferSettled(ref, 'b'));
            } else {
              post(journals.withdrawalSettling(ref, 'a'));
              if (mv.kind === 'withdrawalPaid') {
                post(journals.withdrawalPaidOut(ref));
                customersNet -= mv.amount;
              } else post(journals.withdrawalReversed(ref, 'a'));
            }
          }
          const total = [...balances.values()].reduce((s, v) => s + v, 0);
          const inTransit = [...balances]
            .filter(([k]) => k.startsWith('plat:inTransit'))
            .reduce((s, [, v]) => s + v, 0);
          const customers = [...balances]
            .filter(([k]) => k.startsWith('cust:'))
            .reduce((s, [, v]) => s + v, 0);
          return total === 0 && inTransit === 0 && customers === customersNet;
        },
      ),
    );
  });

  it('spreads movements over the platform shards', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(`mv-${i}`, 16)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });

  it('formats fen for messages without floats', () => {
    expect(formatFen(12_345)).toBe('123.45');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-100)).toBe('-1.00');
  });
});
