// Key risk indicators in the risk table (docs/operational-risk.md, "Where each figure comes
// from"): the platform's own records read for a period, staff inputs, scored periods and
// the alerts their thresholds raised. Keys:
//
//   KRI#INPUT#<indicator>#<period>  <period key>              a staff value, who, why, every entry
//   KRI#SCORE#<period>              <period key>              a scored period with its breakdown
//   KRI#RAISED#<period>#<key>       <scope>#<level>           the alert a threshold raised (once)
//   KRI#COUNT#<figure>              <day>                     n: a figure counted as it happens
//
// and, read only: the scorer's decisions (HIST#<day>#<shard>: LOGIN events that failed),
// incidents (INCIDENTS: the summary rows, ADR 0019) and monitoring alerts (ALERTS#<day>).
import {
  dynamo,
  GetCommand,
  PutCommand,
  QueryCommand,
  queryAll,
  UpdateCommand,
  withoutKeys,
} from '../../platform';
import type { LedgerTx } from '../../money';
import type { Incident } from '../domain/incidents';
import type { KriBreach, KriPeriod, KriScore, KriTrend, KriInputRef } from '../domain/kri';
import { PLATFORM_SUBJECT } from '../domain/kri';
import { HISTORY_SHARDS, raiseAlertOnce, type AlertRecord } from './risk-repo';

type Item = Record<string, unknown>;

const inputPk = (indicatorId: string, period: KriPeriod) => `KRI#INPUT#${indicatorId}#${period}`;
const scorePk = (period: KriPeriod) => `KRI#SCORE#${period}`;
const raisedPk = (period: KriPeriod, key: string) => `KRI#RAISED#${period}#${key}`;
const countPk = (figure: string) => `KRI#COUNT#${figure}`;

/** One entry of a staff value (the record keeps every one, newest last). */
export interface KriInputEntry {
  readonly value: number;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

/** A staff value for one indicator and period, with every entry made. */
export interface KriInputRecord extends KriInputEntry {
  readonly indicatorId: string;
  readonly period: KriPeriod;
  readonly key: string;
  readonly version: number;
  readonly history: readonly KriInputEntry[];
}

/** A scored period as stored. */
export interface KriScoreRecord extends KriScore {
  readonly period: KriPeriod;
  readonly key: string;
  readonly start: string;
  readonly end: string;
  /** The instant the figures were read up to: the period's end, or the run's time before it. */
  readonly asOf: string;
  /** Whether the period had ended when it was scored. */
  readonly final: boolean;
  readonly computedAt: string;
  readonly trend: KriTrend;
}

/** A threshold's alert for a period, raised once. */
export interface KriRaised extends KriBreach {
  readonly alertId: string;
  readonly raisedAt: string;
  readonly notified: boolean;
}

const inputRef = (r: KriInputRecord): KriInputRef => ({
  key: r.key,
  value: r.value,
  by: r.by,
  at: r.at,
  reason: r.reason,
});

export class KriRepo {
  constructor(readonly table: string) {}

  // ---- the platform's records -------------------------------------------------------

  /**
   * Failed sign-ins from `start` (included) to `end` (excluded): the LOGIN events the scorer
   * recorded with outcome FAILURE, counted in the decision history of each day (32 shards;
   * `Select: COUNT`, so nothing but the count comes back).
   */
  async failedSignIns(start: string, end: string, days: readonly string[]): Promise<number> {
    let total = 0;
    for (let i = 0; i < days.length; i += 4) {
      const counts = await Promise.all(
        days.slice(i, i + 4).flatMap((day) =>
          Array.from({ length: HISTORY_SHARDS }, (_, shard) =>
            this.count({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              FilterExpression: '#e.#t = :login AND #e.#o = :failure',
              ExpressionAttributeNames: { '#e': 'event', '#t': 'type', '#o': 'outcome' },
              ExpressionAttributeValues: {
                ':pk': `HIST#${day}#${shard}`,
                ':from': start,
                ':to': end,
                ':login': 'LOGIN',
                ':failure': 'FAILURE',
              },
            }),
          ),
        ),
      );
      total += counts.reduce((s, n) => s + n, 0);
    }
    return total;
  }

