// DynamoDB persistence of the ledger: account balances, journals, customer entries,
// movements (the settlement log, with every status and its time), the settlement-date
// index and idempotency records. Every change of money is one TransactWriteItems whose
// conditions keep balances non-negative and apply each journal at most once.
import type { SwitchName } from '../../kernel';
import { TransactionCanceledException, transactWrite } from '../../platform';
import type { TransactWriteCommand } from '../../platform';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '../../platform';
import { delta, isPlatformAccount, type MovementType, type Posting } from '../domain/ledger';
import { SETTLEABLE_SCREENS, type Screen, type ScreeningNote } from '../domain/screening';
import {
  batchGetAll,
  dynamo,
  queryAll,
  scanPages,
  withoutKeys,
  type FieldError,
  type ProblemCode,
} from '../../platform';

export type { Account, Entry, Movement, MovementStatus, StatusChange } from '../domain/movement';
import type { Account, Entry, Movement, MovementStatus, StatusChange } from '../domain/movement';
import type {
  AccountRecord,
  EntryRecord,
  HoldingRecord,
  LoanRecord,
  JournalRecord,
  MovementRecord,
} from '../domain/reconciliation';

/** What a key answered: the success body, or the refusal (raised again on a replay). */
export type StoredAnswer =
  | { readonly ok: unknown }
  | {
      readonly refused: {
        readonly code: ProblemCode;
        readonly message: string;
        readonly fields: readonly FieldError[];
        readonly details?: Record<string, unknown>;
      };
    };

export interface IdempotencyRecord {
  readonly requestHash: string;
  /** The operation the key was first used with (absent on records before it was kept). */
  readonly operation?: string;
  /** The movement the request created; absent when the answer was a refusal. */
  readonly movementId?: string;
  readonly state: 'IN_PROGRESS' | 'COMPLETED';
  readonly answer?: StoredAnswer;
}

/**
 * Which condition of a transaction failed. Balance conditions name their account; the
 * others name the item (a movement applied twice, a holding already redeemed, a key used).
 */
export type TxCondition =
  | { readonly kind: 'funds' | 'held' | 'account'; readonly account: string }
  | {
      readonly kind:
        | 'idempotency'
        | 'journal'
        | 'movement'
        | 'recipient'
        | 'account'
        | 'holding'
        | 'product'
        | 'alert'
        | 'ruleSet'
        | 'screen'
        | 'credit'
        | 'loan'
        | 'creditLimit'
        /** A compliance record changed by someone else first (the compliance table). */
        | 'compliance'
        | 'complaint';
    }
  | {
      /** A kill switch that stops this business (ADR 0018): settlement, registrations, sales. */
      readonly kind: 'switch';
      readonly name: SwitchName;
    }
  | {
      /** An exposure limit's daily counter (ADR 0013): the customer's, the recipient's, a product's. */
      readonly kind: 'limit';
      readonly which: LimitCounter;
    };

/** The daily counters a money transaction may condition on (ADR 0013). */
export type LimitCounter = 'daily' | 'counterpartyDaily' | 'productDaily' | 'productTotal';

/** Items that carry no condition of their own (entries, indexes, platform balances). */
type Unconditional = { readonly kind: 'none' };

/** A condition of a money transaction failed: which one, typed. */
export class LedgerConditionError extends Error {
  constructor(readonly condition: TxCondition) {
    super(`ledger condition failed: ${condition.kind}`);
    this.name = 'LedgerConditionError';
  }
}

/** The fields a settlement posts from (the memo reaches statements); none changes after creation. */
const POSTED_FROM = [
  'type',
  'customerId',
  'counterpartyId',
  'amount',
  'currency',
  'cycle',
  'settleOn',
  'shard',
  'productId',
  'orderId',
  'memo',
] as const satisfies readonly (keyof Movement)[];

/** A condition that the stored movement holds `m`'s values in every field posted from. */
function sameMovement(m: Movement): {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts = POSTED_FROM.map((field, i) => {
    names[`#v${i}`] = field;
    const value = m[field];
    if (value === undefined) return `attribute_not_exists(#v${i})`;
    values[`:v${i}`] = value;
    return `#v${i} = :v${i}`;
  });
  return { expression: parts.join(' AND '), names, values };
}

