// SQS consumer of the settlement queue (M2.3-b). Partial batch failures: a movement whose
// payout is not answered is retried alone, and after 5 deliveries rests in the DLQ.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as moneyDeps from '../deps/money';
import { settle, SettlementMessage } from '../../shared/money';
import { logger } from '../../shared/platform';

const processor = new BatchProcessor(EventType.SQS);

async function onRecord(record: SQSRecord): Promise<void> {
  try {
    const { movementId, movement } = SettlementMessage.parse(JSON.parse(record.body));
    const outcome = await settle(movementId, moneyDeps.settle(), movement);
    logger.info('settlement handled', { movementId, outcome });
  } catch (error) {
    logger.error('settlement failed', { messageId: record.messageId, error });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, onRecord, processor, { context });
