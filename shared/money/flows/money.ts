// Money movement flows (M2.3-a..c): deposits, withdrawals and transfers confirmed in real
// time on the double-entry ledger, then settled through the settlement queue (a T+0
// movement is enqueued from the ledger's change stream, ADR 0009). Every
// request carries an Idempotency-Key; its record is written in the same transaction as
// the money, so a retry can never move money twice (docs/adr/0005-ledger.md).
import { randomUUID } from 'node:crypto';
import type { BlindIndex, CustomersRepo } from '../../identity';
import {
  failedCondition,
  LedgerConditionError,
  type LedgerRepo,
  type LedgerTx,
  type LimitCounter,
  type TxCondition,
} from '../adapters/ledger-repo';
import type { Movement } from '../domain/movement';
import type { MovementLimits, RiskPrecheck } from '../domain/screening';
import { ProviderUnavailableError, type PaymentProvider } from '../adapters/payment-provider';
import type { RuntimeSettings } from '../../settings';
import {
  customerAccount,
  journals,
  movementRef,
  shardOf,
  type MovementType,
} from '../domain/ledger';
import { normalizePhone } from '../../kernel';
import { cstDate, cycleOf, settlementDate } from '../domain/settlement';
import { DependencyError, Refusal } from '../../platform';
import {
  IdempotencyKey,
  inProgress,
  lookup,
  once,
  replay,
  storedRefusal,
  type IdempotentRequest,
} from './idempotency';
import type { Clock } from '../../kernel';

export interface MoneyDeps {
  readonly ledger: LedgerRepo;
  /** The customer's status, checked in every money transaction (only ACTIVE moves money). */
  readonly customers: Pick<CustomersRepo, 'activeCondition'>;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
  /** Withdrawals, transfers and orders: the blocking rules, asked before recording (ADR 0012). */
  readonly precheck?: RiskPrecheck;
}

