// One Lambda per flow from the function catalog, each with exactly the grants its catalog
// entry lists, its log group and alarms, and its queue, stream and schedule triggers; and
// the alarms on what the functions report (a surge of risk alerts). The API stack routes
// to these functions; keeping them apart keeps each stack well under CloudFormation's 500
// resources as the platform grows (docs/adr/0004-function-catalog-and-grants.md).
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import {
  ENV,
  STAGE_SCOPED_TABLES,
  functionsForStage,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type TableName,
} from '../../functions/catalog';
import { ROUTE_LIST } from '../../functions/routes';
import { QUEUE_TIER, TOPIC_TIER } from '../../functions/tiers';
import type { StageConfig } from '../config';
import { acknowledgeRule } from '../constructs/compliance';
import { PlatformFunction } from '../constructs/platform-function';
import type { AuthStack } from './auth-stack';
import type { DataStack } from './data-stack';
import { RISK_METRICS_NAMESPACE } from '../../shared/risk';
import {
  OPERATIONS_METRICS_NAMESPACE,
  SECURITY_METRICS_NAMESPACE,
} from '../../shared/platform/metrics';

/** Refused sign-ins in 5 minutes above which on-call is paged (the login function counts them). */
const FAILED_SIGN_IN_SURGE = 50;
import type { MessagingStack } from './messaging-stack';
import { environmentSettings, marketRiskRuntimeSettings } from '../runtime-settings';
import { encodeSettings } from '../../shared/platform/settings-codec';

export interface FunctionsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly auth: AuthStack;
  readonly alarmTopic: sns.ITopic;
  readonly logKey: kms.IKey;
}

export class FunctionsStack extends Stack {
  readonly functions = new Map<FunctionName, PlatformFunction>();

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const { config, data, messaging, auth } = props;
    const tables = {
      customers: data.customersTable,
      audit: data.auditTable,
      outbox: data.outboxTable,
      ledger: data.ledgerTable,
      provider: data.providerTable,
      products: data.productsTable,
      risk: data.riskTable,
      compliance: data.complianceTable,
      service: data.serviceTable,
      customerKeys: data.customerKeysTable,
    };
    const keys = {
      pii: data.piiKey,
      blindIndex: data.blindIndexKey,
      screening: data.screeningKey,
    };
    const queues = {
      notifications: messaging.notifications.queue,
      settlement: messaging.settlement.queue,
      riskEvents: messaging.riskEvents.queue,
      marketRisk: messaging.marketRisk.queue,
      rescreening: messaging.rescreening.queue,
    };