/** The failed condition of `error` if it is one of that kind. */
export function failedCondition<K extends TxCondition['kind']>(
  error: unknown,
  ...kinds: K[]
): Extract<TxCondition, { kind: K }> | undefined {
  if (!(error instanceof LedgerConditionError)) return undefined;
  return (kinds as string[]).includes(error.condition.kind)
    ? (error.condition as Extract<TxCondition, { kind: K }>)
    : undefined;
}

const accountKey = (account: string) => ({ pk: `ACCT#${account}`, sk: 'BALANCE' });
const movementKey = (id: string) => ({ pk: `MOVE#${id}`, sk: 'MOVE' });
const idemKey = (customerId: string, keyHash: string) => ({
  pk: `IDEM#${customerId}#${keyHash}`,
  sk: 'IDEM',
});
const settleIndexKey = (date: string, shard: number, movementId: string) => ({
  pk: `SETTLE#${date}#${String(shard).padStart(2, '0')}`,
  sk: movementId,
});

const NONE: Unconditional = { kind: 'none' };

/** What a settlement may wait for: a frozen customer, or a kill switch (ADR 0015, 0018). */
export type Waiting =
  { readonly unfreeze: string } | { readonly switchOn: Extract<SwitchName, 'settlement'> };

/** The key prefixes of waiting settlements (the resuming function's grant names them). */
export const WAIT_KEY_PREFIXES = ['WAIT#UNFREEZE#', 'WAIT#RESUME#'] as const;

const waitKey = (w: Waiting) =>
  'unfreeze' in w ? `WAIT#UNFREEZE#${w.unfreeze}` : `WAIT#RESUME#${w.switchOn}`;

/** The movement a screen is put on; without its date and shard, its log row is left as it is. */
export interface ScreenTarget {
  readonly movementId: string;
  readonly settleOn?: string | undefined;
  readonly shard?: number | undefined;
}

/**
 * The writes that put a risk screen on a movement (ADR 0012): the movement, on condition
 * that it exists and holds `from` (or no screen yet), and its settlement-log row. The risk
 * scorer adds them to its own transaction: the ledger's keys stay the ledger's.
 */
export function screenItems(
  table: string,
  m: ScreenTarget,
  to: Screen,
  note: ScreeningNote,
  from?: Screen,
): [TxItem, TxItem?] {
  const movement: TxItem = {
    Update: {
      TableName: table,
      Key: movementKey(m.movementId),
      UpdateExpression: 'SET #sc = :to, screening = :note',
      ConditionExpression: from
        ? 'attribute_exists(pk) AND #sc = :from'
        : 'attribute_exists(pk) AND attribute_not_exists(#sc)',
      ExpressionAttributeNames: { '#sc': 'screen' },
      ExpressionAttributeValues: { ':to': to, ':note': note, ...(from ? { ':from': from } : {}) },
    },
  };
  if (m.settleOn === undefined || m.shard === undefined) return [movement];
  return [
    movement,
    {
      Update: {
        TableName: table,
        Key: settleIndexKey(m.settleOn, m.shard, m.movementId),
        UpdateExpression: 'SET #sc = :to',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#sc': 'screen' },
        ExpressionAttributeValues: { ':to': to },
      },
    },
  ];
}

export type TxItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** A money transaction under construction: each item with its condition, so a cancellation names its cause. */
export class LedgerTx {
  readonly items: TxItem[] = [];
  readonly conditions: (TxCondition | Unconditional)[] = [];

  constructor(private readonly table: string) {}

  private push(condition: TxCondition | Unconditional, item: TxItem): this {
    this.items.push(item);
    this.conditions.push(condition);
    return this;
  }

