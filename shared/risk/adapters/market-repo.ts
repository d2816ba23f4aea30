// DynamoDB persistence of market risk (M3.2; ADR 0026), in the risk table. Price files are
// kept whole (gzip), one immutable version per distinct file, so a result can name the
// version it used and be computed again from the same bytes; results are kept per run and
// per portfolio with their inputs. Keys:
//
//   MKT#SERIES#<id>       HEAD            the current version: number, SHA-256, first and last day, rows
//   MKT#SERIES#<id>       V#<6 digits>    one version: the file (gzip), its validation report, who, when
//   MKT#RUNS              <runId>         a run: configuration version, series versions pinned, portfolios
//   MKT#RUN#<runId>       <portfolioId>   a portfolio's summary in that run (status, value, figures)
//   MKT#PF#<portfolioId>  <runId>         a portfolio's whole result with its inputs (gzip JSON)
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  dynamo,
  GetCommand,
  PutCommand,
  QueryCommand,
  queryAll,
  withoutKeys,
} from '../../platform';
import type { LedgerTx } from '../../money';
import type { FigureLine, ValidationReport } from '../domain/market';

export interface SeriesHead {
  readonly seriesId: string;
  readonly version: number;
  readonly sha256: string;
  readonly rows: number;
  readonly first: string | undefined;
  readonly last: string | undefined;
  readonly priceColumn: string | undefined;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface SeriesVersion extends SeriesHead {
  readonly csv: string;
  readonly report: ValidationReport;
}

/** A series version a run uses. */
export interface SeriesPin {
  readonly seriesId: string;
  readonly version: number;
  readonly sha256: string;
  readonly first: string | undefined;
  readonly last: string | undefined;
}

export interface MarketRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly by: string;
  readonly configVersion: string;
  readonly series: readonly SeriesPin[];
  /** Customers' portfolios enqueued (the platform's book comes on top). */
  readonly portfolios: number;
}

export interface PortfolioSummary {
  readonly portfolioId: string;
  readonly runId: string;
  readonly status: 'COMPUTED' | 'EMPTY' | 'FAILED';
  readonly computedAt: string;
  /** Fen. */
  readonly value: number;
  readonly positions: number;
  /** The historical one-day VaR at the highest configured level: what "worst" sorts by. */
  readonly headline?: FigureLine;
  readonly figures: readonly FigureLine[];
  readonly reason?: string;
}

const seriesKey = (id: string) => `MKT#SERIES#${id}`;
const versionSk = (v: number) => `V#${String(v).padStart(6, '0')}`;
const zip = (text: string) => gzipSync(Buffer.from(text, 'utf8'));
const unzip = (data: unknown) => gunzipSync(data as Uint8Array).toString('utf8');

export class MarketRepo {
  constructor(readonly table: string) {}

  async head(seriesId: string): Promise<SeriesHead | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: seriesKey(seriesId), sk: 'HEAD' },
        ConsistentRead: true,
      }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as SeriesHead) : undefined;
  }

  async version(seriesId: string, version: number): Promise<SeriesVersion | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: seriesKey(seriesId), sk: versionSk(version) },
      }),
    );
    if (!out.Item) return undefined;
    const { csvGz, report, ...rest } = withoutKeys(out.Item);
    return {
      ...(rest as unknown as SeriesHead),
      csv: unzip(csvGz),
      report: JSON.parse(unzip(report)) as ValidationReport,
    };
  }

  /**
   * A new version and the head moved to it, in the caller's transaction: the version must
   * not exist and the head must still be at `previous` (two uploads at once: one wins).
   */
  putVersion(tx: LedgerTx, v: SeriesVersion, previous: number | undefined): LedgerTx {
    const { csv, report, ...head } = v;
    // Rule set versions and series versions are both versioned reference data: a failed
    // condition on either is a concurrent change (money's condition kinds are its own).
    return tx
      .put(
        { kind: 'ruleSet' },
        {
          TableName: this.table,
          Item: {
            pk: seriesKey(v.seriesId),
            sk: versionSk(v.version),
            ...head,
            csvGz: zip(csv),
            report: zip(JSON.stringify(report)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      )
      .put(
        { kind: 'ruleSet' },
        {
          TableName: this.table,
          Item: { pk: seriesKey(v.seriesId), sk: 'HEAD', ...head },
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

  async putRun(run: MarketRun): Promise<void> {
    await dynamo().send(
      new PutCommand({ TableName: this.table, Item: { pk: 'MKT#RUNS', sk: run.runId, ...run } }),
    );
  }

  async run(runId: string): Promise<MarketRun | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: { pk: 'MKT#RUNS', sk: runId } }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as MarketRun) : undefined;
  }

  async latestRun(): Promise<MarketRun | undefined> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'MKT#RUNS' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    return item ? (withoutKeys(item) as unknown as MarketRun) : undefined;
  }

  /** A portfolio's summary in its run and its whole result (written again on a retry: same key). */
  async putResult(summary: PortfolioSummary, result: unknown): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: `MKT#PF#${summary.portfolioId}`,
          sk: summary.runId,
          runId: summary.runId,
          computedAt: summary.computedAt,
          resultGz: zip(JSON.stringify(result)),
        },
      }),
    );
    await dynamo().send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `MKT#RUN#${summary.runId}`, sk: summary.portfolioId, ...summary },
      }),
    );
  }

  /** The latest stored result of a portfolio. */
  async latestResult(portfolioId: string): Promise<unknown> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `MKT#PF#${portfolioId}` },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? JSON.parse(unzip(item.resultGz)) : undefined;
  }

  async summaries(runId: string): Promise<PortfolioSummary[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `MKT#RUN#${runId}` },
    });
    return items.map((i) => withoutKeys(i) as unknown as PortfolioSummary);
  }
}
