// Every stage synthesizes offline, passes the cdk-nag AwsSolutions, NIST 800-53 rev 5 and
// PCI DSS 3.2.1 packs with every acknowledgement justified, and carries its own stage values.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStageConfig, STAGES } from '../../infra/config';
import { routesForStage } from '../../functions/routes';
import { acknowledgements, resourcesOf, synthStage } from '../../infra/report/synth';
import { CUSTOMER_KEY_RECOVERY_DAYS } from '../../infra/stacks/data-stack';
import { decodeSettings } from '../../shared/platform/settings-codec';
import { runtimeSettings } from '../../infra/runtime-settings';
import { settings } from '../../shared/settings';
import { KPI_DEFINITIONS, KPI_FLOWS, KPI_METRICS_NAMESPACE } from '../../shared/insight';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe.each(STAGES)('stage %s', (stage) => {
  it('M6.1-a M6.2-a issue 12 cdk-nag: synthesizes with no unacknowledged AwsSolutions, NIST 800-53 rev 5 or PCI DSS 3.2.1 finding, as `cdk synth` checks it', () => {
    expect(() => synthStage(stage)).not.toThrow();
    expect(readFileSync(path.join(ROOT, 'infra/app.ts'), 'utf8')).toContain('addRulePacks(app)');
    const packs = new Set(acknowledgements(synthStage(stage).app).map((a) => a.id.split('-')[0]));
    expect([...packs]).toEqual(
      expect.arrayContaining(['Annotation::NIST.800.53.R5', 'Annotation::PCI.DSS.321']),
    );
  });

  it('M6.4-a issue 12 cdk-nag (DLQs for the scheduled functions, concurrency): every asynchronously invoked function sends what still fails to an alarmed dead-letter queue; in staging and prod every function has reserved concurrency of its class, within the account quota', () => {
    const { Functions, Messaging } = synthStage(stage).templates;
    const config = loadStageConfig(stage);
    const functions = resourcesOf(Functions, 'AWS::Lambda::Function').map(([, f]) => ({
      name: String(f.Metadata?.['platform:function']),
      props: f.Properties as {
        DeadLetterConfig?: { TargetArn?: unknown };
        ReservedConcurrentExecutions?: number;
      },
    }));
    const asyncInvoked = functions.filter((f) =>
      [
        'settlementRelease',
        'opsSegments',
        'opsReconcile',
        'incidentIntake',
        'opsMarketRisk',
      ].includes(f.name),
    );
    expect(asyncInvoked).toHaveLength(5);
    const [failuresQueue] = resourcesOf(Messaging, 'AWS::SQS::Queue')
      .map(([id]) => id)
      .filter((id) => id.startsWith('AsyncFailures'));
    expect(failuresQueue).toBeDefined();
    for (const f of asyncInvoked) {
      expect(JSON.stringify(f.props.DeadLetterConfig?.TargetArn), f.name).toContain(failuresQueue);
    }
    const depthAlarms = resourcesOf(Messaging, 'AWS::CloudWatch::Alarm').filter(([id]) =>
      id.startsWith('AsyncFailures'),
    );
    expect(depthAlarms).toHaveLength(1);
    const reserved = functions.map((f) => f.props.ReservedConcurrentExecutions);
    if (!config.concurrency) {
      expect(reserved.every((r) => r === undefined)).toBe(true);
      return;
    }
    expect(reserved.every((r) => typeof r === 'number' && r >= 1)).toBe(true);
    const total = reserved.reduce<number>((sum, r) => sum + (r ?? 0), 0);
    expect(total).toBeLessThanOrEqual(config.concurrency.accountLimit - 100);
    const of = (name: string) => functions.find((f) => f.name === name)?.props;
    expect(of('opsStaff')?.ReservedConcurrentExecutions).toBe(config.concurrency.staffFunctions);
    expect(of('transfer')?.ReservedConcurrentExecutions).toBe(config.concurrency.customerFunctions);
    expect(of('opsReconcile')?.ReservedConcurrentExecutions).toBe(config.concurrency.jobs);
  });

  it("keeps every stack well under CloudFormation's 500 resources, with one API invoke permission per function", () => {
    const { stacks, templates } = synthStage(stage);
    // Every template CloudFormation deploys, the API's route modules' nested stacks included
    // (ADR 0032: the API's resources and methods are split by route module).
    expect(Object.keys(stacks).filter((name) => name.includes('-Api/')).length).toBeGreaterThan(1);
    for (const [name, t] of Object.entries(stacks)) {
      const n = Object.keys(t.Resources).length;
      expect(n, `${name}: ${n}`).toBeLessThan(450);
    }
    const permissions = resourcesOf(templates.Api, 'AWS::Lambda::Permission');
    const functions = resourcesOf(templates.Functions, 'AWS::Lambda::Function');
    expect(permissions.length).toBeLessThanOrEqual(functions.length);
    // One per function that serves a route, named by its function.
    const served = new Set(routesForStage(stage).map((r) => r.fn));
    expect(permissions.length).toBe(served.size);
  });

  it('keeps one REST API, deployment and stage whose deployment waits for every route stack, each path one resource', () => {
    const { stacks, templates } = synthStage(stage);
    const api = stacks[`Finplat-${stage}-Api`]!;
    for (const type of ['RestApi', 'Deployment', 'Stage', 'Authorizer'])
      expect(resourcesOf(templates.Api, `AWS::ApiGateway::${type}`), type).toHaveLength(
        type === 'Authorizer' ? 2 : 1,
      );
    const nested = resourcesOf(api, 'AWS::CloudFormation::Stack').map(([id]) => id);
    expect(nested.length).toBe(Object.keys(stacks).filter((n) => n.includes('-Api/')).length);
    const [, deployment] = resourcesOf(api, 'AWS::ApiGateway::Deployment')[0]!;
    expect((deployment as { DependsOn?: string[] }).DependsOn).toEqual(
      expect.arrayContaining(nested),
    );
    // API Gateway refuses a second resource with the same path part under one parent.
    const paths = resourcesOf(templates.Api, 'AWS::ApiGateway::Resource').map(([, r]) =>
      JSON.stringify([r.Properties?.ParentId, r.Properties?.PathPart]),
    );
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('M6.1-a justifies every acknowledgement with a specific reason', () => {
    const acks = acknowledgements(synthStage(stage).app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(60);
      expect(a.reason, `${a.path} ${a.id}`).not.toMatch(/\b(todo|n\/a|tbd|ignore)\b/i);
    }
  });

  it('M2.5-b M6.2-a encrypts every table with a customer-managed key and keeps point-in-time recovery', () => {
    const { Data } = synthStage(stage).templates;
    const tables = resourcesOf(Data, 'AWS::DynamoDB::Table');
    expect(tables.length).toBe({ local: 10, dev: 9, staging: 8, prod: 8 }[stage]);
    for (const [id, t] of tables) {
      const p = t.Properties as Record<
        string,
        {
          SSEEnabled?: boolean;
          SSEType?: string;
          KMSMasterKeyId?: unknown;
          PointInTimeRecoveryEnabled?: boolean;
        }
      >;
      expect(p.SSESpecification, id).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(p.SSESpecification?.KMSMasterKeyId, id).toBeDefined();
      // The customer keys keep a short window only: an erased key is gone from every copy
      // after it (crypto-shredding, ADR 0030).
      expect(p.PointInTimeRecoverySpecification, id).toEqual(
        id.startsWith('CustomerKeysTable')
          ? { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: CUSTOMER_KEY_RECOVERY_DAYS }
          : { PointInTimeRecoveryEnabled: true },
      );
      expect(t.DeletionPolicy, id).toBe(
        stage === 'staging' || stage === 'prod' ? 'Retain' : 'Delete',
      );
    }
    const keys = resourcesOf(Data, 'AWS::KMS::Key');
    expect(
      keys.filter(([, k]) => (k.Properties as { KeySpec?: string }).KeySpec !== 'HMAC_256').length,
    ).toBeGreaterThanOrEqual(1);
    for (const [id, k] of keys) {
      if ((k.Properties as { KeySpec?: string }).KeySpec === 'HMAC_256') continue;
      expect((k.Properties as { EnableKeyRotation?: boolean }).EnableKeyRotation, id).toBe(true);
    }
  });

  it('M6.2-a keeps queues KMS-encrypted, TLS-only and redriven to a DLQ after 5 deliveries', () => {
    const { Messaging } = synthStage(stage).templates;
    const queues = resourcesOf(Messaging, 'AWS::SQS::Queue');
    // notifications, settlement, risk events, each with its DLQ (and the stream's failures)
    expect(queues.length).toBeGreaterThanOrEqual(6);
    for (const [id, q] of queues)
      expect((q.Properties as { KmsMasterKeyId?: unknown }).KmsMasterKeyId, id).toBeDefined();
    const main = queues.find(([id]) => id.startsWith('NotificationsQueue'));
    expect(
      (main?.[1].Properties as { RedrivePolicy?: { maxReceiveCount: number } }).RedrivePolicy
        ?.maxReceiveCount,
    ).toBe(5);
    const policies = resourcesOf(Messaging, 'AWS::SQS::QueuePolicy');
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const [, p] of policies) {
      expect(JSON.stringify(p.Properties)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('M4.4-a names an existing runbook in every alarm, and every runbook names its alarm', () => {
    const { templates } = synthStage(stage);
    const alarms = Object.values(templates).flatMap((t) =>
      resourcesOf(t, 'AWS::CloudWatch::Alarm'),
    );
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const [id, a] of alarms) {
      const desc = String((a.Properties as { AlarmDescription?: string }).AlarmDescription);
      const runbook = /Runbook: (docs\/runbooks\/[\w-]+\.md)/.exec(desc)?.[1];
      expect(runbook, id).toBeDefined();
      expect(existsSync(path.join(ROOT, runbook ?? '')), runbook).toBe(true);
      const alarmKind = path.basename(runbook ?? '', '.md');
      expect(readFileSync(path.join(ROOT, runbook ?? ''), 'utf8'), runbook).toContain(
        `Alarm: ${alarmKind}`,
      );
      expect((a.Properties as { AlarmActions?: unknown[] }).AlarmActions?.length, id).toBe(1);
    }
  });

  it("answers the gateway's own refusals (400, 401, 403, throttling) as problem documents", () => {
    const { Api } = synthStage(stage).templates;
    const responses = resourcesOf(Api, 'AWS::ApiGateway::GatewayResponse').map(
      ([, r]) => r.Properties as Record<string, unknown>,
    );
    const unauthorized = responses.find((r) => r.ResponseType === 'UNAUTHORIZED');
    expect(unauthorized).toMatchObject({
      StatusCode: '401',
      ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
    });
    expect(
      JSON.parse(
        (unauthorized?.ResponseTemplates as Record<string, string>)['application/json'] ?? '',
      ),
    ).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(responses.map((r) => r.ResponseType).sort()).toEqual([
      'ACCESS_DENIED',
      'BAD_REQUEST_PARAMETERS',
      'DEFAULT_5XX',
      'MISSING_AUTHENTICATION_TOKEN',
      'REQUEST_TOO_LARGE',
      'THROTTLED',
      'UNAUTHORIZED',
    ]);
  });

  it('answers CORS preflights for the stage origins on every route path, and none without origins', () => {
    const { Api, Functions } = synthStage(stage).templates;
    const config = loadStageConfig(stage);
    const methods = resourcesOf(Api, 'AWS::ApiGateway::Method').map(
      ([, m]) => m.Properties as Record<string, unknown>,
    );
    // The path's ANY method answers preflights (one method per path, not two).
    expect(methods.filter((p) => p.HttpMethod === 'OPTIONS')).toEqual([]);
    const preflights = methods
      .filter((p) => p.HttpMethod === 'ANY')
      .map((p) => ({
        auth: p.AuthorizationType,
        integration: p.Integration as {
          RequestTemplates: Record<string, string>;
          IntegrationResponses: { StatusCode: string; SelectionPattern?: string }[];
        },
      }))
      .filter((p) => p.integration.IntegrationResponses.some((r) => r.StatusCode === '204'));
    const paths = new Set(routesForStage(stage).map((r) => r.path));
    if (!config.api.corsOrigins.length) {
      expect(preflights).toEqual([]);
      return;
    }
    expect(preflights).toHaveLength(paths.size);
    for (const o of preflights) {
      expect(o.auth).toBe('NONE');
      expect(o.integration.RequestTemplates['application/json']).toContain(
        '$context.httpMethod == "OPTIONS"',
      );
      const headers = JSON.stringify(
        o.integration.IntegrationResponses.filter((r) => r.SelectionPattern === '204'),
      );
      for (const origin of config.api.corsOrigins) expect(headers).toContain(origin);
      expect(headers).toContain('Idempotency-Key');
    }
    const env = resourcesOf(Functions, 'AWS::Lambda::Function')
      .filter(
        ([, f]) => (f as { Metadata?: Record<string, unknown> }).Metadata?.['platform:function'],
      )
      .map(
        ([, f]) =>
          (f.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment
            ?.Variables?.CORS_ALLOWED_ORIGINS,
      );
    expect(new Set(env)).toEqual(new Set([config.api.corsOrigins.join(',')]));
  });

  it('answers 405 with Allow on every route path for the methods it does not take', () => {
    const { Api } = synthStage(stage).templates;
    const any = resourcesOf(Api, 'AWS::ApiGateway::Method')
      .map(([, m]) => m.Properties as Record<string, unknown>)
      .filter((p) => p.HttpMethod === 'ANY');
    const methodsByPath = new Map<string, string[]>();
    for (const r of routesForStage(stage))
      methodsByPath.set(r.path, [...(methodsByPath.get(r.path) ?? []), r.method]);
    expect(any).toHaveLength(methodsByPath.size);
    const allows = any.map((p) => {
      const integration = p.Integration as {
        Type: string;
        IntegrationResponses: {
          StatusCode: string;
          ResponseParameters: Record<string, string>;
          ResponseTemplates: Record<string, string>;
        }[];
      };
      expect(integration.Type).toBe('MOCK');
      const response = integration.IntegrationResponses.find((r) => r.StatusCode === '405');
      expect(response).toBeDefined();
      expect(JSON.parse(response?.ResponseTemplates['application/json'] ?? '')).toMatchObject({
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
      });
      return response?.ResponseParameters['method.response.header.Allow'];
    });
    expect(allows.sort()).toEqual(
      [...methodsByPath.values()].map((m) => `'${m.join(', ')}'`).sort(),
    );
  });

  it('serves GET /local/outbox only in the local stage', () => {
    const { Api } = synthStage(stage).templates;
    const paths = resourcesOf(Api, 'AWS::ApiGateway::Resource').map(
      ([, r]) => (r.Properties as { PathPart: string }).PathPart,
    );
    expect(paths.includes('outbox')).toBe(stage === 'local');
    expect(paths).toEqual(expect.arrayContaining(['registrations', 'verify', 'login', 'me']));
  });

  it('M6.4-a has one dashboard for the stage: API, every function, the queues and the platform signals', () => {
    const { Api } = synthStage(stage).templates;
    const boards = resourcesOf(Api, 'AWS::CloudWatch::Dashboard').filter(
      ([, b]) => (b.Properties as { DashboardName: string }).DashboardName === `Finplat-${stage}`,
    );
    expect(boards).toHaveLength(1);
    const p = boards[0]![1].Properties as { DashboardName: string; DashboardBody: unknown };
    expect(p.DashboardName).toBe(`Finplat-${stage}`);
    const body = JSON.stringify(p.DashboardBody);
    for (const metric of [
      '5XXError',
      'Latency',
      'Errors',
      'Throttles',
      'ApproximateAgeOfOldestMessage',
      'AlertsOpened',
      'SignInsFailed',
      'ReconciliationBreaks',
      'SmsSpendLimitReached',
      'SmsPhoneLimitReached',
    ])
      expect(body).toContain(metric);
  });

  it('M8.3-a has a KPI dashboard with one graph per flow and every KPI the API computes, from the daily metrics', () => {
    const { Api } = synthStage(stage).templates;
    const boards = resourcesOf(Api, 'AWS::CloudWatch::Dashboard').filter(
      ([, b]) =>
        (b.Properties as { DashboardName: string }).DashboardName === `Finplat-${stage}-KPIs`,
    );
    expect(boards).toHaveLength(1);
    const body = JSON.stringify(boards[0]![1].Properties);
    for (const flow of KPI_FLOWS) expect(body).toContain(`KPIs: ${flow}`);
    for (const k of KPI_DEFINITIONS)
      expect(body).toContain(`\\"${KPI_METRICS_NAMESPACE}\\",\\"${k.id}\\"`);
  });

  it("M6.3-a M6.4-a issue 12 SMS spend limit: the notifier runs with the stage's limits, and reaching the day's limit alarms on-call (Finplat/Security SmsSpendLimitReached by Stage)", () => {
    const { Functions } = synthStage(stage).templates;
    const config = loadStageConfig(stage);
    const [, notifier] =
      resourcesOf(Functions, 'AWS::Lambda::Function').find(
        ([, f]) =>
          (f as { Metadata?: Record<string, string> }).Metadata?.['platform:function'] ===
          'notifier',
      ) ?? [];
    const vars = (notifier?.Properties as { Environment: { Variables: Record<string, unknown> } })
      .Environment.Variables;
    expect(JSON.parse(decodeSettings(String(vars.PLATFORM_SETTINGS))).sms).toEqual(config.sms);
    expect(config.sms.perPhoneHourlyLimit).toBeGreaterThanOrEqual(config.otp.maxSends);
    const [, alarm] =
      resourcesOf(Functions, 'AWS::CloudWatch::Alarm').find(([id]) =>
        id.startsWith('SmsSpendLimitAlarm'),
      ) ?? [];
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'Finplat/Security',
      MetricName: 'SmsSpendLimitReached',
      Dimensions: [{ Name: 'Stage', Value: stage }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(JSON.stringify(alarm?.Properties)).toContain('docs/runbooks/sms-spend-limit.md');
  });

  it('M6.2-a Medium finding (log groups not KMS-encrypted): every log group of every stack is encrypted with the stage log key, which CloudWatch Logs may use only for this account', () => {
    const { templates } = synthStage(stage);
    const groups = Object.values(templates).flatMap((t) => resourcesOf(t, 'AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThan(10);
    for (const [id, g] of groups)
      expect((g.Properties as { KmsKeyId?: unknown }).KmsKeyId, id).toBeDefined();
    const [, key] = resourcesOf(templates.Monitoring, 'AWS::KMS::Key').find(([id]) =>
      id.startsWith('LogKey'),
    ) ?? [undefined, undefined];
    const statements = JSON.stringify(
      (key?.Properties as { KeyPolicy: unknown } | undefined)?.KeyPolicy,
    );
    expect(statements).toContain('kms:EncryptionContext:aws:logs:arn');
  });

  it('M6.2-a Medium finding (queues not retained, OAuth on app clients that do not use it): staging and prod retain every queue; no app client has OAuth flows or callback URLs', () => {
    const { Messaging, Auth } = synthStage(stage).templates;
    const queues = resourcesOf(Messaging, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(7);
    const retained = stage === 'staging' || stage === 'prod';
    for (const [id, q] of queues) expect(q.DeletionPolicy, id).toBe(retained ? 'Retain' : 'Delete');
    for (const [id, c] of resourcesOf(Auth, 'AWS::Cognito::UserPoolClient')) {
      const p = c.Properties as Record<string, unknown>;
      expect(p.AllowedOAuthFlows, id).toBeUndefined();
      expect(p.CallbackURLs, id).toBeUndefined();
      expect(p.AllowedOAuthFlowsUserPoolClient, id).not.toBe(true);
    }
  });

  it("M2.5-a High finding (staff share the customers' pool, MFA optional): staff have their own pool with TOTP MFA required, passwords of at least 14, sessions of at most 12 hours; staff routes take only its tokens", () => {
    const { Auth, Api } = synthStage(stage).templates;
    const pools = resourcesOf(Auth, 'AWS::Cognito::UserPool');
    type PoolProps = {
      MfaConfiguration: string;
      EnabledMfas?: string[];
      Policies: { PasswordPolicy: { MinimumLength: number } };
      AdminCreateUserConfig: unknown;
    };
    const staff = pools.find(([id]) => id.startsWith('StaffPool'))?.[1]
      .Properties as unknown as PoolProps;
    const customers = pools.find(([id]) => id.startsWith('UserPool'))?.[1]
      .Properties as unknown as PoolProps;
    expect(staff.MfaConfiguration).toBe('ON');
    expect(staff.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(staff.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(14);
    expect(staff.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    // The customers' pool offers no MFA it would not use (the COG2 reason says so).
    expect(customers.MfaConfiguration).toBe('OFF');
    const staffClient = resourcesOf(Auth, 'AWS::Cognito::UserPoolClient').find(([id]) =>
      id.startsWith('StaffPoolStaffClient'),
    )?.[1].Properties as Record<string, unknown>;
    const units = staffClient.TokenValidityUnits as { RefreshToken: string };
    const perHour = { minutes: 60, hours: 1, days: 1 / 24 }[units.RefreshToken] ?? 0;
    expect(Number(staffClient.RefreshTokenValidity) / perHour).toBeLessThanOrEqual(12);

    const authorizerOf = (m: { Properties?: Record<string, unknown> }) =>
      JSON.stringify(m.Properties?.AuthorizerId ?? null);
    const methods = resourcesOf(Api, 'AWS::ApiGateway::Method').filter(
      ([, m]) => m.Properties?.AuthorizationType === 'COGNITO_USER_POOLS',
    );
    const routes = routesForStage(stage);
    expect(methods.filter(([, m]) => authorizerOf(m).includes('StaffAuthorizer'))).toHaveLength(
      routes.filter((r) => r.auth.kind === 'staff').length,
    );
    expect(methods.filter(([, m]) => !authorizerOf(m).includes('StaffAuthorizer'))).toHaveLength(
      routes.filter((r) => r.auth.kind === 'customer').length,
    );
    const staffAuthorizer = resourcesOf(Api, 'AWS::ApiGateway::Authorizer').find(([id]) =>
      id.startsWith('StaffAuthorizer'),
    )?.[1].Properties as { ProviderARNs: unknown[] };
    expect(JSON.stringify(staffAuthorizer.ProviderARNs)).toContain('StaffPool');
    expect(JSON.stringify(staffAuthorizer.ProviderARNs)).not.toMatch(/"[^"]*UserPool[0-9A-F]{8}/);
  });

  it('M6.2-a Medium finding (no backup plan): every table of staging and prod is backed up daily for the configured retention, into a vault locked in prod', () => {
    const { Data } = synthStage(stage).templates;
    const config = loadStageConfig(stage);
    const plans = resourcesOf(Data, 'AWS::Backup::BackupPlan');
    if (!config.backup) {
      expect(plans).toEqual([]);
      return;
    }
    expect(plans).toHaveLength(1);
    const rules = (
      plans[0]?.[1].Properties as {
        BackupPlan: { BackupPlanRule: { Lifecycle: { DeleteAfterDays: number } }[] };
      }
    ).BackupPlan.BackupPlanRule;
    expect(rules.map((r) => r.Lifecycle.DeleteAfterDays)).toEqual([config.backup.retentionDays]);
    const selection = JSON.stringify(resourcesOf(Data, 'AWS::Backup::BackupSelection'));
    for (const [id] of resourcesOf(Data, 'AWS::DynamoDB::Table'))
      if (id.startsWith('CustomerKeysTable'))
        // Crypto-shredding (ADR 0030): a long-kept backup would revive erased customers' keys.
        expect(selection, id).not.toContain(id);
      else if (!id.startsWith('OutboxTable')) expect(selection, id).toContain(id);
    const vault = resourcesOf(Data, 'AWS::Backup::BackupVault')[0]?.[1].Properties as Record<
      string,
      unknown
    >;
    expect(vault.EncryptionKeyArn).toBeDefined();
    expect(vault.LockConfiguration !== undefined).toBe(stage === 'prod');
  });

  it('M6.1-a Medium finding (abuse controls): sign-in, registration and code routes are throttled below the stage; WAF limits each address there, logs (credentials redacted) and, in prod, runs account-takeover and account-creation fraud rules; consumers and public functions have reserved concurrency', () => {
    const { Api, Functions } = synthStage(stage).templates;
    const config = loadStageConfig(stage);
    const stageRes = resourcesOf(Api, 'AWS::ApiGateway::Stage')[0]?.[1].Properties as {
      MethodSettings?: { ResourcePath: string; HttpMethod: string; ThrottlingRateLimit: number }[];
    };
    const settings = stageRes.MethodSettings ?? [];
    const routes = routesForStage(stage);
    for (const [op, t] of Object.entries(config.api.routeThrottles)) {
      const r = routes.find((x) => x.operationId === op);
      const path = `/${(r?.path ?? '').replaceAll('/', '~1')}`;
      expect(
        settings.find((m) => m.ResourcePath === path && m.HttpMethod === r?.method),
        op,
      ).toMatchObject({
        ThrottlingRateLimit: Math.min(t.rateLimit, config.api.throttleRateLimit),
      });
    }
    const acl = resourcesOf(Api, 'AWS::WAFv2::WebACL')[0]?.[1].Properties as
      { Rules: { Name: string }[] } | undefined;
    if (!config.api.waf) {
      expect(acl).toBeUndefined();
      return;
    }
    const names = acl?.Rules.map((r) => r.Name) ?? [];
    expect(names).toContain('SensitiveRoutesPerIp');
    expect(names.includes('AWSManagedRulesATPRuleSet')).toBe(stage === 'prod');
    expect(names.includes('AWSManagedRulesACFPRuleSet')).toBe(stage === 'prod');
    const logging = resourcesOf(Api, 'AWS::WAFv2::LoggingConfiguration')[0]?.[1].Properties;
    expect(JSON.stringify(logging)).toContain(`aws-waf-logs-finplat-${stage}`);
    expect(JSON.stringify(logging?.RedactedFields)).toContain('authorization');
    const reserved = Object.fromEntries(
      resourcesOf(Functions, 'AWS::Lambda::Function').map(([, f]) => [
        String((f as { Metadata?: Record<string, string> }).Metadata?.['platform:function']),
        (f.Properties as { ReservedConcurrentExecutions?: number }).ReservedConcurrentExecutions,
      ]),
    );
    expect(reserved.settler).toBe(config.concurrency?.consumers);
    expect(reserved.notifier).toBe(config.concurrency?.consumers);
    expect(reserved.register).toBe(config.concurrency?.publicFunctions);
    // Sign-in serves a public route (and sign-out, a customer's): capped as public.
    expect(reserved.login).toBe(config.concurrency?.publicFunctions);
  });

  it('M7.1-a Medium finding (staff actions cannot be attributed): the access log names the caller by the Cognito claims', () => {
    const { Api } = synthStage(stage).templates;
    const [, apiStage] = resourcesOf(Api, 'AWS::ApiGateway::Stage')[0] ?? [];
    const settings = (apiStage?.Properties ?? {}) as { AccessLogSetting?: { Format?: string } };
    // Medium finding (staff actions cannot be attributed): the access log names the caller
    // by the Cognito authorizer's claims, not the IAM fields that stay empty under it.
    const format = JSON.parse(settings.AccessLogSetting?.Format ?? '{}') as Record<string, string>;
    expect(format).toMatchObject({
      subject: '$context.authorizer.claims.sub',
      username: "$context.authorizer.claims['cognito:username']",
      requestId: '$context.requestId',
      status: '$context.status',
    });
  });

  it('puts WAF in front of the API exactly where the stage says so, and throttles', () => {
    const { Api } = synthStage(stage).templates;
    const waf = stage === 'staging' || stage === 'prod';
    expect(resourcesOf(Api, 'AWS::WAFv2::WebACL')).toHaveLength(waf ? 1 : 0);
    expect(resourcesOf(Api, 'AWS::WAFv2::WebACLAssociation')).toHaveLength(waf ? 1 : 0);
    const [, apiStage] = resourcesOf(Api, 'AWS::ApiGateway::Stage')[0] ?? [];
    const settings =
      (apiStage?.Properties as {
        MethodSettings: { ThrottlingRateLimit: number }[];
        AccessLogSetting?: { Format?: string };
      }) ?? {};
    expect(settings.MethodSettings[0]?.ThrottlingRateLimit).toBe(
      { local: 1000, dev: 50, staging: 200, prod: 1000 }[stage],
    );
    expect(settings.AccessLogSetting).toBeDefined();
  });

  it("carries the stage's settings compactly: its departures from the shipped module settings, gzipped, reading back as the settings in full (Lambda's 4 KB of environment: test/infra/market-risk.test.ts)", () => {
    const { Functions } = synthStage(stage).templates;
    const config = loadStageConfig(stage);
    // What the environment carries (the stage's departures from the shipped module settings)
    // reads back as the stage's settings in full.
    const [, first] = resourcesOf(Functions, 'AWS::Lambda::Function').find(
      ([, f]) => (f as { Metadata?: Record<string, unknown> }).Metadata?.['platform:function'],
    )!;
    const raw = (first.Properties as { Environment: { Variables: Record<string, string> } })
      .Environment.Variables.PLATFORM_SETTINGS!;
    expect(settings({ PLATFORM_SETTINGS: raw })).toEqual(runtimeSettings(config));
  });

  it('runs every function on Node.js 22, arm64, with X-Ray and the stage log retention', () => {
    const { Api, Functions } = synthStage(stage).templates;
    const fns = resourcesOf(Functions, 'AWS::Lambda::Function');
    expect(fns.length).toBe(stage === 'local' ? 53 : 52);
    for (const [id, f] of fns) {
      expect(f.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
    const retention = { local: 7, dev: 14, staging: 30, prod: 365 }[stage];
    for (const [id, g] of [
      ...resourcesOf(Functions, 'AWS::Logs::LogGroup'),
      ...resourcesOf(Api, 'AWS::Logs::LogGroup'),
    ]) {
      expect((g.Properties as { RetentionInDays: number }).RetentionInDays, id).toBe(retention);
    }
  });
});

describe('stable logical ids of stateful resources', () => {
  it('keeps the ids that replacing would destroy data for', () => {
    const { Data, Messaging, Auth } = synthStage('prod').templates;
    expect(Object.keys(Data.Resources)).toEqual(
      expect.arrayContaining([
        'CustomersTableB554B793',
        'AuditTableB07F8EEB',
        'PiiKey5DC31365',
        'BlindIndexKey22318975',
        // Keys per tier (ADR 0021) replaced the one table key before the first deploy.
        'CoreKeyA334D364',
        'AuxiliaryKey5EF6E65C',
        'OperationsKey2329F47A',
      ]),
    );
    expect(Object.keys(Messaging.Resources)).toEqual(
      expect.arrayContaining(['NotificationsQueue91395D8F', 'NotificationsDlqB4409186']),
    );
    expect(Object.keys(Auth.Resources).some((id) => id.startsWith('UserPool6BA7E5F2'))).toBe(true);
  });
});

describe('bundling', () => {
  it('bundles each function with the local esbuild, no Docker', () => {
    const { Api } = synthStage('prod', { bundle: true }).templates;
    const fns = resourcesOf(Api, 'AWS::Lambda::Function');
    for (const [id, f] of fns) {
      expect((f.Properties as { Code: { S3Key?: string } }).Code.S3Key, id).toMatch(
        /^[0-9a-f]{64}\.zip$/,
      );
    }
  }, 120_000);
});
