// Stateful data: the customer table (customers, registrations, blind-index items,
// consent evidence), the PII-access audit table, and the keys that protect them.
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { acknowledgeRule } from '../constructs/compliance';
import { encryptionKey, platformTable, removalPolicyOf } from '../constructs/defaults';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

export class DataStack extends Stack {
  readonly tableKey: kms.Key;
  /** Wraps the data keys that encrypt PII fields (envelope encryption). */
  readonly piiKey: kms.Key;
  /** HMAC key from which the blind-index keys are derived; never leaves KMS. */
  readonly blindIndexKey: kms.Key;
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
  /** Stages with the payment simulator: its own record of charges and payouts. */
  readonly providerTable?: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.tableKey = encryptionKey(this, 'TableKey', 'Encrypts the DynamoDB tables', config);
    this.piiKey = encryptionKey(this, 'PiiKey', 'Wraps PII field data keys', config);
    this.blindIndexKey = new kms.Key(this, 'BlindIndexKey', {
      description: 'HMAC key for blind indexes of ID numbers and phones',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: removalPolicyOf(config),
    });
    Validations.of(this.blindIndexKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        'KMS cannot rotate HMAC keys automatically, and rotating would change every blind ' +
        'index; rotation is a re-index procedure (docs/procedures/blind-index-key-rotation.md).',
    });
    this.customersTable = platformTable(this, 'CustomersTable', {
      encryptionKey: this.tableKey,
      config,
      timeToLiveAttribute: 'expiresAt',
    });
    this.auditTable = platformTable(this, 'AuditTable', { encryptionKey: this.tableKey, config });
    // Its change stream is the outbox of risk events: every committed movement reaches the
    // risk queue even if the function that committed it dies before sending anything.
    // Only the daily exposure-limit counters carry `expiresAt` (ADR 0013); money items never do.
    this.ledgerTable = platformTable(this, 'LedgerTable', {
      encryptionKey: this.tableKey,
      config,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: 'expiresAt',
    });
    this.productsTable = platformTable(this, 'ProductsTable', {
      encryptionKey: this.tableKey,
      config,
    });
    this.riskTable = platformTable(this, 'RiskTable', {
      encryptionKey: this.tableKey,
      config,
      timeToLiveAttribute: 'expiresAt',
    });
    if (config.paymentProvider === 'simulator') {
      this.providerTable = platformTable(this, 'ProviderTable', {
        encryptionKey: this.tableKey,
        config,
      });
    }
    if (config.localOutbox) {
      this.outboxTable = platformTable(this, 'OutboxTable', {
        encryptionKey: this.tableKey,
        config,
        timeToLiveAttribute: 'expiresAt',
      });
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
   * Daily AWS Backup of every table into a vault of its own key, kept `retentionDays`; in
   * prod the vault is locked (compliance mode: no one, root included, deletes a recovery
   * point or shortens its retention once the lock's grace period has passed).
   */
  private backUp(config: StageConfig, b: { retentionDays: number; vaultLock: boolean }): void {
    const vaultKey = encryptionKey(this, 'BackupKey', 'Encrypts the table backups', config);
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
      ...(this.providerTable ? [this.providerTable] : []),
    ];
    const selection = plan.addSelection('Tables', {
      resources: tables.map((t) => backup.BackupResource.fromDynamoDbTable(t)),
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's service role uses the AWS-managed AWSBackupServiceRolePolicyForBackup, the documented policy for its backup jobs; the role is assumable only by backup.amazonaws.com and the selection names only this stage's tables.",
    });
  }
}
