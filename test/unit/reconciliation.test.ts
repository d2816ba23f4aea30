import { describe, expect, it } from 'vitest';
import { customerAccount, delta, journals, type Posting } from '../../shared/money/domain/ledger';
import { reconcile, type ReconciliationInput } from '../../shared/money/domain/reconciliation';

const T = '2026-11-27T00:00:00.000Z';

/** A clean world: one settled deposit of 1000 to a, one settled transfer of 300 a -> b. */
function world(): ReconciliationInput {
  const ref = (movementId: string, amount: number) => ({ movementId, amount, shards: 4 });
  const js = [
    {
      journalId: 'd1:confirm',
      movementId: 'd1',
      postings: journals.depositConfirmed(ref('d1', 1000)),
    },
    {
      journalId: 'd1:settle',
      movementId: 'd1',
      postings: journals.depositSettled(ref('d1', 1000), 'a'),
    },
    {
      journalId: 't1:confirm',
      movementId: 't1',
      postings: journals.transferConfirmed(ref('t1', 300), 'a'),
    },
    {
      journalId: 't1:settle',
      movementId: 't1',
      postings: journals.transferSettled(ref('t1', 300), 'b'),
    },
  ];
  const balances = new Map<string, number>();
  for (const j of js)
    for (const p of j.postings) balances.set(p.account, (balances.get(p.account) ?? 0) + delta(p));
  const accounts = [...balances].map(([account, balance]) => ({
    account,
    balance,
    available: balance,
    held: 0,
  }));
  const entries = js.flatMap((j) =>
    j.postings
      .filter((p: Posting) => p.account.startsWith('cust:'))
      .map((p) => ({ account: p.account, journalId: j.journalId, amount: delta(p) })),
  );
  const settled = [{ status: 'PENDING' }, { status: 'SETTLED' }];
  return {
    journals: js,
    accounts,
    entries,
    movements: [
      {
        movementId: 'd1',
        type: 'DEPOSIT',
        amount: 1000,
        status: 'SETTLED',
        history: [{ status: 'INITIATED' }, ...settled],
        createdAt: T,
      },
      {
        movementId: 't1',
        type: 'TRANSFER',
        amount: 300,
        status: 'SETTLED',
        history: settled,
        createdAt: T,
      },
    ],
    provider: [{ movementId: 'd1', kind: 'CHARGE', amount: 1000, result: 'APPROVED' }],
    settledBefore: '2026-11-28T00:00:00.000Z',
  };
}

