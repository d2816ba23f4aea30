// SQS consumer of the notification queue: sends SMS codes. Reports partial batch
// failures, so one bad message is retried (and ends in the DLQ) without its neighbours.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { NotificationMessage, sendRegistrationCode } from '../../shared/identity';
import * as onboardingDeps from '../deps/onboarding';
import { logger } from '../../shared/platform';

const processor = new BatchProcessor(EventType.SQS);

async function onRecord(record: SQSRecord): Promise<void> {
  try {
    await handle(record);
  } catch (error) {
    logger.error('notification failed', { messageId: record.messageId, error });
    throw error;
  }
}

async function handle(record: SQSRecord): Promise<void> {
  const message = NotificationMessage.parse(JSON.parse(record.body));
  const outcome = await sendRegistrationCode(
    message.registrationId,
    message.sealedCode,
    onboardingDeps.notify(),
  );
  logger.info('notification handled', { messageId: record.messageId, outcome });
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, onRecord, processor, { context });
