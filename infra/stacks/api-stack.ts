// The HTTPS API: REST API with Cognito authorizers (customers' pool, staff pool), routes from functions/routes.ts to the
// functions of the functions stack, throttling, access logs, WAF and the API's alarms.
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
import type { AuthStack } from './auth-stack';
import type { FunctionsStack } from './functions-stack';
import type { MessagingStack } from './messaging-stack';
import { acknowledgeRule } from '../constructs/compliance';
import { kpiDashboard, stageDashboard } from '../constructs/dashboard';

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

    const routes = routesForStage(config.stage);
    const methodsByPath = new Map<string, string[]>();
    for (const r of routes)
      methodsByPath.set(r.path, [...(methodsByPath.get(r.path) ?? []), r.method]);
    // A known path with a method it does not take: 405 with Allow, answered by API Gateway
    // itself (ANY catches only the methods a path does not declare), as the local gateway does.
    // Where the stage names web app origins, the same method answers CORS preflights
    // (OPTIONS, 204 with the path's methods): one method per path instead of two keeps the
    // stack under CloudFormation's 500 resources as routes grow.
    const notAllowed = GATEWAY_PROBLEMS.METHOD_NOT_ALLOWED;
    const origins = config.api.corsOrigins;
    for (const [path, methods] of methodsByPath) {
      const preflight = origins.length ? preflightResponse(origins, methods) : undefined;
      const any = this.api.root.resourceForPath(path).addMethod(
        'ANY',
        new apigw.MockIntegration({
          requestTemplates: {
            'application/json': preflight
              ? '#if($context.httpMethod == "OPTIONS"){"statusCode": 204}#else{"statusCode": 405}#end'
              : '{"statusCode": 405}',
          },
          integrationResponses: [
            ...(preflight ? [preflight.integration] : []),
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
            ...(preflight ? [preflight.method] : []),
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
          reason: `ANY ${path} only answers CORS preflights (where the stage has origins) and 405 for the methods the path does not take (mock integration): a browser sends a preflight without credentials; no function runs and nothing is read.`,
        });
      }
    }

    for (const route of routes) {
      const fn = props.functions.functions.get(route.fn);
      if (!fn) throw new Error(`route ${route.method} ${route.path}: no function ${route.fn}`);
      const resource = this.api.root.resourceForPath(route.path);
      // One invoke permission per function for this API (not one per method, and one more per
      // method for the console's test stage): the stack stays under CloudFormation's 500
      // resources as routes grow. The permission names this API; its own routes are all there is.
      const integration = new apigw.LambdaIntegration(fn, { scopePermissionToMethod: false });
      const method = resource.addMethod(route.method, integration, {
        ...(route.auth.kind === 'public'
          ? {}
          : {
              authorizer: authorizers[route.auth.kind],
              authorizationType: apigw.AuthorizationType.COGNITO,
            }),
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

/**
 * A CORS preflight's answer from API Gateway's mock integration (204, selected by the status
 * the request template chose): the path's methods, the headers a web client sends, the cache
 * age, and the request's origin echoed where it is one of the stage's (as CDK's
 * addCorsPreflight renders it).
 */
function preflightResponse(origins: readonly string[], methods: readonly string[]) {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Headers': `'${CORS_ALLOW_HEADERS.join(',')}'`,
    'Access-Control-Allow-Origin': `'${origins[0]}'`,
    Vary: "'Origin'",
    'Access-Control-Allow-Methods': `'${[...methods, 'OPTIONS'].join(',')}'`,
    'Access-Control-Max-Age': `'${CORS_MAX_AGE_SECONDS}'`,
  };
  const others = origins.slice(1);
  const template = others.length
    ? [
        '#set($origin = $input.params().header.get("Origin"))',
        '#if($origin == "")',
        '  #set($origin = $input.params().header.get("origin"))',
        '#end',
        `#if(${others.map((o) => `$origin == "${o}"`).join(' || ')})`,
        '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
        '#end',
      ].join('\n')
    : '';
  const name = (h: string) => `method.response.header.${h}`;
  return {
    integration: {
      selectionPattern: '204',
      statusCode: '204',
      responseParameters: Object.fromEntries(Object.entries(headers).map(([h, v]) => [name(h), v])),
      ...(template ? { responseTemplates: { 'application/json': template } } : {}),
    },
    method: {
      statusCode: '204',
      responseParameters: Object.fromEntries(Object.keys(headers).map((h) => [name(h), true])),
    },
  };
}
