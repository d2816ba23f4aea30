// Incidents in the operations tier's table (the risk table; ADR 0019). Keys:
//
//   INCIDENT#<id>            INCIDENT   the incident, its timeline and version
//   INCIDENT#ALARM#<alarm>   OPEN       the incident an alarm has open (until it is resolved)
//   INCIDENTS                <openedAt>#<id>  a summary row, newest first in the list
//
// Every change is one transaction: the incident on the version read, its summary row, and
// the alarm's open marker (made with the incident, removed when it is resolved), so one
// alarm never opens two incidents, even from notifications delivered at once.
import {
  batchGetAll,
  dynamo,
  GetCommand,
  queryAll,
  withoutKeys,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteCommand,
} from '../../platform';
import type { Incident } from '../domain/incidents';

const incidentKey = (id: string) => ({ pk: `INCIDENT#${id}`, sk: 'INCIDENT' });
const alarmKey = (alarm: string) => ({ pk: `INCIDENT#ALARM#${alarm}`, sk: 'OPEN' });
const rowKey = (i: Incident) => ({ pk: 'INCIDENTS', sk: `${i.openedAt}#${i.incidentId}` });

export class IncidentChangedError extends Error {
  override readonly name = 'IncidentChangedError';
}

export interface IncidentSummary {
  readonly incidentId: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly openedAt: string;
  readonly alarm?: string;
  /** The runbook and resolution time, for the key risk indicators (rows since issue 13). */
  readonly runbook?: string;
  readonly resolvedAt?: string;
}

const summary = (i: Incident): IncidentSummary => ({
  incidentId: i.incidentId,
  title: i.title,
  severity: i.severity,
  status: i.status,
  openedAt: i.openedAt,
  ...(i.alarm ? { alarm: i.alarm.name } : {}),
  ...(i.runbook ? { runbook: i.runbook } : {}),
  ...(i.resolvedAt ? { resolvedAt: i.resolvedAt } : {}),
});

export class IncidentsRepo {
  constructor(private readonly table: string) {}

  /**
   * Writes a new incident. Where it is an alarm's and that alarm has one open already,
   * nothing is written and the open one's id is the answer.
   */
  async create(incident: Incident): Promise<{ created: boolean; incidentId: string }> {
    const alarm = incident.alarm?.name;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            ...(alarm
              ? [
                  {
                    Put: {
                      TableName: this.table,
                      Item: { ...alarmKey(alarm), incidentId: incident.incidentId },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
            {
              Put: {
                TableName: this.table,
                Item: { ...incidentKey(incident.incidentId), ...incident },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.table, Item: { ...rowKey(incident), ...summary(incident) } } },
          ],
        }),
      );
      return { created: true, incidentId: incident.incidentId };
    } catch (error) {
      if (alarm && error instanceof TransactionCanceledException) {
        const open = await this.openFor(alarm);
        if (open) return { created: false, incidentId: open };
      }
      throw error;
    }
  }

  /** The incident an alarm has open, if any. */
  async openFor(alarm: string): Promise<string | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: alarmKey(alarm), ConsistentRead: true }),
    );
    return out.Item ? String(out.Item.incidentId) : undefined;
  }

  async get(id: string): Promise<Incident | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: incidentKey(id), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...incident } = out.Item;
    return incident as Incident;
  }

  /** Saves `next` over the version it was made from; a resolved incident frees its alarm. */
  async save(next: Incident): Promise<void> {
    const freed =
      next.alarm && (next.status === 'RESOLVED' || next.status === 'CLOSED')
        ? [
            {
              Delete: {
                TableName: this.table,
                Key: alarmKey(next.alarm.name),
                ConditionExpression: 'attribute_not_exists(pk) OR incidentId = :id',
                ExpressionAttributeValues: { ':id': next.incidentId },
              },
            },
          ]
        : [];
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...incidentKey(next.incidentId), ...next },
                ConditionExpression: 'version = :was',
                ExpressionAttributeValues: { ':was': next.version - 1 },
              },
            },
            { Put: { TableName: this.table, Item: { ...rowKey(next), ...summary(next) } } },
            ...freed,
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException)
        throw new IncidentChangedError(next.incidentId, { cause: error });
      throw error;
    }
  }

  /** The incidents opened from `from` to `to` (ISO instants, both included), oldest first. */
  async openedBetween(from: string, to: string): Promise<Incident[]> {
    const rows = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'INCIDENTS', ':from': from, ':to': `${to}~` },
      ProjectionExpression: 'incidentId',
    });
    const items = await batchGetAll(
      this.table,
      rows.map((r) => incidentKey(String(r.incidentId))),
    );
    return items
      .map((i) => withoutKeys(i) as unknown as Incident)
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  }

  /** Summaries, newest first, optionally of one status. */
  async list(opts: { status?: string | undefined; limit: number }): Promise<IncidentSummary[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': 'INCIDENTS',
          ...(opts.status ? { ':s': opts.status } : {}),
        },
        ...(opts.status
          ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } }
          : {}),
        ScanIndexForward: false,
        Limit: opts.status ? undefined : opts.limit,
      }),
    );
    return (out.Items ?? []).slice(0, opts.limit).map((i) => ({
      incidentId: String(i.incidentId),
      title: String(i.title),
      severity: String(i.severity),
      status: String(i.status),
      openedAt: String(i.openedAt),
      ...(i.alarm ? { alarm: String(i.alarm) } : {}),
    }));
  }
}
