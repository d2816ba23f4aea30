// The local stream poller behaves as Lambda's stream event-source mapping does: filtered
// records in order, a failed record retried (with those after it), and after the retry
// attempts the batch recorded in the on-failure queue and the stream moving on.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamPoller } from '../../infra/local/stream-poller';
import type { LocalFunction } from '../../infra/local/functions';
import { seen } from '../fixtures/flaky-stream-consumer';
import { clientConfig, scratchTable, useEmulator } from '../support/aws';
import { eventually } from '../support/money';

let table: string;
let poller: StreamPoller;
let failuresUrl: string;

beforeAll(async () => {
  useEmulator();
  const created = await scratchTable('stream-check', { stream: true });
  table = created.name;
  const sqs = new SQSClient(clientConfig());
  failuresUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: `${table}-failures` }))).QueueUrl ?? '';
  const fn: LocalFunction = {
    name: 'ledgerStream',
    logicalId: 'Test',
    entry: 'test/fixtures/flaky-stream-consumer.ts',
    environment: {},
    timeoutMs: 5_000,
  };
  poller = new StreamPoller({
    source: {
      fn: 'ledgerStream',
      streamArn: created.streamArn ?? '',
      batchSize: 10,
      reportBatchItemFailures: true,
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: 2,
      filterPatterns: [
        '{"eventName":["INSERT"],"dynamodb":{"Keys":{"pk":{"S":[{"prefix":"E#"}]}}}}',
      ],
    },
    fn,
    sqs,
    onFailureUrl: failuresUrl,
    region: 'us-east-1',
    retryDelaySeconds: 0.05,
    idleMs: 50,
  });
  poller.start();
});

afterAll(async () => {
  await poller?.stop();
});

const put = (Item: Record<string, unknown>) =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig())).send(
    new PutCommand({ TableName: table, Item: { sk: 'S', ...Item } }),
  );

describe('local stream poller', () => {
  it('delivers matching inserts only, retries a failed record with those after it, then gives up into the failure queue', async () => {
    // Paused while the records are written, so they arrive in one read and one batch
    // however slowly the machine writes them.
    poller.paused = true;
    await put({ pk: 'E#1' });
    await put({ pk: 'OTHER#1' }); // filtered out
    await put({ pk: 'E#2', failTimes: 1 }); // succeeds on its second delivery
    await put({ pk: 'E#1', changed: true }); // a MODIFY: filtered out
    await put({ pk: 'E#3', failTimes: 99 }); // never succeeds
    await put({ pk: 'E#4' });
    poller.paused = false;
    const sqs = new SQSClient(clientConfig());
    const failure = await eventually(
      async () =>
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: failuresUrl, WaitTimeSeconds: 1 })))
          .Messages ?? [],
      (m) => m.length > 0,
    );
    const info = JSON.parse(failure[0]?.Body ?? '{}') as {
      requestContext: { condition: string; approximateInvokeCount: number };
      DDBStreamBatchInfo: { batchSize: number };
    };
    expect(info.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(info.DDBStreamBatchInfo.batchSize).toBe(2); // E#3 and E#4 after it
    const pks = seen.map((s) => s.pk);
    expect(pks).not.toContain('OTHER#1');
    expect(pks.filter((p) => p === 'E#1')).toHaveLength(1);
    expect(seen.filter((s) => s.pk === 'E#2').map((s) => s.delivery)).toEqual([1, 2]);
    expect(seen.filter((s) => s.pk === 'E#3').map((s) => s.delivery)).toEqual([1, 2, 3]);
    // The stream moved on past the given-up batch: a later insert is delivered.
    await put({ pk: 'E#5' });
    await eventually(
      async () => seen.map((s) => s.pk),
      (list) => list.includes('E#5'),
    );
  });
});
