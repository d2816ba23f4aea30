import { describe, expect, it } from 'vitest';
import { customerAccount, delta, journals, type Posting } from '../../shared/money/domain/ledger';
import {
  reconcile,
  type ProviderRecord,
  type ReconciliationInput,
} from '../../shared/money/domain/reconciliation';

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
      loans: 0,
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

  it('M2.3-c reports custody that does not match the principal of held positions', () => {
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

// Worlds built from journals: balances, entries and accounts follow from them, so each
// test breaks exactly one thing and names the break it expects, in full.
type Journal = ReconciliationInput['journals'][number];
type MovementRow = ReconciliationInput['movements'][number];
const mref = (movementId: string, amount: number) => ({ movementId, amount, shards: 4 });
const j = (journalId: string, postings: readonly Posting[]): Journal => ({
  journalId,
  movementId: journalId.split(':')[0] ?? '',
  postings,
});
const mv = (
  movementId: string,
  type: MovementRow['type'],
  amount: number,
  status: string,
  history: string[] = [],
): MovementRow => ({
  movementId,
  type,
  amount,
  status,
  history: history.map((s) => ({ status: s })),
  createdAt: T,
});
function books(
  js: Journal[],
  movements: MovementRow[],
  provider: ReconciliationInput['provider'] = [],
  held: Record<string, number> = {},
): ReconciliationInput {
  const balances = new Map<string, number>();
  for (const x of js)
    for (const p of x.postings) balances.set(p.account, (balances.get(p.account) ?? 0) + delta(p));
  for (const account of Object.keys(held)) balances.set(account, balances.get(account) ?? 0);
  return {
    journals: js,
    accounts: [...balances].map(([account, balance]) => ({
      account,
      balance,
      available: balance - (held[account] ?? 0),
      held: held[account] ?? 0,
    })),
    entries: js.flatMap((x) =>
      x.postings
        .filter((p) => p.account.startsWith('cust:'))
        .map((p) => ({ account: p.account, journalId: x.journalId, amount: delta(p) })),
    ),
    movements,
    provider,
    settledBefore: '2026-11-28T00:00:00.000Z',
  };
}
const a = customerAccount('a');
/** A settled deposit of 1000 to a: the money every other world starts from. */
const funded = () => [
  j('d1:confirm', journals.depositConfirmed(mref('d1', 1000))),
  j('d1:settle', journals.depositSettled(mref('d1', 1000), 'a')),
];
const fundedMovement = () => mv('d1', 'DEPOSIT', 1000, 'SETTLED', ['INITIATED', 'PENDING']);
const charge: ProviderRecord = {
  movementId: 'd1',
  kind: 'CHARGE',
  amount: 1000,
  result: 'APPROVED',
};
const payout = (
  id: string,
  amount: number,
  result: 'APPROVED' | 'DECLINED' = 'APPROVED',
): ProviderRecord => ({
  movementId: id,
  kind: 'PAYOUT' as const,
  amount,
  result,
});

describe('the rules of reconciliation, one by one (M2.3-c)', () => {
  it('M2.3-c a journal whose debits and credits differ is UNBALANCED, naming both sums', () => {
    const bad = j('d1:confirm', [
      ...journals.depositConfirmed(mref('d1', 1000)).slice(0, 1),
      { ...journals.depositConfirmed(mref('d1', 1000))[1]!, amount: 999 },
    ]);
    const r = reconcile(books([bad, funded()[1]!], [fundedMovement()], [charge]));
    expect(r.breaks).toContainEqual({
      kind: 'UNBALANCED',
      ref: 'd1:confirm',
      detail: 'debits 1000 != credits 999',
    });
    expect(r.clean).toBe(false);
  });

  it('M2.3-c available that is not balance minus held is a BALANCE_MISMATCH, even when non-negative', () => {
    const w = books(funded(), [fundedMovement()], [charge], { [a]: 200 });
    expect(reconcile(w).breaks).toEqual([]);
    const accounts = w.accounts.map((x) => (x.account === a ? { ...x, available: 900 } : x));
    expect(reconcile({ ...w, accounts }).breaks).toEqual([
      { kind: 'BALANCE_MISMATCH', ref: a, detail: 'available 900 != balance 1000 - held 200' },
    ]);
  });

  it('M2.3-c a negative balance, available or held on a customer account is NEGATIVE_BALANCE; zero is not', () => {
    const w = books(funded(), [fundedMovement()], [charge]);
    const with_ = (change: object) => ({
      ...w,
      accounts: w.accounts.map((x) => (x.account === a ? { ...x, ...change } : x)),
    });
    const negative = (change: object) =>
      reconcile(with_(change)).breaks.filter((b) => b.kind === 'NEGATIVE_BALANCE');
    expect(negative({ available: 1001, held: -1 })).toEqual([
      { kind: 'NEGATIVE_BALANCE', ref: a, detail: 'balance 1000, available 1001, held -1' },
    ]);
    expect(negative({ available: -1, held: 1001 })).toHaveLength(1);
    const emptied = books(
      [...funded(), j('t1:confirm', journals.transferConfirmed(mref('t1', 1000), 'a'))],
      [fundedMovement(), mv('t1', 'TRANSFER', 1000, 'PENDING', ['PENDING'])],
      [charge],
    );
    expect(reconcile(emptied).breaks).toEqual([]); // a at exactly 0
  });

  it('M2.3-c journals that move an account with no balance record are MISSING; a net zero is not', () => {
    const w = books(funded(), [fundedMovement()], [charge]);
    const r = reconcile({ ...w, accounts: w.accounts.filter((x) => x.account !== a) });
    expect(r.breaks).toContainEqual({
      kind: 'MISSING',
      ref: a,
      detail: 'journals move 1000 but the account has no balance record',
    });
    const roundTrip = books(
      [
        ...funded(),
        j('t1:confirm', journals.transferConfirmed(mref('t1', 1000), 'a')),
        j('t1:settle', journals.transferSettled(mref('t1', 1000), 'b')),
        j('t2:confirm', journals.transferConfirmed(mref('t2', 1000), 'b')),
        j('t2:settle', journals.transferSettled(mref('t2', 1000), 'a')),
      ],
      [
        fundedMovement(),
        mv('t1', 'TRANSFER', 1000, 'SETTLED', ['PENDING']),
        mv('t2', 'TRANSFER', 1000, 'SETTLED', ['PENDING']),
      ],
      [charge],
    );
    const b = customerAccount('b');
    const noB = { ...roundTrip, accounts: roundTrip.accounts.filter((x) => x.account !== b) };
    expect(reconcile(noB).breaks).toEqual([]); // b's journals net to 0
  });

  it('M2.3-c a withdrawal needs its settling journal once it reached SETTLING, then paid or reversed', () => {
    const w1 = mref('w1', 300);
    const settling = j('w1:settling', journals.withdrawalSettling(w1, 'a'));
    const paid = j('w1:paid', journals.withdrawalPaidOut(w1));
    const reversed = j('w1:reversed', journals.withdrawalReversed(w1, 'a'));
    const base = [...funded()];
    const check = (
      status: string,
      history: string[],
      js: Journal[],
      provider: ProviderRecord[] = [charge],
    ) =>
      reconcile(
        books(
          [...base, ...js],
          [fundedMovement(), mv('w1', 'WITHDRAWAL', 300, status, history)],
          provider,
        ),
      ).breaks;
    // Held only: no journal yet, none expected.
    expect(check('PENDING', ['PENDING'], [])).toEqual([]);
    expect(check('SETTLING', ['PENDING', 'SETTLING'], [settling])).toEqual([]);
    expect(check('RETRIED', ['PENDING', 'SETTLING', 'RETRIED'], [settling])).toEqual([]);
    expect(check('RETRIED', ['PENDING', 'RETRIED'], [])).toEqual([]);
    expect(
      check('SETTLED', ['PENDING', 'SETTLING'], [settling, paid], [charge, payout('w1', 300)]),
    ).toEqual([]);
    expect(
      check(
        'FAILED',
        ['PENDING', 'SETTLING'],
        [settling, reversed],
        [charge, payout('w1', 300, 'DECLINED')],
      ),
    ).toEqual([]);
    expect(check('SETTLING', ['PENDING', 'SETTLING'], [])).toEqual([
      { kind: 'MISSING', ref: 'w1', detail: 'WITHDRAWAL SETTLING lacks its settling journal' },
    ]);
    expect(check('RETRIED', ['PENDING', 'SETTLING', 'RETRIED'], [])).toEqual([
      { kind: 'MISSING', ref: 'w1', detail: 'WITHDRAWAL RETRIED lacks its settling journal' },
    ]);
    expect(
      check('SETTLED', ['PENDING', 'SETTLING'], [settling], [charge, payout('w1', 300)]),
    ).toEqual([
      { kind: 'MISSING', ref: 'w1', detail: 'WITHDRAWAL SETTLED lacks its paid journal' },
    ]);
    expect(check('FAILED', ['PENDING', 'SETTLING'], [settling])).toEqual([
      { kind: 'MISSING', ref: 'w1', detail: 'WITHDRAWAL FAILED lacks its reversed journal' },
    ]);
    expect(check('PENDING', ['PENDING'], [settling])).toEqual([
      {
        kind: 'DUPLICATED',
        ref: 'w1',
        detail: 'WITHDRAWAL PENDING has an unexpected settling journal',
      },
    ]);
  });

  it('M2.3-c a settled withdrawal with no approved payout is MISSING; a payout for a withdrawal not settling is too', () => {
    const w1 = mref('w1', 300);
    const js = [
      ...funded(),
      j('w1:settling', journals.withdrawalSettling(w1, 'a')),
      j('w1:paid', journals.withdrawalPaidOut(w1)),
    ];
    const settled = mv('w1', 'WITHDRAWAL', 300, 'SETTLED', ['PENDING', 'SETTLING']);
    expect(reconcile(books(js, [fundedMovement(), settled], [charge])).breaks).toEqual([
      {
        kind: 'MISSING',
        ref: 'w1',
        detail: 'withdrawal settled without an approved provider payout',
      },
    ]);
    expect(
      reconcile(books(js, [fundedMovement(), settled], [charge, payout('w1', 300, 'DECLINED')]))
        .breaks,
    ).toEqual([
      {
        kind: 'MISSING',
        ref: 'w1',
        detail: 'withdrawal settled without an approved provider payout',
      },
    ]);
    const pending = mv('w1', 'WITHDRAWAL', 300, 'PENDING', ['PENDING']);
    expect(
      reconcile(books(funded(), [fundedMovement(), pending], [charge, payout('w1', 300)])).breaks,
    ).toEqual([
      { kind: 'MISSING', ref: 'w1', detail: 'provider paid out but the withdrawal is PENDING' },
    ]);
    // A declined payout of a pending withdrawal, or an approved one still being settled, is fine.
    expect(
      reconcile(
        books(funded(), [fundedMovement(), pending], [charge, payout('w1', 300, 'DECLINED')]),
      ).breaks,
    ).toEqual([]);
    const settling = mv('w1', 'WITHDRAWAL', 300, 'SETTLING', ['PENDING', 'SETTLING']);
    expect(
      reconcile(
        books([...funded(), js[2]!], [fundedMovement(), settling], [charge, payout('w1', 300)]),
      ).breaks,
    ).toEqual([]);
  });

  it('M2.3-c a deposit: an approved charge with the movement still INITIATED is MISSING; a failed one before PENDING needs no journal', () => {
    const initiated = mv('d2', 'DEPOSIT', 500, 'INITIATED', ['INITIATED']);
    const d2charge = {
      movementId: 'd2',
      kind: 'CHARGE' as const,
      amount: 500,
      result: 'APPROVED' as const,
    };
    expect(
      reconcile(books(funded(), [fundedMovement(), initiated], [charge, d2charge])).breaks,
    ).toEqual([
      {
        kind: 'MISSING',
        ref: 'd2',
        detail: 'provider charged the card but the ledger has no confirmed deposit',
      },
    ]);
    // A declined charge of a deposit that failed before PENDING: nothing expected, nothing missing.
    const failed = mv('d2', 'DEPOSIT', 500, 'FAILED', ['INITIATED']);
    const declined = { ...d2charge, result: 'DECLINED' as const };
    expect(
      reconcile(books(funded(), [fundedMovement(), failed], [charge, declined])).breaks,
    ).toEqual([]);
    // A deposit that failed after PENDING had its confirm journal, and needs it.
    const failedLate = mv('d2', 'DEPOSIT', 500, 'FAILED', ['INITIATED', 'PENDING']);
    expect(
      reconcile(books(funded(), [fundedMovement(), failedLate], [charge, d2charge])).breaks,
    ).toEqual([{ kind: 'MISSING', ref: 'd2', detail: 'DEPOSIT FAILED lacks its confirm journal' }]);
    // A pending deposit has its confirm journal only.
    const pending = mv('d2', 'DEPOSIT', 500, 'PENDING', ['INITIATED', 'PENDING']);
    const confirmed = j('d2:confirm', journals.depositConfirmed(mref('d2', 500)));
    expect(
      reconcile(books([...funded(), confirmed], [fundedMovement(), pending], [charge, d2charge]))
        .breaks,
    ).toEqual([]);
    // A declined provider record with no movement is no break; an approved one is.
    expect(
      reconcile(books(funded(), [fundedMovement()], [charge, { ...declined, movementId: 'zz' }]))
        .breaks,
    ).toEqual([]);
  });

  it('M2.3-c a journal that moves another amount than its movement is AMOUNT_MISMATCH, and so is a provider record', () => {
    const r = reconcile(
      books(
        [...funded(), j('t1:confirm', journals.transferConfirmed(mref('t1', 250), 'a'))],
        [fundedMovement(), mv('t1', 'TRANSFER', 300, 'PENDING', ['PENDING'])],
        [{ ...charge, amount: 1001 }],
      ),
    );
    expect(r.breaks).toEqual([
      {
        kind: 'AMOUNT_MISMATCH',
        ref: 't1:confirm',
        detail: 'journal moves 250, movement says 300',
      },
      { kind: 'AMOUNT_MISMATCH', ref: 'd1', detail: 'provider 1001, ledger 1000' },
    ]);
  });

  it('M2.3-c transfers, orders and redemptions need confirm, then settle once SETTLED', () => {
    for (const [type, confirm, settle] of [
      [
        'TRANSFER',
        journals.transferConfirmed(mref('m1', 100), 'a'),
        journals.transferSettled(mref('m1', 100), 'b'),
      ],
      [
        'SUBSCRIPTION',
        journals.subscriptionConfirmed(mref('m1', 100), 'a'),
        journals.subscriptionSettled(mref('m1', 100)),
      ],
    ] as const) {
      const pending = mv('m1', type, 100, 'PENDING', ['PENDING']);
      const settled = mv('m1', type, 100, 'SETTLED', ['PENDING']);
      const c = j('m1:confirm', confirm);
      const s = j('m1:settle', settle);
      const holdings =
        type === 'SUBSCRIPTION' ? [{ orderId: 'm1', status: 'HELD', principal: 100 }] : [];
      const run = (js: Journal[], m: MovementRow, h = holdings) =>
        reconcile({ ...books([...funded(), ...js], [fundedMovement(), m], [charge]), holdings: h })
          .breaks;
      expect(run([c], pending, [])).toEqual([]);
      expect(run([c, s], settled)).toEqual([]);
      expect(run([c], settled, [])).toEqual([
        { kind: 'MISSING', ref: 'm1', detail: `${type} SETTLED lacks its settle journal` },
      ]);
      expect(run([c, s], pending).filter((b) => b.kind === 'DUPLICATED')).toEqual([
        {
          kind: 'DUPLICATED',
          ref: 'm1',
          detail: `${type} PENDING has an unexpected settle journal`,
        },
      ]);
    }
  });

  it('M2.3-c M4.1-a a transfer or order rejected by risk review needs confirm and its rejected reversal; a rejected withdrawal none', () => {
    for (const [type, confirm, reverse] of [
      [
        'TRANSFER',
        journals.transferConfirmed(mref('m1', 100), 'a'),
        journals.transferRejected(mref('m1', 100), 'a'),
      ],
      [
        'SUBSCRIPTION',
        journals.subscriptionConfirmed(mref('m1', 100), 'a'),
        journals.subscriptionRejected(mref('m1', 100), 'a'),
      ],
    ] as const) {
      const rejected = { ...mv('m1', type, 100, 'FAILED', ['PENDING']), screen: 'REJECTED' };
      const c = j('m1:confirm', confirm);
      const r = j('m1:rejected', reverse);
      const run = (js: Journal[]) =>
        reconcile({ ...books([...funded(), ...js], [fundedMovement(), rejected], [charge]) })
          .breaks;
      expect(run([c, r])).toEqual([]);
      expect(run([c])).toEqual([
        { kind: 'MISSING', ref: 'm1', detail: `${type} FAILED lacks its rejected journal` },
      ]);
      // The money is back with the customer: a's balance is what was funded.
      expect(
        books([...funded(), c, r], [], []).accounts.find((x) => x.account === a)?.balance,
      ).toBe(1000);
    }
    const withdrawal = {
      ...mv('w1', 'WITHDRAWAL', 100, 'FAILED', ['PENDING']),
      screen: 'REJECTED',
    };
    expect(reconcile(books(funded(), [fundedMovement(), withdrawal], [charge])).breaks).toEqual([]);
  });

  it('M2.3-c judges a movement created just before the cut-off, and not one created at it', () => {
    const w = books(funded(), [{ ...fundedMovement(), createdAt: '2026-11-27T23:59:59.999Z' }], []);
    expect(reconcile(w).breaks).toEqual([
      {
        kind: 'MISSING',
        ref: 'd1',
        detail: 'deposit confirmed in the ledger without an approved provider charge',
      },
    ]);
    const atCutOff = { ...w, movements: [{ ...fundedMovement(), createdAt: w.settledBefore }] };
    expect(reconcile(atCutOff).breaks).toEqual([]);
    // Its provider record is still compared by amount.
    expect(reconcile({ ...atCutOff, provider: [{ ...charge, amount: 5 }] }).breaks).toEqual([
      { kind: 'AMOUNT_MISMATCH', ref: 'd1', detail: 'provider 5, ledger 1000' },
    ]);
  });

  it('M2.3-c counts duplicated entries per journal line, naming how many', () => {
    const w = books(funded(), [fundedMovement()], [charge]);
    const entry = w.entries[0]!;
    expect(reconcile({ ...w, entries: [...w.entries, entry, entry] }).breaks).toEqual([
      {
        kind: 'DUPLICATED',
        ref: `${entry.account}|${entry.journalId}`,
        detail: '3 entries for one journal line',
      },
    ]);
  });

  it('M2.3-c custody counts only HELD positions: pending and redeemed ones are not in custody', () => {
    const order = [
      j('o1:confirm', journals.subscriptionConfirmed(mref('o1', 200), 'a')),
      j('o1:settle', journals.subscriptionSettled(mref('o1', 200))),
    ];
    const w = books(
      [...funded(), ...order],
      [fundedMovement(), mv('o1', 'SUBSCRIPTION', 200, 'SETTLED', ['PENDING'])],
      [charge],
    );
    const holdings = [
      { orderId: 'o1', status: 'HELD', principal: 200 },
      { orderId: 'o0', status: 'PENDING', principal: 70 },
      { orderId: 'o9', status: 'REDEEMED', principal: 90 },
    ];
    expect(reconcile({ ...w, holdings }).breaks).toEqual([]);
    expect(reconcile(w).breaks).toEqual([
      {
        kind: 'AMOUNT_MISMATCH',
        ref: 'plat:custody',
        detail: 'custody accounts hold 200, held positions 0',
      },
    ]);
  });
});

describe('the rules of reconciliation at their edges (M2.3-c)', () => {
  it('M2.3-c a status the history lacks still counts as reached, and a deposit is judged by its status, not its history', () => {
    const w1 = mref('w1', 300);
    const missing = reconcile(
      books(
        funded(),
        [fundedMovement(), mv('w1', 'WITHDRAWAL', 300, 'SETTLING', ['PENDING'])],
        [charge],
      ),
    ).breaks;
    expect(missing).toEqual([
      { kind: 'MISSING', ref: 'w1', detail: 'WITHDRAWAL SETTLING lacks its settling journal' },
    ]);
    const withJournal = books(
      [...funded(), j('w1:settling', journals.withdrawalSettling(w1, 'a'))],
      [fundedMovement(), mv('w1', 'WITHDRAWAL', 300, 'SETTLING', ['PENDING'])],
      [charge],
    );
    expect(reconcile(withJournal).breaks).toEqual([]);
    // A settled deposit whose history never says PENDING still needs both journals.
    const settled = mv('d1', 'DEPOSIT', 1000, 'SETTLED', ['INITIATED']);
    expect(reconcile(books(funded(), [settled], [charge])).breaks).toEqual([]);
  });

  it('M2.3-c redemptions need confirm, then settle once SETTLED', () => {
    const r1 = mref('r1', 200);
    const js = [
      ...funded(),
      j('o1:confirm', journals.subscriptionConfirmed(mref('o1', 200), 'a')),
      j('o1:settle', journals.subscriptionSettled(mref('o1', 200))),
      j('r1:confirm', journals.redemptionConfirmed(r1)),
    ];
    const order = mv('o1', 'SUBSCRIPTION', 200, 'SETTLED', ['PENDING']);
    const holdings = [{ orderId: 'o1', status: 'REDEEMING', principal: 200 }];
    const run = (extra: Journal[], status: string) =>
      reconcile({
        ...books(
          [...js, ...extra],
          [fundedMovement(), order, mv('r1', 'REDEMPTION', 200, status, ['PENDING'])],
          [charge],
        ),
        holdings,
      }).breaks;
    // Custody is per shard: the order and its redemption may hash to different ones.
    const custodyOnly = (b: { ref: string }) => b.ref !== 'plat:custody';
    expect(run([], 'PENDING').filter(custodyOnly)).toEqual([]);
    expect(run([], 'SETTLED').filter(custodyOnly)).toEqual([
      { kind: 'MISSING', ref: 'r1', detail: 'REDEMPTION SETTLED lacks its settle journal' },
    ]);
    expect(
      run([j('r1:settle', journals.redemptionSettled(r1, 'a'))], 'SETTLED').filter(custodyOnly),
    ).toEqual([]);
  });

  it('M2.3-c a negative balance alone is NEGATIVE_BALANCE', () => {
    const w = books(funded(), [fundedMovement()], [charge]);
    const accounts = w.accounts.map((x) =>
      x.account === a ? { ...x, balance: -1, available: 0, held: 0 } : x,
    );
    expect(
      reconcile({ ...w, accounts }).breaks.filter((b) => b.kind === 'NEGATIVE_BALANCE'),
    ).toEqual([{ kind: 'NEGATIVE_BALANCE', ref: a, detail: 'balance -1, available 0, held 0' }]);
  });

  it('M2.3-c an unbalanced journal is one break, not also an amount mismatch when its debits match the movement', () => {
    const confirm = journals.depositConfirmed(mref('d1', 1000));
    const bad = j('d1:confirm', [confirm[0]!, { ...confirm[1]!, amount: 999 }]);
    expect(reconcile(books([bad, funded()[1]!], [fundedMovement()], [charge])).breaks).toEqual([
      { kind: 'UNBALANCED', ref: 'd1:confirm', detail: 'debits 1000 != credits 999' },
      { kind: 'UNBALANCED', ref: 'books', detail: 'all balances sum to -1, not 0' },
    ]);
  });

  it('M2.3-c leaves a movement created at the cut-off alone: its missing journals and its charge', () => {
    const young = {
      ...mv('t1', 'TRANSFER', 300, 'SETTLED', ['PENDING']),
      createdAt: '2026-11-28T00:00:00.000Z',
    };
    expect(reconcile(books(funded(), [fundedMovement(), young], [charge])).breaks).toEqual([]);
    const initiated = {
      ...mv('d2', 'DEPOSIT', 500, 'INITIATED', ['INITIATED']),
      createdAt: young.createdAt,
    };
    const d2charge: ProviderRecord = {
      movementId: 'd2',
      kind: 'CHARGE',
      amount: 500,
      result: 'APPROVED',
    };
    expect(
      reconcile(books(funded(), [fundedMovement(), initiated], [charge, d2charge])).breaks,
    ).toEqual([]);
  });

  it('M2.3-c only an approved charge for an INITIATED deposit is a charge the ledger missed', () => {
    const initiated = mv('d2', 'DEPOSIT', 500, 'INITIATED', ['INITIATED']);
    const run = (p: ProviderRecord) =>
      reconcile(books(funded(), [fundedMovement(), initiated], [charge, p])).breaks;
    expect(run({ movementId: 'd2', kind: 'CHARGE', amount: 500, result: 'DECLINED' })).toEqual([]);
    expect(run({ movementId: 'd2', kind: 'PAYOUT', amount: 500, result: 'APPROVED' })).toEqual([
      { kind: 'MISSING', ref: 'd2', detail: 'provider paid out but the withdrawal is INITIATED' },
    ]);
  });

  it('M2.3-c a journal id without its step is an unexpected journal', () => {
    const odd = { ...funded()[1]!, journalId: 'd1' };
    expect(reconcile(books([funded()[0]!, odd], [fundedMovement()], [charge])).breaks).toEqual([
      { kind: 'MISSING', ref: 'd1', detail: 'DEPOSIT SETTLED lacks its settle journal' },
      { kind: 'DUPLICATED', ref: 'd1', detail: 'DEPOSIT SETTLED has an unexpected  journal' },
    ]);
  });
});
