// DynamoDB persistence of registrations, customers and their blind-index items, in one
// table (pk/sk). Every multi-item change is one TransactWriteItems with conditions, so a
// registration or an activation is written whole or not at all.
import { TransactionCanceledException } from '../../platform';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '../../platform';
import type { PiiField } from './field-crypto';
import {
  batchGetAll,
  dynamo,
  queryAll,
  scanPages,
  transactWrite,
  withoutKeys,
} from '../../platform';
import { cstDate } from '../../kernel';
import { LedgerConditionError, shardOf, type LedgerTx } from '../../money';
import type { CustomerStatus, StatusChange } from '../domain/customer-status';

export type EncryptedPii = Record<PiiField, string>;
export type MaskedPii = Record<PiiField, string>;

export interface ConsentEvidence {
  readonly type: 'USER_AGREEMENT' | 'RISK_DISCLOSURE';
  readonly version: string;
  readonly acceptedAt: string;
  readonly sourceIp: string;
  readonly userAgent: string;
}

export interface RegistrationItem {
  readonly registrationId: string;
  readonly customerId: string;
  readonly status: 'PENDING_VERIFICATION' | 'LOCKED' | 'VERIFIED';
  readonly pii: EncryptedPii;
  readonly masked: MaskedPii;
  readonly idIndex: string;
  readonly phoneIndex: string;
  /** The bank card's blind index (risk monitoring: one card across customers); absent before issue 11. */
  readonly cardIndex?: string;
  readonly otpHash: string;
  readonly otpSalt: string;
  readonly otpExpiresAt: number;
  readonly otpAttempts: number;
  /** Codes sent so far, and when the last one was sent (epoch ms). */
  readonly otpSends: number;
  readonly otpSentAt: number;
  readonly consents: readonly ConsentEvidence[];
  readonly createdAt: string;
  /** Epoch seconds: the registration (and its identity reservations) expire then. */
  readonly expiresAt: number;
  /** When verification enabled the customer's sign-in (ISO); a replay then changes nothing. */
  readonly identityEnabledAt?: string;
  /**
   * A keyed HMAC of the password, until verification removes it: a sign-in with the right
   * password before verification is told so (REGISTRATION_NOT_VERIFIED), a wrong one is not.
   */
  readonly passwordCheck?: string;
  /**
   * A registration answered for an identity an active customer already holds (issue 12,
   * enumeration): it looks and counts like any other, but its code is never sent and it
   * can never be verified; the holder was told by SMS instead.
   */
  readonly decoy?: true;
  /**
   * Registered with an ID number an active customer holds (and a phone no one holds): it is
   * sent its code like any other, and its verification, unable to take the ID number, answers
   * as expired (issue 12: no SMS tells the registrant the ID is taken).
   */
  readonly idHeld?: true;
}

export interface CustomerItem {
  readonly customerId: string;
  readonly status: CustomerStatus;
  /** The last change of status by staff (a freeze and its reason), if any. */
  readonly statusChange?: StatusChange;
  readonly pii: EncryptedPii;
  readonly masked: MaskedPii;
  readonly registrationId: string;
  readonly consents: readonly ConsentEvidence[];
  readonly createdAt: string;
  /** Erased (M7.1-b): when, and until when the restricted records are kept. */
  readonly erasure?: ErasureMark;
}

/** What an erasure leaves on the profile: no PII, the dates that govern what is kept. */
export interface ErasureMark {
  readonly erasedAt: string;
  readonly retainUntil: string;
}

/** An ID number or phone an active customer holds: `holders` are those customers. */
export class DuplicateIdentityError extends Error {
  constructor(
    readonly which: readonly ('idNumber' | 'phone')[],
    readonly holders: readonly { which: 'idNumber' | 'phone'; customerId: string }[] = [],
  ) {
    super(`identity already registered: ${which.join(', ')}`);
    this.name = 'DuplicateIdentityError';
  }
}

