// Secure defaults, one place per service (keys rotate, tables are CMK-encrypted with
// PITR, queues refuse plain HTTP and have a DLQ). Stacks build through these helpers.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';

export function removalPolicyOf(config: StageConfig): RemovalPolicy {
  return config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** A customer-managed symmetric key with yearly rotation. */
export function encryptionKey(
  scope: Construct,
  id: string,
  description: string,
  config: StageConfig,
  /** The key's own policy (infra/constructs/key-policy.ts); CDK's default otherwise. */
  policy?: iam.PolicyDocument,
): kms.Key {
  return new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: removalPolicyOf(config),
    pendingWindow: Duration.days(config.removalPolicy === 'retain' ? 30 : 7),
    ...(policy ? { policy } : {}),
  });
}

export interface PlatformTableProps {
  readonly encryptionKey: kms.IKey;
  readonly config: StageConfig;
  /** Name of the numeric epoch-seconds attribute after which DynamoDB deletes an item. */
  readonly timeToLiveAttribute?: string;
  /** A change stream (for consumers that must see every write, as an outbox). */
  readonly stream?: dynamodb.StreamViewType;
  /**
   * Days of point-in-time recovery (1..35). @default 35. The customer keys keep fewer, so an
   * erased customer's key is gone from every copy within them (ADR 0030).
   */
  readonly recoveryPeriodDays?: number;
}

/** pk/sk table, on-demand, CMK-encrypted, with point-in-time recovery. */
export function platformTable(scope: Construct, id: string, props: PlatformTableProps) {
  return new dynamodb.Table(scope, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: props.encryptionKey,
    pointInTimeRecoverySpecification: {
      pointInTimeRecoveryEnabled: true,
      ...(props.recoveryPeriodDays ? { recoveryPeriodInDays: props.recoveryPeriodDays } : {}),
    },
    deletionProtection: props.config.removalPolicy === 'retain',
    removalPolicy: removalPolicyOf(props.config),
    ...(props.timeToLiveAttribute ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
    ...(props.stream ? { stream: props.stream } : {}),
  });
}
