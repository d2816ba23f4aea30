// SQS consumer of the notification queue: sends SMS codes, and notices to customers whose
// identity someone registered with, within the SMS spend limit.
// Reports partial batch failures, so one bad message is retried (and ends in the DLQ)
// without its neighbours. A code the spend limit refuses is acknowledged, not retried (see
// sendRegistrationCode), and counted: `Finplat/Security` `SmsSpendLimitReached` (the day's
// limit: the alarm, runbook sms-spend-limit) or `SmsPhoneLimitReached` (one phone's hour).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  NotificationMessage,
  sendIdentityInUseNotice,
  sendRegistrationCode,
  type SmsOutcome,
} from '../../shared/identity';
import * as onboardingDeps from '../deps/onboarding';
import { logger, SECURITY_METRICS_NAMESPACE } from '../../shared/platform';

const processor = new BatchProcessor(EventType.SQS);

/** The metric each refusal counts as. */
const REFUSED: Partial<Record<SmsOutcome, string>> = {
  DAILY_LIMIT: 'SmsSpendLimitReached',
  PHONE_LIMIT: 'SmsPhoneLimitReached',
};

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
  const deps = onboardingDeps.notify();
  const outcome =
    message.type === 'REGISTRATION_OTP'
      ? await sendRegistrationCode(message.registrationId, message.sealedCode, deps)
      : await sendIdentityInUseNotice(message.customerId, message.which, deps);
  const refused = REFUSED[outcome];
  if (refused)
    logger.metric(SECURITY_METRICS_NAMESPACE, { [refused]: 1 }, { Stage: deps.settings.stage });
  logger.info('notification handled', { messageId: record.messageId, outcome });
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, onRecord, processor, { context });
