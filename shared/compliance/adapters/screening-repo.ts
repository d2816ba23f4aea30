// Customers' screening results in the compliance table (issue 14, M1-c, ADR 0031): one item
// per customer, written when the customer is screened at registration and changed by a
// compliance officer's decision or by a re-screening's new hits; beside it, the customer's
// screening fingerprint (the keyed hashes of their name's token keys and ID number, never
// the name), filed by shard so a list update re-screens every customer by Query. Holds only
// masked hits, list versions and keyed hashes: no name or ID number in the clear. Keys:
//
//   SCREEN#<customerId>        RESULT           status (OPEN, CLEARED, CONFIRMED), lists, hits, decisions
//   FPRINT#<shard>             C#<customerId>   the fingerprint (words' keys, readings, ID number key)
import {
  batchGetAll,
  DeleteCommand,
  dynamo,
  GetCommand,
  PutCommand,
  QueryCommand,
  transactWrite,
  withoutKeys,
} from '../../platform';
import type { LedgerTx } from '../../money';
import type { ScreeningFingerprint } from '../domain/screening-match';
import type { CustomerScreening } from '../domain/screening-results';

const key = (customerId: string) => ({ pk: `SCREEN#${customerId}`, sk: 'RESULT' });

/** Fingerprint keys keep this many base64url characters of their HMAC (96 bits). */
export const FINGERPRINT_KEY_CHARS = 16;

/** Fingerprints are spread over this many partitions, each re-screened by its own message. */
export const FINGERPRINT_SHARDS = 8;

/** The shard of a customer's fingerprint (customer ids are random UUIDs). */
export function fingerprintShard(customerId: string): number {
  let h = 0;
  for (const ch of customerId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % FINGERPRINT_SHARDS;
}

export const fingerprintKey = (customerId: string) => ({
  pk: `FPRINT#${fingerprintShard(customerId)}`,
  sk: `C#${customerId}`,
});

export interface StoredFingerprint extends ScreeningFingerprint {
  readonly customerId: string;
}

export class ScreeningRepo {
  constructor(readonly table: string) {}

  /** A new result, with the customer's fingerprint when there is one (one transaction). */
  async put(
    result: CustomerScreening,
    fingerprint?: ScreeningFingerprint,
    /** Epoch seconds: a registration's fingerprint expires with it unless activation keeps it. */
    expiresAt?: number,
  ): Promise<void> {
    const TableName = this.table;
    await transactWrite({
      TransactItems: [
        { Put: { TableName, Item: { ...key(result.customerId), ...result } } },
        ...(fingerprint
          ? [
              {
                Put: {
                  TableName,
                  Item: {
                    ...fingerprintKey(result.customerId),
                    customerId: result.customerId,
                    ...fingerprint,
                    ...(expiresAt ? { expiresAt } : {}),
                  },
                },
              },
            ]
          : []),
      ],
    });
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

  /**
   * One shard's fingerprints, a page (up to 1 MB) at a time, from after a customer if given;
   * each page with the customer a follow-up would carry on after (none on the last page).
   */
  async *fingerprints(
    shard: number,
    after?: string,
    pageSize?: number,
  ): AsyncGenerator<{ items: StoredFingerprint[]; last?: string }> {
    let ExclusiveStartKey: Record<string, unknown> | undefined = after
      ? fingerprintKey(after)
      : undefined;
    if (after && fingerprintShard(after) !== shard) throw new Error('a customer of another shard');
    do {
      const out = await dynamo().send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `FPRINT#${shard}` },
          // A fingerprint written just before the scan is read by it.
          ConsistentRead: true,
          ExclusiveStartKey,
          ...(pageSize ? { Limit: pageSize } : {}),
        }),
      );
      ExclusiveStartKey = out.LastEvaluatedKey;
      const items = (out.Items ?? []).map((i) => withoutKeys(i) as unknown as StoredFingerprint);
      yield {
        items,
        ...(ExclusiveStartKey ? { last: String(ExclusiveStartKey.sk).slice('C#'.length) } : {}),
      };
    } while (ExclusiveStartKey);
  }

  /**
   * The fingerprint of a registration that was not created (refused, replayed, a decoy),
   * so re-screening finds only people who registered. The result stays: the record that a
   * registration was screened, with its hits.
   */
  async forgetFingerprint(customerId: string): Promise<void> {
    await dynamo().send(
      new DeleteCommand({ TableName: this.table, Key: fingerprintKey(customerId) }),
    );
  }

  /**
   * The fingerprint kept for good (its expiry removed), in the activation transaction of the
   * registration that made it (the onboarding module's; `keepFingerprint` access).
   */
  keepFingerprint(customerId: string) {
    return {
      Update: {
        TableName: this.table,
        Key: fingerprintKey(customerId),
        UpdateExpression: 'REMOVE expiresAt',
      },
    };
  }

  /** The deletion of a customer's fingerprint, for their erasure's transaction. */
  fingerprintDeletion(customerId: string): { TableName: string; Key: Record<string, string> } {
    return { TableName: this.table, Key: fingerprintKey(customerId) };
  }

  /** A changed result (a re-screening's hits), if it is still the version read. */
  async putIfVersion(next: CustomerScreening, previous: number): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key(next.customerId), ...next },
          ConditionExpression: '#v = :prev',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':prev': previous },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
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
