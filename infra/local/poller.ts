// Polls SQS queues like Lambda event-source mappings: receives up to the batch size,
// invokes the consumer, deletes what succeeded, and leaves failures to come back (and,
// after the queue's maxReceiveCount, to be moved to its DLQ by SQS's redrive policy).
// Locally a failed message becomes visible again after `retryDelaySeconds` rather than
// the full visibility timeout, so retries are seen in seconds (docs/local-runtime.md).
import type { Message, ReceiveMessageResult, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqsHttp } from '../../shared/platform/aws/sdk/sqs';
import { logger } from '../../shared/platform/logger';
import { invoke, type EventSource, type LocalFunction } from './functions';

export interface PollerOptions {
  readonly source: EventSource;
  readonly fn: LocalFunction;
  readonly queueUrl: string;
  readonly sqs: SQSClient;
  readonly region: string;
  /** @default 1 */
  readonly retryDelaySeconds?: number;
}

export class QueuePoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();
  /** Batches handled, for tests and the ready line. */
  batches = 0;

  // Receives and deletes through the platform's JSON transport (ADR 0033): the SDK's
  // pipeline costs CPU that Lambda's own poller spends in AWS, and the CPU bench counts this
  // process's as the platform's.
  private readonly wire;

  constructor(private readonly opts: PollerOptions) {
    this.wire = sqsHttp(opts.sqs);
  }

  /**
   * While paused the poller hands nothing to its function: what a long poll already
   * received waits in memory (still invisible in the queue) until it resumes. The
   * benchmark tells request and consumer costs apart with it.
   */
  paused = false;

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.paused) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      try {
        await this.pollOnce();
      } catch (error) {
        if (!this.running) return;
        logger.warn('poller: receive failed', { queue: this.opts.source.queueArn, error });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async pollOnce(): Promise<number> {
    const { queueUrl, source } = this.opts;
    const out = (await this.wire.send(
      'ReceiveMessage',
      {
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, source.batchSize),
        // A long poll returns as soon as a message arrives; idle, it costs one request in 5 s.
        WaitTimeSeconds: 5,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      },
      this.abort.signal,
    )) as ReceiveMessageResult;
    const messages = out.Messages ?? [];
    if (!messages.length) return 0;
    while (this.paused && this.running) await new Promise((r) => setTimeout(r, 50));
    this.batches += 1;
    const event: SQSEvent = { Records: messages.map((m) => this.record(m)) };
    let failed: Set<string>;
    try {
      const result = (await invoke(this.opts.fn, event)) as SQSBatchResponse | undefined;
      failed = new Set(
        source.reportBatchItemFailures
          ? (result?.batchItemFailures ?? []).map((f) => f.itemIdentifier)
          : [],
      );
    } catch (error) {
      logger.error('poller: consumer failed, whole batch returns to the queue', {
        fn: this.opts.fn.name,
        error,
      });
      failed = new Set(messages.map((m) => m.MessageId ?? ''));
    }
    const ok = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    const bad = messages.filter((m) => failed.has(m.MessageId ?? ''));
    if (ok.length) {
      await this.wire.send('DeleteMessageBatch', {
        QueueUrl: queueUrl,
        Entries: ok.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      });
    }
    if (bad.length) {
      await this.wire.send('ChangeMessageVisibilityBatch', {
        QueueUrl: queueUrl,
        Entries: bad.map((m, i) => ({
          Id: String(i),
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: this.opts.retryDelaySeconds ?? 1,
        })),
      });
    }
    return messages.length;
  }

  private record(m: Message): SQSEvent['Records'][number] {
    return {
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: (m.Attributes ?? {}) as SQSEvent['Records'][number]['attributes'],
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.opts.source.queueArn,
      awsRegion: this.opts.region,
    };
  }
}
