// The HTTPS API: REST API with Cognito authorizers (customers' pool, staff pool), routes from functions/routes.ts to the
// functions of the functions stack (resources and methods in one nested stack per route module:
// ./api-routes.ts, ADR 0032), throttling, access logs, WAF and the API's alarms.
import { ArnFormat, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { routesForStage } from '../../functions/routes';
import { CORS_EXPOSE_HEADERS } from '../../shared/platform/http/cors';
import {
  GATEWAY_PROBLEMS,
  gatewayProblemBody,
  type GatewayProblem,
} from '../../shared/platform/http/gateway-responses';
import type { StageConfig } from '../config';
import { removalPolicyOf } from '../constructs/defaults';
import type { AuthStack } from './auth-stack';
import type { FunctionsStack } from './functions-stack';
import type { MessagingStack } from './messaging-stack';
import { acknowledgeRule } from '../constructs/compliance';
import { kpiDashboard, stageDashboard } from '../constructs/dashboard';
import { placeRoutes, RouteStack, routeStackId } from './api-routes';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly auth: AuthStack;
  readonly functions: FunctionsStack;
  readonly alarmTopic: sns.ITopic;
  readonly logKey: kms.IKey;
  /** The queues whose backlog the stage's dashboard shows. */
  readonly messaging: MessagingStack;
}

export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  /** The route modules' nested stacks (resources and methods). */
  readonly routeStacks: readonly RouteStack[];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, auth } = props;

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logKey,
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
        // Sign-in, registration and SMS routes are limited below the stage (abuse controls).
        methodOptions: methodThrottles(config),
        tracingEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
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
    // Customer routes take only the customers' pool's tokens and staff routes only the staff
    // pool's: a customer's token never reaches a staff function (401 at the edge).
    const authorizers = {
      customer: new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
        cognitoUserPools: [auth.userPool],
      }),
      staff: new apigw.CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
        cognitoUserPools: [auth.staffPool],
      }),
    };

    // Resources and methods: one nested stack per route module (ADR 0032); the paths more
    // than one module uses are resources of this stack, and so is each function's one invoke
    // permission (it names this API).
    const routes = routesForStage(config.stage);
    const placement = placeRoutes(routes);
    const shared = new Map<string, apigw.IResource>([['/', this.api.root]]);
    for (const path of placement.sharedPaths) shared.set(path, this.api.root.resourceForPath(path));
    this.routeStacks = [...placement.modules].map(
      ([module, moduleRoutes]) =>
        new RouteStack(this, routeStackId(module), {
          api: this.api,
          shared,
          routes: moduleRoutes,
          placement,
          module,
          authorizers,
          functions: props.functions.functions,
          corsOrigins: config.api.corsOrigins,
        }),
    );

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
            // One address may try sign-ins, registrations and codes only so often.
            name: 'SensitiveRoutesPerIp',
            priority: 4,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit: config.api.sensitivePerIpLimit,
                aggregateKeyType: 'IP',
                scopeDownStatement: {
                  orStatement: {
                    statements: SENSITIVE_PATH_PREFIXES.map((prefix) => ({
                      byteMatchStatement: {
                        fieldToMatch: { uriPath: {} },
                        positionalConstraint: 'STARTS_WITH',
                        searchString: `/${config.stage}${prefix}`,
                        textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                      },
                    })),
                  },
                },
              },
            },
            visibilityConfig: {
              cloudWatchMetricsEnabled: true,
              metricName: 'sensitive-routes-per-ip',
              sampledRequestsEnabled: true,
            },
          },
          ...(config.api.fraudControl
            ? [
                // Account takeover prevention on the customers' sign-in.
                managedRule('AWSManagedRulesATPRuleSet', 5, [
                  {
                    awsManagedRulesAtpRuleSet: {
                      loginPath: `/${config.stage}/v1/auth/login`,
                      requestInspection: {
                        payloadType: 'JSON',
                        usernameField: { identifier: '/phone' },
                        passwordField: { identifier: '/password' },
                      },
                    },
                  },
                ]),
                // Account creation fraud prevention on registration.
                managedRule('AWSManagedRulesACFPRuleSet', 6, [
                  {
                    awsManagedRulesAcfpRuleSet: {
                      creationPath: `/${config.stage}/v1/registrations`,
                      registrationPagePath: `/${config.stage}/v1/legal-documents`,
                      requestInspection: {
                        payloadType: 'JSON',
                        passwordField: { identifier: '/password' },
                        phoneNumberFields: [{ identifier: '/phone' }],
                      },
                    },
                  },
                ]),
              ]
            : []),
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
      // WAF's own log (the group name must start with aws-waf-logs-), encrypted with the
      // stage's log key; credentials and tokens are redacted before they are written.
      const wafLogName = `aws-waf-logs-finplat-${config.stage}`;
      new logs.LogGroup(this, 'WafLogs', {
        logGroupName: wafLogName,
        encryptionKey: props.logKey,
        retention: config.logRetentionDays as logs.RetentionDays,
        removalPolicy: removalPolicyOf(config),
      });
      new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
        resourceArn: acl.attrArn,
        logDestinationConfigs: [
          Stack.of(this).formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: wafLogName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
        redactedFields: [
          { singleHeader: { Name: 'authorization' } },
          { singleHeader: { Name: 'cookie' } },
        ],
      });
    } else {
      const reason = `WAF is switched on per stage (staging and prod); ${config.stage} carries no customer traffic.`;
      Validations.of(this.api).acknowledge({ id: 'AwsSolutions-APIG3', reason });
      acknowledgeRule(this.api.deploymentStage, 'APIGWAssociatedWithWAF', reason);
    }
    acknowledgeRule(
      this.api.deploymentStage,
      'APIGWCacheEnabledAndEncrypted',
      'No method is cached: every answer is per customer or per staff member (balances, ' +
        'movements, holdings, files) or must be current (a frozen account, a switched-off ' +
        "sale); a cache keyed on path would serve one caller's data to another or a stale " +
        'balance. Nothing is cached, so nothing sits unencrypted in a cache.',
    );
    acknowledgeRule(
      this.api.deploymentStage,
      'APIGWSSLEnabled',
      'Client certificates authenticate API Gateway to an HTTP backend; every integration ' +
        'here is a Lambda proxy (invoked through the Lambda API with SigV4 under the API ' +
        "Gateway's resource-based permission) or a mock, so there is no backend to present " +
        'one to. Clients reach the API over HTTPS only (execute-api serves no plain HTTP).',
    );

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
    stageDashboard(this, {
      config,
      api: this.api,
      functions: props.functions.functions,
      queues: {
        notifications: props.messaging.notifications.queue,
        settlement: props.messaging.settlement.queue,
        riskEvents: props.messaging.riskEvents.queue,
        marketRisk: props.messaging.marketRisk.queue,
        rescreening: props.messaging.rescreening.queue,
      },
    });
    kpiDashboard(this, config);
    alarm('ApiLatencyAlarm', {
      alarmDescription: 'API p99 latency above 2 s. Runbook: docs/runbooks/api-latency.md',
      metric: this.api.metricLatency({ period: Duration.minutes(5), statistic: 'p99' }),
      threshold: 2000,
      evaluationPeriods: 3,
    });
  }
}

