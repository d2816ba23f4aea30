// DynamoDB persistence of the data-security audit (docs/data-security-audit.md) in the
// compliance table: each CST day's data-access report, and for each flag the monitoring
// alert it raised (once: the marker and the alert are put in one transaction, the marker
// only where none is). Keys:
//
//   DATA_ACCESS             <day>       the day's report: who read which customer's data, the flags
//   DATA_ACCESS_FLAG#<day>  <flagId>    the alert a flag raised, and whether it was published
import {
  dynamo,
  GetCommand,
  PutCommand,
  queryAll,
  UpdateCommand,
  withoutKeys,
} from '../../platform';
import { raiseAlertOnce, type AlertRecord } from '../../risk';
import type { AccessFlag, DataAccessSummary } from '../domain/data-audit';

export interface DataAccessReport extends DataAccessSummary {
  readonly computedAt: string;
}

export interface RaisedFlag {
  readonly flagId: string;
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: AccessFlag['severity'];
  readonly reason: string;
  readonly raisedAt: string;
  readonly notified: boolean;
}

const flagPk = (day: string) => `DATA_ACCESS_FLAG#${day}`;

export class DataAuditRepo {
  constructor(
    readonly table: string,
    /** The risk table, where monitoring alerts live (the risk module's alerts: no second system). */
    private readonly riskTable: string,
  ) {}

  async putReport(report: DataAccessReport): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: 'DATA_ACCESS', sk: report.day, ...report },
      }),
    );
  }

  async report(day: string): Promise<DataAccessReport | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: { pk: 'DATA_ACCESS', sk: day } }),
    );
    return out.Item ? (withoutKeys(out.Item) as unknown as DataAccessReport) : undefined;
  }

  /** The reports of the days from `from` to `to` (the baseline), in one Query. */
  async reportsBetween(from: string, to: string): Promise<DataAccessReport[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': 'DATA_ACCESS', ':a': from, ':b': to },
    });
    return items.map((i) => withoutKeys(i) as unknown as DataAccessReport);
  }

  /** The flag's alert, unless the flag already raised one that day. */
  raiseOnce(day: string, flag: RaisedFlag, alert: AlertRecord): Promise<boolean> {
    return raiseAlertOnce(
      {
        Put: {
          TableName: this.table,
          Item: { pk: flagPk(day), sk: flag.flagId, ...flag },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.riskTable,
      alert,
    );
  }

  async raised(day: string): Promise<RaisedFlag[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': flagPk(day) },
      ConsistentRead: true,
    });
    return items.map((i) => withoutKeys(i) as unknown as RaisedFlag);
  }

  async markNotified(day: string, flagId: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: flagPk(day), sk: flagId },
        UpdateExpression: 'SET notified = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }
}