    const catalog = [...functionsForStage(config.stage)];
    if (config.concurrency) {
      const reserved = catalog.reduce(
        (sum, [name, spec]) => sum + (reservedFor(name, spec, config).reservedConcurrency ?? 0),
        0,
      );
      // Lambda keeps 100 executions of the account's quota unreserved; a deploy over it fails.
      if (reserved > config.concurrency.accountLimit - 100) {
        throw new Error(
          `${config.stage}: functions reserve ${reserved} executions, more than the account's ` +
            `${config.concurrency.accountLimit} leaves (100 stay unreserved): lower a class's cap ` +
            'or raise concurrency.accountLimit (and the quota) in infra/config.ts',
        );
      }
    }
    for (const [name, spec] of catalog) {
      const environment: Record<string, string> = {
        [ENV.settings]: encodeSettings(JSON.stringify(environmentSettings(config))),
        [ENV.corsOrigins]: config.api.corsOrigins.join(','),
        ...(spec.marketRiskSettings
          ? { [ENV.marketRiskSettings]: JSON.stringify(marketRiskRuntimeSettings(config)) }
          : {}),
      };
      const fn = new PlatformFunction(this, `Fn-${name}`, {
        functionName: name,
        entry: spec.entry,
        description: spec.description,
        config,
        alarmTopic: props.alarmTopic,
        logKey: props.logKey,
        ...(spec.memoryMb ? { memoryMb: spec.memoryMb } : {}),
        ...(spec.timeoutSeconds ? { timeoutSeconds: spec.timeoutSeconds } : {}),
        ...reservedFor(name, spec, config),
        environment,
      });
      const access = spec.access;
      for (const [t, level] of Object.entries(access.tables ?? {})) {
        const table = tables[t as keyof typeof tables];
        const scoped = STAGE_SCOPED_TABLES[t as TableName];
        if (!table && scoped && !scoped.includes(config.stage)) continue;
        if (!table) throw new Error(`${name}: table ${t} does not exist in stage ${config.stage}`);
        fn.bindTable(table, level);
        fn.addEnvironment(ENV.tables[t as keyof typeof tables], table.tableName);
      }
      for (const [k, level] of Object.entries(access.keys ?? {})) {
        fn.bindKey(keys[k as keyof typeof keys], level);
        fn.addEnvironment(ENV.keys[k as keyof typeof keys], keys[k as keyof typeof keys].keyArn);
      }
      for (const t of Object.keys(access.topics ?? {})) {
        const topic = { riskAlerts: messaging.riskAlerts }[t as 'riskAlerts'];
        // sns:Publish on this topic only, and the topic key's two actions (not the
        // GenerateDataKey* wildcard that grantPublish would add).
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
        );
        data.tierKeys[TOPIC_TIER[t as 'riskAlerts']].grant(
          fn,
          'kms:GenerateDataKey',
          'kms:Decrypt',
        );
        fn.addEnvironment(ENV.topics[t as 'riskAlerts'], topic.topicArn);
      }
      for (const [q, level] of Object.entries(access.queues ?? {})) {
        const queue = queues[q as keyof typeof queues];
        if (level === 'send') {
          queue.grant(fn, 'sqs:SendMessage', 'sqs:GetQueueAttributes');
          data.tierKeys[QUEUE_TIER[q as QueueName]].grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
          fn.addEnvironment(ENV.queues[q as keyof typeof queues], queue.queueUrl);
        }
      }
      if (spec.consumes) {
        const queue = queues[spec.consumes.queue];
        fn.addEventSource(
          new sources.SqsEventSource(queue, {
            batchSize: spec.consumes.batchSize,
            maxBatchingWindow: Duration.seconds(spec.consumes.maxBatchingWindowSeconds),
            reportBatchItemFailures: true,
          }),
        );
      }
      if (spec.streams) {
        const { streams } = spec;
        Validations.of(fn.role ?? fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'dynamodb:ListStreams has no resource ARN (the event-source mapping reads only the stream it names); ' +
            "X-Ray takes no resource ARN; CloudWatch Logs grants cover this function's own log group only.",
        });
        fn.addEventSource(
          new sources.DynamoEventSource(tables[streams.table], {
            startingPosition: lambda.StartingPosition.TRIM_HORIZON,
            batchSize: streams.batchSize,
            maxBatchingWindow: Duration.seconds(streams.maxBatchingWindowSeconds),
            retryAttempts: streams.retryAttempts,
            bisectBatchOnError: true,
            reportBatchItemFailures: true,
            onFailure: failureDestination(messaging, data.tierKeys[QUEUE_TIER.failures]),
            filters: [
              lambda.FilterCriteria.filter({
                eventName: lambda.FilterRule.isEqual('INSERT'),
                dynamodb: { Keys: { pk: { S: lambda.FilterRule.beginsWith(streams.keyPrefix) } } },
              }),
              ...Object.entries(streams.modifiedTo ?? {}).map(([attribute, value]) =>
                lambda.FilterCriteria.filter({
                  eventName: lambda.FilterRule.isEqual('MODIFY'),
                  dynamodb: {
                    Keys: { pk: { S: lambda.FilterRule.beginsWith(streams.keyPrefix) } },
                    NewImage: { [attribute]: { S: lambda.FilterRule.isEqual(value) } },
                  },
                }),
              ),
            ],
          }),
        );
      }
      if (spec.scheduleMinutes || spec.subscribes) {
        // Invoked asynchronously: what fails after Lambda's retries is kept, and alarms.
        fn.deadLetterTo(messaging.asyncFailures.queue, data.tierKeys[QUEUE_TIER.failures]);
      } else {
        acknowledgeRule(fn, 'LambdaDLQ', noDeadLetterReason(spec), ['NIST.800.53.R5']);
      }
      if (!config.concurrency) {
        acknowledgeRule(
          fn,
          'LambdaConcurrency',
          `${config.stage} reserves no concurrency: its account's quota is too small to reserve ` +
            'from and it carries no customer traffic; staging and prod cap every function ' +
            '(concurrency in infra/config.ts).',
          ['NIST.800.53.R5'],
        );
      }
      if (spec.subscribes === 'alarms') {
        // Every alarm's notification reaches the incident intake (ADR 0019).
        props.alarmTopic.addSubscription(new subscriptions.LambdaSubscription(fn));
      }
      if (spec.scheduleMinutes) {
        new events.Rule(this, `Schedule-${name}`, {
          description: `Runs ${name} every ${spec.scheduleMinutes} minutes`,
          schedule: events.Schedule.rate(Duration.minutes(spec.scheduleMinutes)),
          targets: [new targets.LambdaFunction(fn, { retryAttempts: 2 })],
        });
      }
      if (access.userPool?.length) {
        auth.userPool.grant(fn, ...access.userPool.map((a) => `cognito-idp:${a}`));
      }
      if (access.userPool?.length || access.userPoolClient) {
        fn.addEnvironment(ENV.userPoolId, auth.userPool.userPoolId);
      }
      if (access.userPoolClient) {
        fn.addEnvironment(ENV.userPoolClientId, auth.client.userPoolClientId);
      }
      if (access.staffPool?.length) {
        auth.staffPool.grant(fn, ...access.staffPool.map((a) => `cognito-idp:${a}`));
      }
      if (access.staffPool?.length || access.staffPoolClient) {
        fn.addEnvironment(ENV.staffPoolId, auth.staffPool.userPoolId);
      }
      if (access.staffPoolClient) {
        fn.addEnvironment(ENV.staffPoolClientId, auth.staffClient.userPoolClientId);
      }
      if (access.sms) {
        Validations.of(fn.role ?? fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'SMS to a phone number (sns:Publish with PhoneNumber) has no resource ARN; a Deny on every ' +
            'topic ARN in the same role keeps this function from publishing to any topic.',
        });
        // SMS to a phone number has no resource ARN; deny topics so only SMS is possible.
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            actions: ['sns:Publish'],
            resources: [`arn:${this.partition}:sns:*:*:*`],
          }),
        );
      }
      this.functions.set(name, fn);
    }

    // One evaluation period, missing data not breaching, on-call's topic; `above` the
    // threshold, or at it (`atLeast`), breaches.
    const alarm = (
      id: string,
      a: { description: string; metric: cloudwatch.IMetric; threshold: number; atLeast?: true },
    ) =>
      new cloudwatch.Alarm(this, id, {
        alarmDescription: a.description,
        metric: a.metric,
        threshold: a.threshold,
        evaluationPeriods: 1,
        comparisonOperator: a.atLeast
          ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
          : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new actions.SnsAction(props.alarmTopic));
    // A metric the platform writes itself (embedded-metric log lines), for this stage.
    const own = (namespace: string, metricName: string, period: Duration, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        dimensionsMap: { Stage: config.stage },
        period,
        statistic,
      });
    const fiveMinutes = Duration.minutes(5);
    if (this.functions.has('login'))
      alarm('FailedSignInSurgeAlarm', {
        description: `More than ${FAILED_SIGN_IN_SURGE} refused sign-ins in 5 minutes: credential stuffing or a broken client. Runbook: docs/runbooks/failed-sign-in-surge.md`,
        metric: own(SECURITY_METRICS_NAMESPACE, 'SignInsFailed', fiveMinutes),
        threshold: FAILED_SIGN_IN_SURGE,
      });
    if (this.functions.has('opsReconcile'))
      alarm('ReconciliationBreaksAlarm', {
        description:
          'The daily reconciliation found breaks between the journal, balances, settlement log and provider. Runbook: docs/runbooks/reconciliation-breaks.md',
        metric: own(
          OPERATIONS_METRICS_NAMESPACE,
          'ReconciliationBreaks',
          Duration.hours(1),
          'Maximum',
        ),
        threshold: 1,
        atLeast: true,
      });
    if (this.functions.has('notifier'))
      alarm('KmsThrottlesAlarm', {
        description:
          'KMS throttled requests for PII, SMS codes or blind indexes: registrations, sign-ins and SMS fail while it lasts. Runbook: docs/runbooks/kms-throttles.md',
        metric: own(OPERATIONS_METRICS_NAMESPACE, 'KmsThrottles', fiveMinutes),
        threshold: 1,
        atLeast: true,
      });
    if (this.functions.has('notifier'))
      alarm('SmsSpendLimitAlarm', {
        description: `The day's SMS spend limit (${config.sms.dailyLimit} SMS, China Standard Time) was reached: registration codes are not being sent until the day ends. Runbook: docs/runbooks/sms-spend-limit.md`,
        metric: own(SECURITY_METRICS_NAMESPACE, 'SmsSpendLimitReached', fiveMinutes),
        threshold: 1,
        atLeast: true,
      });
    if (this.functions.has('riskScorer'))
      alarm('RiskAlertSurgeAlarm', {
        description: `More than ${config.riskAlertSurgeThreshold} risk alerts opened in 5 minutes: an attack, a broken rule or a broken producer. Runbook: docs/runbooks/risk-alert-surge.md`,
        metric: own(RISK_METRICS_NAMESPACE, 'AlertsOpened', fiveMinutes),
        threshold: config.riskAlertSurgeThreshold,
      });
    for (const [name, table] of Object.entries(tables)) {
      if (!table) continue;
      const throttled = (metricName: string) =>
        table.metric(metricName, { period: fiveMinutes, statistic: 'Sum' });
      alarm(`DynamoThrottles-${name}`, {
        description: `Requests to the ${name} table were throttled (a hot key or a capacity limit). Runbook: docs/runbooks/dynamodb-throttles.md`,
        metric: new cloudwatch.MathExpression({
          expression: 'r + w',
          usingMetrics: { r: throttled('ReadThrottleEvents'), w: throttled('WriteThrottleEvents') },
          period: fiveMinutes,
          label: `${name} throttled requests`,
        }),
        threshold: 1,
        atLeast: true,
      });
    }
    alarm('LambdaThrottlesAlarm', {
      description:
        "A function was throttled (the account's or a function's concurrency is exhausted): requests and queue messages are waiting or refused. Runbook: docs/runbooks/lambda-throttles.md",
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        period: fiveMinutes,
        statistic: 'Sum',
      }),
      threshold: 1,
      atLeast: true,
    });
  }
}