export function newMovement(
  type: MovementType,
  customerId: string,
  amount: number,
  deps: Pick<MoneyDeps, 'settings' | 'clock'>,
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

const ID_FIELD = { DEPOSIT: 'depositId', WITHDRAWAL: 'withdrawalId', TRANSFER: 'transferId' };

/**
 * One of the caller's own deposits, withdrawals or transfers (as its POST answered it, with
 * the status now): MOVEMENT_NOT_FOUND for another customer's or another kind's, so ids of
 * others cannot be probed.
 */
export async function ownMovement(
  customerId: string,
  movementId: string,
  type: keyof typeof ID_FIELD,
  ledger: Pick<LedgerRepo, 'movement'>,
) {
  const m = await ledger.movement(movementId);
  if (!m || m.customerId !== customerId || m.type !== type)
    throw new Refusal('MOVEMENT_NOT_FOUND', `You have no ${type.toLowerCase()} with this id.`);
  return movementBody(m, ID_FIELD[type]);
}

export const insufficient = (what: string) =>
  new Refusal('INSUFFICIENT_FUNDS', `The available balance does not cover this ${what}.`);

/**
 * Confirms a movement in one transaction with its key's answer (the movement's body). The
 * ledger's change stream then enqueues a T+0 settlement and emits the risk event (ADR 0006,
 * ADR 0009). With `limits` (ADR 0013), the movement must fit its single limit, and the same
 * transaction adds it to the customer's daily counter (and a transfer's to its recipient's
 * inflow counter) on condition that they stay within their limits. A failed condition other
 * than the key's is the flow's to name (a limit's is named here); the key's is answered by
 * `once` with the first result.
 */
export async function confirm<T>(
  key: IdempotencyKey,
  m: Movement,
  body: T,
  deps: MoneyDeps,
  build: (tx: LedgerTx) => LedgerTx,
  refusalFor: (failed: TxCondition) => Error,
  limits?: MovementLimits,
): Promise<T> {
  if (limits && m.amount > limits.single) throw limitExceeded('single', m, limits);
  const day = cstDate(new Date(m.createdAt));
  const withinLimits = (tx: LedgerTx) => {
    if (!limits) return tx;
    tx.useLimit('daily', m.customerId, day, limits.flow, m.amount, limits.daily);
    if (m.counterpartyId && limits.counterpartyDailyIn !== undefined)
      tx.useLimit(
        'counterpartyDaily',
        m.counterpartyId,
        day,
        'transferIn',
        m.amount,
        limits.counterpartyDailyIn,
      );
    const product = limits.product;
    if (product?.perCustomerDaily)
      tx.useLimit(
        'productDaily',
        `${m.customerId}#${product.productId}`,
        day,
        limits.flow,
        m.amount,
        product.perCustomerDaily.amount,
      );
    if (product?.dailyTotal)
      tx.useLimit(
        'productTotal',
        `PRODUCT#${product.productId}`,
        day,
        limits.flow,
        m.amount,
        product.dailyTotal.amount,
      );
    return tx;
  };
  try {
    await deps.ledger.commit(
      withinLimits(
        build(callerActive(key.answered(deps.ledger.tx(), body, m.movementId), m, deps)),
      ),
    );
  } catch (error) {
    if (failedCondition(error, 'account')) throw accountFrozen();
    if (error instanceof LedgerConditionError && error.condition.kind === 'limit' && limits)
      throw limitExceeded(error.condition.which, m, limits);
    if (error instanceof LedgerConditionError && error.condition.kind !== 'idempotency')
      throw refusalFor(error.condition);
    throw error;
  }
  return body;
}

/**
 * The condition that the customer moving money is ACTIVE (not frozen by staff, not
 * closed), in the movement's own transaction: a freeze holds from the moment it is
 * written, with no extra request (ADR 0015).
 */
const callerActive = (tx: LedgerTx, m: Movement, deps: MoneyDeps) =>
  tx.require({ kind: 'account' }, deps.customers.activeCondition(m.customerId));

export const accountFrozen = () =>
  new Refusal(
    'ACCOUNT_FROZEN',
    'Your account is frozen: no money can move in or out of it. Contact customer service.',
  );

/** LIMIT_EXCEEDED, naming the limit that applied: which, for what, how much, and from where. */
function limitExceeded(
  which: LimitCounter | 'single',
  m: Movement,
  limits: MovementLimits,
): Refusal {
  const { flow } = limits;
  const [amount, source, what]: [number, string, (y: string) => string] = {
    single: () => [limits.single, limits.source, (y: string) => `the single ${flow} limit of ${y}`],
    daily: () => [limits.daily, limits.source, (y: string) => `today's ${flow} limit of ${y}`],
    counterpartyDaily: () => [
      limits.counterpartyDailyIn ?? 0,
      'platform',
      (y: string) => `what the recipient may receive today (${y})`,
    ],
    productDaily: () => [
      limits.product?.perCustomerDaily?.amount ?? 0,
      limits.product?.perCustomerDaily?.source ?? '',
      (y: string) => `this product's daily limit per customer of ${y}`,
    ],
    productTotal: () => [
      limits.product?.dailyTotal?.amount ?? 0,
      limits.product?.dailyTotal?.source ?? '',
      (y: string) => `this product's quota for today of ${y}`,
    ],
  }[which]() as [number, string, (y: string) => string];
  const limit = {
    which,
    flow,
    amount,
    source,
    ...(which === 'productDaily' || which === 'productTotal'
      ? { productId: limits.product?.productId }
      : {}),
  };
  return new Refusal(
    'LIMIT_EXCEEDED',
    `This ${flow} of ${yuan(m.amount)} CNY would exceed ${what(`${yuan(amount)} CNY`)} (${source}).`,
    [{ path: 'body.amount', reason: `exceeds the ${which} limit` }],
    { details: { limit } },
  );
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** A failed condition no request can cause: an invariant broke (logged and alarmed, 503). */
const broken = (what: string, failed: TxCondition) =>
  new DependencyError(`${what} condition ${failed.kind} failed`);

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
}

export type MovementBody = ReturnType<typeof movementBody>;

/** Transfers to another customer: identity-checked and debited in one transaction (M2.3-a). */
export async function transfer(
  req: IdempotentRequest & { input: TransferInput },
  deps: TransferDeps,
): Promise<MovementBody> {
  return once(deps.ledger, req, { recordRefusals: true }, async (key) => {
    const { input } = req;
    let recipientId = input.toCustomerId;
    if (input.toPhone !== undefined) {
      recipientId = await deps.customers.customerIdByPhone(
        await deps.index.of('phone', normalizePhone(input.toPhone)),
      );
      if (!recipientId) {
        // A sender who could not pay is told so whoever the phone belongs to: a probe with an
        // empty account learns nothing about which phones are customers (issue 12).
        const own = await deps.ledger.account(customerAccount(req.customerId));
        if ((own?.available ?? 0) < input.amount) throw insufficient('transfer');
        throw new Refusal('RECIPIENT_NOT_FOUND', 'No active customer has this mobile number.', [
          { path: 'body.toPhone', reason: 'is not an active customer' },
        ]);
      }
    }
    if (!recipientId) throw new Refusal('VALIDATION_FAILED', 'Name the recipient.');
    if (recipientId === req.customerId) {
      throw new Refusal('TRANSFER_TO_SELF', 'A transfer needs another customer as its recipient.');
    }
    const recipient = recipientId;
    const m = newMovement('TRANSFER', req.customerId, input.amount, deps, {
      counterpartyId: recipient,
      ...(input.memo ? { memo: input.memo } : {}),
    });
    const limits = await deps.precheck?.check(m);
    return confirm(
      key,
      m,
      movementBody(m, 'transferId'),
      deps,
      (tx) =>
        tx
          .require({ kind: 'recipient' }, deps.customers.activeCondition(recipient))
          .createMovement(m)
          .journal(
            `${m.movementId}:confirm`,
            m,
            journals.transferConfirmed(ref(m, deps), req.customerId),
            m.createdAt,
          ),
      (failed) => {
        if (failed.kind === 'recipient')
          return new Refusal(
            'RECIPIENT_UNAVAILABLE',
            'The recipient is not an active customer (unknown, frozen or closed).',
          );
        if (failed.kind === 'funds') return insufficient('transfer');
        return broken('transfer', failed);
      },
      limits,
    );
  });
}

/** Holds the amount at once; the payout happens at settlement. */
export async function withdraw(
  req: IdempotentRequest & { input: { amount: number } },
  deps: MoneyDeps,
): Promise<MovementBody> {
  return once(deps.ledger, req, { recordRefusals: true }, async (key) => {
    const m = newMovement('WITHDRAWAL', req.customerId, req.input.amount, deps);
    const limits = await deps.precheck?.check(m);
    return confirm(
      key,
      m,
      movementBody(m, 'withdrawalId'),
      deps,
      (tx) => tx.createMovement(m).hold(customerAccount(req.customerId), m.amount),
      (failed) =>
        failed.kind === 'funds' ? insufficient('withdrawal') : broken('withdrawal', failed),
      limits,
    );
  });
}

/**
 * Tops up from the verified card: the movement and its key (in progress) first, then the
 * provider's charge (idempotent per movement), then the journal with the key's answer. A
 * retry after a timeout resumes the same movement, so a card is never charged twice for
 * one key.
 */
export async function deposit(
  req: IdempotentRequest & { input: { amount: number } },
  deps: MoneyDeps & { provider: PaymentProvider },
): Promise<MovementBody> {
  const key = new IdempotencyKey(req, deps.ledger.table);
  let m = newMovement('DEPOSIT', req.customerId, req.input.amount, deps);
  try {
    await deps.ledger.commit(
      callerActive(key.begun(deps.ledger.tx(), m.movementId), m, deps).createMovement(m),
    );
  } catch (error) {
    if (failedCondition(error, 'account')) throw accountFrozen();
    if (!failedCondition(error, 'idempotency')) throw error;
    const first = await lookup(deps.ledger, key);
    if (first.state === 'ANSWERED') return replay(first.answer) as MovementBody;
    if (first.state === 'NEW') throw error;
    const existing = first.record.movementId
      ? await deps.ledger.movement(first.record.movementId)
      : undefined;
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
    const declined = new Refusal('PAYMENT_DECLINED', 'The card issuer declined the top-up.', [], {
      details: { depositId: m.movementId },
    });
    await completeOrAnswer(
      deps.ledger,
      key,
      key.completed(
        deps.ledger
          .tx()
          .transition(m, 'INITIATED', 'FAILED', now, { note: 'declined by the provider' }),
        storedRefusal(declined),
      ),
    );
    throw declined;
  }
  const settled = { ...m, status: 'PENDING' as const };
  const body = movementBody(settled, 'depositId');
  const first = await completeOrAnswer(
    deps.ledger,
    key,
    key.completed(
      deps.ledger
        .tx()
        .transition(m, 'INITIATED', 'PENDING', now, { note: 'charge approved' })
        .journal(`${m.movementId}:confirm`, m, journals.depositConfirmed(ref(m, deps)), now),
      { ok: body },
    ),
  );
  return (first ?? body) as MovementBody;
}

/**
 * Commits the step that completes a begun key. Another request with the same key may have
 * completed it first (two clients resuming one deposit at once): then the movement or the
 * key is no longer as this request found it, and the answer is the first one (its body, or
 * its refusal raised again), or IDEMPOTENCY_IN_PROGRESS while that one is still running.
 */
async function completeOrAnswer(
  ledger: LedgerRepo,
  key: IdempotencyKey,
  tx: LedgerTx,
): Promise<unknown> {
  try {
    await ledger.commit(tx);
    return undefined;
  } catch (error) {
    if (!failedCondition(error, 'movement', 'idempotency')) throw error;
    const first = await lookup(ledger, key);
    if (first.state === 'ANSWERED') return replay(first.answer);
    throw inProgress();
  }
}
