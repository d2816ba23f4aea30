// Complaints in the service table (docs/customer-service.md, "Where it is kept"). Keys:
//
//   COMPLAINT#<id>         COMPLAINT             the complaint: its history (every event), version,
//                                                and the SLA job's marks (a warning, a breach alert)
//   CUSTOMER#<customer>    COMPLAINT#<at>#<id>   the customer's complaints, oldest first
//   OPEN                   <id>                  complaints not yet closed (the queue, the SLA job)
//   FILED#<CST day>        <id>                  complaints by the day they were filed (analytics)
//
// A breach alert is the risk module's monitoring alert (ALERTS#<day> in the risk table),
// written in one transaction with the complaint's mark for that clock, each only where
// nothing is: exactly one alert per clock however often the job runs.
import { cstDate } from '../../kernel';
import type { LedgerTx } from '../../money';
import {
  batchGetAll,
  dynamo,
  GetCommand,
  QueryCommand,
  queryAll,
  UpdateCommand,
  withoutKeys,
} from '../../platform';
import { raiseAlertOnce, type AlertRecord } from '../../risk';
import type { ComplaintEvent } from '../domain/complaint';
import type { SlaClockName } from '../domain/sla';

const complaintKey = (id: string) => ({ pk: `COMPLAINT#${id}`, sk: 'COMPLAINT' });
const OPEN = 'OPEN';

/** A breach alert's mark on the complaint: the alert, and whether it was published. */
export interface BreachMark {
  readonly alertId: string;
  readonly at: string;
  readonly notified: boolean;
}

/** A complaint as stored: its history and what the job marked. */
export interface ComplaintRecord {
  readonly complaintId: string;
  readonly customerId: string;
  readonly history: readonly ComplaintEvent[];
  readonly version: number;
  readonly status: string;
  readonly warned?: Partial<Record<SlaClockName, string>>;
  readonly breach?: Partial<Record<SlaClockName, BreachMark>>;
}

const markName = (kind: 'warn' | 'breach', clock: SlaClockName) => `${kind}_${clock}`;

function fromItem(item: Record<string, unknown>): ComplaintRecord {
  const rest = withoutKeys(item);
  const marks = (kind: 'warn' | 'breach') =>
    Object.fromEntries(
      (['FIRST_RESPONSE', 'RESULT'] as const)
        .filter((c) => rest[markName(kind, c)] !== undefined)
        .map((c) => [c, rest[markName(kind, c)]]),
    );
  return {
    complaintId: String(rest.complaintId),
    customerId: String(rest.customerId),
    history: rest.history as ComplaintEvent[],
    version: Number(rest.version),
    status: String(rest.status),
    warned: marks('warn') as Partial<Record<SlaClockName, string>>,
    breach: marks('breach') as Partial<Record<SlaClockName, BreachMark>>,
  };
}

export class ServiceRepo {
  constructor(readonly table: string) {}

