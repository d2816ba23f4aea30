// A customer's holdings: one position per order (`HOLD#<customer>` / <orderId>) in the
// ledger table, changed only in the same transactions as the money (order, settlement,
// redemption), so holdings and balances can never disagree.
import { GetCommand } from '../../platform';
import { dynamo, queryAll, scanPages, withoutKeys } from '../../platform';
import type { LedgerTx } from '../../money';

/** CANCELLED: an order a risk officer rejected before it settled (ADR 0012). */
export type HoldingStatus = 'PENDING' | 'HELD' | 'REDEEMING' | 'REDEEMED' | 'CANCELLED';

export interface Holding {
  readonly orderId: string;
  readonly customerId: string;
  readonly productId: string;
  readonly productName: string;
  readonly productLevel: number;
  /** Fen invested (the product's value is not marked to market here). */
  readonly principal: number;
  readonly status: HoldingStatus;
  /** CST date from which the position may be redeemed. */
  readonly lockUpEndsOn: string;
  readonly subscribedAt: string;
  readonly redemptionId?: string;
}

const key = (customerId: string, orderId: string) => ({ pk: `HOLD#${customerId}`, sk: orderId });

export class Holdings {
  constructor(readonly table: string) {}

  open(tx: LedgerTx, h: Holding): LedgerTx {
    return tx.put(
      { kind: 'holding' },
      {
        TableName: this.table,
        Item: { ...key(h.customerId, h.orderId), ...h },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    );
  }

  /** Moves a position from one status to the next (fails if it is not in `from`). */
  transition(
    tx: LedgerTx,
    customerId: string,
    orderId: string,
    from: HoldingStatus,
    to: HoldingStatus,
    set: Record<string, unknown> = {},
  ): LedgerTx {
    const names = Object.keys(set);
    return tx.update(
      { kind: 'holding' },
      {
        TableName: this.table,
        Key: key(customerId, orderId),
        UpdateExpression: `SET #s = :to${names.map((n, i) => `, #x${i} = :x${i}`).join('')}`,
        ConditionExpression: '#s = :from',
        ExpressionAttributeNames: {
          '#s': 'status',
          ...Object.fromEntries(names.map((n, i) => [`#x${i}`, n])),
        },
        ExpressionAttributeValues: {
          ':to': to,
          ':from': from,
          ...Object.fromEntries(names.map((n, i) => [`:x${i}`, set[n]])),
        },
      },
    );
  }

  async get(customerId: string, orderId: string): Promise<Holding | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: key(customerId, orderId),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...h } = out.Item;
    return h as Holding;
  }

  async of(customerId: string): Promise<Holding[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `HOLD#${customerId}` },
      ConsistentRead: true,
    });
    return items.map((i) => withoutKeys(i) as unknown as Holding);
  }

  /** Every customer's holdings (the nightly market-risk run; a scan of the HOLD# items). */
  async all(): Promise<Holding[]> {
    const items = await scanPages({
      TableName: this.table,
      FilterExpression: 'begins_with(pk, :h)',
      ExpressionAttributeValues: { ':h': 'HOLD#' },
    });
    return items.map((i) => withoutKeys(i) as unknown as Holding);
  }
}
