// Money movement flows (M2.3-a..c): deposits, withdrawals and transfers confirmed in real
// time on the double-entry ledger, then settled through the settlement queue. Every
// request carries an Idempotency-Key; its record is written in the same transaction as
// the money, so a retry can never move money twice (docs/adr/0005-ledger.md).
import { randomUUID } from 'node:crypto';
import type { BlindIndex, CustomersRepo } from '../../identity';
import {
  LedgerConditionError,
  type LedgerRepo,
  type LedgerTx,
  type Movement,
  type MovementType,
} from '../adapters/ledger-repo';
import { ProviderUnavailableError, type PaymentProvider } from '../adapters/payment-provider';
import type { MessageQueue } from '../../platform';
import type { RuntimeSettings } from '../../settings';
import { customerAccount, journals, movementRef, shardOf } from '../domain/ledger';
import { normalizePhone } from '../../kernel';
import { cycleOf, settlementDate } from '../domain/settlement';
import { DependencyError, logger, Refusal } from '../../platform';
import { problemOf } from '../../platform/http';
import {
  idempotencyHashes,
  inProgress,
  replay,
  reused,
  type IdempotentRequest,
  type Reply,
} from './idempotency';
import type { Clock } from '../../kernel';

export type { IdempotentRequest, Reply } from './idempotency';

export interface MoneyDeps {
  readonly ledger: LedgerRepo;
  readonly settlementQueue: MessageQueue;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

export function newMovement(
  type: MovementType,
  customerId: string,
  amount: number,
  deps: MoneyDeps,
  extra: Partial<Movement> = {},
): Movement {
  const now = deps.clock.now();
  const movementId = randomUUID();
  // Orders and redemptions settle on the product's cycle; other movements by amount.
  const cycle = extra.cycle ?? cycleOf(amount, deps.settings.settlement);
  const status = type === 'DEPOSIT' ? 'INITIATED' : 'PENDING';
  return {
    movementId,
    type,
    customerId,
    amount,
    currency: 'CNY',
    cycle,
    settleOn: settlementDate(now, cycle, deps.settings.settlement),
    shard: shardOf(movementId, deps.settings.ledger.platformShards),
    status,
    history: [{ status, at: now.toISOString() }],
    createdAt: now.toISOString(),
    ...extra,
  };
}

export const ref = (m: Movement, deps: MoneyDeps) =>
  movementRef(m, deps.settings.ledger.platformShards);

export function movementBody(m: Movement, idField: string) {
  return {
    [idField]: m.movementId,
    status: m.status,
    amount: m.amount,
    currency: m.currency,
    settlementCycle: `T+${m.cycle}`,
    settleOn: m.settleOn,
    createdAt: m.createdAt,
  };
}

/**
 * After commit, a T+0 movement goes to the settlement queue at once (if that send is lost,
 * the release job finds the movement PENDING and enqueues it). Risk events need nothing
 * here: the ledger's change stream emits one for every movement (functions/risk/emitter.ts).
 */
async function afterCommit(m: Movement, deps: MoneyDeps): Promise<void> {
  if (m.cycle !== 0) return;
  try {
    await deps.settlementQueue.send({ movementId: m.movementId });
  } catch (error) {
    logger.warn('post-commit enqueue failed', { movementId: m.movementId, error });
  }
}

async function commitOrReplay(
  deps: MoneyDeps,
  req: IdempotentRequest,
  tx: LedgerTx,
  onCondition: (label: string) => never,
): Promise<Reply | undefined> {
  try {
    await deps.ledger.commit(tx);
    return undefined;
  } catch (error) {
    if (error instanceof LedgerConditionError) {
      if (error.reason === 'idempotency') {
        const first = await replay(deps.ledger, req);
        if (first === 'IN_PROGRESS') throw inProgress();
        if (first) return first;
      }
      onCondition(error.reason);
    }
    throw error;
  }
}

/**
 * A business refusal (422: insufficient funds, an unavailable recipient) is the answer to
 * the key as much as a 201 is: it is recorded, so a retry with the key gets the same
 * answer even after the balance or the recipient has changed. If the key already has an
 * answer (a concurrent or earlier request with it), that answer is returned instead.
 */
export async function answeredOnce(
  req: IdempotentRequest,
  deps: MoneyDeps,
  run: () => Promise<Reply>,
): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Refusal) || error.status !== 422) throw error;
    if (error.code === 'IDEMPOTENCY_KEY_REUSED') throw error;
    const reply: Reply = { status: 422, body: { ...problemOf(error) } };
    const { keyHash, requestHash } = idempotencyHashes(req);
    try {
      await deps.ledger.commit(
        deps.ledger.tx().idempotency(req.customerId, keyHash, {
          requestHash,
          state: 'COMPLETED',
          response: reply,
        }),
      );
      return reply;
    } catch (recordError) {
      if (!(recordError instanceof LedgerConditionError)) throw recordError;
      const first = await replay(deps.ledger, req);
      if (first === 'IN_PROGRESS') throw inProgress();
      if (first) return first;
      throw recordError;
    }
  }
}