  /** Applies a journal: balances of every posting (customer accounts never below zero), the journal, entries. */
  journal(
    journalId: string,
    m: Pick<Movement, 'movementId' | 'type' | 'memo'>,
    postings: readonly Posting[],
    at: string,
  ): this {
    this.putJournal(journalId, m.movementId, postings, at);
    for (const p of postings) {
      const d = delta(p);
      if (isPlatformAccount(p.account)) {
        this.push(NONE, {
          Update: {
            TableName: this.table,
            Key: accountKey(p.account),
            UpdateExpression: 'ADD balance :d, available :d SET currency = :c',
            ExpressionAttributeValues: { ':d': d, ':c': 'CNY' },
          },
        });
        continue;
      }
      this.push(
        { kind: d < 0 ? 'funds' : 'account', account: p.account },
        {
          Update: {
            TableName: this.table,
            Key: accountKey(p.account),
            UpdateExpression: 'ADD balance :d, available :d',
            ConditionExpression: d < 0 ? 'available >= :need' : 'attribute_exists(pk)',
            ExpressionAttributeValues: d < 0 ? { ':d': d, ':need': -d } : { ':d': d },
          },
        },
      );
      this.entry(p.account, journalId, m, d, at);
    }
    return this;
  }

  /** A withdrawal's settlement debit: released from `held`, available unchanged. */
  journalFromHeld(
    journalId: string,
    m: Pick<Movement, 'movementId' | 'type' | 'memo'>,
    postings: readonly Posting[],
    at: string,
  ): this {
    const [debit, credit] = postings;
    if (!debit || !credit || isPlatformAccount(debit.account))
      throw new Error('journalFromHeld debits a customer account');
    this.putJournal(journalId, m.movementId, postings, at);
    this.push(
      { kind: 'held', account: debit.account },
      {
        Update: {
          TableName: this.table,
          Key: accountKey(debit.account),
          UpdateExpression: 'ADD balance :d, held :d',
          ConditionExpression: 'held >= :need',
          ExpressionAttributeValues: { ':d': -debit.amount, ':need': debit.amount },
        },
      },
    );
    this.entry(debit.account, journalId, m, -debit.amount, at);
    this.push(NONE, {
      Update: {
        TableName: this.table,
        Key: accountKey(credit.account),
        UpdateExpression: 'ADD balance :d, available :d SET currency = :c',
        ExpressionAttributeValues: { ':d': credit.amount, ':c': 'CNY' },
      },
    });
    return this;
  }

