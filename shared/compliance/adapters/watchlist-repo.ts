// Watch lists in the compliance table (issue 14, M1-c): every version of a list kept whole
// (gzip, in chunks under the file's SHA-256, so a write of the same file is the same items),
// the head naming the version in force. A version becomes visible only when its version
// item and the head are written, in one transaction after every chunk: a reader never sees
// half a list. Keys:
//
//   WL#<list>                 HEAD        the version in force: number, SHA-256, counts, who, when
//   WL#<list>                 V#<6 digits> one version: SHA-256, chunks, counts, who, when
//   WL#<list>#F#<sha256>      C#<4 digits> a chunk of the file (gzip)
import { gunzipSync, gzipSync } from 'node:zlib';
import { dynamo, GetCommand, PutCommand, queryAll, withoutKeys } from '../../platform';
import type { LedgerTx } from '../../money';
import type { WatchlistReport } from '../domain/watchlist-file';

export interface WatchlistVersion {
  readonly listId: string;
  readonly version: number;
  readonly sha256: string;
  readonly chunks: number;
  readonly report: WatchlistReport;
  readonly storedBy: string;
  readonly storedAt: string;
}

const CHUNK_BYTES = 300_000;
const listPk = (listId: string) => `WL#${listId}`;
const filePk = (listId: string, sha256: string) => `WL#${listId}#F#${sha256}`;
const versionSk = (v: number) => `V#${String(v).padStart(6, '0')}`;

export class WatchlistRepo {
  constructor(readonly table: string) {}

  /**
   * The version in force. Read consistently: a registration must not screen against a
   * version the re-screening of a newer one has already passed by (ADR 0031).
   */
  head(listId: string): Promise<WatchlistVersion | undefined> {
    return this.item(listId, 'HEAD');
  }

  /** One version of a list (a version, once written, never changes). */
  version(listId: string, version: number): Promise<WatchlistVersion | undefined> {
    return this.item(listId, versionSk(version));
  }

  private async item(listId: string, sk: string): Promise<WatchlistVersion | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: listPk(listId), sk },
        ConsistentRead: true,
      }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as WatchlistVersion) : undefined;
  }

  async versions(listId: string): Promise<WatchlistVersion[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': listPk(listId), ':v': 'V#' },
      ScanIndexForward: false,
    });
    return items.map((i) => withoutKeys(i) as unknown as WatchlistVersion);
  }

  /** Writes the file's chunks (not yet visible: no version names them); returns how many. */
  async putFile(listId: string, sha256: string, csv: string): Promise<number> {
    const zipped = gzipSync(Buffer.from(csv, 'utf8'));
    const chunks = Math.max(1, Math.ceil(zipped.length / CHUNK_BYTES));
    for (let i = 0; i < chunks; i++) {
      await dynamo().send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: filePk(listId, sha256),
            sk: `C#${String(i).padStart(4, '0')}`,
            gz: zipped.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES),
          },
        }),
      );
    }
    return chunks;
  }

  /** The file of a stored version, as uploaded. */
  async file(v: Pick<WatchlistVersion, 'listId' | 'sha256' | 'chunks'>): Promise<string> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': filePk(v.listId, v.sha256) },
    });
    if (items.length !== v.chunks)
      throw new Error(
        `watch list ${v.listId} file ${v.sha256}: ${items.length} of ${v.chunks} chunks`,
      );
    return gunzipSync(Buffer.concat(items.map((i) => Buffer.from(i.gz as Uint8Array)))).toString(
      'utf8',
    );
  }

  /** The version item and the head, conditioned on the head being `previous`. */
  putVersion(tx: LedgerTx, v: WatchlistVersion, previous: number | undefined): LedgerTx {
    return tx
      .put(
        { kind: 'ruleSet' },
        {
          TableName: this.table,
          Item: { pk: listPk(v.listId), sk: versionSk(v.version), ...v },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      )
      .put(
        { kind: 'ruleSet' },
        {
          TableName: this.table,
          Item: { pk: listPk(v.listId), sk: 'HEAD', ...v },
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#v = :prev',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':prev': previous },
              }),
        },
      );
  }
}
