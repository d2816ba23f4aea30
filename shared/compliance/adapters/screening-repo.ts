// Customers' screening results in the compliance table (issue 14, M1-c, ADR 0031): one item
// per customer, written when the customer is screened at registration and changed only by
// a compliance officer's decision. Holds only masked hits and the list versions: no name or
// ID number in the clear. Keys:
//
//   SCREEN#<customerId>        RESULT      status (OPEN, CLEARED, CONFIRMED), lists, hits, decisions
import { batchGetAll, dynamo, GetCommand, PutCommand, withoutKeys } from '../../platform';
import type { LedgerTx } from '../../money';
import type { CustomerScreening } from '../domain/screening-results';

const key = (customerId: string) => ({ pk: `SCREEN#${customerId}`, sk: 'RESULT' });

export class ScreeningRepo {
  constructor(readonly table: string) {}

  async put(result: CustomerScreening): Promise<void> {
    await dynamo().send(
      new PutCommand({ TableName: this.table, Item: { ...key(result.customerId), ...result } }),
    );
  }

  async get(customerId: string): Promise<CustomerScreening | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: key(customerId), ConsistentRead: true }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as CustomerScreening) : undefined;
  }

  /** The results of several customers (one BatchGetItem per 100 ids). */
  async of(customerIds: readonly string[]): Promise<Map<string, CustomerScreening>> {
    const ids = [...new Set(customerIds)];
    if (!ids.length) return new Map();
    const items = await batchGetAll(this.table, ids.map(key));
    return new Map(
      items.map((i) => {
        const r = withoutKeys(i) as unknown as CustomerScreening;
        return [r.customerId, r];
      }),
    );
  }

  /** A decided result, conditioned on the result still being the version decided on. */
  replace(tx: LedgerTx, next: CustomerScreening, previous: number): LedgerTx {
    return tx.put(
      { kind: 'ruleSet' },
      {
        TableName: this.table,
        Item: { ...key(next.customerId), ...next },
        ConditionExpression: '#v = :prev',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':prev': previous },
      },
    );
  }
}