  /** The journal itself, written once per id (a second application fails its condition). */
  private putJournal(
    journalId: string,
    movementId: string,
    postings: readonly Posting[],
    at: string,
  ): void {
    this.push(
      { kind: 'journal' },
      {
        Put: {
          TableName: this.table,
          Item: { pk: `JRNL#${journalId}`, sk: 'JRNL', journalId, movementId, postings, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    );
  }

  private entry(
    account: string,
    journalId: string,
    m: Pick<Movement, 'movementId' | 'type' | 'memo'>,
    amount: number,
    at: string,
  ): void {
    this.push(NONE, {
      Put: {
        TableName: this.table,
        Item: {
          pk: `ACCT#${account}`,
          sk: `ENTRY#${at}#${journalId}`,
          journalId,
          movementId: m.movementId,
          type: m.type,
          amount,
          at,
          ...(m.memo ? { memo: m.memo } : {}),
        },
      },
    });
  }

  /** Moves `available` into `held` (a withdrawal's hold). */
  hold(account: string, amount: number): this {
    return this.push(
      { kind: 'funds', account },
      {
        Update: {
          TableName: this.table,
          Key: accountKey(account),
          UpdateExpression: 'ADD held :a, available :minus',
          ConditionExpression: 'available >= :a',
          ExpressionAttributeValues: { ':a': amount, ':minus': -amount },
        },
      },
    );
  }

  /** A new movement, with its settlement-date index entry. */
  createMovement(m: Movement): this {
    this.push(
      { kind: 'movement' },
      {
        Put: {
          TableName: this.table,
          Item: { ...movementKey(m.movementId), ...m },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    );
    return this.push(NONE, {
      Put: {
        TableName: this.table,
        // The settlement log's row: what staff read, without reading the movement.
        Item: {
          ...settleIndexKey(m.settleOn, m.shard, m.movementId),
          ...settlementLogRow(m),
        },
      },
    });
  }

  /**
   * The movement's status from `from` to `to`, recording the time. With `verify`, the same
   * condition also checks that the stored movement is the one given (every field a
   * settlement posts from): a movement that arrived in a message is used only if the ledger
   * holds it so. With `gate`, it also checks that risk screening lets it settle (ADR 0012);
   * with `screen`, the screen moves too, from the one given.
   */
  transition(
    m: Pick<Movement, 'movementId' | 'settleOn' | 'shard'>,
    from: MovementStatus,
    to: MovementStatus,
    at: string,
    opts: {
      readonly note?: string | undefined;
      readonly verify?: Movement | undefined;
      readonly gate?: boolean;
      readonly screen?: {
        readonly from: Screen;
        readonly to: Screen;
        readonly note: ScreeningNote;
      };
    } = {},
  ): this {
    const change: StatusChange = { status: to, at, ...(opts.note ? { note: opts.note } : {}) };
    const same = opts.verify ? sameMovement(opts.verify) : undefined;
    const sets = ['#s = :to', 'history = list_append(history, :h)'];
    const conditions = ['#s = :from', ...(same ? [same.expression] : [])];
    const names: Record<string, string> = { '#s': 'status', ...same?.names };
    const values: Record<string, unknown> = { ':to': to, ':from': from, ':h': [change] };
    if (opts.gate) {
      conditions.push('#g IN (:g0, :g1)');
      names['#g'] = 'screen';
      values[':g0'] = SETTLEABLE_SCREENS[0];
      values[':g1'] = SETTLEABLE_SCREENS[1];
    }
    if (opts.screen) {
      sets.push('#sc = :sto', 'screening = :snote');
      conditions.push('#sc = :sfrom');
      names['#sc'] = 'screen';
      Object.assign(values, {
        ':sto': opts.screen.to,
        ':sfrom': opts.screen.from,
        ':snote': opts.screen.note,
      });
    }
    this.push(
      { kind: 'movement' },
      {
        Update: {
          TableName: this.table,
          Key: movementKey(m.movementId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ...same?.values },
        },
      },
    );
    return this.push(NONE, {
      Update: {
        TableName: this.table,
        Key: settleIndexKey(m.settleOn, m.shard, m.movementId),
        UpdateExpression: `SET #s = :to, history = list_append(if_not_exists(history, :none), :h)${
          opts.screen ? ', #sc = :sto' : ''
        }`,
        ExpressionAttributeNames: { '#s': 'status', ...(opts.screen ? { '#sc': 'screen' } : {}) },
        ExpressionAttributeValues: {
          ':to': to,
          ':h': [change],
          ':none': [],
          ...(opts.screen ? { ':sto': opts.screen.to } : {}),
        },
      },
    });
  }

  /** The movement's risk screen, without a status change (a decision, or a hold released). */
  screen(m: ScreenTarget, to: Screen, note: ScreeningNote, from?: Screen): this {
    const [movement, index] = screenItems(this.table, m, to, note, from);
    this.push({ kind: 'screen' }, movement as TxItem);
    return index ? this.push(NONE, index) : this;
  }

  /** Moves `held` back into `available` (a held withdrawal that will not be paid). */
  release(account: string, amount: number): this {
    return this.push(
      { kind: 'held', account },
      {
        Update: {
          TableName: this.table,
          Key: accountKey(account),
          UpdateExpression: 'ADD held :minus, available :a',
          ConditionExpression: 'held >= :a',
          ExpressionAttributeValues: { ':a': amount, ':minus': -amount },
        },
      },
    );
  }

  /**
   * The idempotency record of the request, created with what it answers (fails if it
   * exists). It lives in the table of the change (the ledger for money), so a function
   * needs no grant on another table to be idempotent.
   */
  idempotency(
    customerId: string,
    keyHash: string,
    rec: IdempotencyRecord,
    table: string = this.table,
  ): this {
    return this.push(
      { kind: 'idempotency' },
      {
        Put: {
          TableName: table,
          Item: { ...idemKey(customerId, keyHash), ...rec, createdAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    );
  }

  completeIdempotency(customerId: string, keyHash: string, answer: StoredAnswer): this {
    return this.push(
      { kind: 'idempotency' },
      {
        Update: {
          TableName: this.table,
          Key: idemKey(customerId, keyHash),
          UpdateExpression: 'SET #st = :done, #r = :r',
          ExpressionAttributeNames: { '#st': 'state', '#r': 'answer' },
          ExpressionAttributeValues: { ':done': 'COMPLETED', ':r': answer },
        },
      },
    );
  }

  /** A condition another repo owns (e.g. the counterparty is an active customer). */
  require(condition: TxCondition, check: NonNullable<TxItem['ConditionCheck']>): this {
    return this.push(condition, { ConditionCheck: check });
  }

  /** Any other Put in the same transaction (a product, an assessment, a holding). */
  put(condition: TxCondition | undefined, put: NonNullable<TxItem['Put']>): this {
    return this.push(condition ?? NONE, { Put: put });
  }

  /**
   * Adds `amount` to an owner's counter `field` for a CST day, on condition that it stays
   * within `max` (ADR 0013). The owner is a customer, `<customer>#<product>` or
   * `PRODUCT#<product>`. The counter expires three days after its day.
   */
  useLimit(
    which: LimitCounter,
    owner: string,
    day: string,
    field: string,
    amount: number,
    max: number,
  ): this {
    return this.push(
      { kind: 'limit', which },
      {
        Update: {
          TableName: this.table,
          Key: { pk: `USAGE#${owner}#${day}`, sk: 'USAGE' },
          UpdateExpression: 'ADD #f :a SET expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(#f) OR #f <= :room',
          ExpressionAttributeNames: { '#f': field },
          ExpressionAttributeValues: {
            ':a': amount,
            ':room': max - amount,
            ':ttl': Math.floor(Date.parse(`${day}T00:00:00+08:00`) / 1000) + 4 * 86_400,
          },
        },
      },
    );
  }

  /** Any other Delete in the same transaction (an open hold that is decided). */
  delete(condition: TxCondition | undefined, del: NonNullable<TxItem['Delete']>): this {
    return this.push(condition ?? NONE, { Delete: del });
  }

  /** Any other Update in the same transaction. */
  update(condition: TxCondition | undefined, update: NonNullable<TxItem['Update']>): this {
    return this.push(condition ?? NONE, { Update: update });
  }
}

export class LedgerRepo {
  constructor(readonly table: string) {}

  tx(): LedgerTx {
    return new LedgerTx(this.table);
  }

  /** Commits; a failed condition becomes LedgerConditionError with that item's condition. */
  async commit(tx: LedgerTx): Promise<void> {
    try {
      // Conflicts with another transaction and throttling are sent again (transactWrite).
      await transactWrite({ TransactItems: tx.items });
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      const condition = failed >= 0 ? tx.conditions[failed] : undefined;
      if (condition && condition.kind !== 'none') throw new LedgerConditionError(condition);
      throw error;
    }
  }

  /** The item that opens a customer's cash account (added to the activation transaction). */
  /**
   * The condition "this account holds nothing": no balance, nothing held (an erasure's
   * transaction, M7.1-b: money arriving meanwhile cancels it). A missing account holds nothing.
   */
  emptyAccountCondition(account: string): NonNullable<TxItem['ConditionCheck']> {
    return {
      TableName: this.table,
      Key: accountKey(account),
      ConditionExpression: 'attribute_not_exists(pk) OR (balance = :zero AND held = :zero)',
      ExpressionAttributeValues: { ':zero': 0 },
    };
  }

  openAccountItem(account: string): TxItem {
    return {
      Put: {
        TableName: this.table,
        Item: {
          ...accountKey(account),
          account,
          balance: 0,
          available: 0,
          held: 0,
          currency: 'CNY',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Every journal, balance, journal line, movement and holding: the reconciliation's input. */
  async reconciliationSnapshot() {
    const journals: JournalRecord[] = [];
    const accounts: AccountRecord[] = [];
    const entries: EntryRecord[] = [];
    const movements: MovementRecord[] = [];
    const holdings: HoldingRecord[] = [];
    const loans: LoanRecord[] = [];
    for (const i of await scanAll(this.table)) {
      const pk = String(i.pk);
      const sk = String(i.sk);
      if (pk.startsWith('JRNL#')) journals.push(i as unknown as JournalRecord);
      else if (pk.startsWith('ACCT#') && sk === 'BALANCE') {
        accounts.push({
          account: pk.slice(5),
          balance: Number(i.balance ?? 0),
          available: Number(i.available ?? 0),
          held: Number(i.held ?? 0),
        });
      } else if (pk.startsWith('ACCT#') && sk.startsWith('ENTRY#')) {
        entries.push({
          account: pk.slice(5),
          journalId: String(i.journalId),
          amount: Number(i.amount),
        });
      } else if (pk.startsWith('MOVE#')) movements.push(i as unknown as MovementRecord);
      else if (pk.startsWith('HOLD#')) {
        holdings.push({ orderId: sk, status: String(i.status), principal: Number(i.principal) });
      } else if (pk.startsWith('LOAN#') && sk === 'LOAN') {
        // The credit module's loans keep their outstanding principal on the item.
        loans.push({
          loanId: String(i.loanId),
          outstandingPrincipalFen: Number(i.outstandingPrincipalFen),
        });
      }
    }
    return { journals, accounts, entries, movements, holdings, loans };
  }

  /** What an owner has used of its daily limits on a CST day, by flow (ADR 0013). */
  async usage(owner: string, day: string): Promise<Record<string, number>> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `USAGE#${owner}#${day}`, sk: 'USAGE' },
        ConsistentRead: true,
      }),
    );
    const { pk: _pk, sk: _sk, expiresAt: _e, ...used } = out.Item ?? {};
    return Object.fromEntries(Object.entries(used).map(([k, v]) => [k, Number(v)]));
  }

  async account(account: string): Promise<Account | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: accountKey(account), ConsistentRead: true }),
    );
    return out.Item as Account | undefined;
  }

  async movement(movementId: string): Promise<Movement | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: movementKey(movementId),
        ConsistentRead: true,
      }),
    );
    return out.Item as Movement | undefined;
  }

  /**
   * Notes that a movement's settlement waits: for its customer to be unfrozen (ADR 0015,
   * `WAIT#UNFREEZE#<customer>`) or for a kill switch to be turned back on (ADR 0018,
   * `WAIT#RESUME#<switch>`), / `<movementId>`. Writing it twice changes nothing.
   */
  async awaitResume(waiting: Waiting, movementId: string, at: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: waitKey(waiting), sk: movementId, movementId, at },
      }),
    );
  }

  /** The movements waiting for `waiting`. */
  async awaiting(waiting: Waiting): Promise<string[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': waitKey(waiting) },
      ConsistentRead: true,
    });
    return items.map((i) => String(i.movementId));
  }

  /** Forgets that a movement waits (its settlement was sent again). */
  async resumed(waiting: Waiting, movementId: string): Promise<void> {
    await dynamo().send(
      new DeleteCommand({ TableName: this.table, Key: { pk: waitKey(waiting), sk: movementId } }),
    );
  }

  /** Forgets a key whose change was undone (only the record this request wrote). */
  async forgetIdempotency(
    customerId: string,
    keyHash: string,
    requestHash: string,
    table: string = this.table,
  ): Promise<void> {
    await dynamo().send(
      new DeleteCommand({
        TableName: table,
        Key: idemKey(customerId, keyHash),
        ConditionExpression: 'requestHash = :h',
        ExpressionAttributeValues: { ':h': requestHash },
      }),
    );
  }

  async idempotencyRecord(
    customerId: string,
    keyHash: string,
    table: string = this.table,
  ): Promise<IdempotencyRecord | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: table,
        Key: idemKey(customerId, keyHash),
        ConsistentRead: true,
      }),
    );
    return out.Item as IdempotencyRecord | undefined;
  }

  /** A customer's entries, newest first, after `cursor` (an opaque page token). */
  async entries(
    account: string,
    limit: number,
    cursor?: string,
  ): Promise<{ entries: Entry[]; next?: string }> {
    const start = cursor ? decodeCursor(cursor, account) : undefined;
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': `ACCT#${account}`, ':e': 'ENTRY#' },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const entries = (out.Items ?? []).map((i) => ({
      journalId: i.journalId as string,
      movementId: i.movementId as string,
      type: i.type as MovementType,
      amount: i.amount as number,
      at: i.at as string,
      ...(i.memo ? { memo: i.memo as string } : {}),
    }));
    return {
      entries,
      ...(out.LastEvaluatedKey ? { next: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  /**
   * A customer's movements of one type, newest first, from the account's entries (a
   * movement of the type posts one line to the account, when it is confirmed) and then the
   * movements themselves in one BatchGetItem. Entries of other types are passed over: a
   * page takes up to 5 Query requests of 100 entries to fill, and its cursor is the last
   * entry it used (the same cursor as `entries`).
   */
  async movementsOfType(
    account: string,
    type: MovementType,
    limit: number,
    cursor?: string,
  ): Promise<{ movements: Movement[]; next?: string }> {
    let start = cursor ? decodeCursor(cursor, account) : undefined;
    const ids: string[] = [];
    let next: Record<string, unknown> | undefined;
    for (let request = 0; request < 5; request++) {
      const out = await dynamo().send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
          FilterExpression: '#t = :t',
          ExpressionAttributeNames: { '#t': 'type' },
          ExpressionAttributeValues: { ':pk': `ACCT#${account}`, ':e': 'ENTRY#', ':t': type },
          ScanIndexForward: false,
          Limit: 100,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const items = out.Items ?? [];
      let used = 0;
      for (const item of items) {
        if (ids.length === limit) break;
        const id = String(item.movementId);
        if (!ids.includes(id)) ids.push(id);
        used += 1;
      }
      const last = items[used - 1];
      if (used < items.length || (ids.length === limit && out.LastEvaluatedKey)) {
        next = last ? { sk: last.sk } : start;
        break;
      }
      if (!out.LastEvaluatedKey) {
        next = undefined;
        break;
      }
      start = out.LastEvaluatedKey;
      next = start;
    }
    const found = new Map(
      (ids.length ? await batchGetAll(this.table, ids.map(movementKey)) : []).map((m) => [
        String(m.movementId),
        m as unknown as Movement,
      ]),
    );
    const movements = ids.flatMap((id) => found.get(id) ?? []);
    return { movements, ...(next ? { next: encodeCursor(next) } : {}) };
  }

  /** Movements indexed under a settlement date (all shards), optionally by status. */
  /**
   * One page of a date's settlement log: one Query of one shard (a page never spans two,
   * so it may hold fewer than `limit` rows; `next` goes on, shard by shard), plus one
   * BatchGetItem for rows written before the index kept the whole row. The cursor is bound
   * to the date and the status filter.
   */
  async settlementLogPage(
    date: string,
    shards: number,
    opts: { status?: MovementStatus; limit: number; cursor?: string },
  ): Promise<{ rows: SettlementLogRow[]; next?: string }> {
    const filter = opts.status ?? '';
    const at: LogCursor = opts.cursor
      ? decodeLogCursor(opts.cursor, date, filter, shards)
      : { date, status: filter, shard: 0 };
    const key = settleIndexKey(date, at.shard, at.sk ?? '');
    const page = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': key.pk,
          ...(opts.status ? { ':s': opts.status } : {}),
        },
        ...(opts.status
          ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } }
          : {}),
        Limit: opts.limit,
        ...(at.sk ? { ExclusiveStartKey: key } : {}),
      }),
    );
    const items = page.Items ?? [];
    // Index items from before the row was kept there: their movements, in one request.
    const legacy = items.filter((i) => i.customerId === undefined).map((i) => String(i.sk));
    const movements = new Map(
      (legacy.length
        ? await batchGetAll(
            this.table,
            legacy.map((id) => movementKey(id)),
          )
        : []
      ).map((m) => [String(m.movementId), m as unknown as Movement]),
    );
    const rows: SettlementLogRow[] = [];
    for (const i of items) {
      if (i.customerId !== undefined) {
        rows.push({ ...(withoutKeys(i) as unknown as SettlementLogRow), movementId: String(i.sk) });
        continue;
      }
      const m = movements.get(String(i.sk));
      if (m) rows.push(settlementLogRow(m));
    }
    const last = page.LastEvaluatedKey;
    const nextAt: LogCursor | undefined = last
      ? { ...at, sk: String(last.sk) }
      : at.shard + 1 < shards
        ? { date, status: filter, shard: at.shard + 1 }
        : undefined;
    return { rows, ...(nextAt ? { next: encodeLogCursor(nextAt) } : {}) };
  }

  async settlementsOn(
    date: string,
    shards: number,
    status?: MovementStatus,
  ): Promise<DueSettlement[]> {
    const out: DueSettlement[] = [];
    for (let shard = 0; shard < shards; shard++) {
      const items = await queryAll({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': settleIndexKey(date, shard, '').pk },
      });
      for (const i of items) {
        if (!status || i.status === status)
          out.push({
            ...(withoutKeys(i) as Partial<SettlementLogRow>),
            movementId: i.sk as string,
            status: i.status as MovementStatus,
            shard,
          });
      }
    }
    return out;
  }
}

