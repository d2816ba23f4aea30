// The PII access audit trail (M2.5-c, M7.1-a): every decryption of a customer's PII
// writes who, which fields, why and when, before the plaintext is used. Records are
// append-only and hash-chained (shared/identity/domain/audit-chain.ts): one transaction
// moves a chain's head (`HEAD#<chain>`, on the seq it read) and puts the record
// (`CHAIN#<chain>` / seq) and its copy under the customer (`CUST#<id>` / `PII#...`), each
// only where nothing is (`attribute_not_exists`). Functions may put records and move heads
// only (IAM, by key prefix: AUDIT_KEY_PREFIXES); nothing updates or deletes a record.
import { randomInt } from 'node:crypto';
import {
  dynamo,
  DependencyError,
  GetCommand,
  queryAll,
  TransactionCanceledException,
  TransactWriteCommand,
} from '../../platform';
import {
  AUDIT_CHAINS_PER_DAY,
  chainName,
  nextRecord,
  type AuditBody,
  type ChainedRecord,
} from '../domain/audit-chain';

export interface PiiAccess {
  readonly customerId: string;
  /** Who: a function name, or a staff username. */
  readonly actor: string;
  readonly fields: readonly string[];
  readonly purpose: string;
}

/** The key prefixes a writer may use (the IAM grant names them): records, and chain heads. */
export const AUDIT_KEY_PREFIXES = {
  records: ['CHAIN#', 'CUST#', 'STAFF#', 'OPS#'],
  heads: ['HEAD#'],
} as const;

/** An administrator's change to a staff account (the audited staff flow). */
export interface StaffAdministration {
  /** The staff member changed. */
  readonly username: string;
  /** The administrator. */
  readonly actor: string;
  /** What changed, as `group:+risk-officer`, `group:-admin`, `status:DISABLED`, `created`. */
  readonly changes: readonly string[];
  readonly reason: string;
}

/** Where a record's copy is kept, under whom it concerns (a customer, a staff member, a switch). */
function copyKey(body: AuditBody, suffix: string) {
  switch (body.type) {
    case 'STAFF_ADMIN':
      return { pk: `STAFF#${body.subject}`, sk: `ADMIN#${suffix}` };
    case 'KILL_SWITCH':
      return { pk: `OPS#${body.subject}`, sk: `SWITCH#${suffix}` };
    case 'KRI_INPUT':
      return { pk: `OPS#${body.subject}`, sk: `KRI#${suffix}` };
    case 'COMPLIANCE':
      return { pk: `OPS#${body.subject}`, sk: `COMPLIANCE#${suffix}` };
    case 'WATCHLIST':
      return { pk: `OPS#${body.subject}`, sk: `WATCHLIST#${suffix}` };
    default:
      return { pk: `CUST#${body.subject}`, sk: `PII#${suffix}` };
  }
}

const headKey = (chain: string) => ({ pk: `HEAD#${chain}`, sk: 'HEAD' });
const seqKey = (seq: number) => String(seq).padStart(12, '0');

export class AuditLog {
  constructor(private readonly table: string) {}

  async piiAccessed(access: PiiAccess, at = new Date()): Promise<void> {
    await this.append('PII_ACCESS', access, at);
  }

  /**
   * A staff member read a customer's file (issue 12: staff actions are attributed): who,
   * what they saw, why, when; on the same chains as PII decryptions.
   */
  async staffRead(access: PiiAccess, at = new Date()): Promise<void> {
    await this.append('STAFF_READ', access, at);
  }

  /** An administrator created a staff account or changed its groups or status. */
  async staffAdministered(change: StaffAdministration, at = new Date()): Promise<void> {
    await this.write({
      type: 'STAFF_ADMIN',
      subject: change.username,
      actor: change.actor,
      fields: [...change.changes],
      purpose: change.reason,
      at: at.toISOString(),
    });
  }

  /** Staff stopped or restarted a kind of business with a kill switch (ADR 0018). */
  async switchChanged(
    change: { name: string; actor: string; off: boolean; reason: string },
    at = new Date(),
  ): Promise<void> {
    await this.write({
      type: 'KILL_SWITCH',
      subject: change.name,
      actor: change.actor,
      fields: [change.off ? 'off' : 'on'],
      purpose: change.reason,
      at: at.toISOString(),
    });
  }

  /** Staff recorded a retention action with a customer at risk of churn (issue 14, M7.3-a). */
  async retentionActionRecorded(
    entry: { customerId: string; actionId: string; kind: string; actor: string; note: string },
    at = new Date(),
  ): Promise<void> {
    await this.write({
      type: 'RETENTION_ACTION',
      subject: entry.customerId,
      actor: entry.actor,
      fields: [entry.kind, entry.actionId],
      purpose: entry.note,
      at: at.toISOString(),
    });
  }

  /**
   * Staff entered a key risk indicator's value for a period (issue 13): the indicator, the
   * period and value as the fields, the reason as the purpose; written before the value.
   */
  async kriInputEntered(
    entry: {
      indicatorId: string;
      period: string;
      key: string;
      value: number;
      actor: string;
      reason: string;
    },
    at = new Date(),
  ): Promise<void> {
    await this.write({
      type: 'KRI_INPUT',
      subject: `kri.${entry.indicatorId}`,
      actor: entry.actor,
      fields: [`${entry.period}:${entry.key}`, `value:${entry.value}`],
      purpose: entry.reason,
      at: at.toISOString(),
    });
  }