export const insufficient = (what: string) =>
  new Refusal('INSUFFICIENT_FUNDS', `The available balance does not cover this ${what}.`);

/**
 * Confirms a movement in one transaction with its idempotency record (answered 201 with
 * the movement), or answers the first result of the key; then enqueues it.
 */
export async function confirmOnce(
  req: IdempotentRequest,
  m: Movement,
  idField: string,
  deps: MoneyDeps,
  build: (tx: LedgerTx) => LedgerTx,
  onCondition: (label: string) => never,
  extraBody: Record<string, unknown> = {},
): Promise<Reply> {
  const reply: Reply = { status: 201, body: { ...movementBody(m, idField), ...extraBody } };
  const { keyHash, requestHash } = idempotencyHashes(req);
  const tx = build(
    deps.ledger.tx().idempotency(req.customerId, keyHash, {
      requestHash,
      movementId: m.movementId,
      state: 'COMPLETED',
      response: reply,
    }),
  );
  const first = await commitOrReplay(deps, req, tx, onCondition);
  if (first) return first;
  await afterCommit(m, deps);
  return reply;
}

export interface TransferInput {
  readonly toPhone?: string | undefined;
  readonly toCustomerId?: string | undefined;
  readonly amount: number;
  readonly currency: 'CNY';
  readonly memo?: string | undefined;
}

export interface TransferDeps extends MoneyDeps {
  readonly customers: CustomersRepo;
  readonly index: BlindIndex;
  readonly customersTable: string;
}

/** Transfers to another customer: identity-checked and debited in one transaction (M2.3-a). */
export async function transfer(
  req: IdempotentRequest & { input: TransferInput },
  deps: TransferDeps,
): Promise<Reply> {
  return answeredOnce(req, deps, () => transferOnce(req, deps));
}

async function transferOnce(
  req: IdempotentRequest & { input: TransferInput },
  deps: TransferDeps,
): Promise<Reply> {
  const { input } = req;
  let recipientId = input.toCustomerId;
  if (input.toPhone !== undefined) {
    recipientId = await deps.customers.customerIdByPhone(
      await deps.index.of('phone', normalizePhone(input.toPhone)),
    );
    if (!recipientId)
      throw new Refusal('RECIPIENT_NOT_FOUND', 'No active customer has this mobile number.', [
        { path: 'body.toPhone', reason: 'is not an active customer' },
      ]);
  }
  if (!recipientId) throw new Refusal('VALIDATION_FAILED', 'Name the recipient.');
  if (recipientId === req.customerId) {
    throw new Refusal('TRANSFER_TO_SELF', 'A transfer needs another customer as its recipient.');
  }
  const m = newMovement('TRANSFER', req.customerId, input.amount, deps, {
    counterpartyId: recipientId,
    ...(input.memo ? { memo: input.memo } : {}),
  });
  return confirmOnce(
    req,
    m,
    'transferId',
    deps,
    (tx) =>
      tx
        .conditionCheck('recipient', {
          TableName: deps.customersTable,
          Key: { pk: `CUST#${recipientId}`, sk: 'PROFILE' },
          ConditionExpression: '#s = :active',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':active': 'ACTIVE' },
        })
        .createMovement(m)
        .journal(
          `${m.movementId}:confirm`,
          m,
          journals.transferConfirmed(ref(m, deps), req.customerId),
          m.createdAt,
        ),
    (label) => {
      if (label === 'recipient') {
        throw new Refusal(
          'RECIPIENT_UNAVAILABLE',
          'The recipient is not an active customer (unknown, frozen or closed).',
        );
      }
      if (label.startsWith('funds:')) throw insufficient('transfer');
      throw new DependencyError(`transfer condition ${label} failed`);
    },
  );
}

