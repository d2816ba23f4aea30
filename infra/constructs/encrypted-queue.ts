// A KMS-encrypted SQS queue with its dead-letter queue, TLS-only policies, and an alarm
// on the DLQ's depth that names its runbook.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface EncryptedQueueProps {
  readonly encryptionKey: kms.IKey;
  /** Must be at least six times the consumer's timeout (the Lambda guidance). @default 180 s */
  readonly visibilityTimeout?: Duration;
  /** Deliveries before a message moves to the DLQ. @default 5 */
  readonly maxReceiveCount?: number;
  readonly alarmTopic: sns.ITopic;
  /**
   * Alarm when the oldest message has waited longer than this: the consumer is failing or
   * falling behind (runbook docs/runbooks/queue-backlog.md). Leave unset for a queue
   * without a consumer yet.
   */
  readonly maxMessageAge?: Duration;
  /** Retain (prod, staging): a stack update that replaces or removes it keeps its messages. */
  readonly removalPolicy?: RemovalPolicy;
}

export class EncryptedQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly dlqAlarm: cloudwatch.Alarm;
  readonly backlogAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`${id}: maxReceiveCount must be 1..1000, got ${maxReceiveCount}`);
    }
    this.deadLetterQueue = new sqs.Queue(this, 'Dlq', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(180),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
    this.dlqAlarm = depthAlarm(this, 'DlqDepthAlarm', this.deadLetterQueue, {
      description: `Messages in the ${id} dead-letter queue. Runbook: docs/runbooks/dlq-depth.md`,
      alarmTopic: props.alarmTopic,
    });
    if (props.maxMessageAge) {
      const limit = props.maxMessageAge.toSeconds();
      this.backlogAlarm = new cloudwatch.Alarm(this, 'BacklogAgeAlarm', {
        alarmDescription: `The oldest message in the ${id} queue has waited over ${limit} s. Runbook: docs/runbooks/queue-backlog.md`,
        metric: this.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: limit,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.backlogAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
    }
  }
}

/** An alarm on any message resting in a queue where none should be (a DLQ, a failure log). */
export function depthAlarm(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  props: { description: string; alarmTopic: sns.ITopic },
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  return alarm;
}

/**
 * A KMS-encrypted queue where failures are recorded (e.g. a stream consumer's on-failure
 * destination): kept 14 days, alarmed on any message (runbook docs/runbooks/dlq-depth.md).
 */
export class FailureQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(
    scope: Construct,
    id: string,
    props: { encryptionKey: kms.IKey; alarmTopic: sns.ITopic; removalPolicy?: RemovalPolicy },
  ) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself where failures end (an on-failure destination, like a DLQ); its messages are kept 14 days and any one raises an alarm',
    });
    this.alarm = depthAlarm(this, 'DepthAlarm', this.queue, {
      description: `Failures recorded in ${id}. Runbook: docs/runbooks/dlq-depth.md`,
      alarmTopic: props.alarmTopic,
    });
  }
}
