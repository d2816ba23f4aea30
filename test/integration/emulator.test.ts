// The local emulator's own guarantees (infra/local/moto_serial.py): a cancelled
// TransactWriteItems leaves every item it named exactly as it was, now that moto rolls back
// item by item instead of restoring a deep copy of the whole table; and a Query reads one
// partition, in order and page by page, as DynamoDB does; and the Query window the
// emulator hands moto gives moto's own pages (a differential check in Python).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, scratchTable } from '../support/aws';

let table: string;
const doc = () => DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));

beforeAll(async () => {
  table = (await scratchTable('emulator-check')).name;
  for (let i = 0; i < 50; i++) {
    await doc().send(
      new PutCommand({ TableName: table, Item: { pk: `P#${i}`, sk: 'S', n: i, tags: ['a'] } }),
    );
  }
});

const item = async (pk: string) =>
  (await doc().send(new GetCommand({ TableName: table, Key: { pk, sk: 'S' } }))).Item;

describe('emulator transactions', () => {
  it('a cancelled transaction changes nothing: updated, created and deleted items are restored', async () => {
    const tx = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: { pk: 'P#1', sk: 'S' },
            UpdateExpression: 'ADD n :d SET tags = list_append(tags, :t)',
            ExpressionAttributeValues: { ':d': 100, ':t': ['b'] },
          },
        },
        { Put: { TableName: table, Item: { pk: 'NEW', sk: 'S', n: 7 } } },
        { Delete: { TableName: table, Key: { pk: 'P#2', sk: 'S' } } },
        {
          ConditionCheck: {
            TableName: table,
            Key: { pk: 'P#3', sk: 'S' },
            ConditionExpression: 'n > :big',
            ExpressionAttributeValues: { ':big': 1000 },
          },
        },
      ],
    });
    await expect(doc().send(tx)).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await item('P#1')).toEqual({ pk: 'P#1', sk: 'S', n: 1, tags: ['a'] });
    expect(await item('NEW')).toBeUndefined();
    expect(await item('P#2')).toEqual({ pk: 'P#2', sk: 'S', n: 2, tags: ['a'] });
    const all = await doc().send(new ScanCommand({ TableName: table }));
    expect(all.Items).toHaveLength(50);
  });

  it('a transaction that passes applies every item', async () => {
    await doc().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: 'P#4', sk: 'S' },
              UpdateExpression: 'ADD n :d',
              ConditionExpression: 'n = :four',
              ExpressionAttributeValues: { ':d': 10, ':four': 4 },
            },
          },
          { Put: { TableName: table, Item: { pk: 'P#50', sk: 'S', n: 50 } } },
        ],
      }),
    );
    expect((await item('P#4'))?.n).toBe(14);
    expect((await item('P#50'))?.n).toBe(50);
  });

  it('a query returns one partition, in sort-key order either way, page by page', async () => {
    for (const sk of ['E#3', 'E#1', 'X#9', 'E#2', 'E#5', 'E#4']) {
      await doc().send(new PutCommand({ TableName: table, Item: { pk: 'PART', sk } }));
    }
    const page = async (forward: boolean, start?: Record<string, unknown>) =>
      doc().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
          ExpressionAttributeValues: { ':pk': 'PART', ':e': 'E#' },
          ScanIndexForward: forward,
          Limit: 2,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
    const all = async (forward: boolean) => {
      const keys: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await page(forward, start);
        keys.push(...(out.Items ?? []).map((i) => String(i.sk)));
        start = out.LastEvaluatedKey;
      } while (start);
      return keys;
    };
    expect(await all(false)).toEqual(['E#5', 'E#4', 'E#3', 'E#2', 'E#1']);
    expect(await all(true)).toEqual(['E#1', 'E#2', 'E#3', 'E#4', 'E#5']);
    const none = await doc().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'NO-SUCH-PARTITION' },
      }),
    );
    expect(none.Items).toEqual([]);
  });
});

describe('emulator query window', () => {
  it("gives, page by page, the pages moto itself gives (144 queries: conditions, limits, both directions, filters), and read answers written as plain JSON equal moto's serializer's", () => {
    const out = spawnSync('python3', [path.join(import.meta.dirname, 'emulator_query_window.py')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out.status, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as {
      cases: number;
      pages: number;
      differ: unknown[];
      answers: number;
      answersDiffer: number;
    };
    expect(result.cases).toBe(144);
    expect(result.pages).toBeGreaterThan(300);
    expect(result.differ).toEqual([]);
    expect(result.answers).toBeGreaterThan(100);
    expect(result.answersDiffer).toBe(0);
  }, 120_000);
});

describe('emulator queues', () => {
  it('counts visible, in-flight and delayed messages and keeps them for the retention period (one clock read per question)', async () => {
    const {
      SQSClient,
      CreateQueueCommand,
      SendMessageCommand,
      ReceiveMessageCommand,
      GetQueueAttributesCommand,
    } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient(clientConfig());
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `emulator-check-${Date.now()}` }),
    );
    for (const body of ['a', 'b', 'c'])
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 60 }));
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2, VisibilityTimeout: 60 }),
    );
    expect(got.Messages?.map((m) => m.Body).sort()).toEqual(['a', 'b']);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect([
      Attributes?.ApproximateNumberOfMessages,
      Attributes?.ApproximateNumberOfMessagesNotVisible,
      Attributes?.ApproximateNumberOfMessagesDelayed,
    ]).toEqual(['1', '2', '1']);
    const rest = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(rest.Messages?.map((m) => m.Body)).toEqual(['c']);
  });
});
