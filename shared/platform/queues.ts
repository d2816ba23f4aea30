// A JSON message queue (SQS). Messages carry ids and amounts, never PII.
import { DependencyError } from './errors';
import { sqs } from './aws/sqs';
import { logger } from './logger';

export interface MessageQueue {
  send(message: Record<string, unknown>): Promise<void>;
  /** Sends several, ten to a request; answers the indexes of those not accepted. */
  sendAll(messages: readonly Record<string, unknown>[]): Promise<Set<number>>;
}

/** SQS takes at most 10 messages per SendMessageBatch. */
export const SQS_BATCH_LIMIT = 10;

export class SqsQueue implements MessageQueue {
  constructor(private readonly url: string) {}

  async send(message: Record<string, unknown>): Promise<void> {
    try {
      await sqs().sendMessage({ QueueUrl: this.url, MessageBody: JSON.stringify(message) });
    } catch (cause) {
      throw new DependencyError('SQS SendMessage failed', { cause });
    }
  }

  /**
   * Sends the messages in batches of 10 (one request per batch) and answers the indexes of
   * those the queue did not accept: a batch whose request failed counts whole.
   */
  async sendAll(
    messages: readonly Record<string, unknown>[],
    opts: { delaySeconds?: number } = {},
  ): Promise<Set<number>> {
    const failed = new Set<number>();
    const batches: number[][] = [];
    for (let i = 0; i < messages.length; i += SQS_BATCH_LIMIT)
      batches.push(
        Array.from({ length: Math.min(SQS_BATCH_LIMIT, messages.length - i) }, (_, j) => i + j),
      );
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const out = await sqs().sendMessageBatch({
            QueueUrl: this.url,
            Entries: batch.map((i) => ({
              Id: String(i),
              MessageBody: JSON.stringify(messages[i]),
              ...(opts.delaySeconds ? { DelaySeconds: opts.delaySeconds } : {}),
            })),
          });
          for (const f of out.Failed ?? []) failed.add(Number(f.Id));
        } catch (error) {
          logger.warn('SQS SendMessageBatch failed', { messages: batch.length, error });
          for (const i of batch) failed.add(i);
        }
      }),
    );
    return failed;
  }
}