/**
 * The stream-failures queue as an on-failure destination, granted as narrowly as the
 * catalog's sends are (SqsDlq would grant kms:GenerateDataKey* and kms:ReEncrypt*).
 */
function failureDestination(messaging: MessagingStack, key: kms.IKey): lambda.IEventSourceDlq {
  const queue = messaging.streamFailures.queue;
  return {
    bind: (_mapping, fn) => {
      queue.grant(fn, 'sqs:SendMessage', 'sqs:GetQueueAttributes');
      key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
      return { destination: queue.queueArn };
    },
  };
}

/** Why a function that is never invoked asynchronously has no dead-letter queue. */
function noDeadLetterReason(spec: FunctionSpec): string {
  if (spec.consumes) {
    return (
      'A dead-letter queue on the function applies to asynchronous invocations only; this ' +
      "function is invoked by its SQS event source, whose queue's redrive policy moves a " +
      'message that keeps failing to its own DLQ (alarmed).'
    );
  }
  if (spec.streams) {
    return (
      'A dead-letter queue on the function applies to asynchronous invocations only; this ' +
      'function is invoked by a DynamoDB stream event source, whose on-failure destination ' +
      'records what fails after its retries (the stream-failures queue, alarmed).'
    );
  }
  return (
    'Invoked synchronously by API Gateway only: a failure is answered to the caller (5xx, ' +
    'alarmed), there is no event to keep; a function DLQ applies to asynchronous invocations.'
  );
}

/** The concurrency class of a function (`concurrency` in infra/config.ts). */
export function concurrencyClass(
  name: FunctionName,
  spec: FunctionSpec,
): 'consumers' | 'jobs' | 'publicFunctions' | 'staffFunctions' | 'customerFunctions' {
  if (spec.consumes || spec.streams || spec.subscribes) return 'consumers';
  if (spec.scheduleMinutes) return 'jobs';
  const routes = ROUTE_LIST.filter((r) => r.fn === name);
  if (routes.some((r) => r.auth.kind === 'public')) return 'publicFunctions';
  if (routes.length && routes.every((r) => r.auth.kind === 'staff')) return 'staffFunctions';
  return 'customerFunctions';
}

/** A function's reserved concurrency in the stage: its class's cap (none in local and dev). */
function reservedFor(
  name: FunctionName,
  spec: FunctionSpec,
  config: StageConfig,
): { reservedConcurrency?: number } {
  if (!config.concurrency) return {};
  return { reservedConcurrency: config.concurrency[concurrencyClass(name, spec)] };
}
