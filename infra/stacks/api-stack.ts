// The HTTPS API: REST API with a Cognito authorizer, one Lambda per flow from the
// function catalog, routes from functions/routes.ts, throttling, access logs, WAF and
// alarms. Each function gets exactly the grants its catalog entry lists.
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import {
  ENV,
  STAGE_SCOPED_TABLES,
  functionsForStage,
  type FunctionName,
  type TableName,
} from '../../functions/catalog';
import { routesForStage } from '../../functions/routes';
import {
  CORS_ALLOW_HEADERS,
  CORS_EXPOSE_HEADERS,
  CORS_MAX_AGE_SECONDS,
} from '../../shared/platform/http/cors';
import {
  GATEWAY_PROBLEMS,
  gatewayProblemBody,
  type GatewayProblem,
} from '../../shared/platform/http/gateway-responses';
import type { StageConfig } from '../config';
import { removalPolicyOf } from '../constructs/defaults';
import { PlatformFunction } from '../constructs/platform-function';
import type { AuthStack } from './auth-stack';
import type { DataStack } from './data-stack';
import { RISK_METRICS_NAMESPACE } from '../../shared/risk';
import type { MessagingStack } from './messaging-stack';
import { runtimeSettings } from '../runtime-settings';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly auth: AuthStack;
  readonly alarmTopic: sns.ITopic;
}

