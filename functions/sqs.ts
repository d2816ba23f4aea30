// SQS consumers that take their messages one at a time (partial batch responses): a
// message that does not parse, or whose handling fails, is reported alone and comes back;
// after the queue's deliveries it rests in the DLQ (runbook dlq-depth).
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from '../shared/platform';

export function consumeEach<T>(
  schema: z.ZodType<T>,
  handle: (message: T) => Promise<void>,
  /** What the log says of a message that failed. */
  failure: string,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const failed: string[] = [];
    for (const record of event.Records) {
      try {
        await handle(schema.parse(JSON.parse(record.body)));
      } catch (error) {
        logger.error(failure, { messageId: record.messageId, error });
        failed.push(record.messageId);
      }
    }
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
