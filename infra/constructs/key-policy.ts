// Key policies (ADR 0021): administrators manage a key and cannot use it; each function's
// role may use only the keys its catalog entry needs, with only the actions it needs, only
// through the service that holds the data (kms:ViaService) and, for the PII key, only for
// the fields it handles (the encryption context names the customer and the field, so
// CloudTrail shows whose data each request was for). The uses are derived from the function
// catalog, as the roles' own policies are; a test holds the two equal.
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  functionsForStage,
  STAGE_SCOPED_TABLES,
  type FunctionName,
  type TableName,
} from '../../functions/catalog';
import { QUEUE_TIER, TABLE_TIER, TOPIC_TIER, type Tier } from '../../functions/tiers';
import type { SealedField } from '../../shared/identity';
import type { StageConfig } from '../config';

/** The platform's data keys: one per tier, the PII field key, the blind-index MAC key. */
export type DataKey = Tier | 'pii' | 'blindIndex' | 'screening';

/**
 * What administering a key takes: AWS's key-administrator set, less `kms:Create*` (which
 * would include CreateGrant, a way to use the key): aliases only.
 */
export const ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** A fixed-name role of the stage: key policies can name it before it exists. */
export function stageRoleArn(config: StageConfig, name: string): string {
  return `arn:${partitionOf(config.region)}:iam::${config.account}:role/finplat-${config.stage}-${name}`;
}

/** The encryption context every PII data key is bound to has this purpose (field-crypto.ts). */
export const PII_PURPOSE = 'pii';

export type Via = 'dynamodb' | 'sqs' | 'sns';

/** One key-policy grant: these functions' roles, these actions, through these services. */
export interface KeyUse {
  readonly key: DataKey;
  readonly functions: readonly FunctionName[];
  readonly actions: readonly string[];
  readonly via: readonly Via[];
  /** PII key only: the fields the data keys may be bound to. */
  readonly fields?: readonly SealedField[];
}

export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

/** A function's execution role name: fixed, so key policies can name it before it exists. */
export function functionRoleName(stage: string, fn: FunctionName): string {
  return `finplat-${stage}-${fn}`;
}

export function functionRoleArn(config: StageConfig, fn: FunctionName): string {
  return `arn:${partitionOf(config.region)}:iam::${config.account}:role/${functionRoleName(config.stage, fn)}`;
}

/**
 * CloudFormation's execution role (it creates and updates the keys): `keys.deployRole`, or
 * the one `cdk bootstrap` makes with its default qualifier.
 */
export function deployRoleArn(config: StageConfig): string {
  return (
    config.keys.deployRole ??
    `arn:${partitionOf(config.region)}:iam::${config.account}:role/cdk-hnb659fds-cfn-exec-role-${config.account}-${config.region}`
  );
}

const onlyRoles = (arns: readonly string[]) => ({ ArnEquals: { 'aws:PrincipalArn': [...arns] } });
const via = (region: string, ...services: string[]) => ({
  'kms:ViaService': services.map((s) => `${s}.${region}.amazonaws.com`),
});

const READ = ['kms:Decrypt'];
const WRITE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
const SEND = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** Every key use of the stage's functions, from the catalog, grouped by identical grant. */
export function keyUses(stage: string): KeyUse[] {
  const perFunction: { fn: FunctionName; key: DataKey; actions: string[]; via: Via[] }[] = [];
  const add = (fn: FunctionName, key: DataKey, actions: string[], via: Via[]) =>
    perFunction.push({ fn, key, actions, via });
  const fields = new Map<FunctionName, readonly SealedField[]>();
  for (const [fn, spec] of functionsForStage(stage)) {
    const a = spec.access;
    for (const [t, level] of Object.entries(a.tables ?? {})) {
      const scoped = STAGE_SCOPED_TABLES[t as TableName];
      if (scoped && !scoped.includes(stage)) continue;
      add(
        fn,
        TABLE_TIER[t as TableName],
        level === 'read' || level === 'check' || level === 'scan' ? READ : WRITE,
        ['dynamodb'],
      );
    }
    for (const [q, level] of Object.entries(a.queues ?? {})) {
      const tier = QUEUE_TIER[q as keyof typeof QUEUE_TIER];
      add(fn, tier, level === 'send' ? SEND : READ, ['sqs']);
    }
    for (const t of Object.keys(a.topics ?? {})) {
      add(fn, TOPIC_TIER[t as keyof typeof TOPIC_TIER], SEND, ['sns']);
    }
    if (spec.consumes) add(fn, QUEUE_TIER[spec.consumes.queue], READ, ['sqs']);
    if (spec.streams) {
      add(fn, TABLE_TIER[spec.streams.table], ['kms:Decrypt', 'kms:DescribeKey'], ['dynamodb']);
      add(fn, QUEUE_TIER.failures, SEND, ['sqs']); // what the stream gives up on
    }
    if (spec.scheduleMinutes || spec.subscribes) add(fn, QUEUE_TIER.failures, SEND, ['sqs']);
    const pii = a.keys?.pii;
    if (pii) {
      const actions = {
        encrypt: ['kms:GenerateDataKey'],
        decrypt: ['kms:Decrypt'],
        encryptDecrypt: ['kms:GenerateDataKey', 'kms:Decrypt'],
        mac: [],
      }[pii];
      if (!a.piiFields?.length) throw new Error(`${fn}: uses the PII key without piiFields`);
      fields.set(fn, a.piiFields);
      add(fn, 'pii', actions, []);
    }
    if (a.keys?.blindIndex) add(fn, 'blindIndex', ['kms:GenerateMac'], []);
    if (a.keys?.screening) add(fn, 'screening', ['kms:GenerateMac'], []);
  }
  // One function's uses of one key merged; then functions with identical grants grouped.
  const merged = new Map<
    string,
    { fn: FunctionName; key: DataKey; actions: Set<string>; via: Set<Via> }
  >();
  for (const u of perFunction) {
    const id = `${u.fn}/${u.key}`;
    const m = merged.get(id) ?? { fn: u.fn, key: u.key, actions: new Set(), via: new Set() };
    u.actions.forEach((x) => m.actions.add(x));
    u.via.forEach((x) => m.via.add(x));
    merged.set(id, m);
  }
  const groups = new Map<string, KeyUse>();
  for (const m of merged.values()) {
    const actions = [...m.actions].sort();
    const via = [...m.via].sort();
    const f = m.key === 'pii' ? [...(fields.get(m.fn) ?? [])].sort() : undefined;
    const id = JSON.stringify([m.key, actions, via, f]);
    const g = groups.get(id);
    groups.set(id, {
      key: m.key,
      functions: [...(g?.functions ?? []), m.fn].sort(),
      actions,
      via,
      ...(f ? { fields: f } : {}),
    });
  }
  return [...groups.values()];
}