/** A movement under a settlement date: its settlement-log row where the index keeps it, and its shard. */
export type DueSettlement = Partial<SettlementLogRow> & {
  readonly movementId: string;
  readonly status: MovementStatus;
  readonly shard: number;
};

/** Every item of a table, page by page (reconciliation; an export to S3 at scale). */
export function scanAll(table: string): Promise<Record<string, unknown>[]> {
  return scanPages({ TableName: table });
}

/** A settlement-log row as the index item keeps it (written with the movement). */
export interface SettlementLogRow {
  readonly movementId: string;
  readonly type: Movement['type'];
  readonly amount: number;
  readonly currency: 'CNY';
  readonly customerId: string;
  readonly counterpartyId?: string;
  readonly cycle: Movement['cycle'];
  readonly settleOn: string;
  readonly status: MovementStatus;
  readonly history: readonly StatusChange[];
  readonly createdAt: string;
  readonly screen?: Screen;
}

function settlementLogRow(m: Movement): SettlementLogRow {
  return {
    movementId: m.movementId,
    type: m.type,
    amount: m.amount,
    currency: m.currency,
    customerId: m.customerId,
    ...(m.counterpartyId !== undefined ? { counterpartyId: m.counterpartyId } : {}),
    cycle: m.cycle,
    settleOn: m.settleOn,
    status: m.status,
    history: m.history,
    createdAt: m.createdAt,
    ...(m.screen ? { screen: m.screen } : {}),
  };
}

