// Compliance management in the compliance table (docs/compliance-management.md). Keys:
//
//   POLICY#<id>            CURRENT                    the version in force (its `version`)
//   POLICY#<id>            V#<nnnn>                   every version, superseded ones marked
//   POLICIES               <id>                       the version in force, for listings
//   COURSES                <courseId>                 a training course
//   ROSTER                 <username>                 who holds which roles, for training
//   COURSE#<courseId>      DONE#<username>#<nnnn>     an assessment attempt
//   AUDIT#<id>             AUDIT                      an audit: plan, evidence, findings, report
//   AUDITS                 <plannedAt>#<id>           a summary row, newest first
//   FINDING#<id>           FINDING                    a remediation item with its history
//   FINDINGS               <raisedAt>#<id>            a summary row
//   FINDINGS#OUTSTANDING   <deadline>#<id>            not yet verified, by deadline (escalation)
//   REMINDERS              <what>                     a review reminder or escalation, raised once
//
// Writes go into a LedgerTx (the idempotency record of the request in the same
// transaction); a record written over the version read fails its condition as
// `compliance`, which the flows answer with 409 CONCURRENT_CHANGE.
import {
  dynamo,
  GetCommand,
  queryAll,
  TransactionCanceledException,
  TransactWriteCommand,
  UpdateCommand,
  withoutKeys,
} from '../../platform';
import type { LedgerTx } from '../../money';
import type { Audit } from '../domain/audits';
import type { PolicyVersion } from '../domain/policies';
import type { Finding } from '../domain/remediation';
import type { Completion, Course, RosterEntry } from '../domain/training';

type Item = Record<string, unknown>;
const CHANGED = { kind: 'compliance' } as const;
const pad = (n: number) => String(n).padStart(4, '0');

/** A reminder or an escalation, raised once, and whether it has reached the alert topic. */
export interface RaisedReminder {
  readonly reminderId: string;
  readonly kind: 'POLICY_REVIEW' | 'REMEDIATION_ESCALATION';
  readonly subject: string;
  readonly severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  readonly message: string;
  /** Whom it is for: the policy's or the item's owner. */
  readonly owner: string;
  readonly raisedAt: string;
  readonly notified: boolean;
}

export interface FindingSummary {
  readonly findingId: string;
  readonly auditId: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly owner: string;
  readonly deadline: string;
  readonly escalationLevel: number;
  readonly raisedAt: string;
}

export interface AuditSummary {
  readonly auditId: string;
  readonly title: string;
  readonly status: string;
  readonly auditor: string;
  readonly areaOwner: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly findings: number;
  readonly plannedAt: string;
}

const findingSummary = (f: Finding): FindingSummary => ({
  findingId: f.findingId,
  auditId: f.auditId,
  title: f.title,
  severity: f.severity,
  status: f.status,
  owner: f.owner,
  deadline: f.deadline,
  escalationLevel: f.escalationLevel,
  raisedAt: f.raisedAt,
});

const auditSummary = (a: Audit): AuditSummary => ({
  auditId: a.auditId,
  title: a.title,
  status: a.status,
  auditor: a.auditor,
  areaOwner: a.areaOwner,
  periodFrom: a.periodFrom,
  periodTo: a.periodTo,
  findings: a.findings.length,
  plannedAt: a.plannedAt,
});

export class ComplianceRepo {
  constructor(readonly table: string) {}