describe('reconciliation (M2.3-c)', () => {
  it('M2.3-c exits clean when journal, balances, settlement log and provider agree', () => {
    const w = world();
    const r = reconcile(w);
    expect(r.breaks).toEqual([]);
    expect(r.clean).toBe(true);
    // a, b, the clearing shard, and the in-transit shard(s) the two movements hash to
    expect(w.accounts.length).toBeGreaterThanOrEqual(4);
    expect(r.checked).toEqual({
      journals: 4,
      accounts: w.accounts.length,
      entries: 3,
      movements: 2,
      providerRecords: 1,
      holdings: 0,
    });
  });

  it('M2.3-c reports a balance that its journals do not explain', () => {
    const w = world();
    const accounts = w.accounts.map((a) =>
      a.account === customerAccount('b') ? { ...a, balance: 301, available: 301 } : a,
    );
    const r = reconcile({ ...w, accounts });
    expect(r.breaks).toEqual(
      expect.arrayContaining([
        {
          kind: 'BALANCE_MISMATCH',
          ref: customerAccount('b'),
          detail: 'balance 301, journals say 300',
        },
        { kind: 'UNBALANCED', ref: 'books', detail: 'all balances sum to 1, not 0' },
      ]),
    );
  });

  it('M2.3-c reports a missing settlement journal, a duplicated entry and an amount mismatch', () => {
    const w = world();
    const r = reconcile({
      ...w,
      journals: w.journals.filter((j) => j.journalId !== 't1:settle'),
      entries: [...w.entries, w.entries[0]!],
      provider: [{ movementId: 'd1', kind: 'CHARGE', amount: 999, result: 'APPROVED' }],
    });
    const kinds = r.breaks.map((b) => `${b.kind} ${b.ref}`);
    expect(kinds).toEqual(expect.arrayContaining(['MISSING t1', 'AMOUNT_MISMATCH d1']));
    expect(kinds.some((k) => k.startsWith('DUPLICATED cust:a:cash|'))).toBe(true);
    expect(r.clean).toBe(false);
  });

  it('M2.3-c reports a provider charge the ledger never confirmed, and a confirmed deposit the provider never charged', () => {
    const w = world();
    const orphan = reconcile({
      ...w,
      provider: [
        ...w.provider,
        { movementId: 'x9', kind: 'CHARGE', amount: 50, result: 'APPROVED' },
      ],
    });
    expect(orphan.breaks).toEqual([
      { kind: 'MISSING', ref: 'x9', detail: 'provider CHARGE with no movement' },
    ]);
    const uncharged = reconcile({ ...w, provider: [] });
    expect(uncharged.breaks).toEqual([
      {
        kind: 'MISSING',
        ref: 'd1',
        detail: 'deposit confirmed in the ledger without an approved provider charge',
      },
    ]);
  });

  it('M2.3-c flags a negative customer balance', () => {
    const w = world();
    const accounts = w.accounts.map((a) =>
      a.account === customerAccount('a') ? { ...a, available: -1, held: a.balance + 1 } : a,
    );
    expect(reconcile({ ...w, accounts }).breaks.map((b) => b.kind)).toContain('NEGATIVE_BALANCE');
  });

  it('does not judge movements still in flight', () => {
    const w = world();
    const young = w.movements.map((m) => ({ ...m, createdAt: '2026-11-29T00:00:00.000Z' }));
    expect(reconcile({ ...w, movements: young, provider: [] }).clean).toBe(true);
  });

  it('M2.3-c M2.2-a reports custody that does not match the principal of held positions', () => {
    const w = world();
    const ref = { movementId: 'o1', amount: 200, shards: 4 };
    const order = [
      {
        journalId: 'o1:confirm',
        movementId: 'o1',
        postings: journals.subscriptionConfirmed(ref, 'b'),
      },
      { journalId: 'o1:settle', movementId: 'o1', postings: journals.subscriptionSettled(ref) },
    ];
    const balances = new Map(w.accounts.map((a) => [a.account, a.balance]));
    for (const j of order)
      for (const p of j.postings)
        balances.set(p.account, (balances.get(p.account) ?? 0) + delta(p));
    const accounts = [...balances].map(([account, balance]) => ({
      account,
      balance,
      available: balance,
      held: 0,
    }));
    const entries = [
      ...w.entries,
      { account: customerAccount('b'), journalId: 'o1:confirm', amount: -200 },
    ];
    const movements = [
      ...w.movements,
      {
        movementId: 'o1',
        type: 'SUBSCRIPTION' as const,
        amount: 200,
        status: 'SETTLED',
        history: [{ status: 'PENDING' }, { status: 'SETTLED' }],
        createdAt: T,
      },
    ];
    const withOrder = { ...w, journals: [...w.journals, ...order], accounts, entries, movements };
    const held = [{ orderId: 'o1', status: 'HELD', principal: 200 }];
    expect(reconcile({ ...withOrder, holdings: held }).breaks).toEqual([]);
    expect(reconcile({ ...withOrder, holdings: [{ ...held[0]!, principal: 150 }] }).breaks).toEqual(
      [
        {
          kind: 'AMOUNT_MISMATCH',
          ref: 'plat:custody',
          detail: 'custody accounts hold 200, held positions 150',
        },
      ],
    );
  });
});