/** Where a settlement-log page ends: the shard, and the last key read in it. */
interface LogCursor {
  readonly date: string;
  readonly status: string;
  readonly shard: number;
  readonly sk?: string;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ sk: key.sk })).toString('base64url');
}

function encodeLogCursor(c: LogCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** A log cursor is honoured only for the date, filter and shard count it was made for. */
function decodeLogCursor(cursor: string, date: string, status: string, shards: number): LogCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<LogCursor>;
    if (c.date !== date || c.status !== status) throw new Error('another query');
    if (!Number.isInteger(c.shard) || (c.shard ?? -1) < 0 || (c.shard ?? shards) >= shards)
      throw new Error('bad shard');
    if (c.sk !== undefined && (typeof c.sk !== 'string' || !/^[0-9a-f-]{36}$/.test(c.sk)))
      throw new Error('bad sort key');
    return { date, status, shard: c.shard as number, ...(c.sk ? { sk: c.sk } : {}) };
  } catch (cause) {
    throw new InvalidCursorError('cursor is not valid', { cause });
  }
}

/** Cursors name only a sort key; the partition is always the caller's own account. */
function decodeCursor(cursor: string, account: string): Record<string, unknown> {
  try {
    const { sk } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      sk?: unknown;
    };
    if (typeof sk !== 'string' || !sk.startsWith('ENTRY#')) throw new Error('bad sort key');
    return { pk: `ACCT#${account}`, sk };
  } catch (cause) {
    throw new InvalidCursorError('cursor is not valid', { cause });
  }
}