  /** A new complaint: the record, the customer's index, the open list and the day index. */
  file(tx: LedgerTx, record: ComplaintRecord): LedgerTx {
    const filed = record.history[0];
    if (!filed) throw new Error('a complaint is filed with its first event');
    const { warned: _w, breach: _b, ...item } = record;
    tx.put(
      { kind: 'complaint' },
      {
        TableName: this.table,
        Item: { ...complaintKey(record.complaintId), ...item },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    );
    tx.put(undefined, {
      TableName: this.table,
      Item: {
        pk: `CUSTOMER#${record.customerId}`,
        sk: `COMPLAINT#${filed.at}#${record.complaintId}`,
        complaintId: record.complaintId,
      },
    });
    tx.put(undefined, {
      TableName: this.table,
      Item: { pk: OPEN, sk: record.complaintId, filedAt: filed.at },
    });
    tx.put(undefined, {
      TableName: this.table,
      Item: {
        pk: `FILED#${cstDate(new Date(filed.at))}`,
        sk: record.complaintId,
        complaintId: record.complaintId,
      },
    });
    return tx;
  }

  /**
   * Events appended to a complaint read at `before.version` (a change meanwhile fails the
   * transaction); a closed complaint leaves the open list.
   */
  append(
    tx: LedgerTx,
    before: ComplaintRecord,
    events: readonly ComplaintEvent[],
    status: string,
  ): LedgerTx {
    tx.update(
      { kind: 'complaint' },
      {
        TableName: this.table,
        Key: complaintKey(before.complaintId),
        UpdateExpression: 'SET history = list_append(history, :ev), version = :next, #st = :st',
        ConditionExpression: 'version = :was',
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: {
          ':ev': events,
          ':next': before.version + 1,
          ':was': before.version,
          ':st': status,
        },
      },
    );
    if (status === 'CLOSED' && before.status !== 'CLOSED')
      tx.delete(undefined, { TableName: this.table, Key: { pk: OPEN, sk: before.complaintId } });
    return tx;
  }

  async get(complaintId: string): Promise<ComplaintRecord | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: complaintKey(complaintId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  private async many(ids: readonly string[]): Promise<ComplaintRecord[]> {
    if (!ids.length) return [];
    const items = await batchGetAll(this.table, ids.map(complaintKey));
    const byId = new Map(items.map((i) => [String(i.complaintId), fromItem(i)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** A customer's complaints, newest first (at most `limit`). */
  async ofCustomer(customerId: string, limit: number): Promise<ComplaintRecord[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':c': 'COMPLAINT#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return this.many((out.Items ?? []).map((i) => String(i.complaintId)));
  }

  /** Every complaint not yet closed. */
  async open(): Promise<ComplaintRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': OPEN },
    });
    return this.many(items.map((i) => String(i.sk)));
  }

  /** The complaints filed on these CST days. */
  async filedOn(days: readonly string[]): Promise<ComplaintRecord[]> {
    const ids = (
      await Promise.all(
        days.map((d) =>
          queryAll({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `FILED#${d}` },
          }),
        ),
      )
    ).flatMap((items) => items.map((i) => String(i.sk)));
    return this.many(ids);
  }

  /** A clock's warning, recorded once: false when it already was. */
  async warnOnce(complaintId: string, event: ComplaintEvent & { type: 'SLA_WARNING' }) {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.table,
          Key: complaintKey(complaintId),
          UpdateExpression:
            'SET history = list_append(history, :ev), version = version + :one, #m = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#m)',
          ExpressionAttributeNames: { '#m': markName('warn', event.clock) },
          ExpressionAttributeValues: { ':ev': [event], ':one': 1, ':at': event.at },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * A clock's breach: the event and mark on the complaint and the monitoring alert in the
   * risk table, in one transaction, each only where nothing is. False when already raised.
   */
  breachOnce(
    complaintId: string,
    event: ComplaintEvent & { type: 'SLA_BREACHED' },
    alert: AlertRecord,
    riskTable: string,
  ): Promise<boolean> {
    const mark: BreachMark = { alertId: alert.alertId, at: event.at, notified: false };
    return raiseAlertOnce(
      {
        Update: {
          TableName: this.table,
          Key: complaintKey(complaintId),
          UpdateExpression:
            'SET history = list_append(history, :ev), version = version + :one, #m = :mark',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#m)',
          ExpressionAttributeNames: { '#m': markName('breach', event.clock) },
          ExpressionAttributeValues: { ':ev': [event], ':one': 1, ':mark': mark },
        },
      },
      riskTable,
      alert,
    );
  }

  /** The breach alert of a clock was published. */
  async breachNotified(complaintId: string, clock: SlaClockName): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.table,
        Key: complaintKey(complaintId),
        UpdateExpression: 'SET #m.notified = :t',
        ExpressionAttributeNames: { '#m': markName('breach', clock) },
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }
}