/**
 * One JSON line per request. The caller is the Cognito authorizer's subject and username
 * (the standard fields' `caller` and `user` are IAM's, empty under a Cognito authorizer),
 * so every staff action is attributable (issue 12); no body, no token.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  subject: '$context.authorizer.claims.sub',
  username: "$context.authorizer.claims['cognito:username']",
  groups: "$context.authorizer.claims['cognito:groups']",
  userAgent: '$context.identity.userAgent',
} as const;

/** API Gateway method settings for the stage's per-route limits (`api.routeThrottles`). */
export function methodThrottles(
  config: StageConfig,
): Record<string, apigw.MethodDeploymentOptions> {
  const routes = routesForStage(config.stage);
  return Object.fromEntries(
    Object.entries(config.api.routeThrottles).map(([operationId, t]) => {
      const route = routes.find((r) => r.operationId === operationId);
      if (!route) throw new Error(`api.routeThrottles: no route ${operationId} in ${config.stage}`);
      if (t.rateLimit > t.burstLimit)
        throw new Error(`api.routeThrottles.${operationId}: rate above burst`);
      // Never above the stage's own limits.
      return [
        `${route.path}/${route.method}`,
        {
          throttlingRateLimit: Math.min(t.rateLimit, config.api.throttleRateLimit),
          throttlingBurstLimit: Math.min(t.burstLimit, config.api.throttleBurstLimit),
        },
      ];
    }),
  );
}

/** Paths where accounts are signed into or created, and SMS sent: WAF limits each address there. */
export const SENSITIVE_PATH_PREFIXES = ['/v1/auth/', '/v1/registrations', '/v1/staff/auth/'];

function managedRule(
  name: string,
  priority: number,
  configs?: wafv2.CfnWebACL.ManagedRuleGroupConfigProperty[],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(configs ? { managedRuleGroupConfigs: configs } : {}),
      },
    },
    visibilityConfig: {
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    },
  };
}
