// Polls a DynamoDB change stream like a Lambda event-source mapping: records in order,
// the mapping's filters applied (records that do not match are dropped, as Lambda does),
// batches up to the batch size, partial batch failures retried from the first failed
// record, and after the mapping's retry attempts the batch's description sent to its
// on-failure destination and the stream moves on. Locally a failing batch is retried
// after `retryDelaySeconds` and not bisected (docs/local-runtime.md).
import * as Streams from '@aws-sdk/client-dynamodb-streams';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetShardIteratorCommand,
  type GetRecordsOutput,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { AwsJsonHttp } from '../../shared/platform/aws/sdk/aws-json-http';
import { logger } from '../../shared/platform/logger';
import { matches, parsePattern } from './event-pattern';
import { invoke, type LocalFunction, type StreamSource } from './functions';

export interface StreamPollerOptions {
  readonly source: StreamSource;
  readonly fn: LocalFunction;
  readonly sqs: SQSClient;
  /** Queue URL of the on-failure destination, if the mapping has one. */
  readonly onFailureUrl?: string;
  readonly region: string;
  /** @default 1 */
  readonly retryDelaySeconds?: number;
  /** Idle wait between polls of an empty stream. @default 250 */
  /** How long an idle poller waits for a write before it reads the stream anyway. */
  readonly idleMs?: number;
  /** After a write, how long it gathers further records before reading. */
  readonly gatherMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A stream record as GetRecords answers it on the wire, the creation time in epoch seconds
 * as Lambda gives it (the SDK would make it a Date). Binary values are bytes, as the SDK
 * gave them; Lambda's event carries them as base64.
 */
type StreamRecord = Omit<NonNullable<GetRecordsOutput['Records']>[number], 'dynamodb'> & {
  dynamodb?: DynamoDBRecord['dynamodb'];
};

export class StreamPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly streams = new DynamoDBStreamsClient({ cacheMiddleware: true });
  // GetRecords through the platform's JSON transport (ADR 0033): the SDK's deserializer walks
  // every attribute of every image, CPU that Lambda's own poller spends in AWS, not the
  // platform, and that the CPU bench would count as the platform's.
  private readonly records = new AwsJsonHttp(this.streams, {
    target: 'DynamoDBStreams_20120810',
    signingName: 'dynamodb',
    clientName: 'DynamoDBStreamsClient',
    exceptions: Streams,
    base: Streams.DynamoDBStreamsServiceException,
  });
  private readonly patterns;
  /** Batches delivered and records passed to the function, for tests. */
  batches = 0;

  constructor(private readonly opts: StreamPollerOptions) {
    this.patterns = opts.source.filterPatterns.map(parsePattern);
  }

  /** While paused the poller hands nothing to its function (see QueuePoller.paused). */
  paused = false;
  private woken = false;
  private wakeUp: (() => void) | undefined;

  /** A write to the table: read the stream now rather than at the next idle poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Waits `ms`, or until a write, then a short gathering window (as Lambda's batching
   * window does) so a burst of writes is read in one batch, not one read each.
   */
  private idle(ms: number): Promise<void> {
    const gather = this.opts.gatherMs ?? 200;
    if (this.woken) {
      this.woken = false;
      return sleep(gather).then(() => undefined);
    }
    return new Promise((resolve) => {
      let timer = setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        timer = setTimeout(() => done(), this.running ? gather : 0);
      };
    });
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let iterator: string | undefined;
    while (this.running) {
      if (this.paused) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      try {
        this.woken = false;
        iterator ??= await this.firstIterator();
        const out = (await this.records.send('GetRecords', {
          ShardIterator: iterator,
          Limit: 1000,
        })) as { Records?: StreamRecord[]; NextShardIterator?: string };
        iterator = out.NextShardIterator;
        const records = (out.Records ?? []).filter((r) => this.wanted(r));
        while (records.length && this.paused && this.running) await sleep(50);
        for (let i = 0; i < records.length && this.running; i += this.opts.source.batchSize) {
          await this.deliver(records.slice(i, i + this.opts.source.batchSize));
        }
        if (!out.Records?.length) await this.idle(this.opts.idleMs ?? 2000);
      } catch (error) {
        if (!this.running) return;
        logger.warn('stream poller: read failed', { stream: this.opts.source.streamArn, error });
        await sleep(500);
      }
    }
  }

  private async firstIterator(): Promise<string> {
    const { streamArn, startingPosition } = this.opts.source;
    const d = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shard = d.StreamDescription?.Shards?.[0]?.ShardId;
    if (!shard) throw new Error(`stream ${streamArn} has no shard`);
    const it = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard,
        ShardIteratorType: startingPosition,
      }),
    );
    if (!it.ShardIterator) throw new Error(`stream ${streamArn}: no iterator`);
    return it.ShardIterator;
  }

  private wanted(r: StreamRecord): boolean {
    if (!this.patterns.length) return true;
    const event = this.record(r);
    return this.patterns.some((p) => matches(p, event));
  }

  /** Invokes until the batch succeeds or its retries run out; then it is recorded as failed. */
  private async deliver(batch: StreamRecord[]): Promise<void> {
    const { source, fn } = this.opts;
    let pending = batch;
    for (let attempt = 0; this.running; attempt++) {
      this.batches += 1;
      const event: DynamoDBStreamEvent = { Records: pending.map((r) => this.record(r)) };
      let firstFailed: number;
      try {
        const result = (await invoke(fn, event)) as DynamoDBBatchResponse | undefined;
        const failed = new Set(
          source.reportBatchItemFailures
            ? (result?.batchItemFailures ?? []).map((f) => f.itemIdentifier)
            : [],
        );
        firstFailed = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
      } catch (error) {
        logger.error('stream poller: consumer failed, the batch is retried', {
          fn: fn.name,
          error,
        });
        firstFailed = 0;
      }
      if (firstFailed < 0) return;
      pending = pending.slice(firstFailed);
      if (attempt >= source.maximumRetryAttempts) {
        await this.recordFailure(pending, attempt + 1);
        return;
      }
      await sleep((this.opts.retryDelaySeconds ?? 1) * 1000);
    }
  }

  /** What Lambda sends an on-failure destination for a stream batch: where, not the data. */
  private async recordFailure(batch: StreamRecord[], attempts: number): Promise<void> {
    const first = batch[0]?.dynamodb;
    const last = batch.at(-1)?.dynamodb;
    const message = {
      requestContext: {
        functionArn: `arn:aws:lambda:${this.opts.region}:000000000000:function:${this.opts.fn.name}`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
      },
      DDBStreamBatchInfo: {
        streamArn: this.opts.source.streamArn,
        startSequenceNumber: first?.SequenceNumber,
        endSequenceNumber: last?.SequenceNumber,
        batchSize: batch.length,
      },
    };
    logger.error('stream poller: retries exhausted, batch recorded as failed', {
      fn: this.opts.fn.name,
      startSequenceNumber: first?.SequenceNumber,
      batchSize: batch.length,
    });
    if (this.opts.onFailureUrl) {
      await this.opts.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.opts.onFailureUrl,
          MessageBody: JSON.stringify(message),
        }),
      );
    }
  }

  private record(r: StreamRecord): DynamoDBRecord {
    return {
      eventID: r.eventID ?? '',
      eventName: r.eventName as DynamoDBRecord['eventName'],
      eventVersion: r.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.opts.region,
      dynamodb: r.dynamodb,
      eventSourceARN: this.opts.source.streamArn,
    };
  }
}
