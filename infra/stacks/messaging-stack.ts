// Queues between functions (SMS codes, settlement, risk events, market-risk runs), each with its DLQ, the
// queue where the ledger-stream consumer records failures, and the dead-letter queue of
// the asynchronously invoked functions.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { removalPolicyOf } from '../constructs/defaults';
import { QUEUE_TIER, TOPIC_TIER, type Tier } from '../../functions/tiers';
import {
  EncryptedQueue,
  FailureQueue,
  type EncryptedQueueProps,
} from '../constructs/encrypted-queue';

export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly alarmTopic: sns.ITopic;
  /** The tier keys (DataStack): each queue and topic is under its tier's key (ADR 0021). */
  readonly keys: Record<Tier, kms.IKey>;
}

export class MessagingStack extends Stack {
  readonly notifications: EncryptedQueue;
  /** Confirmed movements to settle (M2.3-b). */
  readonly settlement: EncryptedQueue;
  /** Every movement, for the risk-scoring consumers (M4.1-a). */
  readonly riskEvents: EncryptedQueue;
  /** One message per portfolio of a market-risk run (M3.2-a; the nightly job). */
  readonly marketRisk: EncryptedQueue;
  /** One message per fingerprint shard of a watch list's new version (AML, ADR 0031). */
  readonly rescreening: EncryptedQueue;
  /** Risk alerts for the risk team (the scoring consumer publishes; M4.1-a). */
  readonly riskAlerts: sns.Topic;
  /** Where the ledger-stream consumer records what it could not deliver after its retries. */
  readonly streamFailures: FailureQueue;
  /**
   * The dead-letter queue of asynchronously invoked functions (scheduled jobs, the alarm
   * intake): an event that still fails after Lambda's two retries lands here, with its error.
   */
  readonly asyncFailures: FailureQueue;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const { keys } = props;
    // Each queue under its tier's key, alarmed, kept or removed as the stage's data is.
    const queue = (
      name: keyof typeof QUEUE_TIER,
      id: string,
      opts: Omit<EncryptedQueueProps, 'encryptionKey' | 'alarmTopic' | 'removalPolicy'>,
    ) =>
      new EncryptedQueue(this, id, {
        encryptionKey: keys[QUEUE_TIER[name]],
        alarmTopic: props.alarmTopic,
        removalPolicy: removalPolicyOf(props.config),
        ...opts,
      });
    this.notifications = queue('notifications', 'Notifications', {
      maxReceiveCount: 5,
      // An SMS code lives 5 minutes: one waiting 2 is already failing customers.
      maxMessageAge: Duration.minutes(2),
    });
    this.settlement = queue('settlement', 'Settlement', {
      maxReceiveCount: 5,
      // T+0 settles in minutes; retries of a failing payout take at most 5 x 180 s.
      maxMessageAge: Duration.minutes(20),
    });
    this.riskEvents = queue('riskEvents', 'RiskEvents', {
      maxReceiveCount: 5,
      // Risk staff must see what matters within seconds: a minute's wait is already late.
      maxMessageAge: Duration.minutes(1),
    });
    this.marketRisk = queue('marketRisk', 'MarketRisk', {
      maxReceiveCount: 3,
      // Six times the worker's 60 s timeout (the Lambda guidance for SQS sources).
      visibilityTimeout: Duration.seconds(360),
      // A nightly run is done within minutes; a message an hour old means the worker is stuck.
      maxMessageAge: Duration.hours(1),
    });
    this.rescreening = queue('rescreening', 'Rescreening', {
      maxReceiveCount: 5,
      // Six times the worker's 120 s timeout (the Lambda guidance for SQS sources). Messages
      // are sent 5 s delayed, so their version has committed when they arrive.
      visibilityTimeout: Duration.seconds(720),
      // Customers are to be re-screened within minutes of a list update (M1-c): an hour is late.
      maxMessageAge: Duration.hours(1),
    });
    // Alerts for the risk team (M4.1-a): its own topic, apart from on-call's alarms.
    this.riskAlerts = new sns.Topic(this, 'RiskAlerts', {
      displayName: `Risk alerts (${props.config.stage})`,
      masterKey: keys[TOPIC_TIER.riskAlerts],
      enforceSSL: true,
    });
    this.riskAlerts.addSubscription(new subs.EmailSubscription(props.config.riskAlertEmail));
    this.streamFailures = new FailureQueue(this, 'StreamFailures', {
      encryptionKey: keys[QUEUE_TIER.failures],
      alarmTopic: props.alarmTopic,
      removalPolicy: removalPolicyOf(props.config),
    });
    this.asyncFailures = new FailureQueue(this, 'AsyncFailures', {
      encryptionKey: keys[QUEUE_TIER.failures],
      alarmTopic: props.alarmTopic,
      removalPolicy: removalPolicyOf(props.config),
    });
  }
}
