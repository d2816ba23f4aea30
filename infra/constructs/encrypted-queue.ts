// A KMS-encrypted SQS queue with its dead-letter queue, TLS-only policies, and an alarm
// on the DLQ's depth that names its runbook.
import { Duration } from 'aws-cdk-lib';
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
}

export class EncryptedQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly dlqAlarm: cloudwatch.Alarm;

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
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(180),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
    this.dlqAlarm = new cloudwatch.Alarm(this, 'DlqDepthAlarm', {
      alarmDescription: `Messages in the ${id} dead-letter queue. Runbook: docs/runbooks/dlq-depth.md`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.dlqAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
