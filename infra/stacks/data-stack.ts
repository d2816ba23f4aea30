// Stateful data: the customer table (customers, registrations, blind-index items,
// consent evidence), the PII-access audit table, the ledger, products, risk, compliance and
// service tables, and
// the keys that protect them: one per tier, the PII key and the blind-index key (ADR 0021).
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { acknowledgeRule } from '../constructs/compliance';
import { encryptionKey, platformTable, removalPolicyOf } from '../constructs/defaults';
import {
  keyPolicyFor,
  PII_PURPOSE,
  serviceKeyPolicy,
  stageRoleArn,
} from '../constructs/key-policy';
import type { TableName } from '../../functions/catalog';
import { TABLE_TIER, type Tier } from '../../functions/tiers';

/**
 * Days an erased customer's key may still be restored from the keys table's point-in-time
 * recovery (ADR 0030): the erasure is complete in every copy after them.
 */
export const CUSTOMER_KEY_RECOVERY_DAYS = 7;

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

export class DataStack extends Stack {
  /** One key per tier (M4.3-a): its tables, queues and topics (ADR 0021). */
  readonly tierKeys: Record<Tier, kms.Key>;
  /** Wraps the data keys that encrypt PII fields (envelope encryption). */
  readonly piiKey: kms.Key;
  /** HMAC key from which the blind-index keys are derived; never leaves KMS. */
  readonly blindIndexKey: kms.Key;
  /** HMAC key of AML screening fingerprints (ADR 0031): register and the re-screening. */
  readonly screeningKey: kms.Key;
  /** Staff with MFA may assume it to decrypt PII when the platform cannot (ADR 0021). */
  readonly breakGlassRole?: iam.Role;
  readonly customersTable: dynamodb.Table;
  readonly auditTable: dynamodb.Table;
  /** Local stage only: where the SMS sink records what it "sent". */
  readonly outboxTable?: dynamodb.Table;
  /** Accounts, journals, entries, movements (the settlement log) and idempotency records. */
  readonly ledgerTable: dynamodb.Table;
  /** Products, their versions' ratings and approval audit trail, and the catalog. */
  readonly productsTable: dynamodb.Table;
  /** Monitoring: counters per customer, decisions with their events, alerts (M4.1-a). */
  readonly riskTable: dynamodb.Table;
  /** Compliance: watch lists and screening, regulatory reports, policies, training, audits. */
  readonly complianceTable: dynamodb.Table;
  /**
   * Each customer's own key (crypto-shredding, ADR 0030): the only copy, outside the backup
   * plan and with a short point-in-time recovery window, so an erasure destroys it everywhere.
   */
  readonly customerKeysTable: dynamodb.Table;
  /** Customer service: complaints and enquiries, their SLA clocks and satisfaction. */
  readonly serviceTable: dynamodb.Table;
  /** Stages with the payment simulator: its own record of charges and payouts. */
  readonly providerTable?: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const breakGlass = this.breakGlass(config);
    this.tierKeys = {
      core: encryptionKey(
        this,
        'CoreKey',
        'Core business: the ledger, products, settlement (tables and queues)',
        config,
        keyPolicyFor('core', config),
      ),
      auxiliary: encryptionKey(
        this,
        'AuxiliaryKey',
        'Auxiliary services: customer profiles, onboarding, notifications (tables and queues)',
        config,
        keyPolicyFor('auxiliary', config, breakGlass ? [breakGlass.readsCustomers] : []),
      ),
      operations: encryptionKey(
        this,
        'OperationsKey',
        'Operations: risk monitoring, incidents, the audit trail, failures (tables, queues, topics)',
        config,
        keyPolicyFor('operations', config),
      ),
    };
    this.piiKey = encryptionKey(
      this,
      'PiiKey',
      'Wraps PII field data keys, each bound to {customer, field}',
      config,
      keyPolicyFor('pii', config, breakGlass ? [breakGlass.decryptsPii] : []),
    );
    this.blindIndexKey = new kms.Key(this, 'BlindIndexKey', {
      description: 'HMAC key for blind indexes of ID numbers and phones',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: removalPolicyOf(config),
      policy: keyPolicyFor('blindIndex', config),
    });
    Validations.of(this.blindIndexKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        'KMS cannot rotate HMAC keys automatically, and rotating would change every blind ' +
        'index; rotation is a re-index procedure (docs/procedures/blind-index-key-rotation.md).',
    });
    this.screeningKey = new kms.Key(this, 'ScreeningKey', {
      description: 'HMAC key for AML screening fingerprints (keyed name keys and ID numbers)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: removalPolicyOf(config),
      policy: keyPolicyFor('screening', config),
    });
    Validations.of(this.screeningKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        'KMS cannot rotate HMAC keys automatically; rotating would change every fingerprint: ' +
        'a rotation re-keys them from a new registration screening (ADR 0031).',
    });
    const keyOf = (t: TableName) => this.tierKeys[TABLE_TIER[t]];
    this.customersTable = platformTable(this, 'CustomersTable', {
      encryptionKey: keyOf('customers'),
      config,
      timeToLiveAttribute: 'expiresAt',
    });
    // Not in the backup plan, and point-in-time recovery for `customerKeyRecoveryDays` only:
    // an erased customer's key is gone from every copy after that (ADR 0030).
    this.customerKeysTable = platformTable(this, 'CustomerKeysTable', {
      encryptionKey: keyOf('customerKeys'),
      config,
      recoveryPeriodDays: CUSTOMER_KEY_RECOVERY_DAYS,
    });
    acknowledgeRule(
      this.customerKeysTable,
      'DynamoDBInBackupPlan',
      'Crypto-shredding (ADR 0030): the customer keys are the only copy an erasure must destroy; ' +
        `a backup kept for months would revive them. Point-in-time recovery covers ${CUSTOMER_KEY_RECOVERY_DAYS} days, ` +
        'deletion protection guards the table.',
      ['NIST.800.53.R5'],
    );
    this.auditTable = platformTable(this, 'AuditTable', {
      encryptionKey: keyOf('audit'),
      config,
    });
    // Its change stream is the outbox of risk events: every committed movement reaches the
    // risk queue even if the function that committed it dies before sending anything.
    // Only the daily exposure-limit counters carry `expiresAt` (ADR 0013); money items never do.
    this.ledgerTable = platformTable(this, 'LedgerTable', {
      encryptionKey: keyOf('ledger'),
      config,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: 'expiresAt',
    });
    this.productsTable = platformTable(this, 'ProductsTable', {
      encryptionKey: keyOf('products'),
      config,
    });
    this.riskTable = platformTable(this, 'RiskTable', {
      encryptionKey: keyOf('risk'),
      config,
      timeToLiveAttribute: 'expiresAt',
    });
    this.complianceTable = platformTable(this, 'ComplianceTable', {
      encryptionKey: keyOf('compliance'),
      config,
      timeToLiveAttribute: 'expiresAt',
    });
    this.serviceTable = platformTable(this, 'ServiceTable', {
      encryptionKey: keyOf('service'),
      config,
      timeToLiveAttribute: 'expiresAt',
    });
    if (config.paymentProvider === 'simulator') {
      this.providerTable = platformTable(this, 'ProviderTable', {
        encryptionKey: keyOf('provider'),
        config,
      });
    }
    if (config.localOutbox) {
      this.outboxTable = platformTable(this, 'OutboxTable', {
        encryptionKey: keyOf('outbox'),
        config,
        timeToLiveAttribute: 'expiresAt',
      });
    }
    if (breakGlass) {
      this.breakGlassRole = breakGlass.role;
      this.customersTable.grant(breakGlass.role, 'dynamodb:GetItem', 'dynamodb:Query');
      this.piiKey.grant(breakGlass.role, 'kms:Decrypt');
      this.tierKeys.auxiliary.grant(breakGlass.role, 'kms:Decrypt');
    }
    if (config.backup) this.backUp(config, config.backup);
    else {
      for (const table of this.node.findAll().filter((c) => c instanceof dynamodb.Table)) {
        acknowledgeRule(
          table,
          'DynamoDBInBackupPlan',
          `${config.stage} has no AWS Backup plan: its tables live in the local emulator and ` +
            'are created afresh by each start; point-in-time recovery is on (the restore drill).',
          ['NIST.800.53.R5'],
        );
      }
    }
  }

  /**
   * The break-glass role: assumable only by the configured principals, with MFA, for an hour
   * at a time; it may read customer items and decrypt their PII fields, nothing else. Every
   * use is in CloudTrail with the customer and field of each decryption (the encryption
   * context); docs/procedures/break-glass.md says when and how.
   */
  private breakGlass(config: StageConfig) {
    if (!config.keys.breakGlass.length) return undefined;
    const roleName = `finplat-${config.stage}-break-glass`;
    // The trust requires MFA of the assuming principal: configure IAM users with MFA (a role
    // session carries no aws:MultiFactorAuthPresent; docs/procedures/break-glass.md).
    const role = new iam.Role(this, 'BreakGlassRole', {
      roleName,
      description: 'Break-glass: decrypt customer PII fields (MFA; audited in CloudTrail)',
      assumedBy: new iam.CompositePrincipal(
        ...config.keys.breakGlass.map((arn) => new iam.ArnPrincipal(arn)),
      ).withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      maxSessionDuration: Duration.hours(1),
    });
    acknowledgeRule(
      role,
      'IAMNoInlinePolicy',
      "The break-glass role's policy is its own (read customer items, decrypt their PII) and " +
        'must not be attachable to any other principal, which a managed policy would be.',
    );
    const arn = stageRoleArn(config, 'break-glass');
    const only = { ArnEquals: { 'aws:PrincipalArn': arn } };
    return {
      role,
      decryptsPii: new iam.PolicyStatement({
        sid: 'BreakGlassDecryptsPii',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { ...only, StringEquals: { 'kms:EncryptionContext:purpose': PII_PURPOSE } },
      }),
      readsCustomers: new iam.PolicyStatement({
        sid: 'BreakGlassReadsCustomers',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ...only,
          StringEquals: { 'kms:ViaService': `dynamodb.${config.region}.amazonaws.com` },
        },
      }),
    };
  }

  /**
   * Daily AWS Backup of every table into a vault of its own key, kept `retentionDays`; in
   * prod the vault is locked (compliance mode: no one, root included, deletes a recovery
   * point or shortens its retention once the lock's grace period has passed).
   */
  private backUp(config: StageConfig, b: { retentionDays: number; vaultLock: boolean }): void {
    const vaultKey = encryptionKey(
      this,
      'BackupKey',
      'Encrypts the table backups',
      config,
      serviceKeyPolicy(config, { backupVault: true }),
    );
    const vault = new backup.BackupVault(this, 'BackupVault', {
      encryptionKey: vaultKey,
      removalPolicy: removalPolicyOf(config),
      ...(b.vaultLock
        ? {
            lockConfiguration: {
              minRetention: Duration.days(Math.min(b.retentionDays, 7)),
              maxRetention: Duration.days(b.retentionDays),
              changeableFor: Duration.days(3),
            },
          }
        : {}),
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          scheduleExpression: events.Schedule.cron({ hour: '18', minute: '0' }), // 02:00 CST
          deleteAfter: Duration.days(b.retentionDays),
        }),
      ],
    });
    const tables = [
      this.customersTable,
      this.auditTable,
      this.ledgerTable,
      this.productsTable,
      this.riskTable,
      this.complianceTable,
      this.serviceTable,
      ...(this.providerTable ? [this.providerTable] : []),
    ];
    // AWS Backup's role for this plan, by a fixed name: the key policies name it by
    // aws:PrincipalArn, so they never depend on a role created seconds before (KMS checks
    // the principals a policy names when it is set).
    const role = new iam.Role(this, 'BackupRole', {
      roleName: `finplat-${config.stage}-backup`,
      description: "AWS Backup: back up and restore this stage's tables",
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName(
          'service-role/AWSBackupServiceRolePolicyForBackup',
        ),
        iam.ManagedPolicy.fromAwsManagedPolicyName(
          'service-role/AWSBackupServiceRolePolicyForRestores',
        ),
      ],
    });
    plan.addSelection('Tables', {
      resources: tables.map((t) => backup.BackupResource.fromDynamoDbTable(t)),
      role,
    });
    // Without the account's advanced DynamoDB backup (a Region setting in AWS Backup, set
    // before the first deploy: docs/procedures/restore-a-table.md), recovery points are
    // DynamoDB's own backups under each table's key; with it, copies under the vault's key.
    for (const key of [...Object.values(this.tierKeys), vaultKey]) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'BackupOfTables',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:CreateGrant'],
          resources: ['*'],
          conditions: {
            ArnEquals: { 'aws:PrincipalArn': stageRoleArn(config, 'backup') },
            StringEquals: {
              'kms:ViaService': [
                `dynamodb.${config.region}.amazonaws.com`,
                `backup.${config.region}.amazonaws.com`,
              ],
            },
          },
        }),
      );
    }
    for (const policy of [
      'AWSBackupServiceRolePolicyForBackup',
      'AWSBackupServiceRolePolicyForRestores',
    ])
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        reason: `AWS Backup's service role uses the AWS-managed ${policy}, the documented policy for its jobs; the role is assumable only by backup.amazonaws.com and the plan's selection names only this stage's tables.`,
      });
  }
}
