// SMS delivery. In AWS: SNS Publish to the phone number. In the local stage the same
// publish goes to the emulator, and the message is also recorded in the outbox table
// (keyed by the phone's blind index, no plaintext phone) for GET /local/outbox.
import { PublishCommand } from '../../platform';
import { PutCommand, QueryCommand } from '../../platform';
import { DependencyError, dynamo, sns } from '../../platform';

export interface SmsSender {
  send(phone: string, phoneIndex: string, body: string): Promise<void>;
}

export class SnsSmsSender implements SmsSender {
  constructor(private readonly outboxTable?: string) {}

  async send(phone: string, phoneIndex: string, body: string): Promise<void> {
    try {
      await sns().send(
        new PublishCommand({
          PhoneNumber: `+86${phone}`,
          Message: body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          },
        }),
      );
    } catch (cause) {
      throw new DependencyError('SNS SMS publish failed', { cause });
    }
    if (this.outboxTable) {
      const now = new Date();
      await dynamo().send(
        new PutCommand({
          TableName: this.outboxTable,
          Item: {
            pk: `PHONE#${phoneIndex}`,
            sk: now.toISOString(),
            body,
            expiresAt: Math.floor(now.getTime() / 1000) + 86_400,
          },
        }),
      );
    }
  }
}

export async function outboxFor(
  table: string,
  phoneIndex: string,
): Promise<{ sentAt: string; body: string }[]> {
  const out = await dynamo().send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `PHONE#${phoneIndex}` },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return (out.Items ?? []).map((i) => ({ sentAt: String(i.sk), body: String(i.body) }));
}
