// Deploys the local stage's stateful stacks into the emulator through its CloudFormation
// API, from the synthesized templates. moto's CloudFormation lacks some resource types
// (Cognito, CloudWatch alarms, SNS subscriptions, topic/queue policies) and creates every
// KMS key as symmetric; the deployer creates exactly those resources itself, from the
// same template properties, then checks that every resource of every stack exists.
// See docs/local-runtime.md.
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  PutKeyPolicyCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import {
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  evaluate,
  referencedIds,
  type EvalContext,
  type Json,
  type ResolvedResource,
} from './cfn-eval';

export interface Template {
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, Json>; DependsOn?: string | string[] }
  >;
  Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }>;
  [k: string]: unknown;
}

export interface EmulatorTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly account: string;
}

export interface DeployedStack {
  readonly stackName: string;
  readonly resources: Map<string, ResolvedResource>;
  readonly createdLocally: string[];
}

/** Types moto 5.2's CloudFormation does not create (it skips them or only pretends). */
const CREATED_BY_DEPLOYER = [
  'AWS::KMS::Key', // only non-symmetric keys: moto creates every key as SYMMETRIC_DEFAULT
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::Subscription',
  'AWS::CloudWatch::Alarm',
];
const IGNORED = new Set(['AWS::CDK::Metadata']);

function createdByDeployer(res: Template['Resources'][string]): boolean {
  if (res.Type === 'AWS::KMS::Key') {
    const spec = res.Properties?.KeySpec;
    return spec !== undefined && spec !== 'SYMMETRIC_DEFAULT';
  }
  return CREATED_BY_DEPLOYER.includes(res.Type);
}

export class LocalDeployer {
  private readonly creds = { accessKeyId: 'local', secretAccessKey: 'local' };
  private readonly cfg;
  private readonly cfn;
  private readonly exports = new Map<string, string>();

  constructor(private readonly target: EmulatorTarget) {
    this.cfg = { endpoint: target.endpoint, region: target.region, credentials: this.creds };
    this.cfn = new CloudFormationClient(this.cfg);
  }

  get allExports(): ReadonlyMap<string, string> {
    return this.exports;
  }

