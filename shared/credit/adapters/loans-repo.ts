// Loans in the ledger table (core tier, beside the money they move; ADR 0024): the loan
// with its schedule (`LOAN#<id>` / `LOAN`, carrying its outstanding principal for
// reconciliation), the borrower's list (`CUSTLOAN#<customerId>` / `<disbursedOn>#<id>`) and
// the collection index (`LOANDUE` / `<next due date>#<id>`: every active loan at its oldest
// unpaid instalment, so the daily job reads only what is due). Every change is one
// transaction with the money it records, conditioned on the version it read.
import { batchGetAll, dynamo, GetCommand, queryAll } from '../../platform';
import type { LedgerTx } from '../../money';
import { nextDueOn, outstandingPrincipal, type Loan } from '../domain/loan';

const loanKey = (id: string) => ({ pk: `LOAN#${id}`, sk: 'LOAN' });
const DUE = 'LOANDUE';
/** A borrower's principal outstanding across their loans, held to the policy's maximum. */
const exposureKey = (customerId: string) => ({ pk: `CREDITEXP#${customerId}`, sk: 'EXPOSURE' });
const dueKey = (dueOn: string, loanId: string) => ({ pk: DUE, sk: `${dueOn}#${loanId}` });

export interface DueLoan {
  readonly loanId: string;
  readonly customerId: string;
  readonly dueOn: string;
}

export class LoansRepo {
  constructor(readonly table: string) {}

  private item(loan: Loan) {
    return {
      TableName: this.table,
      Item: {
        ...loanKey(loan.loanId),
        ...loan,
        outstandingPrincipalFen: outstandingPrincipal(loan),
      },
    };
  }

  private indexDue(tx: LedgerTx, loan: Loan): LedgerTx {
    const dueOn = nextDueOn(loan);
    if (loan.status !== 'ACTIVE' || !dueOn) return tx;
    return tx.put(undefined, {
      TableName: this.table,
      Item: {
        ...dueKey(dueOn, loan.loanId),
        loanId: loan.loanId,
        customerId: loan.customerId,
        dueOn,
      },
    });
  }

  /**
   * A new loan, its place in the borrower's list and in the collection index, and its
   * principal added to the borrower's outstanding total on condition that the total stays
   * within `maxOutstandingFen` (offers approved one by one cannot add up to more).
   */
  open(tx: LedgerTx, loan: Loan, maxOutstandingFen: number): LedgerTx {
    tx.update(
      { kind: 'creditLimit' },
      {
        TableName: this.table,
        Key: exposureKey(loan.customerId),
        UpdateExpression: 'ADD outstandingFen :p',
        ConditionExpression: 'attribute_not_exists(outstandingFen) OR outstandingFen <= :room',
        ExpressionAttributeValues: {
          ':p': loan.principalFen,
          ':room': maxOutstandingFen - loan.principalFen,
        },
      },
    );
    tx.put(
      { kind: 'loan' },
      { ...this.item(loan), ConditionExpression: 'attribute_not_exists(pk)' },
    );
    tx.put(undefined, {
      TableName: this.table,
      Item: {
        pk: `CUSTLOAN#${loan.customerId}`,
        sk: `${loan.disbursedOn}#${loan.loanId}`,
        loanId: loan.loanId,
      },
    });
    return this.indexDue(tx, loan);
  }

  /** The loan changed from `before` (whose version it was read at) to `after`. */
  save(tx: LedgerTx, before: Loan, after: Loan): LedgerTx {
    tx.put(
      { kind: 'loan' },
      {
        ...this.item(after),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': before.version },
      },
    );
    const repaid = outstandingPrincipal(before) - outstandingPrincipal(after);
    if (repaid > 0)
      tx.update(undefined, {
        TableName: this.table,
        Key: exposureKey(before.customerId),
        UpdateExpression: 'ADD outstandingFen :minus',
        ExpressionAttributeValues: { ':minus': -repaid },
      });
    const was = nextDueOn(before);
    const now = after.status === 'ACTIVE' ? nextDueOn(after) : undefined;
    if (was && was !== now)
      tx.delete(undefined, { TableName: this.table, Key: dueKey(was, before.loanId) });
    return was === now ? tx : this.indexDue(tx, after);
  }

  async get(loanId: string): Promise<Loan | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: loanKey(loanId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, outstandingPrincipalFen: _o, ...loan } = out.Item;
    return loan as Loan;
  }

  /** A borrower's loans, newest first (every one: the behaviour signals read them all). */
  async ofCustomer(customerId: string): Promise<Loan[]> {
    const index = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :c',
      ExpressionAttributeValues: { ':c': `CUSTLOAN#${customerId}` },
      ScanIndexForward: false,
    });
    const byId = new Map(
      (await this.many(index.map((i) => String(i.loanId)))).map((l) => [l.loanId, l]),
    );
    return index.map((i) => byId.get(String(i.loanId))).filter((l): l is Loan => l !== undefined);
  }

  /** Loans by id (missing ones left out), for the loan book. */
  async many(loanIds: readonly string[]): Promise<Loan[]> {
    const items = await batchGetAll(this.table, loanIds.map(loanKey));
    return items.map(
      ({ pk: _pk, sk: _sk, outstandingPrincipalFen: _o, ...loan }) => loan as unknown as Loan,
    );
  }

  /** Active loans whose oldest unpaid instalment is due on or before `date` (all, if omitted). */
  async due(date?: string): Promise<DueLoan[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: date ? 'pk = :p AND sk <= :to' : 'pk = :p',
      ExpressionAttributeValues: { ':p': DUE, ...(date ? { ':to': `${date}#\uffff` } : {}) },
      ConsistentRead: true,
    });
    return items.map((i) => ({
      loanId: String(i.loanId),
      customerId: String(i.customerId),
      dueOn: String(i.dueOn),
    }));
  }
}