/** Another registration of the same ID number or phone was verified first. */
export class SupersededRegistrationError extends Error {
  override readonly name = 'SupersededRegistrationError';
}

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

export const regKey = (id: string) => ({ pk: `REG#${id}`, sk: 'REG' });
export const customerKey = (id: string) => ({ pk: `CUST#${id}`, sk: 'PROFILE' });
/** The active customer holding an ID number or phone (exclusive). */
export const indexKey = (kind: 'ID' | 'PHONE', value: string) => ({
  pk: `IDX#${kind}#${value}`,
  sk: 'IDX',
});
/**
 * A pending registration of an ID number or phone: any number may wait side by side (none
 * holds the identity), and the first verified takes it (issue 12: a squatter's unverified
 * registration cannot block the real person, and its lockout is its own).
 */
const pendingKey = (kind: 'ID' | 'PHONE', value: string, registrationId: string) => ({
  pk: `IDX#${kind}#${value}`,
  sk: `PENDING#${registrationId}`,
});
/**
 * The registration log (KPIs, M8.3-a): one item per registration under the CST day it began,
 * in one of REGLOG_SHARDS partitions, with when it was verified; no PII, never expires (a
 * registration's own item does). Decoys and held ID numbers' registrations, which can never
 * verify, say so and are left out of conversion.
 */
export const REGLOG_SHARDS = 8;
const regLogKey = (reg: Pick<RegistrationItem, 'registrationId' | 'createdAt'>) => ({
  pk: `REGLOG#${cstDate(new Date(reg.createdAt))}#${shardOf(reg.registrationId, REGLOG_SHARDS)}`,
  sk: reg.registrationId,
});

/** A registration as the log keeps it. */
export interface RegistrationLogEntry {
  readonly registrationId: string;
  readonly createdAt: string;
  readonly verifiedAt?: string;
  /** A registration that can never verify (a decoy, or a held ID number's). */
  readonly unverifiable?: true;
}

/** Free for an active customer: no item, or one left by a registration that never verified. */
const NOT_ACTIVE = 'attribute_not_exists(pk) OR #st <> :active';

