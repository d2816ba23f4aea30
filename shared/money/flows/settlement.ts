// Settlement (M2.3-b, M2.3-c): moves confirmed movements out of settlement-in-transit into
// their final accounts, and pays withdrawals out through the provider. Safe to run twice
// for one movement (duplicate deliveries): each step is conditioned on the status before
// it, and each journal id is written once.
import type { Holdings } from '../../investing';
import {
  failedCondition,
  type LedgerRepo,
  type LedgerTx,
  type Movement,
  type MovementStatus,
} from '../adapters/ledger-repo';
import { ProviderUnavailableError, type PaymentProvider } from '../adapters/payment-provider';
import type { MessageQueue } from '../../platform';
import type { RuntimeSettings } from '../../settings';
import { journals, movementRef, type MovementRef, type Posting } from '../domain/ledger';
import { addDays, cstDate } from '../domain/settlement';
import { logger } from '../../platform';
import type { Clock } from '../../kernel';

export interface SettleDeps {
  readonly ledger: LedgerRepo;
  readonly holdings: Holdings;
  readonly provider: PaymentProvider;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

export type SettleOutcome = 'SETTLED' | 'FAILED' | 'ALREADY_DONE' | 'NOT_DUE' | 'UNKNOWN_MOVEMENT';

/** Thrown to have the message retried (the provider did not answer). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
}

export async function settle(movementId: string, deps: SettleDeps): Promise<SettleOutcome> {
  const m = await deps.ledger.movement(movementId);
  if (!m) return 'UNKNOWN_MOVEMENT';
  if (m.status === 'SETTLED' || m.status === 'FAILED' || m.status === 'INITIATED')
    return 'ALREADY_DONE';
  if (m.settleOn > cstDate(deps.clock.now())) return 'NOT_DUE';
  const ref = movementRef(m, deps.settings.ledger.platformShards);
  try {
    switch (m.type) {
      case 'DEPOSIT':
      case 'TRANSFER':
        await step(
          deps,
          m,
          [m.status, 'SETTLED'],
          'settle',
          m.type === 'DEPOSIT'
            ? journals.depositSettled(ref, m.customerId)
            : journals.transferSettled(ref, m.counterpartyId ?? ''),
        );
        return 'SETTLED';
      case 'SUBSCRIPTION':
        // The money reaches the product's custody and the position becomes held.
        await step(deps, m, [m.status, 'SETTLED'], 'settle', journals.subscriptionSettled(ref), {
          extra: (tx) =>
            deps.holdings.transition(tx, m.customerId, m.movementId, 'PENDING', 'HELD'),
        });
        return 'SETTLED';
      case 'REDEMPTION':
        await step(
          deps,
          m,
          [m.status, 'SETTLED'],
          'settle',
          journals.redemptionSettled(ref, m.customerId),
          {
            extra: (tx) =>
              deps.holdings.transition(tx, m.customerId, m.orderId ?? '', 'REDEEMING', 'REDEEMED'),
          },
        );
        return 'SETTLED';
      case 'WITHDRAWAL':
        return await settleWithdrawal(m, ref, deps);
    }
  } catch (error) {
    // Another delivery of the same message got there first.
    if (failedCondition(error, 'movement', 'journal')) return 'ALREADY_DONE';
    throw error;
  }
}

/** One settlement step: the movement's status change and its journal, in one transaction. */
function step(
  deps: SettleDeps,
  m: Movement,
  [from, to]: [MovementStatus, MovementStatus],
  journal: string,
  postings: readonly Posting[],
  opts: { note?: string; extra?: (tx: LedgerTx) => LedgerTx } = {},
): Promise<void> {
  const at = deps.clock.now().toISOString();
  const tx = deps.ledger
    .tx()
    .transition(m, from, to, at, opts.note)
    .journal(`${m.movementId}:${journal}`, m, postings, at);
  return deps.ledger.commit(opts.extra ? opts.extra(tx) : tx);
}

async function settleWithdrawal(
  m: Movement,
  ref: MovementRef,
  deps: SettleDeps,
): Promise<SettleOutcome> {
  const now = () => deps.clock.now().toISOString();
  const wasSettling = m.history.some((h) => h.status === 'SETTLING');
  if (m.status === 'PENDING' || (m.status === 'RETRIED' && !wasSettling)) {
    await deps.ledger.commit(
      deps.ledger
        .tx()
        .transition(m, m.status, 'SETTLING', now())
        .journalFromHeld(
          `${m.movementId}:settling`,
          m,
          journals.withdrawalSettling(ref, m.customerId),
          now(),
        ),
    );
  } else if (m.status === 'RETRIED') {
    // Retried after the funds had left the account: only the payout is still to do.
    await deps.ledger.commit(deps.ledger.tx().transition(m, 'RETRIED', 'SETTLING', now()));
  }
  let result;
  try {
    result = await deps.provider.payout({
      movementId: m.movementId,
      customerId: m.customerId,
      amount: m.amount,
    });
  } catch (error) {
    if (error instanceof ProviderUnavailableError) {
      logger.warn('payout not answered; the message will be retried', { movementId: m.movementId });
      throw new RetryLaterError('provider unavailable', { cause: error });
    }
    throw error;
  }
  if (result === 'APPROVED') {
    await step(deps, m, ['SETTLING', 'SETTLED'], 'paid', journals.withdrawalPaidOut(ref));
    return 'SETTLED';
  }
  await step(
    deps,
    m,
    ['SETTLING', 'FAILED'],
    'reversed',
    journals.withdrawalReversed(ref, m.customerId),
    { note: 'payout declined; funds returned' },
  );
  return 'FAILED';
}

export interface ReleaseDeps {
  readonly ledger: LedgerRepo;
  readonly settlementQueue: MessageQueue;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
  /** How many days back to look for movements still pending. @default 7 */
  readonly lookbackDays?: number;
}

/** Enqueues every PENDING (or RETRIED) movement whose settlement date has come. */
export async function releaseDue(deps: ReleaseDeps): Promise<{ released: number }> {
  const today = cstDate(deps.clock.now());
  let released = 0;
  for (let back = deps.lookbackDays ?? 7; back >= 0; back--) {
    const date = addDays(today, -back);
    for (const status of ['PENDING', 'RETRIED', 'SETTLING'] as const) {
      for (const s of await deps.ledger.settlementsOn(
        date,
        deps.settings.ledger.platformShards,
        status,
      )) {
        await deps.settlementQueue.send({ movementId: s.movementId });
        released += 1;
      }
    }
  }
  return { released };
}