  private async count(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<number> {
    let n = 0;
    let start: Item | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          ...input,
          Select: 'COUNT',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      n += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return n;
  }

  /**
   * Incidents opened from `since` to `end` (excluded), from the summary rows, with their
   * runbook and when they were resolved (read from the incident where an older row lacks them).
   */
  async incidents(
    since: string,
    end: string,
  ): Promise<{ incidentId: string; openedAt: string; runbook?: string; resolvedAt?: string }[]> {
    const rows = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'INCIDENTS', ':from': since, ':to': end },
    });
    return Promise.all(
      rows.map(async (row) => {
        let runbook = row.runbook as string | undefined;
        let resolvedAt = row.resolvedAt as string | undefined;
        const settled = ['RESOLVED', 'CLOSED'].includes(String(row.status));
        if ((runbook === undefined && row.alarm) || (settled && resolvedAt === undefined)) {
          const full = await this.incident(String(row.incidentId));
          runbook = full?.runbook;
          resolvedAt = full?.resolvedAt ?? full?.closedAt;
        }
        return {
          incidentId: String(row.incidentId),
          openedAt: String(row.openedAt),
          ...(runbook ? { runbook } : {}),
          ...(resolvedAt ? { resolvedAt } : {}),
        };
      }),
    );
  }

  private async incident(id: string): Promise<Incident | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: { pk: `INCIDENT#${id}`, sk: 'INCIDENT' } }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as Incident) : undefined;
  }

  /**
   * Monitoring alerts open at `end`: opened before it on one of `days`, and not closed by
   * then (the alerts KRI thresholds raise are left out: they are not monitoring work).
   */
  async openAlertsAt(
    end: string,
    days: readonly string[],
  ): Promise<{ count: number; oldestOpenedAt?: string }> {
    const pages = await Promise.all(
      days.map((day) =>
        queryAll({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ProjectionExpression: 'openedAt, #s, closedAt, customerId',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pk': `ALERTS#${day}` },
        }),
      ),
    );
    let count = 0;
    let oldest: string | undefined;
    for (const a of pages.flat()) {
      const openedAt = String(a.openedAt);
      if (a.customerId === PLATFORM_SUBJECT || openedAt >= end) continue;
      const closedAt = a.closedAt as string | undefined;
      const open = a.status !== 'CLOSED' || (closedAt !== undefined && closedAt >= end);
      if (!open) continue;
      count++;
      if (oldest === undefined || openedAt < oldest) oldest = openedAt;
    }
    return { count, ...(oldest ? { oldestOpenedAt: oldest } : {}) };
  }

  /** A figure counted by day as it happens (`KRI#COUNT#<figure>`), summed over `days`. */
  async counted(figure: string, days: readonly string[]): Promise<number> {
    if (days.length === 0) return 0;
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': countPk(figure),
        ':from': days[0],
        ':to': days.at(-1),
      },
    });
    return items.reduce((s, i) => s + (typeof i.n === 'number' ? i.n : 0), 0);
  }

  /** Counts one occurrence of a figure on its day (one UpdateItem: ADD). */
  async count1(figure: string, day: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: countPk(figure), sk: day },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  // ---- staff inputs -----------------------------------------------------------------

  async input(
    indicatorId: string,
    period: KriPeriod,
    key: string,
  ): Promise<KriInputRecord | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: inputPk(indicatorId, period), sk: key },
        ConsistentRead: true,
      }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as KriInputRecord) : undefined;
  }

  /** The latest value entered for the period or an earlier one of the same kind. */
  async inputAtOrBefore(
    indicatorId: string,
    period: KriPeriod,
    key: string,
  ): Promise<KriInputRef | undefined> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk <= :key',
        ExpressionAttributeValues: { ':pk': inputPk(indicatorId, period), ':key': key },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? inputRef(withoutKeys(item) as unknown as KriInputRecord) : undefined;
  }

  /** Adds a staff value to a transaction, on the version read (0: the first for the period). */
  putInput(tx: LedgerTx, record: KriInputRecord): LedgerTx {
    const was = record.version - 1;
    tx.put(
      { kind: 'alert' },
      {
        TableName: this.table,
        Item: { pk: inputPk(record.indicatorId, record.period), sk: record.key, ...record },
        ConditionExpression: was === 0 ? 'attribute_not_exists(pk)' : 'version = :was',
        ...(was === 0 ? {} : { ExpressionAttributeValues: { ':was': was } }),
      },
    );
    return tx;
  }

  // ---- scores -----------------------------------------------------------------------

  async putScore(record: KriScoreRecord): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: scorePk(record.period), sk: record.key, ...record },
      }),
    );
  }

  async score(period: KriPeriod, key: string): Promise<KriScoreRecord | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: { pk: scorePk(period), sk: key } }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as KriScoreRecord) : undefined;
  }

  /** The scored periods from `from` to `to` (keys, both included), newest first. */
  async scoresBetween(period: KriPeriod, from: string, to: string): Promise<KriScoreRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': scorePk(period), ':from': from, ':to': to },
      ScanIndexForward: false,
    });
    return items.map((i) => withoutKeys(i) as unknown as KriScoreRecord);
  }

  // ---- alerts raised ----------------------------------------------------------------

  /**
   * Raises a threshold's alert for a period once: its marker and the monitoring alert in
   * one transaction, each only where nothing is. Answers false when the marker was there.
   */
  async raiseOnce(
    period: KriPeriod,
    key: string,
    breach: KriBreach,
    alert: AlertRecord,
  ): Promise<boolean> {
    const marker: KriRaised = {
      ...breach,
      alertId: alert.alertId,
      raisedAt: alert.openedAt,
      notified: false,
    };
    return raiseAlertOnce(
      {
        Put: {
          TableName: this.table,
          Item: { pk: raisedPk(period, key), sk: `${breach.scope}#${breach.level}`, ...marker },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.table,
      alert,
    );
  }

  /** The alerts a period's thresholds raised. */
  async raised(period: KriPeriod, key: string): Promise<KriRaised[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': raisedPk(period, key) },
    });
    return items.map((i) => withoutKeys(i) as unknown as KriRaised);
  }

  async markNotified(period: KriPeriod, key: string, r: Pick<KriRaised, 'scope' | 'level'>) {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: raisedPk(period, key), sk: `${r.scope}#${r.level}` },
        UpdateExpression: 'SET notified = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }
}
