// Where alarms go: an encrypted SNS topic that pages on-call by e-mail. Alarms themselves
// live beside what they watch (queues, functions, the API) and all notify this topic.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { serviceKeyPolicy } from '../constructs/key-policy';
import { encryptionKey } from '../constructs/defaults';

export interface MonitoringStackProps extends StackProps {
  readonly config: StageConfig;
}

export class MonitoringStack extends Stack {
  readonly alarmTopic: sns.Topic;
  /** Encrypts every log group of the stage (functions, API access logs). */
  readonly logKey: kms.Key;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const key = encryptionKey(
      this,
      'AlarmTopicKey',
      'Encrypts the alarm topic',
      props.config,
      serviceKeyPolicy(props.config),
    );
    // CloudWatch publishes alarms to the encrypted topic, so it must be able to use the key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Platform alarms (${props.config.stage})`,
      masterKey: key,
      enforceSSL: true,
    });
    // The topic's policy (TLS only) must also let CloudWatch publish this account's alarms.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.alarmTopic.addSubscription(new subs.EmailSubscription(props.config.alarmEmail));

    // Log groups encrypted with a customer-managed key (issue 12): CloudWatch Logs may use it
    // only for this account's log groups in this region (the encryption context it sends).
    this.logKey = encryptionKey(
      this,
      'LogKey',
      'Encrypts the log groups',
      props.config,
      serviceKeyPolicy(props.config),
    );
    this.logKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
  }
}
