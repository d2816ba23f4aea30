// Each customer's own key (crypto-shredding, M7.1-b, ADR 0030): 32 random bytes that every
// PII field of the customer needs, beside the PII key in KMS, to be decrypted. This table
// holds the only copy: it is outside the backup plan and keeps point-in-time recovery for a
// few days only, so deleting a customer's item (erasure) leaves their ciphertexts, in the
// customers table and in every backup of it, undecryptable for good.
import { randomBytes } from 'node:crypto';
import { dynamo, GetCommand, PutCommand } from '../../platform';

const keyOf = (customerId: string) => ({ pk: `KEY#${customerId}`, sk: 'KEY' });

/** A customer's key as the field encryption uses it. */
export interface CustomerKeySource {
  /** The customer's key, made now if they have none (registration). */
  ensure(customerId: string): Promise<Uint8Array>;
  /** The customer's key, or undefined once it has been destroyed (erased) or never made. */
  get(customerId: string): Promise<Uint8Array | undefined>;
}

export class CustomerKeys implements CustomerKeySource {
  constructor(readonly table: string) {}

  async ensure(customerId: string): Promise<Uint8Array> {
    const key = randomBytes(32);
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keyOf(customerId),
            type: 'CUSTOMER_KEY',
            customerId,
            key: key.toString('base64'),
            createdAt: new Date().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return new Uint8Array(key);
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const existing = await this.get(customerId);
      if (!existing) throw error;
      return existing;
    }
  }

  async get(customerId: string): Promise<Uint8Array | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: keyOf(customerId), ConsistentRead: true }),
    );
    const stored = (out.Item as { key?: string } | undefined)?.key;
    return stored ? new Uint8Array(Buffer.from(stored, 'base64')) : undefined;
  }

  /** The item deleting the customer's key, for the erasure's transaction (crypto-shredding). */
  destroyItem(customerId: string) {
    return {
      Delete: {
        TableName: this.table,
        Key: keyOf(customerId),
      },
    };
  }
}
