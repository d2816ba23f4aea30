// Queues between functions: the notification queue (SMS codes) with its DLQ.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { encryptionKey } from '../constructs/defaults';
import { EncryptedQueue } from '../constructs/encrypted-queue';

export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly alarmTopic: sns.ITopic;
}

export class MessagingStack extends Stack {
  readonly queueKey: kms.Key;
  readonly notifications: EncryptedQueue;
  /** Confirmed movements to settle (M2.3-b). */
  readonly settlement: EncryptedQueue;
  /** Every movement, for the risk-scoring consumers (M4.1-a). */
  readonly riskEvents: EncryptedQueue;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.queueKey = encryptionKey(this, 'QueueKey', 'Encrypts SQS messages', props.config);
    this.notifications = new EncryptedQueue(this, 'Notifications', {
      encryptionKey: this.queueKey,
      alarmTopic: props.alarmTopic,
      maxReceiveCount: 5,
    });
    this.settlement = new EncryptedQueue(this, 'Settlement', {
      encryptionKey: this.queueKey,
      alarmTopic: props.alarmTopic,
      maxReceiveCount: 5,
    });
    this.riskEvents = new EncryptedQueue(this, 'RiskEvents', {
      encryptionKey: this.queueKey,
      alarmTopic: props.alarmTopic,
      maxReceiveCount: 5,
    });
  }
}
