// DynamoDB persistence of regulatory reports (docs/regulatory-reports.md) in the compliance
// table. A report's summary (with its submissions) sits under its kind, sorted by day; each
// revision's files (JSON and CSV, with their hashes) under the report; a case filed as an
// STR has a marker, so no case is filed twice. Keys:
//
//   REPORTS#<kind>      <reportDate>#<reportId>   the report: revision, hashes, status, submissions, version
//   REPORT#<reportId>   REV#<revision, 4 digits>  a revision's JSON and CSV text and their SHA-256
//   STRCASE#<caseId>    STR                       the STR filed from the case
import { dynamo, GetCommand, queryAll, TransactWriteCommand, withoutKeys } from '../../platform';
import type { LedgerTx } from '../../money';
import type { RenderedReport, ReportStatus, Submission } from '../domain/reports';

export type ReportKind = 'LARGE_VALUE' | 'SUSPICIOUS';

/** A report as listed: what it is, its latest revision's hashes and where it stands. */
export interface ReportRecord {
  readonly reportId: string;
  readonly kind: ReportKind;
  readonly reportDate: string;
  readonly dueBy: string;
  readonly revision: number;
  readonly rowCount: number;
  readonly totalMinor: number;
  readonly jsonSha256: string;
  readonly csvSha256: string;
  readonly status: ReportStatus;
  readonly submissions: readonly Submission[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  /** STRs: the case and the alerts behind it. */
  readonly caseId?: string;
  readonly alertIds?: readonly string[];
}

export interface RevisionRecord extends RenderedReport {
  readonly reportId: string;
  readonly revision: number;
  readonly builtAt: string;
  readonly builtBy: string;
  /** Why a revision after the first: what changed since the one before. */
  readonly note?: string;
}

/** A report id carries its kind and day: LV-2026-11-28, STR-2026-11-29-K2026...-ab12. */
export function reportPlace(reportId: string): { kind: ReportKind; day: string } | undefined {
  const m = /^(LV|STR)-(\d{4}-\d{2}-\d{2})(?:-[A-Za-z0-9-]+)?$/.exec(reportId);
  if (!m) return undefined;
  if (m[1] === 'LV' && reportId.length !== 13) return undefined;
  return { kind: m[1] === 'LV' ? 'LARGE_VALUE' : 'SUSPICIOUS', day: m[2]! };
}

const listKey = (r: Pick<ReportRecord, 'kind' | 'reportDate' | 'reportId'>) => ({
  pk: `REPORTS#${r.kind}`,
  sk: `${r.reportDate}#${r.reportId}`,
});
const revKey = (reportId: string, revision: number) => ({
  pk: `REPORT#${reportId}`,
  sk: `REV#${String(revision).padStart(4, '0')}`,
});
const strCaseKey = (caseId: string) => ({ pk: `STRCASE#${caseId}`, sk: 'STR' });

export class ReportsRepo {
  constructor(readonly table: string) {}

  async report(reportId: string): Promise<ReportRecord | undefined> {
    const place = reportPlace(reportId);
    if (!place) return undefined;
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: listKey({ kind: place.kind, reportDate: place.day, reportId }),
        ConsistentRead: true,
      }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as ReportRecord) : undefined;
  }

  async revision(reportId: string, revision: number): Promise<RevisionRecord | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: revKey(reportId, revision) }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as RevisionRecord) : undefined;
  }

  async list(kind: ReportKind, from: string, to: string): Promise<ReportRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': `REPORTS#${kind}`, ':a': `${from}#`, ':b': `${to}#~` },
    });
    return items.map((i) => withoutKeys(i) as unknown as ReportRecord);
  }

  /** The STR filed from a case, if any. */
  async strOfCase(caseId: string): Promise<string | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: strCaseKey(caseId), ConsistentRead: true }),
    );
    return out.Item ? String(out.Item.reportId) : undefined;
  }

  /**
   * A new revision and the report as it now stands, on the version read (a first revision
   * only where no report is); fails as a whole if another writer came first.
   */
  async putRevision(record: ReportRecord, rev: RevisionRecord): Promise<void> {
    await dynamo().send(
      new TransactWriteCommand({ TransactItems: this.revisionItems(record, rev) }),
    );
  }

  private revisionItems(record: ReportRecord, rev: RevisionRecord) {
    const was = record.version - 1;
    return [
      {
        Put: {
          TableName: this.table,
          Item: { ...listKey(record), ...record },
          ConditionExpression: was === 0 ? 'attribute_not_exists(pk)' : 'version = :was',
          ...(was === 0 ? {} : { ExpressionAttributeValues: { ':was': was } }),
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...revKey(rev.reportId, rev.revision), ...rev },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  /** An STR in an idempotent staff transaction: the report, its file and the case's marker. */
  putStr(tx: LedgerTx, record: ReportRecord, rev: RevisionRecord): LedgerTx {
    const [report, file] = this.revisionItems(record, rev);
    tx.put({ kind: 'alert' }, report!.Put);
    tx.put({ kind: 'alert' }, file!.Put);
    tx.put(
      { kind: 'alert' },
      {
        TableName: this.table,
        Item: { ...strCaseKey(record.caseId ?? ''), reportId: record.reportId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    );
    return tx;
  }

  /** A submission recorded, in an idempotent staff transaction, on the version read. */
  putSubmission(tx: LedgerTx, record: ReportRecord): LedgerTx {
    tx.put(
      { kind: 'alert' },
      {
        TableName: this.table,
        Item: { ...listKey(record), ...record },
        ConditionExpression: 'version = :was',
        ExpressionAttributeValues: { ':was': record.version - 1 },
      },
    );
    return tx;
  }
}
