// A JSON message queue (SQS). Messages carry ids and amounts, never PII.
import { SendMessageCommand } from './aws/sdk/sqs';
import { DependencyError } from './errors';
import { sqs } from './aws/sqs';

export interface MessageQueue {
  send(message: Record<string, unknown>): Promise<void>;
}

export class SqsQueue implements MessageQueue {
  constructor(private readonly url: string) {}

  async send(message: Record<string, unknown>): Promise<void> {
    try {
      await sqs().send(
        new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(message) }),
      );
    } catch (cause) {
      throw new DependencyError('SQS SendMessage failed', { cause });
    }
  }
}
