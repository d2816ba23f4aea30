// The customer's data rights in the customers table (issue 14, M7.1-a/b): consent changes
// per purpose beside the profile, and an erasure's writes. Its own class, so the functions
// that only read profiles do not carry it.
import { dynamo, GetCommand, queryAll } from '../../platform';
import type { LedgerTx } from '../../money';
import type { ConsentPurpose, ConsentRecord } from '../domain/consents';
import {
  customerKey,
  indexKey,
  regKey,
  type CustomerItem,
  type ErasureMark,
  type MaskedPii,
  type RegistrationItem,
} from './customers-repo';

/** Where the current state of a purpose is kept on the profile. */
const consentAttribute = (purpose: ConsentPurpose) => `consent:${purpose}`;

/** The current consent of each purpose given or withdrawn through the API (not SERVICE's). */
export function consentsOn(customer: CustomerItem): Partial<Record<ConsentPurpose, ConsentRecord>> {
  const item = customer as unknown as Record<string, unknown>;
  const out: Partial<Record<ConsentPurpose, ConsentRecord>> = {};
  for (const [k, v] of Object.entries(item))
    if (k.startsWith('consent:')) out[k.slice(8) as ConsentPurpose] = v as ConsentRecord;
  return out;
}

export class DataRightsRepo {
  constructor(readonly table: string) {}

  /** Every consent change of a customer, oldest first. */
  async consentHistory(customerId: string): Promise<ConsentRecord[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':pk': `CUST#${customerId}`, ':c': 'CONSENT#' },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, type: _t, ...r }) => r as unknown as ConsentRecord);
  }

  /**
   * Adds a consent change to `tx`: the purpose's current state on the profile, on condition
   * that the account is open and the purpose still stands as read (`seenAt`), and the change
   * kept beside it (append-only).
   */
  recordConsent(
    tx: LedgerTx,
    customerId: string,
    record: ConsentRecord,
    seenAt: string | undefined,
  ): LedgerTx {
    return tx
      .update(
        { kind: 'account' },
        {
          TableName: this.table,
          Key: customerKey(customerId),
          UpdateExpression: 'SET #c = :r',
          ConditionExpression: seenAt
            ? '#s = :active AND #c.#at = :seen'
            : '#s = :active AND attribute_not_exists(#c)',
          ExpressionAttributeNames: {
            '#c': consentAttribute(record.purpose),
            '#s': 'status',
            ...(seenAt ? { '#at': 'at' } : {}),
          },
          ExpressionAttributeValues: {
            ':r': record,
            ':active': 'ACTIVE',
            ...(seenAt ? { ':seen': seenAt } : {}),
          },
        },
      )
      .put(
        { kind: 'account' },
        {
          TableName: this.table,
          Item: {
            pk: `CUST#${customerId}`,
            sk: `CONSENT#${record.at}#${record.purpose}`,
            type: 'CONSENT',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      );
  }

  /**
   * Adds an erasure to `tx` (M7.1-b): the profile closed, its PII, masked forms and
   * registration evidence removed, on condition that it is still ACTIVE; the masked identity
   * kept under restriction in a marker DynamoDB deletes when the retention ends (TTL: the
   * anonymisation); the identity reservations (only while this customer holds them) and the
   * registration deleted, so the ID number and phone can register again.
   */
  erase(
    tx: LedgerTx,
    customer: CustomerItem,
    reg: Pick<RegistrationItem, 'registrationId' | 'idIndex' | 'phoneIndex'>,
    mark: ErasureMark,
  ): LedgerTx {
    const consentNames = Object.keys(customer).filter((k) => k.startsWith('consent:'));
    const names = Object.fromEntries(consentNames.map((k, i) => [`#c${i}`, k]));
    const release = (kind: 'ID' | 'PHONE', value: string) => ({
      TableName: this.table,
      Key: indexKey(kind, value),
      ConditionExpression: 'attribute_not_exists(pk) OR customerId = :me',
      ExpressionAttributeValues: { ':me': customer.customerId },
    });
    return tx
      .update(
        { kind: 'account' },
        {
          TableName: this.table,
          Key: customerKey(customer.customerId),
          UpdateExpression: `SET #s = :closed, erasure = :mark REMOVE pii, masked, consents${consentNames.map((_, i) => `, #c${i}`).join('')}`,
          ConditionExpression: '#s = :active',
          ExpressionAttributeNames: { '#s': 'status', ...names },
          ExpressionAttributeValues: { ':closed': 'CLOSED', ':active': 'ACTIVE', ':mark': mark },
        },
      )
      .put(undefined, {
        TableName: this.table,
        Item: {
          pk: `CUST#${customer.customerId}`,
          sk: 'RETAINED',
          type: 'RETAINED',
          customerId: customer.customerId,
          masked: { name: customer.masked.name, phone: customer.masked.phone },
          ...mark,
          restriction: 'AML retention only: no use, no disclosure but to the authorities',
          expiresAt: Math.floor(new Date(mark.retainUntil).getTime() / 1000),
        },
      })
      .delete(undefined, release('ID', reg.idIndex))
      .delete(undefined, release('PHONE', reg.phoneIndex))
      .delete(undefined, { TableName: this.table, Key: regKey(reg.registrationId) });
  }

  /** The restricted record an erasure left, while the retention period runs. */
  async retained(
    customerId: string,
  ): Promise<(ErasureMark & { masked: Pick<MaskedPii, 'name' | 'phone'> }) | undefined> {
    const out = await dynamo().send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `CUST#${customerId}`, sk: 'RETAINED' },
        ConsistentRead: true,
      }),
    );
    return out.Item as (ErasureMark & { masked: Pick<MaskedPii, 'name' | 'phone'> }) | undefined;
  }
}