/**
 * Administrators manage the key and cannot use it: CloudFormation's role (named, it exists
 * before the key), and `keys.administrators` (by aws:PrincipalArn, so a role recreated under
 * the same name is still one, and the key never becomes unmanageable).
 */
export function keyAdministration(config: StageConfig): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'KeyAdministration',
      principals: [new iam.ArnPrincipal(deployRoleArn(config))],
      actions: ADMIN_ACTIONS,
      resources: ['*'],
    }),
    ...(config.keys.administrators.length
      ? [
          new iam.PolicyStatement({
            sid: 'KeyAdministrators',
            principals: [new iam.AccountRootPrincipal()],
            actions: ADMIN_ACTIONS,
            resources: ['*'],
            conditions: onlyRoles(config.keys.administrators),
          }),
        ]
      : []),
  ];
}

/**
 * What CloudFormation's role needs to create and change what the key encrypts, through
 * `services` only: DynamoDB (and AWS Backup) check the key and make their grants for AWS
 * resources at creation.
 */
function deployment(config: StageConfig, services: string[], extra: string[] = []) {
  const principals = [new iam.ArnPrincipal(deployRoleArn(config))];
  return [
    new iam.PolicyStatement({
      sid: 'DeploymentThroughServices',
      principals,
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', ...extra],
      resources: ['*'],
      conditions: { StringEquals: via(config.region, ...services) },
    }),
    new iam.PolicyStatement({
      sid: 'DeploymentGrantsForServices',
      principals,
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        StringEquals: via(config.region, ...services),
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    }),
  ];
}

/**
 * Operators (`keys.operators`) redrive dead letters and restore tables: they use the tier
 * keys through SQS and DynamoDB only, never directly, and never the PII or MAC keys.
 */
function operators(config: StageConfig): iam.PolicyStatement[] {
  if (!config.keys.operators.length) return [];
  return [
    new iam.PolicyStatement({
      sid: 'OperatorsThroughServices',
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {
        ...onlyRoles(config.keys.operators),
        StringEquals: via(config.region, 'sqs', 'dynamodb'),
      },
    }),
    new iam.PolicyStatement({
      sid: 'OperatorsGrantsForServices',
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        ...onlyRoles(config.keys.operators),
        StringEquals: via(config.region, 'dynamodb'),
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    }),
  ];
}

/**
 * A key only services use (logs, alarms; `backupVault`: the backup vault's, which AWS
 * Backup uses through CloudFormation's role at creation): administration, then their
 * statements.
 */
export function serviceKeyPolicy(
  config: StageConfig,
  opts: { backupVault?: boolean } = {},
): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      ...keyAdministration(config),
      ...(opts.backupVault ? deployment(config, ['backup'], ['kms:RetireGrant']) : []),
    ],
  });
}

/**
 * The policy of one data key: its administrators, the functions' uses, and `extra`
 * statements (a break-glass role, AWS Backup). Nothing grants `kms:*`, and nothing lets the
 * account's IAM policies alone use the key.
 */
export function keyPolicyFor(
  key: DataKey,
  config: StageConfig,
  extra: iam.PolicyStatement[] = [],
): iam.PolicyDocument {
  const statements = keyAdministration(config);
  const region = config.region;
  keyUses(config.stage)
    .filter((u) => u.key === key)
    .forEach((u, i) => {
      const conditions: Record<string, Record<string, string | string[]>> = onlyRoles(
        u.functions.map((fn) => functionRoleArn(config, fn)),
      );
      if (u.via.length) conditions.StringEquals = via(region, ...u.via);
      if (u.fields) {
        conditions.StringEquals = {
          'kms:EncryptionContext:purpose': PII_PURPOSE,
          'kms:EncryptionContext:field': [...u.fields],
        };
      }
      statements.push(
        new iam.PolicyStatement({
          sid: `FunctionUse${i + 1}`,
          principals: [new iam.AccountRootPrincipal()],
          actions: [...u.actions],
          resources: ['*'],
          conditions,
        }),
      );
    });
  if (key !== 'pii' && key !== 'blindIndex' && key !== 'screening') {
    statements.push(...deployment(config, ['dynamodb', 'backup']), ...operators(config));
  }
  return new iam.PolicyDocument({ statements: [...statements, ...extra] });
}
