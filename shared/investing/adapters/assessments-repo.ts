// Customers' risk-tolerance assessments in the customer table: the current one
// (`CUST#<id>` / `RISK`) and every past one (`ASSESS#<time>`), so the customer file keeps
// its history of risk preference (M2.4-b).
import { GetCommand, QueryCommand } from '../../platform';
import type { AssessmentResult } from '../domain/questionnaire';
import { dynamo } from '../../platform';
import type { LedgerTx } from '../../money';

export type StoredAssessment = AssessmentResult & { readonly customerId: string };

export class AssessmentsRepo {
  constructor(readonly table: string) {}

  /** Adds the assessment, as current and in the history, to a transaction. */
  record(tx: LedgerTx, a: StoredAssessment): LedgerTx {
    return tx
      .put(undefined, {
        TableName: this.table,
        Item: { pk: `CUST#${a.customerId}`, sk: `ASSESS#${a.assessedAt}`, ...a },
      })
      .put(undefined, {
        TableName: this.table,
        Item: { pk: `CUST#${a.customerId}`, sk: 'RISK', ...a },
      });
  }

  async current(customerId: string): Promise<StoredAssessment | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `CUST#${customerId}`, sk: 'RISK' },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...a } = out.Item;
    return a as StoredAssessment;
  }

  /** Past assessments, newest first. */
  async history(customerId: string, limit = 20): Promise<StoredAssessment[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
        ExpressionAttributeValues: { ':pk': `CUST#${customerId}`, ':a': 'ASSESS#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...a }) => a as StoredAssessment);
  }
}