  /**
   * A regulatory report was built, read, submitted or filed (issue 14, M1-c): the report as
   * the subject (`report.<id>`), what was done as the fields, why as the purpose; written
   * before the change (or before the file is shown).
   */
  async complianceRecorded(
    entry: { subject: string; actor: string; fields: readonly string[]; purpose: string },
    at = new Date(),
  ): Promise<void> {
    await this.write({
      type: 'COMPLIANCE',
      subject: entry.subject,
      actor: entry.actor,
      fields: [...entry.fields],
      purpose: entry.purpose,
      at: at.toISOString(),
    });
  }

  /**
   * A compliance officer's change to compliance management records (issue 14, M5): the
   * record as the subject, the action and what changed as the fields, the officer's note as
   * the purpose; written before the change.
   */
  async complianceChanged(
    entry: {
      subject: string;
      actor: string;
      action: string;
      fields: readonly string[];
      reason: string;
    },
    at = new Date(),
  ): Promise<void> {
    await this.write({
      type: 'COMPLIANCE',
      subject: `compliance.${entry.subject}`,
      actor: entry.actor,
      fields: [entry.action, ...entry.fields],
      purpose: entry.reason,
      at: at.toISOString(),
    });
  }

  /**
   * A customer's erasure (M7.1-b): what was destroyed and what is kept until when, written
   * before the erasure commits (a failed erasure leaves a record of the attempt, never the
   * reverse).
   */
  async erasureRequested(
    entry: { customerId: string; destroyed: readonly string[]; retainUntil: string },
    at = new Date(),
  ): Promise<void> {
    await this.write({
      type: 'ERASURE',
      subject: entry.customerId,
      actor: 'customer',
      fields: [...entry.destroyed],
      purpose: `erasure requested by the customer; transaction records kept under restriction until ${entry.retainUntil}`,
      at: at.toISOString(),
    });
  }

  /** A watch list's new version stored (issue 14, M1-c): who, which file, how many entries. */
  async watchlistStored(
    entry: { listId: string; version: number; sha256: string; entries: number; actor: string },
    at = new Date(),
  ): Promise<void> {
    await this.write({
      type: 'WATCHLIST',
      subject: `watchlist.${entry.listId}`,
      actor: entry.actor,
      fields: [`version:${entry.version}`, `sha256:${entry.sha256}`, `entries:${entry.entries}`],
      purpose: 'watch list version stored',
      at: at.toISOString(),
    });
  }

  private async append(type: AuditBody['type'], access: PiiAccess, at: Date): Promise<void> {
    await this.write({
      type,
      subject: access.customerId,
      actor: access.actor,
      fields: [...access.fields],
      purpose: access.purpose,
      at: at.toISOString(),
    });
  }

  private async write(body: AuditBody): Promise<void> {
    const day = body.at.slice(0, 10);
    for (let attempt = 0; attempt < 10; attempt++) {
      const chain = chainName(day, randomInt(AUDIT_CHAINS_PER_DAY));
      const head = await this.head(chain);
      const record = nextRecord(chain, head, body);
      try {
        await dynamo().send(new TransactWriteCommand({ TransactItems: this.items(record, head) }));
        return;
      } catch (error) {
        // Another writer moved this chain's head first: take a chain again.
        if (error instanceof TransactionCanceledException) continue;
        throw error;
      }
    }
    throw new DependencyError('the audit trail could not be written');
  }

  private items(r: ChainedRecord, head: { seq: number } | undefined) {
    const { body } = r;
    const link = { chain: r.chain, seq: r.seq, prev: r.prev, hash: r.hash };
    return [
      {
        Update: {
          TableName: this.table,
          Key: headKey(r.chain),
          UpdateExpression: 'SET seq = :seq, #h = :hash',
          ConditionExpression: head ? 'seq = :was' : 'attribute_not_exists(seq)',
          ExpressionAttributeNames: { '#h': 'hash' },
          ExpressionAttributeValues: {
            ':seq': r.seq,
            ':hash': r.hash,
            ...(head ? { ':was': head.seq } : {}),
          },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { pk: `CHAIN#${r.chain}`, sk: seqKey(r.seq), ...body, ...link },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: {
            ...copyKey(body, `${body.at}#${r.chain}#${seqKey(r.seq)}`),
            ...body,
            ...link,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  async head(chain: string): Promise<{ seq: number; hash: string } | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: headKey(chain), ConsistentRead: true }),
    );
    return out.Item ? { seq: Number(out.Item.seq), hash: String(out.Item.hash) } : undefined;
  }

  /** Every record of a chain, as stored (for verification). */
  async chain(chain: string): Promise<ChainedRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CHAIN#${chain}` },
      ConsistentRead: true,
    });
    return items.map((i) => ({
      chain,
      seq: Number(i.seq),
      prev: String(i.prev),
      hash: String(i.hash),
      body: {
        type: String(i.type) as AuditBody['type'],
        subject: String(i.subject),
        actor: String(i.actor),
        fields: (i.fields as string[]) ?? [],
        purpose: String(i.purpose),
        at: String(i.at),
      },
    }));
  }
}
