// The SMS spend limit's counters (domain/sms-limits.ts) in the risk table, beside the other
// abuse and exposure counters: `QUOTA#SMS#PHONE#<phone blind index>` / `<CST hour>` and
// `QUOTA#SMS#DAY#<CST day>` / `COUNT`, each `n` with a TTL. A unit is taken by one
// conditional UpdateItem ADD (no read, no transaction: concurrent senders serialise on the
// item, and a transaction would conflict on the shared daily item under load). The
// notifier may only UpdateItem `QUOTA#` items (catalog level `quota`).
import { DependencyError, dynamo, UpdateCommand } from '../../platform';
import type { SmsQuotaSlot } from '../domain/sms-limits';

export interface SmsQuota {
  /**
   * Takes one unit from each counter in order; the first that is at its limit refuses the
   * send and is returned (nothing is taken from it or from those after it).
   */
  take(slots: readonly SmsQuotaSlot[]): Promise<SmsQuotaSlot | undefined>;
}

export class DynamoSmsQuota implements SmsQuota {
  constructor(readonly table: string) {}

  async take(slots: readonly SmsQuotaSlot[]): Promise<SmsQuotaSlot | undefined> {
    for (const slot of slots) {
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName: this.table,
            Key: slot.key,
            UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :ttl) ADD #n :one',
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':one': 1, ':limit': slot.limit, ':ttl': slot.expiresAt },
          }),
        );
      } catch (cause) {
        if ((cause as Error).name === 'ConditionalCheckFailedException') return slot;
        throw new DependencyError('DynamoDB SMS quota update failed', { cause });
      }
    }
    return undefined;
  }
}
