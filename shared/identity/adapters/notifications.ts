// The notification queue: events between the API and the SMS sender. Messages carry ids,
// never PII (the sender looks the phone up and decrypts it itself), and the SMS code only
// sealed under the PII key, bound to the customer and the field `otp` (issue 12: the code
// is not readable by whoever can read the queue).
import * as z from 'zod';
import { DependencyError, sqs } from '../../platform';

export const NotificationMessage = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('REGISTRATION_OTP'),
      registrationId: z.uuid(),
      /** The one-time code, sealed (FieldCrypto, field `otp`); only the sender opens it. */
      sealedCode: z.string().min(1).max(8192),
    })
    .strict(),
  z
    .object({
      /**
       * Someone registered with an ID number or phone this active customer holds: the
       * customer is told by SMS, the registrant only sees a registration like any other.
       */
      type: z.literal('IDENTITY_IN_USE'),
      customerId: z.uuid(),
      which: z.enum(['idNumber', 'phone']),
    })
    .strict(),
]);
export type NotificationMessage = z.infer<typeof NotificationMessage>;

export class NotificationQueue {
  constructor(private readonly queueUrl: string) {}

  async send(message: NotificationMessage): Promise<void> {
    try {
      await sqs().sendMessage({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(NotificationMessage.parse(message)),
      });
    } catch (cause) {
      throw new DependencyError('SQS SendMessage failed', { cause });
    }
  }
}