export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  readonly functions = new Map<FunctionName, PlatformFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
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
    };
    const keys = { pii: data.piiKey, blindIndex: data.blindIndexKey };
    const queues = {
      notifications: messaging.notifications.queue,
      settlement: messaging.settlement.queue,
      riskEvents: messaging.riskEvents.queue,
    };

    for (const [name, spec] of functionsForStage(config.stage)) {
      const environment: Record<string, string> = {
        [ENV.settings]: JSON.stringify(runtimeSettings(config)),
        [ENV.corsOrigins]: config.api.corsOrigins.join(','),
      };
      const fn = new PlatformFunction(this, `Fn-${name}`, {
        functionName: name,
        entry: spec.entry,
        description: spec.description,
        config,
        alarmTopic: props.alarmTopic,
        ...(spec.memoryMb ? { memoryMb: spec.memoryMb } : {}),
        ...(spec.timeoutSeconds ? { timeoutSeconds: spec.timeoutSeconds } : {}),
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
        messaging.queueKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
        fn.addEnvironment(ENV.topics[t as 'riskAlerts'], topic.topicArn);
      }
      for (const [q, level] of Object.entries(access.queues ?? {})) {
        const queue = queues[q as keyof typeof queues];
        if (level === 'send') {
          queue.grant(fn, 'sqs:SendMessage', 'sqs:GetQueueAttributes');
          messaging.queueKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
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
            onFailure: failureDestination(messaging),
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

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: removalPolicyOf(config),
    });
    this.api = new apigw.RestApi(this, 'Api', {
      description: `Finance platform API (${config.stage})`,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.api.throttleRateLimit,
        throttlingBurstLimit: config.api.throttleBurstLimit,
        tracingEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level API Gateway logging role uses the AWS-managed ' +
        'AmazonAPIGatewayPushToCloudWatchLogs policy, the documented way to enable execution logs.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Every handler validates its body, path and query with zod and answers an RFC 9457 ' +
        'problem document listing the failing fields; a gateway validator could only answer ' +
        'a bare 400 without them.',
    });
    // The gateway's own refusals are problem documents too, as the functions' are.
    const gatewayResponses: [apigw.ResponseType, GatewayProblem][] = [
      [apigw.ResponseType.UNAUTHORIZED, GATEWAY_PROBLEMS.UNAUTHORIZED],
      [apigw.ResponseType.ACCESS_DENIED, GATEWAY_PROBLEMS.ACCESS_DENIED],
      [apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, GATEWAY_PROBLEMS.ROUTE_NOT_FOUND],
      [apigw.ResponseType.THROTTLED, GATEWAY_PROBLEMS.THROTTLED],
      [apigw.ResponseType.BAD_REQUEST_PARAMETERS, GATEWAY_PROBLEMS.BAD_REQUEST],
      [apigw.ResponseType.REQUEST_TOO_LARGE, GATEWAY_PROBLEMS.PAYLOAD_TOO_LARGE],
      [apigw.ResponseType.DEFAULT_5XX, GATEWAY_PROBLEMS.BAD_GATEWAY],
    ];
    // A browser reads the gateway's own refusals only with CORS headers; a gateway response
    // can name one origin (it cannot choose among several), so only a single origin gets them.
    const [onlyOrigin] = config.api.corsOrigins.length === 1 ? config.api.corsOrigins : [];
    const gatewayCors: Record<string, string> = onlyOrigin
      ? {
          'Access-Control-Allow-Origin': `'${onlyOrigin}'`,
          'Access-Control-Expose-Headers': `'${CORS_EXPOSE_HEADERS.join(', ')}'`,
          Vary: "'Origin'",
        }
      : {};
    for (const [type, p] of gatewayResponses) {
      this.api.addGatewayResponse(`Gw${p.code}${type.responseType}`, {
        type,
        statusCode: String(p.status),
        responseHeaders: { 'Content-Type': "'application/problem+json'", ...gatewayCors },
        templates: {
          'application/json': gatewayProblemBody(p, { requestId: '$context.requestId' }),
        },
      });
    }
    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [auth.userPool],
    });

    const routes = routesForStage(config.stage);
    const methodsByPath = new Map<string, string[]>();
    for (const r of routes)
      methodsByPath.set(r.path, [...(methodsByPath.get(r.path) ?? []), r.method]);
    // A known path with a method it does not take: 405 with Allow, answered by API Gateway
    // itself (ANY catches only the methods a path does not declare), as the local gateway does.
    const notAllowed = GATEWAY_PROBLEMS.METHOD_NOT_ALLOWED;
    for (const [path, methods] of methodsByPath) {
      const any = this.api.root.resourceForPath(path).addMethod(
        'ANY',
        new apigw.MockIntegration({
          requestTemplates: { 'application/json': '{"statusCode": 405}' },
          integrationResponses: [
            {
              statusCode: '405',
              responseParameters: {
                'method.response.header.Allow': `'${methods.join(', ')}'`,
                'method.response.header.Content-Type': "'application/problem+json'",
              },
              responseTemplates: {
                'application/json': gatewayProblemBody(notAllowed, {
                  requestId: '$context.requestId',
                }),
              },
            },
          ],
        }),
        {
          methodResponses: [
            {
              statusCode: '405',
              responseParameters: {
                'method.response.header.Allow': true,
                'method.response.header.Content-Type': true,
              },
            },
          ],
        },
      );
      for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
        Validations.of(any).acknowledge({
          id,
          reason: `ANY ${path} only answers 405 for the methods the path does not take (mock integration): no function runs and nothing is read.`,
        });
      }
    }
    // CORS preflights (OPTIONS, answered by API Gateway itself) on each route's path, for
    // the stage's web app origins; none where the stage names no origin (prod by default).
    if (config.api.corsOrigins.length) {
      for (const [path, methods] of methodsByPath) {
        const preflight = this.api.root.resourceForPath(path).addCorsPreflight({
          allowOrigins: [...config.api.corsOrigins],
          allowMethods: methods,
          allowHeaders: CORS_ALLOW_HEADERS,
          maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
        });
        for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
          Validations.of(preflight).acknowledge({
            id,
            reason: `OPTIONS ${path} is a CORS preflight: a browser sends it without credentials; API Gateway answers it (mock integration) and no function runs.`,
          });
        }
      }
    }

    for (const route of routes) {
      const fn = this.functions.get(route.fn);
      if (!fn) throw new Error(`route ${route.method} ${route.path}: no function ${route.fn}`);
      const resource = this.api.root.resourceForPath(route.path);
      // One invoke permission per function for this API (not one per method, and one more per
      // method for the console's test stage): the stack stays under CloudFormation's 500
      // resources as routes grow. The permission names this API; its own routes are all there is.
      const integration = new apigw.LambdaIntegration(fn, { scopePermissionToMethod: false });
      const method = resource.addMethod(route.method, integration, {
        ...(route.auth.kind === 'public'
          ? {}
          : { authorizer, authorizationType: apigw.AuthorizationType.COGNITO }),
      });
      if (route.auth.kind === 'public') {
        for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
          Validations.of(method).acknowledge({
            id,
            reason: `${route.method} ${route.path} is public: ${route.auth.reason}.`,
          });
        }
      }
    }

    if (config.api.waf) {
      const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          metricName: 'platform-api',
          sampledRequestsEnabled: true,
        },
        rules: [
          managedRule('AWSManagedRulesCommonRuleSet', 1),
          managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
          managedRule('AWSManagedRulesAmazonIpReputationList', 3),
          {
            name: 'RateLimitPerIp',
            priority: 10,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
            visibilityConfig: {
              cloudWatchMetricsEnabled: true,
              metricName: 'rate-limit',
              sampledRequestsEnabled: true,
            },
          },
        ],
      });
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.api.deploymentStage.stageArn,
        webAclArn: acl.attrArn,
      });
    } else {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: `WAF is switched on per stage (staging and prod); ${config.stage} carries no customer traffic.`,
      });
    }

    const alarm = (id: string, alarmProps: cloudwatch.AlarmProps) =>
      new cloudwatch.Alarm(this, id, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...alarmProps,
      }).addAlarmAction(new actions.SnsAction(props.alarmTopic));
    alarm('Api5xxAlarm', {
      alarmDescription: 'API 5xx responses. Runbook: docs/runbooks/api-5xx.md',
      metric: this.api.metricServerError({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
    });
    if (this.functions.has('riskScorer'))
      alarm('RiskAlertSurgeAlarm', {
        alarmDescription: `More than ${config.riskAlertSurgeThreshold} risk alerts opened in 5 minutes: an attack, a broken rule or a broken producer. Runbook: docs/runbooks/risk-alert-surge.md`,
        metric: new cloudwatch.Metric({
          namespace: RISK_METRICS_NAMESPACE,
          metricName: 'AlertsOpened',
          dimensionsMap: { Stage: config.stage },
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        threshold: config.riskAlertSurgeThreshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    alarm('ApiLatencyAlarm', {
      alarmDescription: 'API p99 latency above 2 s. Runbook: docs/runbooks/api-latency.md',
      metric: this.api.metricLatency({ period: Duration.minutes(5), statistic: 'p99' }),
      threshold: 2000,
      evaluationPeriods: 3,
    });
  }
}

function managedRule(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: {
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    },
  };
}

/**
 * The stream-failures queue as an on-failure destination, granted as narrowly as the
 * catalog's sends are (SqsDlq would grant kms:GenerateDataKey* and kms:ReEncrypt*).
 */
function failureDestination(messaging: MessagingStack): lambda.IEventSourceDlq {
  const queue = messaging.streamFailures.queue;
  return {
    bind: (_mapping, fn) => {
      queue.grant(fn, 'sqs:SendMessage', 'sqs:GetQueueAttributes');
      messaging.queueKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
      return { destination: queue.queueArn };
    },
  };
}
