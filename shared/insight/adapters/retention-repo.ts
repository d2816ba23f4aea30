// Retention actions in the customers table (issue 14, M7.3-a): on the customer
// (`CUST#<id>` / `RETAIN#<at>#<actionId>`) and under their CST day for the KPIs
// (`RETAINDAY#<day>` / `<at>#<actionId>`).
import { cstDate } from '../../kernel';
import type { LedgerTx } from '../../money';
import { dynamo, QueryCommand, queryAll, withoutKeys } from '../../platform';

/** A retention action staff took with a customer (issue 14, M7.3-a). */
export interface RetentionActionRecord {
  readonly actionId: string;
  readonly customerId: string;
  readonly kind: string;
  readonly note: string;
  readonly outcome: string;
  readonly by: string;
  readonly at: string;
}

export class RetentionRepo {
  constructor(readonly table: string) {}

  /** Adds a retention action to `tx`, on condition that the customer exists. */
  retentionAction(tx: LedgerTx, action: RetentionActionRecord): LedgerTx {
    const sk = `${action.at}#${action.actionId}`;
    return tx
      .require(
        { kind: 'account', account: action.customerId },
        {
          TableName: this.table,
          Key: { pk: `CUST#${action.customerId}`, sk: 'PROFILE' },
          ConditionExpression: 'attribute_exists(pk)',
        },
      )
      .put(undefined, {
        TableName: this.table,
        Item: { pk: `CUST#${action.customerId}`, sk: `RETAIN#${sk}`, ...action },
        ConditionExpression: 'attribute_not_exists(pk)',
      })
      .put(undefined, {
        TableName: this.table,
        Item: { pk: `RETAINDAY#${cstDate(new Date(action.at))}`, sk, ...action },
      });
  }

  /** A customer's retention actions, newest first, at most `limit`. */
  async retentionActionsOf(customerId: string, limit = 50): Promise<RetentionActionRecord[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
        ExpressionAttributeValues: { ':pk': `CUST#${customerId}`, ':r': 'RETAIN#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => withoutKeys(i) as unknown as RetentionActionRecord);
  }

  /** How many retention actions were recorded on each CST day of `days`. */
  async retentionActionCount(days: readonly string[]): Promise<number> {
    const pages = await Promise.all(
      days.map((day) =>
        queryAll({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `RETAINDAY#${day}` },
          ProjectionExpression: 'actionId',
        }),
      ),
    );
    return pages.flat().length;
  }
}
