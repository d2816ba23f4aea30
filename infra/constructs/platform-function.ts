// The Lambda defaults, fixed once: Node.js 22 on arm64, esbuild ESM bundle with source
// maps, X-Ray, its own log group and its own role (no managed policies), an error alarm
// that names its runbook. Grants go through intent-named methods.
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import path from 'node:path';
import type { FunctionName, KeyAccess, TableAccess } from '../../functions/catalog';
import type { StageConfig } from '../config';
import { BUNDLING } from './bundling';
import { AUDIT_KEY_PREFIXES } from '../../shared/identity/adapters/audit';
import { removalPolicyOf } from './defaults';
import { acknowledgeRule } from './compliance';
import { functionRoleName } from './key-policy';

const ROOT = path.resolve(import.meta.dirname, '../..');

const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
  ],
  write: [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
  readWrite: [],
  scan: [],
  readWriteScan: [],
  update: ['dynamodb:UpdateItem'],
  check: ['dynamodb:ConditionCheckItem'],
  // Granted by key prefix in bindTable (AUDIT_KEY_PREFIXES): put records, read and move heads.
  append: [],
  // Granted by key prefix in bindTable: SWITCH# items, and WAIT#RESUME# to resume settlement.
  switch: [],
  // Granted by key prefix in bindTable: WAIT#UNFREEZE# (what waits for an unfreeze).
  waiting: [],
  // Granted by key prefix in bindTable: QUOTA# (abuse-control counters, UpdateItem only).
  quota: [],
  // Granted by key prefix in bindTable: SWITCH# (rule switches, their index), RULESETS (read).
  ruleSwitch: [],
  // Granted by key prefix in bindTable: KRI#COUNT# (key risk indicator counters, UpdateItem only).
  kriCount: [],
  // Granted by key prefix in bindTable: ALERTS# (a new monitoring alert, PutItem only).
  raiseAlert: [],
  // Granted by key prefix in bindTable (PREFIXED_ACCESS), as are the next ones.
  forgetFingerprint: [],
  keepFingerprint: [],
  rescreen: [],
  screeningResults: [],
};
TABLE_ACTIONS.readWrite = [...new Set([...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write])];
TABLE_ACTIONS.scan = [...TABLE_ACTIONS.read, 'dynamodb:Scan'];
TABLE_ACTIONS.readWriteScan = [...TABLE_ACTIONS.readWrite, 'dynamodb:Scan'];

/**
 * Access levels granted by key prefix: each a list of (actions, prefix) on the items whose
 * partition key starts with it, nothing else of the table.
 */