export class CustomersRepo {
  /**
   * The condition "this customer is active", for another repo's transaction (a transfer's
   * recipient): the key layout stays here.
   */
  activeCondition(customerId: string) {
    return {
      TableName: this.table,
      Key: customerKey(customerId),
      ConditionExpression: '#s = :active',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':active': 'ACTIVE' },
    };
  }

  constructor(private readonly table: string) {}

  /**
   * Writes a registration, in one transaction with `also`'s items (an Idempotency-Key's
   * record), on condition that no active customer holds its ID number or phone; it waits
   * beside any other pending registration of them. A failed condition of `also` is its
   * LedgerConditionError; an identity an active customer holds is DuplicateIdentityError
   * naming the holders. A decoy checks nothing, a held ID number's registration only its
   * phone; each waits under its ID number and phone like any other.
   */
  async createRegistration(
    reg: RegistrationItem,
    nowSeconds: number,
    also?: LedgerTx,
  ): Promise<void> {
    const free = (kind: 'ID' | 'PHONE', value: string) => ({
      ConditionCheck: {
        TableName: this.table,
        Key: indexKey(kind, value),
        ConditionExpression: NOT_ACTIVE,
        ExpressionAttributeNames: { '#st': 'state' },
        ExpressionAttributeValues: { ':active': 'ACTIVE' },
      },
    });
    const waiting = (kind: 'ID' | 'PHONE', value: string) => ({
      Put: {
        TableName: this.table,
        Item: {
          ...pendingKey(kind, value, reg.registrationId),
          type: 'PENDING_INDEX',
          registrationId: reg.registrationId,
          expiresAt: reg.expiresAt,
        },
      },
    });
    // A decoy and a held ID number's registration check nothing they cannot have; every
    // registration waits under its ID number and phone (sign-in finds it by its phone).
    const checks = reg.decoy
      ? []
      : reg.idHeld
        ? [free('PHONE', reg.phoneIndex)]
        : [free('ID', reg.idIndex), free('PHONE', reg.phoneIndex)];
    const items = [...checks, waiting('ID', reg.idIndex), waiting('PHONE', reg.phoneIndex)];
    try {
      await transactWrite({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...regKey(reg.registrationId), type: 'REGISTRATION', ...reg },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...items,
          {
            Put: {
              TableName: this.table,
              Item: {
                ...regLogKey(reg),
                registrationId: reg.registrationId,
                createdAt: reg.createdAt,
                ...(reg.decoy || reg.idHeld ? { unverifiable: true } : {}),
              },
            },
          },
          ...(also?.items ?? []),
        ],
      });
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failedAlso = reasons
          .slice(2 + items.length)
          .findIndex((r) => r.Code === 'ConditionalCheckFailed');
        const condition = failedAlso >= 0 ? also?.conditions[failedAlso] : undefined;
        if (condition && condition.kind !== 'none') throw new LedgerConditionError(condition);
        const which: ('idNumber' | 'phone')[] = [];
        checks.forEach((c, i) => {
          if (reasons[1 + i]?.Code !== 'ConditionalCheckFailed') return;
          which.push(c.ConditionCheck.Key.pk.startsWith('IDX#ID#') ? 'idNumber' : 'phone');
        });
        if (which.length) throw new DuplicateIdentityError(which, await this.holders(reg, which));
      }
      throw error;
    }
  }

  /** The active customers holding a registration's ID number or phone. */
  private async holders(reg: RegistrationItem, which: readonly ('idNumber' | 'phone')[]) {
    const out: { which: 'idNumber' | 'phone'; customerId: string }[] = [];
    for (const w of which) {
      const item = await dynamo().send(
        new GetCommand({
          TableName: this.table,
          Key: w === 'idNumber' ? indexKey('ID', reg.idIndex) : indexKey('PHONE', reg.phoneIndex),
          ConsistentRead: true,
        }),
      );
      const holder = item.Item as { customerId?: string; state?: string } | undefined;
      if (holder?.state === 'ACTIVE' && holder.customerId)
        out.push({ which: w, customerId: holder.customerId });
    }
    return out;
  }

  /** Compensation when a later step of registration fails: removes it and its waiting marks. */
  async deleteRegistration(reg: RegistrationItem): Promise<void> {
    await transactWrite({
      TransactItems: [
        { Delete: { TableName: this.table, Key: regKey(reg.registrationId) } },
        { Delete: { TableName: this.table, Key: regLogKey(reg) } },
        {
          Delete: { TableName: this.table, Key: pendingKey('ID', reg.idIndex, reg.registrationId) },
        },
        {
          Delete: {
            TableName: this.table,
            Key: pendingKey('PHONE', reg.phoneIndex, reg.registrationId),
          },
        },
      ],
    });
  }

  async getRegistration(registrationId: string): Promise<RegistrationItem | undefined> {
    const get = new GetCommand({
      TableName: this.table,
      Key: regKey(registrationId),
      ConsistentRead: true,
    });
    const out = await dynamo().send(get);
    return out.Item as RegistrationItem | undefined;
  }

  /** Records that verification enabled the customer's sign-in (once; later calls keep the first). */
  async markIdentityEnabled(registrationId: string, at: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.table,
        Key: regKey(registrationId),
        UpdateExpression: 'SET identityEnabledAt = if_not_exists(identityEnabledAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** Records one more wrong code; fails if another request changed the count first. */
  async recordWrongCode(registrationId: string, seen: number, lock: boolean): Promise<void> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.table,
          Key: regKey(registrationId),
          UpdateExpression: lock ? 'SET otpAttempts = :n, #s = :locked' : 'SET otpAttempts = :n',
          ConditionExpression: 'otpAttempts = :seen AND #s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':n': seen + 1,
            ':seen': seen,
            ':pending': 'PENDING_VERIFICATION',
            ...(lock ? { ':locked': 'LOCKED' } : {}),
          },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new ConcurrentUpdateError();
      throw error;
    }
  }

  /**
   * Activates a verified registration: the customer profile, consent evidence, and both
   * indexes made permanent, in one transaction conditioned on the registration still
   * pending with the attempt count the caller checked.
   */
  async activate(
    reg: RegistrationItem,
    customer: CustomerItem,
    /** Items of other tables written in the same transaction (the cash account). */
    also: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [],
  ): Promise<void> {
    // The first verified registration takes the ID number and phone; another registration
    // of them that verifies later finds them held and is superseded.
    const take = (kind: 'ID' | 'PHONE', value: string) => ({
      Put: {
        TableName: this.table,
        Item: {
          ...indexKey(kind, value),
          type: 'INDEX',
          customerId: reg.customerId,
          registrationId: reg.registrationId,
          state: 'ACTIVE',
        },
        ConditionExpression: NOT_ACTIVE,
        ExpressionAttributeNames: { '#st': 'state' },
        ExpressionAttributeValues: { ':active': 'ACTIVE' },
      },
    });
    const done = (kind: 'ID' | 'PHONE', value: string) => ({
      Delete: { TableName: this.table, Key: pendingKey(kind, value, reg.registrationId) },
    });
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: regKey(reg.registrationId),
                UpdateExpression: 'SET #s = :verified REMOVE expiresAt, passwordCheck',
                ConditionExpression: '#s = :pending AND otpAttempts = :seen',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: {
                  ':verified': 'VERIFIED',
                  ':pending': 'PENDING_VERIFICATION',
                  ':seen': reg.otpAttempts,
                },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...customerKey(customer.customerId), type: 'CUSTOMER', ...customer },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            take('ID', reg.idIndex),
            take('PHONE', reg.phoneIndex),
            {
              Update: {
                TableName: this.table,
                Key: regLogKey(reg),
                UpdateExpression: 'SET verifiedAt = :at, registrationId = :r, createdAt = :c',
                ExpressionAttributeValues: {
                  ':at': customer.createdAt,
                  ':r': reg.registrationId,
                  ':c': reg.createdAt,
                },
              },
            },
            done('ID', reg.idIndex),
            done('PHONE', reg.phoneIndex),
            ...also,
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const held = [2, 3].some((i) => reasons[i]?.Code === 'ConditionalCheckFailed');
        if (held && reasons[0]?.Code !== 'ConditionalCheckFailed')
          throw new SupersededRegistrationError();
        throw new ConcurrentUpdateError();
      }
      throw error;
    }
  }

  async getCustomer(customerId: string): Promise<CustomerItem | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: customerKey(customerId) }),
    );
    return out.Item as CustomerItem | undefined;
  }

  /**
   * Adds a change of status to `tx`: the customer's item on condition that its status is
   * still the one the change starts from, and the change kept beside it (append-only).
   */
  changeStatus(tx: LedgerTx, customerId: string, change: StatusChange): LedgerTx {
    return tx
      .update(
        { kind: 'account' },
        {
          TableName: this.table,
          Key: customerKey(customerId),
          UpdateExpression: 'SET #s = :to, statusChange = :change',
          ConditionExpression: '#s = :from',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':to': change.to, ':from': change.from, ':change': change },
        },
      )
      .put(
        { kind: 'account' },
        {
          TableName: this.table,
          Item: { pk: `CUST#${customerId}`, sk: `STATUS#${change.at}`, ...change },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      );
  }

  /** Every change of a customer's status, oldest first. */
  async statusHistory(customerId: string): Promise<StatusChange[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': `CUST#${customerId}`, ':s': 'STATUS#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(
      ({ action, from, to, by, at, reason }) =>
        ({ action, from, to, by, at, reason }) as StatusChange,
    );
  }

  /** The masked name and phone of each customer found (one BatchGetItem per 100 ids). */
  async maskedOf(customerIds: readonly string[]): Promise<Map<string, MaskedPii>> {
    const items = await batchGetAll(this.table, [...new Set(customerIds)].map(customerKey), {
      expression: 'customerId, #m',
      names: { '#m': 'masked' },
    });
    return new Map(items.map((i) => [String(i.customerId), i.masked as MaskedPii]));
  }

  /** Every customer's id (a segmentation run reads them all; at scale, an export to S3). */
  async customerIds(): Promise<string[]> {
    const items = await scanPages({
      TableName: this.table,
      FilterExpression: 'sk = :p',
      ExpressionAttributeValues: { ':p': 'PROFILE' },
      ProjectionExpression: 'customerId',
    });
    return items.map((i) => String(i.customerId));
  }

  /** The registrations begun on each CST day of `days`, from the registration log. */
  async registrationLog(days: readonly string[]): Promise<RegistrationLogEntry[]> {
    const pages = await Promise.all(
      days.flatMap((day) =>
        Array.from({ length: REGLOG_SHARDS }, (_, shard) =>
          queryAll({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `REGLOG#${day}#${shard}` },
          }),
        ),
      ),
    );
    return pages.flat().map((i) => withoutKeys(i) as unknown as RegistrationLogEntry);
  }

  /** The segmentation reports run from `from` to `to` (ISO instants, both included), oldest first. */
  async segmentReportsBetween(from: string, to: string): Promise<Record<string, unknown>[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :s AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':s': 'SEGMENTS', ':from': from, ':to': to },
    });
    return items.map((i) => withoutKeys(i));
  }

  /** Stores a segmentation report (kept: the history of segment counts). */
  async putSegmentReport(report: { runAt: string } & Record<string, unknown>): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: 'SEGMENTS', sk: report.runAt, ...report },
      }),
    );
  }

  async latestSegmentReport(): Promise<Record<string, unknown> | undefined> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :s',
        ExpressionAttributeValues: { ':s': 'SEGMENTS' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...report } = item;
    return report;
  }

  /**
   * The registrations of a phone still waiting (not verified, not expired; decoys too),
   * newest first, at most `limit`.
   */
  async pendingRegistrationsByPhone(
    phoneIndex: string,
    nowSeconds: number,
    limit = 5,
  ): Promise<RegistrationItem[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: {
          ':pk': `IDX#PHONE#${phoneIndex}`,
          ':p': 'PENDING#',
          ':now': nowSeconds,
        },
        ConsistentRead: true,
      }),
    );
    const regs = await Promise.all(
      (out.Items ?? []).map((i) => this.getRegistration(String(i.registrationId))),
    );
    return regs
      .filter((r): r is RegistrationItem => !!r && r.status !== 'VERIFIED')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }

  /** The customer holding a phone (blind index), if the identity is active. */
  async customerIdByPhone(phoneIndex: string): Promise<string | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: indexKey('PHONE', phoneIndex) }),
    );
    const item = out.Item as { customerId?: string; state?: string } | undefined;
    return item?.state === 'ACTIVE' ? item.customerId : undefined;
  }

  /** Replaces the code of a pending registration; conditioned on the sends seen. */
  async replaceCode(
    registrationId: string,
    seenSends: number,
    code: { hash: string; salt: string; expiresAt: number; sentAt: number },
  ): Promise<void> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.table,
          Key: regKey(registrationId),
          UpdateExpression:
            'SET otpHash = :h, otpSalt = :s, otpExpiresAt = :e, otpSentAt = :t, otpSends = :n',
          ConditionExpression: 'otpSends = :seen AND #s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':h': code.hash,
            ':s': code.salt,
            ':e': code.expiresAt,
            ':t': code.sentAt,
            ':n': seenSends + 1,
            ':seen': seenSends,
            ':pending': 'PENDING_VERIFICATION',
          },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new ConcurrentUpdateError();
      throw error;
    }
  }
}
