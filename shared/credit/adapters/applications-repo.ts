// Credit applications in the ledger table (core tier; ADR 0022): the application with its
// inputs and explained assessment (`CREDIT#<id>` / `APP`), the customer's list
// (`CUSTCREDIT#<customerId>` / `<at>#<id>`) and, while referred, the credit officers'
// queue (`CREDITQ#REFERRED` / `<at>#<id>`) and the decision log (`CREDITLOG#<day>#<shard>`).
// Written in the request's transaction.
import { GetCommand, QueryCommand, dynamo, queryAll, withoutKeys } from '../../platform';
import { cstDate } from '../../kernel';
import { shardOf, type LedgerTx } from '../../money';
import type { CreditApplication } from '../domain/application';
import type { CreditAssessment, Decision } from '../domain/assessment';
import type { Offer } from '../domain/policy';

export type ApplicationStatus = 'APPROVED' | 'DECLINED' | 'REFERRED';

export interface OfficerDecision {
  readonly decision: 'APPROVE' | 'DECLINE';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface StoredApplication {
  readonly applicationId: string;
  readonly customerId: string;
  readonly status: ApplicationStatus;
  readonly application: CreditApplication;
  readonly assessment: CreditAssessment;
  readonly offer?: Offer;
  readonly officer?: OfficerDecision;
  readonly decidedAt: string;
  /** The loan the offer became, once the applicant took it up. */
  readonly loanId?: string;
}

export const STATUS_OF: Record<Decision, ApplicationStatus> = {
  APPROVE: 'APPROVED',
  DECLINE: 'DECLINED',
  REFER: 'REFERRED',
};

const appKey = (id: string) => ({ pk: `CREDIT#${id}`, sk: 'APP' });
const QUEUE = 'CREDITQ#REFERRED';

/**
 * The decision log (KPIs, M8.1-a: decision time): one item per application under the CST
 * day of its final decision (at once, or an officer's on a referral), in one of
 * CREDITLOG_SHARDS partitions; ids and times only.
 */
export const CREDITLOG_SHARDS = 4;

/** An application's final decision as the log keeps it. */
export interface CreditDecisionLogEntry {
  readonly applicationId: string;
  readonly appliedAt: string;
  readonly decidedAt: string;
  readonly referred: boolean;
}

const logItem = (e: CreditDecisionLogEntry) => ({
  pk: `CREDITLOG#${cstDate(new Date(e.decidedAt))}#${shardOf(e.applicationId, CREDITLOG_SHARDS)}`,
  sk: e.applicationId,
  ...e,
});

export class ApplicationsRepo {
  constructor(readonly table: string) {}

  /** Adds the application (and its place in the customer's list and the queue) to `tx`. */
  record(tx: LedgerTx, a: StoredApplication): LedgerTx {
    const at = `${a.decidedAt}#${a.applicationId}`;
    let out = tx
      .put(undefined, {
        TableName: this.table,
        Item: { ...appKey(a.applicationId), ...a },
        ConditionExpression: 'attribute_not_exists(pk)',
      })
      .put(undefined, {
        TableName: this.table,
        Item: { pk: `CUSTCREDIT#${a.customerId}`, sk: at, applicationId: a.applicationId },
      });
    if (a.status === 'REFERRED')
      out = out.put(undefined, {
        TableName: this.table,
        Item: { pk: QUEUE, sk: at, applicationId: a.applicationId, customerId: a.customerId },
      });
    else
      out = out.put(undefined, {
        TableName: this.table,
        Item: logItem({
          applicationId: a.applicationId,
          appliedAt: a.decidedAt,
          decidedAt: a.decidedAt,
          referred: false,
        }),
      });
    return out;
  }

  /** A referred application decided by an officer: status, decision, out of the queue. */
  decide(tx: LedgerTx, a: StoredApplication, decided: StoredApplication): LedgerTx {
    return tx
      .update(
        { kind: 'credit' },
        {
          TableName: this.table,
          Key: appKey(a.applicationId),
          UpdateExpression: 'SET #s = :s, officer = :o, offer = :offer',
          ConditionExpression: '#s = :referred',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': decided.status,
            ':o': decided.officer,
            ':offer': decided.offer ?? null,
            ':referred': 'REFERRED',
          },
        },
      )
      .delete(undefined, {
        TableName: this.table,
        Key: { pk: QUEUE, sk: `${a.decidedAt}#${a.applicationId}` },
      })
      .put(undefined, {
        TableName: this.table,
        Item: logItem({
          applicationId: a.applicationId,
          appliedAt: a.decidedAt,
          decidedAt: decided.officer?.at ?? a.decidedAt,
          referred: true,
        }),
      });
  }

  /** The final decisions made on each CST day of `days`, from the decision log. */
  async decisionLog(days: readonly string[]): Promise<CreditDecisionLogEntry[]> {
    const pages = await Promise.all(
      days.flatMap((day) =>
        Array.from({ length: CREDITLOG_SHARDS }, (_, shard) =>
          queryAll({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `CREDITLOG#${day}#${shard}` },
          }),
        ),
      ),
    );
    return pages.flat().map((i) => withoutKeys(i) as unknown as CreditDecisionLogEntry);
  }

  /** The approved offer taken up as `loanId` (once: a second acceptance fails its condition). */
  accept(tx: LedgerTx, applicationId: string, loanId: string): LedgerTx {
    return tx.update(
      { kind: 'credit' },
      {
        TableName: this.table,
        Key: appKey(applicationId),
        UpdateExpression: 'SET loanId = :l',
        ConditionExpression: '#s = :approved AND attribute_not_exists(loanId)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':l': loanId, ':approved': 'APPROVED' },
      },
    );
  }

  async get(applicationId: string): Promise<StoredApplication | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: appKey(applicationId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...a } = out.Item;
    return a as StoredApplication;
  }

  /** A customer's applications, newest first, at most `limit`. */
  async ofCustomer(customerId: string, limit = 5): Promise<StoredApplication[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :c',
        ExpressionAttributeValues: { ':c': `CUSTCREDIT#${customerId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const apps = await Promise.all((out.Items ?? []).map((i) => this.get(String(i.applicationId))));
    return apps.filter((a): a is StoredApplication => a !== undefined);
  }

  /** The referred applications waiting for an officer, oldest first. */
  async referred(limit = 50): Promise<{ applicationId: string; customerId: string }[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :q',
        ExpressionAttributeValues: { ':q': QUEUE },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      applicationId: String(i.applicationId),
      customerId: String(i.customerId),
    }));
  }
}