  /**
   * The alarms of a stack the local runtime runs in-process rather than deploys (Functions,
   * Api): created in the emulator so every alarm exists locally and can be drilled. Their
   * other resources stand in by logical id (an alarm's dimensions name a function or an
   * API; the emulator evaluates no metric, so only names, descriptions and actions matter).
   */
  async createAlarmsOf(stackName: string, template: Template): Promise<number> {
    const standIns = new Map<string, ResolvedResource>(
      Object.entries(template.Resources).map(([id, r]) => [
        id,
        {
          type: r.Type,
          ref: id,
          attrs: new Proxy({} as Record<string, string>, { get: (_, a) => `${id}.${String(a)}` }),
        },
      ]),
    );
    const ctx: EvalContext = {
      region: this.target.region,
      account: this.target.account,
      stackName,
      resources: standIns,
      exports: this.exports,
    };
    let created = 0;
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
      const props = evaluate((r.Properties ?? {}) as Json, ctx) as Record<string, Json>;
      await this.createResource(stackName, id, r.Type, props);
      created += 1;
    }
    return created;
  }

  /** What `cdk bootstrap` would have left: the version parameter the templates check. */
  async bootstrap(): Promise<void> {
    await new SSMClient(this.cfg).send(
      new PutParameterCommand({
        Name: '/cdk-bootstrap/hnb659fds/version',
        Value: '30',
        Type: 'String',
        Overwrite: true,
      }),
    );
  }

  async deploy(stackName: string, template: Template): Promise<DeployedStack> {
    const local = new Set(
      Object.entries(template.Resources)
        .filter(([, r]) => createdByDeployer(r))
        .map(([id]) => id),
    );
    const ignored = new Set(
      Object.entries(template.Resources)
        .filter(([, r]) => IGNORED.has(r.Type))
        .map(([id]) => id),
    );
    const cfnTemplate: Template = { ...template, Resources: {}, Outputs: {} };
    for (const [id, res] of Object.entries(template.Resources)) {
      if (local.has(id) || ignored.has(id)) continue;
      for (const dep of referencedIds(res.Properties ?? {})) {
        if (local.has(dep)) {
          throw new Error(
            `${stackName}/${id} refers to ${dep}, which the local deployer creates itself; keep such references out of stateful stacks`,
          );
        }
      }
      const dependsOn = [res.DependsOn ?? []]
        .flat()
        .filter((d) => !local.has(d) && !ignored.has(d));
      cfnTemplate.Resources[id] = {
        ...res,
        ...(dependsOn.length ? { DependsOn: dependsOn } : { DependsOn: undefined }),
      };
      if (!dependsOn.length) delete cfnTemplate.Resources[id].DependsOn;
    }
    for (const [id, out] of Object.entries(template.Outputs ?? {})) {
      if ([...referencedIds(out.Value)].some((d) => local.has(d))) continue;
      (cfnTemplate.Outputs as NonNullable<Template['Outputs']>)[id] = out;
    }

    try {
      await this.cfn.send(new DescribeStacksCommand({ StackName: stackName }));
      throw new Error(
        `Stack ${stackName} already exists in the emulator at ${this.target.endpoint}. Start with a fresh emulator (unset AWS_ENDPOINT_URL) or reset it: curl -X POST ${this.target.endpoint}/moto-api/reset`,
      );
    } catch (error) {
      if (!String((error as Error).message).includes('does not exist')) throw error;
    }
    await this.cfn.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateBody: JSON.stringify(cfnTemplate),
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      }),
    );
    const status = await this.waitForStack(stackName);
    if (status !== 'CREATE_COMPLETE') throw new Error(`${stackName}: ${status}`);

    const resources = new Map<string, ResolvedResource>();
    const listed = await this.cfn.send(new ListStackResourcesCommand({ StackName: stackName }));
    for (const s of listed.StackResourceSummaries ?? []) {
      if (!s.LogicalResourceId || !s.PhysicalResourceId || !s.ResourceType) continue;
      resources.set(
        s.LogicalResourceId,
        await this.describeCfnResource(s.ResourceType, s.PhysicalResourceId),
      );
    }
    const ctx = (): EvalContext => ({
      region: this.target.region,
      account: this.target.account,
      stackName,
      resources,
      exports: this.exports,
    });
    // moto's CloudFormation stores a key policy as an object, and its DescribeKey then
    // fails parsing it; setting the template's policy through the KMS API repairs that.
    for (const [id, res] of Object.entries(cfnTemplate.Resources)) {
      if (res.Type !== 'AWS::KMS::Key' || !res.Properties?.KeyPolicy) continue;
      const key = resources.get(id);
      if (!key) continue;
      await new KMSClient(this.cfg).send(
        new PutKeyPolicyCommand({
          KeyId: key.ref,
          PolicyName: 'default',
          Policy: JSON.stringify(evaluate(res.Properties.KeyPolicy, ctx())),
        }),
      );
    }
    const order = [...local].sort(
      (a, b) =>
        CREATED_BY_DEPLOYER.indexOf(template.Resources[a]?.Type ?? '') -
        CREATED_BY_DEPLOYER.indexOf(template.Resources[b]?.Type ?? ''),
    );
    for (const id of order) {
      const res = template.Resources[id];
      if (!res) continue;
      const props = evaluate((res.Properties ?? {}) as Json, ctx()) as Record<string, Json>;
      resources.set(id, await this.createResource(stackName, id, res.Type, props));
    }
    for (const out of Object.values(template.Outputs ?? {})) {
      if (!out.Export) continue;
      this.exports.set(
        String(evaluate(out.Export.Name, ctx())),
        String(evaluate(out.Value, ctx())),
      );
    }
    for (const [id, res] of Object.entries(template.Resources)) {
      if (ignored.has(id)) continue;
      const r = resources.get(id);
      if (!r) throw new Error(`${stackName}/${id} (${res.Type}) was not created in the emulator`);
      await this.verify(stackName, id, res, r);
    }
    return { stackName, resources, createdLocally: order };
  }

  private async waitForStack(stackName: string): Promise<string> {
    for (let i = 0; i < 120; i++) {
      const d = await this.cfn.send(new DescribeStacksCommand({ StackName: stackName }));
      const status = d.Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
      if (!status.endsWith('_IN_PROGRESS')) return status;
      await new Promise((r) => setTimeout(r, 250));
    }
    return 'TIMEOUT';
  }

  private arn(service: string, resource: string, region = this.target.region): string {
    return `arn:aws:${service}:${region}:${this.target.account}:${resource}`;
  }

  /** Ref and GetAtt values of a resource moto's CloudFormation created. */
  private async describeCfnResource(type: string, physical: string): Promise<ResolvedResource> {
    switch (type) {
      case 'AWS::KMS::Key':
        return {
          type,
          ref: physical,
          attrs: { Arn: this.arn('kms', `key/${physical}`), KeyId: physical },
        };
      case 'AWS::DynamoDB::Table': {
        const d = await new DynamoDBClient(this.cfg).send(
          new DescribeTableCommand({ TableName: physical }),
        );
        const stream = d.Table?.LatestStreamArn;
        return {
          type,
          ref: physical,
          attrs: {
            Arn: this.arn('dynamodb', `table/${physical}`),
            ...(stream ? { StreamArn: stream } : {}),
          },
        };
      }
      case 'AWS::SQS::Queue': {
        const name = physical.split('/').pop() ?? physical;
        // Queue URLs point at the emulator, so SDK clients do not follow AWS's host.
        const url = `${this.target.endpoint}/${this.target.account}/${name}`;
        return {
          type,
          ref: url,
          attrs: { Arn: this.arn('sqs', name), QueueName: name, QueueUrl: url },
        };
      }
      case 'AWS::SNS::Topic':
        return {
          type,
          ref: physical,
          attrs: { TopicArn: physical, TopicName: physical.split(':').pop() ?? '' },
        };
      default:
        return { type, ref: physical, attrs: {} };
    }
  }

  private async createResource(
    stack: string,
    id: string,
    type: string,
    p: Record<string, Json>,
  ): Promise<ResolvedResource> {
    const name = `${stack}-${id}`;
    switch (type) {
      case 'AWS::KMS::Key': {
        const out = await new KMSClient(this.cfg).send(
          new CreateKeyCommand({
            KeySpec: p.KeySpec as KeySpec,
            KeyUsage: p.KeyUsage as KeyUsageType,
            Description: p.Description as string | undefined,
            Policy: JSON.stringify(p.KeyPolicy),
          }),
        );
        const keyId = out.KeyMetadata?.KeyId ?? '';
        return { type, ref: keyId, attrs: { Arn: out.KeyMetadata?.Arn ?? '', KeyId: keyId } };
      }
      case 'AWS::Cognito::UserPool': {
        const out = await new CognitoIdentityProviderClient(this.cfg).send(
          new CreateUserPoolCommand({
            PoolName: (p.UserPoolName as string | undefined) ?? name,
            Policies: p.Policies as never,
            AdminCreateUserConfig: p.AdminCreateUserConfig as never,
            UsernameConfiguration: p.UsernameConfiguration as never,
            AccountRecoverySetting: p.AccountRecoverySetting as never,
            MfaConfiguration: p.MfaConfiguration as never,
          }),
        );
        const pool = out.UserPool;
        const poolId = pool?.Id ?? '';
        // CloudFormation turns EnabledMfas into the pool's MFA configuration; the emulator
        // takes it only through SetUserPoolMfaConfig (without it, no TOTP challenge).
        const mfas = (p.EnabledMfas as string[] | undefined) ?? [];
        if (p.MfaConfiguration && p.MfaConfiguration !== 'OFF' && mfas.length) {
          await new CognitoIdentityProviderClient(this.cfg).send(
            new SetUserPoolMfaConfigCommand({
              UserPoolId: poolId,
              MfaConfiguration: p.MfaConfiguration as never,
              ...(mfas.includes('SOFTWARE_TOKEN_MFA')
                ? { SoftwareTokenMfaConfiguration: { Enabled: true } }
                : {}),
            }),
          );
        }
        return {
          type,
          ref: poolId,
          attrs: {
            Arn: pool?.Arn ?? this.arn('cognito-idp', `userpool/${poolId}`),
            ProviderName: `cognito-idp.${this.target.region}.amazonaws.com/${poolId}`,
            ProviderURL: `https://cognito-idp.${this.target.region}.amazonaws.com/${poolId}`,
            UserPoolId: poolId,
          },
        };
      }
      case 'AWS::Cognito::UserPoolClient': {
        const out = await new CognitoIdentityProviderClient(this.cfg).send(
          new CreateUserPoolClientCommand({
            UserPoolId: p.UserPoolId as string,
            ClientName: (p.ClientName as string | undefined) ?? name,
            ExplicitAuthFlows: p.ExplicitAuthFlows as never,
            GenerateSecret: p.GenerateSecret as boolean | undefined,
            PreventUserExistenceErrors: p.PreventUserExistenceErrors as never,
            AccessTokenValidity: p.AccessTokenValidity as number | undefined,
            IdTokenValidity: p.IdTokenValidity as number | undefined,
            RefreshTokenValidity: p.RefreshTokenValidity as number | undefined,
            TokenValidityUnits: p.TokenValidityUnits as never,
          }),
        );
        const clientId = out.UserPoolClient?.ClientId ?? '';
        return {
          type,
          ref: clientId,
          attrs: { ClientId: clientId, UserPoolId: p.UserPoolId as string },
        };
      }
      case 'AWS::Cognito::UserPoolGroup': {
        await new CognitoIdentityProviderClient(this.cfg).send(
          new CreateGroupCommand({
            UserPoolId: p.UserPoolId as string,
            GroupName: p.GroupName as string,
            Description: p.Description as string | undefined,
            Precedence: p.Precedence as number | undefined,
          }),
        );
        return { type, ref: p.GroupName as string, attrs: { UserPoolId: p.UserPoolId as string } };
      }
      case 'AWS::SNS::TopicPolicy': {
        const sns = new SNSClient(this.cfg);
        for (const topic of p.Topics as string[]) {
          await sns.send(
            new SetTopicAttributesCommand({
              TopicArn: topic,
              AttributeName: 'Policy',
              AttributeValue: JSON.stringify(p.PolicyDocument),
            }),
          );
        }
        return { type, ref: name, attrs: { Topics: (p.Topics as string[]).join(',') } };
      }
      case 'AWS::SQS::QueuePolicy': {
        const sqs = new SQSClient(this.cfg);
        for (const url of p.Queues as string[]) {
          await sqs.send(
            new SetQueueAttributesCommand({
              QueueUrl: url,
              Attributes: { Policy: JSON.stringify(p.PolicyDocument) },
            }),
          );
        }
        return { type, ref: name, attrs: { Queues: (p.Queues as string[]).join(',') } };
      }
      case 'AWS::SNS::Subscription': {
        const out = await new SNSClient(this.cfg).send(
          new SubscribeCommand({
            TopicArn: p.TopicArn as string,
            Protocol: p.Protocol as string,
            Endpoint: p.Endpoint as string,
          }),
        );
        return {
          type,
          ref: out.SubscriptionArn ?? name,
          attrs: { TopicArn: p.TopicArn as string, Endpoint: p.Endpoint as string },
        };
      }
      case 'AWS::CloudWatch::Alarm': {
        const alarmName = (p.AlarmName as string | undefined) ?? name;
        await new CloudWatchClient(this.cfg).send(
          new PutMetricAlarmCommand({
            AlarmName: alarmName,
            AlarmDescription: p.AlarmDescription as string | undefined,
            MetricName: p.MetricName as string,
            Namespace: p.Namespace as string,
            Statistic: p.Statistic as never,
            ExtendedStatistic: p.ExtendedStatistic as string | undefined,
            Dimensions: p.Dimensions as never,
            Period: p.Period as number,
            EvaluationPeriods: p.EvaluationPeriods as number,
            DatapointsToAlarm: p.DatapointsToAlarm as number | undefined,
            Threshold: p.Threshold as number,
            ComparisonOperator: p.ComparisonOperator as never,
            TreatMissingData: p.TreatMissingData as string | undefined,
            AlarmActions: p.AlarmActions as string[] | undefined,
            OKActions: p.OKActions as string[] | undefined,
          }),
        );
        return {
          type,
          ref: alarmName,
          attrs: { Arn: this.arn('cloudwatch', `alarm:${alarmName}`) },
        };
      }
      default:
        throw new Error(`the local deployer cannot create ${type}`);
    }
  }

  /** Asks the emulator's own API that the resource is there, as the template says. */
  private async verify(
    stack: string,
    id: string,
    res: Template['Resources'][string],
    r: ResolvedResource,
  ): Promise<void> {
    const where = `${stack}/${id} (${res.Type})`;
    const p = res.Properties ?? {};
    switch (res.Type) {
      case 'AWS::KMS::Key': {
        const d = await new KMSClient(this.cfg).send(new DescribeKeyCommand({ KeyId: r.ref }));
        const want = (p.KeySpec as string | undefined) ?? 'SYMMETRIC_DEFAULT';
        if (d.KeyMetadata?.KeySpec !== want)
          throw new Error(`${where}: key spec ${d.KeyMetadata?.KeySpec}, template says ${want}`);
        return;
      }
      case 'AWS::DynamoDB::Table': {
        const d = await new DynamoDBClient(this.cfg).send(
          new DescribeTableCommand({ TableName: r.ref }),
        );
        const spec = p.StreamSpecification as { StreamViewType?: string } | undefined;
        if (spec && d.Table?.StreamSpecification?.StreamViewType !== spec.StreamViewType)
          throw new Error(`${where}: stream ${spec.StreamViewType} missing`);
        // moto's CloudFormation skips point-in-time recovery: set it as CloudFormation would
        // (the restore drill needs it), then check it.
        const pitr = p.PointInTimeRecoverySpecification as
          { PointInTimeRecoveryEnabled?: boolean } | undefined;
        if (pitr?.PointInTimeRecoveryEnabled) {
          const ddb = new DynamoDBClient(this.cfg);
          await ddb.send(
            new UpdateContinuousBackupsCommand({
              TableName: r.ref,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            }),
          );
          const c = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: r.ref }));
          if (
            c.ContinuousBackupsDescription?.PointInTimeRecoveryDescription
              ?.PointInTimeRecoveryStatus !== 'ENABLED'
          )
            throw new Error(`${where}: point-in-time recovery not enabled`);
        }
        return;
      }
      case 'AWS::SQS::Queue': {
        const a = await new SQSClient(this.cfg).send(
          new GetQueueAttributesCommand({ QueueUrl: r.ref, AttributeNames: ['All'] }),
        );
        if (p.RedrivePolicy && !a.Attributes?.RedrivePolicy)
          throw new Error(`${where}: redrive policy missing`);
        if (p.KmsMasterKeyId && !a.Attributes?.KmsMasterKeyId)
          throw new Error(`${where}: KMS encryption missing`);
        return;
      }
      case 'AWS::SNS::Topic':
        await new SNSClient(this.cfg).send(new GetTopicAttributesCommand({ TopicArn: r.ref }));
        return;
      case 'AWS::SNS::TopicPolicy':
        for (const t of r.attrs.Topics?.split(',') ?? []) {
          const a = await new SNSClient(this.cfg).send(
            new GetTopicAttributesCommand({ TopicArn: t }),
          );
          if (!a.Attributes?.Policy?.includes('aws:SecureTransport'))
            throw new Error(`${where}: policy not set`);
        }
        return;
      case 'AWS::SQS::QueuePolicy':
        for (const q of r.attrs.Queues?.split(',') ?? []) {
          const a = await new SQSClient(this.cfg).send(
            new GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ['Policy'] }),
          );
          if (!a.Attributes?.Policy) throw new Error(`${where}: policy not set`);
        }
        return;
      case 'AWS::SNS::Subscription': {
        const l = await new SNSClient(this.cfg).send(
          new ListSubscriptionsByTopicCommand({ TopicArn: r.attrs.TopicArn }),
        );
        if (!l.Subscriptions?.some((s) => s.Endpoint === r.attrs.Endpoint))
          throw new Error(`${where}: not subscribed`);
        return;
      }
      case 'AWS::CloudWatch::Alarm': {
        const d = await new CloudWatchClient(this.cfg).send(
          new DescribeAlarmsCommand({ AlarmNames: [r.ref] }),
        );
        if (!d.MetricAlarms?.length) throw new Error(`${where}: alarm missing`);
        return;
      }
      case 'AWS::Cognito::UserPool':
        await new CognitoIdentityProviderClient(this.cfg).send(
          new DescribeUserPoolCommand({ UserPoolId: r.ref }),
        );
        return;
      case 'AWS::Cognito::UserPoolClient':
        await new CognitoIdentityProviderClient(this.cfg).send(
          new DescribeUserPoolClientCommand({ UserPoolId: r.attrs.UserPoolId, ClientId: r.ref }),
        );
        return;
      case 'AWS::Cognito::UserPoolGroup':
        await new CognitoIdentityProviderClient(this.cfg).send(
          new GetGroupCommand({ UserPoolId: r.attrs.UserPoolId, GroupName: r.ref }),
        );
        return;
      default:
        throw new Error(
          `${where}: no existence check for this type; add one to the local deployer`,
        );
    }
  }
}
