// Ledger change-stream consumer (ADR 0006, ADR 0009). The stream is the ledger's outbox:
// for every new movement a risk event (M4.1-a), and for every movement that has become
// PENDING on a T+0 cycle its settlement message (M2.3-b). The event-source filter passes
// only movement inserts and updates to PENDING. Messages go out ten to a request; a record
// whose message a queue did not accept is reported, and Lambda retries from it (bisecting),
// then records the failure in the stream-failures queue: nothing is dropped silently.
// Both consumers drop repeats (risk events by eventId; settlement is conditioned on status).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as deps from '../deps/adapters';
import { settlementMessageOf } from '../../shared/money';
import { logger, unmarshall } from '../../shared/platform';
import { riskEventOf } from '../../shared/risk';

interface Outgoing {
  readonly record: number;
  readonly message: Record<string, unknown>;
}

function imageOf(record: DynamoDBRecord): Record<string, NativeAttributeValue> | undefined {
  const image = record.dynamodb?.NewImage;
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const failed = new Set<number>();
  const risk: Outgoing[] = [];
  const settlement: Outgoing[] = [];
  event.Records.forEach((record, i) => {
    try {
      const item = imageOf(record);
      if (!item) return;
      const riskEvent = record.eventName === 'INSERT' ? riskEventOf(item) : undefined;
      if (riskEvent) risk.push({ record: i, message: riskEvent });
      const due = settlementMessageOf(item);
      if (due) settlement.push({ record: i, message: { ...due } });
    } catch (error) {
      logger.error('ledger change not understood', { eventId: record.eventID, error });
      failed.add(i);
    }
  });
  const send = async (queue: 'riskEvents' | 'settlement', out: Outgoing[]) => {
    const refused = await deps.queue(queue).sendAll(out.map((o) => o.message));
    for (const j of refused) failed.add(out[j]?.record ?? 0);
    if (refused.size) logger.warn('messages not accepted; retried', { queue, count: refused.size });
  };
  await Promise.all([send('riskEvents', risk), send('settlement', settlement)]);
  logger.info('ledger changes handled', {
    records: event.Records.length,
    riskEvents: risk.length,
    settlements: settlement.length,
    failed: failed.size,
  });
  return {
    batchItemFailures: [...failed]
      .sort((a, b) => a - b)
      .map((i) => ({ itemIdentifier: event.Records[i]?.dynamodb?.SequenceNumber ?? '' })),
  };
};