export const PREFIXED_ACCESS = {
  // Kill switches only (ADR 0018): their items, and the settlements waiting for one.
  switch: [
    [['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], 'SWITCH#'],
    [['dynamodb:Query', 'dynamodb:DeleteItem'], 'WAIT#RESUME#'],
  ],
  // The settlements waiting for an unfreeze.
  waiting: [[['dynamodb:Query', 'dynamodb:DeleteItem'], 'WAIT#UNFREEZE#']],
  // Counters of the abuse controls (the SMS spend limit): a conditional ADD.
  quota: [[['dynamodb:UpdateItem'], 'QUOTA#']],
  // Key risk indicator counters (issue 13): an ADD per occurrence.
  kriCount: [[['dynamodb:UpdateItem'], 'KRI#COUNT#']],
  // A monitoring alert raised in another module's transaction (issue 14): a new item, the
  // transaction conditions it on attribute_not_exists; nothing read, updated or deleted.
  raiseAlert: [[['dynamodb:PutItem'], 'ALERTS#']],
  // Rule kill switches (ADR 0018): their items and the index the scorer reads (updated in
  // the same transaction), and the rule set versions that run (a switch names one of their
  // rules); nothing of the customers' monitoring data.
  ruleSwitch: [
    [['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], 'SWITCH#'],
    [['dynamodb:GetItem'], 'RULESETS'],
  ],
  // A customer's AML screening fingerprint, deleted by their erasure (ADR 0031).
  forgetFingerprint: [[['dynamodb:DeleteItem'], 'FPRINT#']],
  // The same fingerprint kept for good at activation (its expiry removed).
  keepFingerprint: [[['dynamodb:UpdateItem'], 'FPRINT#']],
  // Re-screening (ADR 0031): watch-list versions and files read, fingerprints read,
  // screening results read and written; nothing else of the compliance table.
  rescreen: [
    [['dynamodb:GetItem', 'dynamodb:Query'], 'WL#'],
    [['dynamodb:Query'], 'FPRINT#'],
    [['dynamodb:GetItem', 'dynamodb:PutItem'], 'SCREEN#'],
  ],
  // Customers' screening results, read (risk scoring): not the fingerprints, not the lists.
  screeningResults: [[['dynamodb:GetItem', 'dynamodb:BatchGetItem'], 'SCREEN#']],
} as const satisfies Partial<
  Record<TableAccess, readonly (readonly [readonly string[], string])[]>
>;

const KEY_ACTIONS: Record<KeyAccess, string[]> = {
  encrypt: ['kms:GenerateDataKey'],
  decrypt: ['kms:Decrypt'],
  encryptDecrypt: ['kms:GenerateDataKey', 'kms:Decrypt'],
  mac: ['kms:GenerateMac'],
};

export interface PlatformFunctionProps {
  /** Catalog name; recorded in the template so tools can map resources to handlers. */
  readonly functionName: FunctionName;
  readonly entry: string;
  readonly description: string;
  readonly config: StageConfig;
  readonly alarmTopic: sns.ITopic;
  /** @default 256 */
  readonly memoryMb?: number;
  /** @default 10 seconds */
  readonly timeoutSeconds?: number;
  readonly environment?: Record<string, string>;
  /** Reserved concurrency: a consumer's cap, or a public function's (abuse controls). */
  readonly reservedConcurrency?: number;
  /** Encrypts the function's log group. */
  readonly logKey: kms.IKey;
}

export class PlatformFunction extends nodejs.NodejsFunction {
  readonly errorAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      encryptionKey: props.logKey,
      retention: props.config.logRetentionDays as logs.RetentionDays,
      removalPolicy: removalPolicyOf(props.config),
    });
    const role = new iam.Role(scope, `${id}Role`, {
      // A fixed name: the key policies name the role before it exists (ADR 0021).
      roleName: functionRoleName(props.config.stage, props.functionName),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    super(scope, id, {
      entry: path.join(ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb ?? 256,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourceMap,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...BUNDLING.externalModules],
        banner: BUNDLING.banner,
        charset: nodejs.Charset.UTF8,
      },
    });
    (this.node.defaultChild as lambda.CfnFunction).cfnOptions.metadata = {
      'platform:function': props.functionName,
    };
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords take no resource ARN (Resource "*"), and ' +
        "CloudWatch Logs grants cover the log streams of this function's own log group only.",
    });
    acknowledgeRule(
      this,
      'LambdaInsideVPC',
      'The function reaches AWS APIs (DynamoDB, KMS, SQS, SNS, Cognito) over TLS with SigV4 ' +
        'and IAM-scoped rights, and, where configured, the payment and identity providers over ' +
        'TLS; it has no private network resource to reach and no inbound path. A VPC would add ' +
        'NAT or endpoint cost and cold-start time without a control the IAM policy does not ' +
        'already give (docs/adr/0020-functions-outside-a-vpc.md).',
    );
    acknowledgeRule(
      role,
      'IAMNoInlinePolicy',
      "The role's policy is this function's alone, generated from its catalog entry " +
        '(functions/catalog.ts) and reviewed there; a managed policy could be attached to other ' +
        'principals, which per-function least privilege is meant to prevent.',
    );
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the design fixes (Powertools and middy 6 are verified on it).',
    });
    this.errorAlarm = new cloudwatch.Alarm(this, 'ErrorAlarm', {
      alarmDescription: `${props.functionName} failed invocations. Runbook: docs/runbooks/function-errors.md`,
      metric: this.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errorAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }

  /** Item-level DynamoDB actions on one table, no index wildcard. */
  bindTable(table: dynamodb.ITable, access: TableAccess): void {
    const byPrefix = (actions: string[], prefixes: readonly string[]) =>
      new iam.PolicyStatement({
        actions,
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) },
        },
      });
    if (access === 'append') {
      // An append-only trail: records only where nothing is (the code conditions every Put on
      // attribute_not_exists; a Put over a record breaks its hash chain, which verification
      // finds), and chain heads read and moved; no update of a record, no delete, no batch.
      this.addToRolePolicy(byPrefix(['dynamodb:PutItem'], AUDIT_KEY_PREFIXES.records));
      this.addToRolePolicy(
        byPrefix(['dynamodb:GetItem', 'dynamodb:UpdateItem'], AUDIT_KEY_PREFIXES.heads),
      );
      table.encryptionKey?.grant(this, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
      return;
    }
    const prefixed = (
      PREFIXED_ACCESS as Partial<
        Record<TableAccess, readonly (readonly [readonly string[], string])[]>
      >
    )[access];
    if (prefixed) {
      for (const [actions, prefix] of prefixed)
        this.addToRolePolicy(byPrefix([...actions], [prefix]));
      table.encryptionKey?.grant(this, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
      return;
    }
    table.grant(this, ...TABLE_ACTIONS[access]);
    // DynamoDB uses the caller's rights on the table's customer-managed key.
    table.encryptionKey?.grant(
      this,
      ...(access === 'read' || access === 'check' || access === 'scan'
        ? ['kms:Decrypt']
        : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']),
    );
  }

  /**
   * Asynchronous invocations (schedules, SNS) that still fail after Lambda's retries land in
   * `queue` with their error, granted as narrowly as the catalog's sends (a CDK
   * `deadLetterQueue` would grant the key's GenerateDataKey* and ReEncrypt* wildcards).
   */
  deadLetterTo(queue: sqs.IQueue, key: kms.IKey): void {
    (this.node.defaultChild as lambda.CfnFunction).deadLetterConfig = {
      targetArn: queue.queueArn,
    };
    queue.grant(this, 'sqs:SendMessage');
    key.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  bindKey(key: kms.IKey, access: KeyAccess): void {
    key.grant(this, ...KEY_ACTIONS[access]);
  }
}
