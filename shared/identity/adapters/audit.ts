// The PII access audit trail (M2.5-c, M7.1-a): every decryption of a customer's PII
// writes who, which fields, why and when, before the plaintext is used.
import { PutCommand } from '../../platform';
import { randomUUID } from 'node:crypto';
import { dynamo } from '../../platform';

export interface PiiAccess {
  readonly customerId: string;
  /** Who: a function name, or a staff username. */
  readonly actor: string;
  readonly fields: readonly string[];
  readonly purpose: string;
}

export class AuditLog {
  constructor(private readonly table: string) {}

  async piiAccessed(access: PiiAccess, at = new Date()): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: `CUST#${access.customerId}`,
          sk: `PII#${at.toISOString()}#${randomUUID()}`,
          type: 'PII_ACCESS',
          ...access,
          at: at.toISOString(),
        },
      }),
    );
  }
}
