// The payment provider (card top-ups and payouts) behind an interface. The simulator is
// deterministic and keeps its own records (for reconciliation); tests steer it with a
// control item per customer: decline, or fail the next N calls (a timeout).
import { GetCommand, PutCommand, UpdateCommand } from '../../platform';
import { dynamo } from '../../platform';
import type { ProviderRecord } from '../domain/reconciliation';
import { scanAll } from './ledger-repo';

export type ProviderResult = 'APPROVED' | 'DECLINED';

export interface ProviderRequest {
  readonly movementId: string;
  readonly customerId: string;
  readonly amount: number;
}

export interface PaymentProvider {
  /** Charges the customer's verified card. Idempotent per movement id. */
  charge(req: ProviderRequest): Promise<ProviderResult>;
  /** Pays out to the customer's verified card. Idempotent per movement id. */
  payout(req: ProviderRequest): Promise<ProviderResult>;
}

/** The provider did not answer (timeout, outage): the call may be retried. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

export interface SimulatorControl {
  declineCharges?: boolean;
  declinePayouts?: boolean;
  /** The next N charges time out. */
  failCharges?: number;
  /** The next N payouts time out. */
  failPayouts?: number;
}

export const controlKey = (customerId: string) => ({ pk: `CONTROL#${customerId}`, sk: 'CONTROL' });

export class SimulatedProvider implements PaymentProvider {
  constructor(private readonly table: string) {}

  charge(req: ProviderRequest) {
    return this.call('CHARGE', req);
  }

  /** Every charge and payout the simulator answered (the reconciliation's other side). */
  async records(): Promise<ProviderRecord[]> {
    return (await scanAll(this.table))
      .filter((i) => String(i.pk).startsWith('TXN#'))
      .map((i) => ({
        movementId: String(i.movementId),
        kind: i.kind as ProviderRecord['kind'],
        amount: Number(i.amount),
        result: i.result as ProviderRecord['result'],
      }));
  }

  payout(req: ProviderRequest) {
    return this.call('PAYOUT', req);
  }

  private async call(kind: 'CHARGE' | 'PAYOUT', req: ProviderRequest): Promise<ProviderResult> {
    const key = { pk: `TXN#${req.movementId}`, sk: kind };
    const done = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    if (done.Item) return done.Item.result as ProviderResult;
    const control = (
      await dynamo().send(
        new GetCommand({
          TableName: this.table,
          Key: controlKey(req.customerId),
          ConsistentRead: true,
        }),
      )
    ).Item as SimulatorControl | undefined;
    const failField = kind === 'CHARGE' ? 'failCharges' : 'failPayouts';
    if ((control?.[failField] ?? 0) > 0) {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.table,
          Key: controlKey(req.customerId),
          UpdateExpression: `ADD ${failField} :minus`,
          ExpressionAttributeValues: { ':minus': -1 },
        }),
      );
      throw new ProviderUnavailableError(`simulated ${kind.toLowerCase()} timeout`);
    }
    const declined = kind === 'CHARGE' ? control?.declineCharges : control?.declinePayouts;
    const result: ProviderResult = declined ? 'DECLINED' : 'APPROVED';
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, kind, ...req, result, at: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const again = await dynamo().send(
        new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
      );
      return again.Item?.result as ProviderResult;
    }
    return result;
  }
}

/** Stages without a provider yet: every call is unavailable (503), nothing moves. */
export class UnconfiguredProvider implements PaymentProvider {
  async charge(): Promise<ProviderResult> {
    throw new ProviderUnavailableError('no payment provider is configured for this stage');
  }
  async payout(): Promise<ProviderResult> {
    throw new ProviderUnavailableError('no payment provider is configured for this stage');
  }
}