/** Holds the amount at once; the payout happens at settlement. */
export async function withdraw(
  req: IdempotentRequest & { input: { amount: number } },
  deps: MoneyDeps,
): Promise<Reply> {
  const m = newMovement('WITHDRAWAL', req.customerId, req.input.amount, deps);
  return answeredOnce(req, deps, () =>
    confirmOnce(
      req,
      m,
      'withdrawalId',
      deps,
      (tx) => tx.createMovement(m).hold(customerAccount(req.customerId), m.amount),
      (label) => {
        if (label.startsWith('funds:')) throw insufficient('withdrawal');
        throw new DependencyError(`withdrawal condition ${label} failed`);
      },
    ),
  );
}

/**
 * Tops up from the verified card: the movement and its idempotency record first, then the
 * provider's charge (idempotent per movement), then the journal. A retry after a timeout
 * resumes the same movement, so a card is never charged twice for one key.
 */
export async function deposit(
  req: IdempotentRequest & { input: { amount: number } },
  deps: MoneyDeps & { provider: PaymentProvider },
): Promise<Reply> {
  const { keyHash, requestHash } = idempotencyHashes(req);
  let m = newMovement('DEPOSIT', req.customerId, req.input.amount, deps);
  try {
    await deps.ledger.commit(
      deps.ledger
        .tx()
        .idempotency(req.customerId, keyHash, {
          requestHash,
          movementId: m.movementId,
          state: 'IN_PROGRESS',
        })
        .createMovement(m),
    );
  } catch (error) {
    if (!(error instanceof LedgerConditionError) || error.reason !== 'idempotency') throw error;
    const rec = await deps.ledger.idempotencyRecord(req.customerId, keyHash);
    if (!rec) throw error;
    if (rec.requestHash !== requestHash) throw reused();
    if (rec.state === 'COMPLETED' && rec.response) return rec.response as Reply;
    const existing = rec.movementId ? await deps.ledger.movement(rec.movementId) : undefined;
    if (!existing) throw new DependencyError('idempotency record without its movement');
    m = existing; // resume the interrupted deposit
  }
  let result;
  try {
    result = await deps.provider.charge({
      movementId: m.movementId,
      customerId: req.customerId,
      amount: m.amount,
    });
  } catch (error) {
    if (error instanceof ProviderUnavailableError) {
      throw new Refusal(
        'PROVIDER_UNAVAILABLE',
        'The payment provider did not answer; retry with the same Idempotency-Key.',
      );
    }
    throw error;
  }
  const now = deps.clock.now().toISOString();
  if (result === 'DECLINED') {
    const reply: Reply = {
      status: 422,
      body: {
        type: 'https://docs.finplat.example/problems/payment-declined',
        title: 'Unprocessable Content',
        status: 422,
        detail: 'The card issuer declined the top-up.',
        code: 'PAYMENT_DECLINED',
        depositId: m.movementId,
      },
    };
    await deps.ledger.commit(
      deps.ledger
        .tx()
        .transition(m, 'INITIATED', 'FAILED', now, 'declined by the provider')
        .completeIdempotency(req.customerId, keyHash, reply),
    );
    return reply;
  }
  const settled = { ...m, status: 'PENDING' as const };
  const reply: Reply = { status: 201, body: movementBody(settled, 'depositId') };
  await deps.ledger.commit(
    deps.ledger
      .tx()
      .transition(m, 'INITIATED', 'PENDING', now, 'charge approved')
      .journal(`${m.movementId}:confirm`, m, journals.depositConfirmed(ref(m, deps)), now)
      .completeIdempotency(req.customerId, keyHash, reply),
  );
  await afterCommit(settled, deps);
  return reply;
}
