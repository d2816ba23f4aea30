// Ledger change-stream consumer: a risk event for every new movement (M4.1-a), sent to the
// risk-scoring queue. The stream's filter passes only movement inserts; a record whose
// send fails is reported, and Lambda retries from it (bisecting), then records the
// failure in the stream-failures queue: nothing is dropped silently.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '../../shared/platform';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as deps from '../deps/adapters';
import { riskEventOf } from '../../shared/risk';
import { logger } from '../../shared/platform';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function onRecord(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return;
  const item = unmarshall(image as Record<string, AttributeValue>) as Record<
    string,
    NativeAttributeValue
  >;
  const event = riskEventOf(item);
  if (!event) return;
  await deps.queue('riskEvents').send(event);
  logger.info('risk event emitted', { movementId: event.movementId });
}

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, onRecord, processor, { context });