  private async get(pk: string, sk: string): Promise<Item | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return out.Item ? withoutKeys(out.Item) : undefined;
  }

  private async all(pk: string, prefix?: string, newestFirst = false): Promise<Item[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':p': prefix } : {}) },
      ScanIndexForward: !newestFirst,
      ConsistentRead: true,
    });
    return items.map(withoutKeys);
  }

  /** Puts a record over the version it was made from (none for version 1). */
  private versioned(tx: LedgerTx, pk: string, sk: string, item: { readonly version: number }) {
    const was = item.version - 1;
    tx.put(CHANGED, {
      TableName: this.table,
      Item: { pk, sk, ...item },
      ConditionExpression: was === 0 ? 'attribute_not_exists(pk)' : 'version = :was',
      ...(was === 0 ? {} : { ExpressionAttributeValues: { ':was': was } }),
    });
  }

  private plain(tx: LedgerTx, pk: string, sk: string, item: Item) {
    tx.put(undefined, { TableName: this.table, Item: { pk, sk, ...item } });
  }

  // ---- policies ----------------------------------------------------------------------

  async policy(policyId: string): Promise<PolicyVersion | undefined> {
    return (await this.get(`POLICY#${policyId}`, 'CURRENT')) as PolicyVersion | undefined;
  }

  async policyVersions(policyId: string): Promise<PolicyVersion[]> {
    return (await this.all(`POLICY#${policyId}`, 'V#')) as unknown as PolicyVersion[];
  }

  async policies(): Promise<PolicyVersion[]> {
    return (await this.all('POLICIES')) as unknown as PolicyVersion[];
  }

  /** A new version in force (over the one read), kept, and the superseded one marked. */
  putPolicy(tx: LedgerTx, next: PolicyVersion, superseded?: PolicyVersion): LedgerTx {
    const pk = `POLICY#${next.policyId}`;
    this.versioned(tx, pk, 'CURRENT', next);
    tx.put(CHANGED, {
      TableName: this.table,
      Item: { pk, sk: `V#${pad(next.version)}`, ...next },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    if (superseded) this.plain(tx, pk, `V#${pad(superseded.version)}`, { ...superseded });
    this.plain(tx, 'POLICIES', next.policyId, { ...next });
    return tx;
  }

  // ---- training ----------------------------------------------------------------------

  async course(courseId: string): Promise<Course | undefined> {
    return (await this.get('COURSES', courseId)) as Course | undefined;
  }

  async courses(): Promise<Course[]> {
    return (await this.all('COURSES')) as unknown as Course[];
  }

  putCourse(tx: LedgerTx, course: Course): LedgerTx {
    this.versioned(tx, 'COURSES', course.courseId, course);
    return tx;
  }

  async rosterEntry(username: string): Promise<RosterEntry | undefined> {
    return (await this.get('ROSTER', username)) as RosterEntry | undefined;
  }

  async roster(): Promise<RosterEntry[]> {
    return (await this.all('ROSTER')) as unknown as RosterEntry[];
  }

  putRosterEntry(tx: LedgerTx, entry: RosterEntry): LedgerTx {
    this.versioned(tx, 'ROSTER', entry.username, entry);
    return tx;
  }

  async completions(courseId: string, username?: string): Promise<Completion[]> {
    return (await this.all(
      `COURSE#${courseId}`,
      username ? `DONE#${username}#` : 'DONE#',
    )) as unknown as Completion[];
  }

  /** An attempt, under its number: a second write of the same number fails (someone else's). */
  putCompletion(tx: LedgerTx, c: Completion): LedgerTx {
    tx.put(CHANGED, {
      TableName: this.table,
      Item: { pk: `COURSE#${c.courseId}`, sk: `DONE#${c.username}#${pad(c.attempt)}`, ...c },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return tx;
  }

  // ---- audits and findings -------------------------------------------------------------

  async audit(auditId: string): Promise<Audit | undefined> {
    return (await this.get(`AUDIT#${auditId}`, 'AUDIT')) as Audit | undefined;
  }

  async audits(): Promise<AuditSummary[]> {
    return (await this.all('AUDITS', undefined, true)) as unknown as AuditSummary[];
  }

  putAudit(tx: LedgerTx, audit: Audit): LedgerTx {
    this.versioned(tx, `AUDIT#${audit.auditId}`, 'AUDIT', audit);
    this.plain(tx, 'AUDITS', `${audit.plannedAt}#${audit.auditId}`, { ...auditSummary(audit) });
    return tx;
  }

  async finding(findingId: string): Promise<Finding | undefined> {
    return (await this.get(`FINDING#${findingId}`, 'FINDING')) as Finding | undefined;
  }

  async findings(): Promise<FindingSummary[]> {
    return (await this.all('FINDINGS', undefined, true)) as unknown as FindingSummary[];
  }

  /** The items not yet verified whose deadline is on or before `date`. */
  async outstandingBy(date: string): Promise<{ findingId: string; deadline: string }[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk <= :d',
      ExpressionAttributeValues: { ':pk': 'FINDINGS#OUTSTANDING', ':d': `${date}#~` },
    });
    return items.map((i) => ({ findingId: String(i.findingId), deadline: String(i.deadline) }));
  }

  /** An item over the version read, its summary, and its place among the outstanding. */
  putFinding(tx: LedgerTx, f: Finding, outstanding: boolean): LedgerTx {
    this.versioned(tx, `FINDING#${f.findingId}`, 'FINDING', f);
    this.plain(tx, 'FINDINGS', `${f.raisedAt}#${f.findingId}`, { ...findingSummary(f) });
    const index = {
      TableName: this.table,
      Key: { pk: 'FINDINGS#OUTSTANDING', sk: `${f.deadline}#${f.findingId}` },
    };
    if (outstanding)
      this.plain(tx, index.Key.pk, index.Key.sk, { findingId: f.findingId, deadline: f.deadline });
    else tx.delete(undefined, index);
    return tx;
  }

  // ---- reminders and escalations -----------------------------------------------------------

  /**
   * Raises a reminder once (with what it changes, e.g. an escalated item); false when it
   * was raised before or the item changed meanwhile (the next run looks again).
   */
  async raiseOnce(reminder: RaisedReminder, finding?: Finding): Promise<boolean> {
    const items: NonNullable<
      ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
    > = [
      {
        Put: {
          TableName: this.table,
          Item: { pk: 'REMINDERS', sk: reminder.reminderId, ...reminder },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (finding) {
      items.push(
        {
          Put: {
            TableName: this.table,
            Item: { pk: `FINDING#${finding.findingId}`, sk: 'FINDING', ...finding },
            ConditionExpression: 'version = :was',
            ExpressionAttributeValues: { ':was': finding.version - 1 },
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: {
              pk: 'FINDINGS',
              sk: `${finding.raisedAt}#${finding.findingId}`,
              ...findingSummary(finding),
            },
          },
        },
      );
    }
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async reminders(): Promise<RaisedReminder[]> {
    return (await this.all('REMINDERS')) as unknown as RaisedReminder[];
  }

  async markNotified(reminderId: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: 'REMINDERS', sk: reminderId },
        UpdateExpression: 'SET notified = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }
}
