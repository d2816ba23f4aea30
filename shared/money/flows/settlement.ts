// Settlement (M2.3-b, M2.3-c): moves confirmed movements out of settlement-in-transit into
// their final accounts, and pays withdrawals out through the provider. Safe to run twice
// for one movement (duplicate deliveries): each step is conditioned on the status before
// it, and each journal id is written once.
import type { CustomersRepo } from '../../identity';
import type { Holdings } from '../../investing';
import {
  failedCondition,
  type DueSettlement,
  type LedgerRepo,
  type LedgerTx,
  type Movement,
  type MovementStatus,
  type Waiting,
} from '../adapters/ledger-repo';
import { ProviderUnavailableError, type PaymentProvider } from '../adapters/payment-provider';
import type { MessageQueue } from '../../platform';
import type { RuntimeSettings } from '../../settings';
import { journals, movementRef, type MovementRef, type Posting } from '../domain/ledger';
import { isScreened, mayProceed } from '../domain/screening';
import { cstDate, cstDayStart, RELEASE_EVERY_MINUTES, resendNow } from '../domain/settlement';
import { logger, type Switches } from '../../platform';
import { addDays, type Clock } from '../../kernel';

export interface SettleDeps {
  readonly ledger: LedgerRepo;
  /** Nothing leaves a frozen customer's account: outflows settle only while they are ACTIVE. */
  readonly customers: Pick<CustomersRepo, 'activeCondition'>;
  readonly holdings: Holdings;
  readonly provider: PaymentProvider;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
  /** The ledger's kill switches: every step before money leaves needs settlement running. */
  readonly switches: Pick<Switches, 'runningCondition'>;
}

export type SettleOutcome =
  | 'SETTLED'
  | 'FAILED'
  | 'ALREADY_DONE'
  | 'NOT_DUE'
  /** Risk screening has not cleared it (not screened yet, held, or rejected; ADR 0012). */
  | 'AWAITING_RISK'
  /** Its customer is frozen: it waits, and settles when they are unfrozen (ADR 0015). */
  | 'AWAITING_UNFREEZE'
  /** Settlement is paused by its kill switch: it waits, and settles on resume (ADR 0018). */
  | 'AWAITING_RESUME'
  | 'UNKNOWN_MOVEMENT';

/** Thrown to have the message retried (the provider did not answer). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
}

/**
 * Settles one movement. `carried` is the movement as the message brought it (the ledger
 * stream sends it, ADR 0010): it is settled without a read, and every transaction checks
 * that the ledger still holds it so; where it does not (settled meanwhile, or not as the
 * message says), the stored movement is read and settled instead. Nothing is ever posted
 * from a message the ledger does not confirm.
 */
export async function settle(
  movementId: string,
  deps: SettleDeps,
  carried?: Movement,
): Promise<SettleOutcome> {
  // Only a movement carried as it became PENDING is used: every later step of a settlement
  // (a withdrawal's payout above all) must follow a transaction that checked the ledger.
  if (carried?.movementId === movementId && carried.status === 'PENDING' && mayProceed(carried)) {
    try {
      return await settleMovement(carried, deps, true);
    } catch (error) {
      if (!failedCondition(error, 'movement')) throw error;
    }
  }
  const m = await deps.ledger.movement(movementId);
  if (!m) return 'UNKNOWN_MOVEMENT';
  return settleMovement(m, deps, false);
}

async function settleMovement(
  m: Movement,
  deps: SettleDeps,
  verify: boolean,
): Promise<SettleOutcome> {
  if (m.status === 'SETTLED' || m.status === 'FAILED' || m.status === 'INITIATED')
    return 'ALREADY_DONE';
  if (m.settleOn > cstDate(deps.clock.now())) return 'NOT_DUE';
  // Checked again by every transaction below (`gate`): the screen only moves forward.
  if (!mayProceed(m)) return 'AWAITING_RISK';
  const ref = movementRef(m, deps.settings.ledger.platformShards);
  const run: Run = { deps, m, verify };
  try {
    switch (m.type) {
      case 'DEPOSIT':
      case 'TRANSFER':
        await step(
          run,
          [m.status, 'SETTLED'],
          'settle',
          m.type === 'DEPOSIT'
            ? journals.depositSettled(ref, m.customerId)
            : journals.transferSettled(ref, m.counterpartyId ?? ''),
          m.type === 'TRANSFER' ? { extra: (tx) => senderActive(run, tx) } : {},
        );
        return 'SETTLED';
      case 'SUBSCRIPTION':
        // The money reaches the product's custody and the position becomes held.
        await step(run, [m.status, 'SETTLED'], 'settle', journals.subscriptionSettled(ref), {
          extra: (tx) =>
            senderActive(
              run,
              deps.holdings.transition(tx, m.customerId, m.movementId, 'PENDING', 'HELD'),
            ),
        });
        return 'SETTLED';
      case 'REDEMPTION':
        await step(
          run,
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
        return await settleWithdrawal(run, ref);
      case 'LOAN_DISBURSEMENT':
      case 'LOAN_REPAYMENT':
        // Booked between the platform's own accounts, settled as they are recorded.
        return 'ALREADY_DONE';
    }
  } catch (error) {
    if (failedCondition(error, 'account')) {
      await deps.ledger.awaitResume(
        { unfreeze: m.customerId },
        m.movementId,
        deps.clock.now().toISOString(),
      );
      logger.warn('settlement waits: the customer is frozen', { movementId: m.movementId });
      return 'AWAITING_UNFREEZE';
    }
    if (failedCondition(error, 'switch')) {
      await deps.ledger.awaitResume(
        { switchOn: 'settlement' },
        m.movementId,
        deps.clock.now().toISOString(),
      );
      logger.warn('settlement waits: settlement is paused', { movementId: m.movementId });
      return 'AWAITING_RESUME';
    }
    // Another delivery of the same message got there first. A carried movement the ledger
    // does not hold as given is for the caller to read again.
    if (failedCondition(error, 'journal') || (!verify && failedCondition(error, 'movement')))
      return 'ALREADY_DONE';
    throw error;
  }
}

/**
 * The condition that the customer whose money leaves is ACTIVE, on each transaction before
 * money leaves for good (a transfer's credit, a subscription's custody, a payout): a
 * movement confirmed before a freeze is not paid out while it lasts (ADR 0015).
 */
const senderActive = (run: Run, tx: LedgerTx) =>
  tx.require({ kind: 'account' }, run.deps.customers.activeCondition(run.m.customerId));

/**
 * The condition that settlement is not paused (ADR 0018), on every step before money moves
 * for good; not on recording a payout the provider already made (that must not wait).
 */
const running = (run: Run, tx: LedgerTx) =>
  tx.require(
    { kind: 'switch', name: 'settlement' },
    run.deps.switches.runningCondition('settlement'),
  );

/** One settlement: the movement, and whether each transaction checks it against the ledger. */
interface Run {
  readonly deps: SettleDeps;
  readonly m: Movement;
  readonly verify: boolean;
}

const transition = (
  run: Run,
  tx: LedgerTx,
  from: MovementStatus,
  to: MovementStatus,
  at: string,
  note?: string,
) =>
  tx.transition(run.m, from, to, at, {
    note,
    verify: run.verify ? run.m : undefined,
    gate: isScreened(run.m.type),
  });

/** One settlement step: the movement's status change and its journal, in one transaction. */
function step(
  run: Run,
  [from, to]: [MovementStatus, MovementStatus],
  journal: string,
  postings: readonly Posting[],
  opts: { note?: string; extra?: (tx: LedgerTx) => LedgerTx; afterPayout?: boolean } = {},
): Promise<void> {
  const { deps, m } = run;
  const at = deps.clock.now().toISOString();
  const tx = transition(run, deps.ledger.tx(), from, to, at, opts.note).journal(
    `${m.movementId}:${journal}`,
    m,
    postings,
    at,
  );
  const guarded = opts.afterPayout ? tx : running(run, tx);
  return deps.ledger.commit(opts.extra ? opts.extra(guarded) : guarded);
}

async function settleWithdrawal(run: Run, ref: MovementRef): Promise<SettleOutcome> {
  const { deps, m } = run;
  const now = () => deps.clock.now().toISOString();
  const wasSettling = m.history.some((h) => h.status === 'SETTLING');
  if (m.status === 'PENDING' || (m.status === 'RETRIED' && !wasSettling)) {
    await deps.ledger.commit(
      running(
        run,
        senderActive(
          run,
          transition(run, deps.ledger.tx(), m.status, 'SETTLING', now()).journalFromHeld(
            `${m.movementId}:settling`,
            m,
            journals.withdrawalSettling(ref, m.customerId),
            now(),
          ),
        ),
      ),
    );
  } else if (m.status === 'RETRIED') {
    // Retried after the funds had left the account: only the payout is still to do.
    await deps.ledger.commit(
      running(
        run,
        senderActive(run, transition(run, deps.ledger.tx(), 'RETRIED', 'SETTLING', now())),
      ),
    );
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
    await step(run, ['SETTLING', 'SETTLED'], 'paid', journals.withdrawalPaidOut(ref), {
      afterPayout: true,
    });
    return 'SETTLED';
  }
  await step(
    run,
    ['SETTLING', 'FAILED'],
    'reversed',
    journals.withdrawalReversed(ref, m.customerId),
    { note: 'payout declined; funds returned', afterPayout: true },
  );
  return 'FAILED';
}

/**
 * How long a movement may wait for its screen before its risk event may be sent again: the
 * release job sends it one run after that, then at 2, 4, 8, ... runs (`resendNow`).
 */
export const RESCREEN_AFTER_MS = 2 * 60_000;

export interface ReleaseDeps {
  readonly ledger: LedgerRepo;
  readonly settlementQueue: MessageQueue;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
  /**
   * Sends the risk events of movements still waiting for their screen again (ADR 0012):
   * answers how many were accepted. The scorer drops an event it has decided.
   */
  readonly rescreen?: (rows: readonly DueSettlement[]) => Promise<number>;
  /** How many days back to look for movements still pending. @default 7 */
  readonly lookbackDays?: number;
  /** How often the job runs. @default RELEASE_EVERY_MINUTES */
  readonly periodMs?: number;
  /** While settlement is paused, the job sends nothing (ADR 0018; resuming sends what waits). */
  readonly switches?: Pick<Switches, 'isOff'>;
}

/**
 * Whether a due row is sent this run (`resendNow`): a delayed movement when its settlement
 * day has come, and any row left behind at falling frequency after it became due or last
 * changed; not the same-day rows the ledger stream has just sent.
 */
function releasedNow(row: DueSettlement, now: number, periodMs: number): boolean {
  const created = Date.parse(row.createdAt ?? '');
  const due = row.settleOn ? cstDayStart(row.settleOn) : Number.NaN;
  const changed = Date.parse(row.history?.at(-1)?.at ?? row.createdAt ?? '');
  const since = Math.max(changed, due);
  const delayedAndNowDue = due > created && since === due;
  return resendNow(now - since, periodMs, delayedAndNowDue);
}

/**
 * Enqueues every PENDING, RETRIED or SETTLING movement whose settlement date has come, ten
 * messages to a request. Messages the queue did not accept fail the run (the schedule runs
 * it again; settlement ignores a movement already settled).
 */
export async function releaseDue(
  deps: ReleaseDeps,
): Promise<{ released: number; rescreened: number }> {
  if (await deps.switches?.isOff('settlement')) {
    logger.warn('settlement is paused: nothing released');
    return { released: 0, rescreened: 0 };
  }
  const today = cstDate(deps.clock.now());
  const now = deps.clock.now().getTime();
  const period = deps.periodMs ?? RELEASE_EVERY_MINUTES * 60_000;
  let released = 0;
  let refused = 0;
  let rescreened = 0;
  for (let back = deps.lookbackDays ?? 7; back >= 0; back--) {
    const date = addDays(today, -back);
    for (const status of ['PENDING', 'RETRIED', 'SETTLING'] as const) {
      // Rows risk screening has not cleared wait (the row keeps the screen; ADR 0012); those
      // never screened for a while have their risk event sent again (it was lost), at
      // falling frequency (a scorer that is behind is not fed its backlog again).
      const rows = await deps.ledger.settlementsOn(
        date,
        deps.settings.ledger.platformShards,
        status,
      );
      const unscreened = rows.filter(
        (r) =>
          status === 'PENDING' &&
          isScreened(r.type) &&
          r.screen === undefined &&
          r.createdAt !== undefined &&
          // Not in the first period: a scorer that is only behind has the event already.
          resendNow(now - Date.parse(r.createdAt ?? '') - RESCREEN_AFTER_MS, period, false),
      );
      if (unscreened.length && deps.rescreen) rescreened += await deps.rescreen(unscreened);
      const due = rows.filter(
        (row) => (row.type === undefined || mayProceed(row)) && releasedNow(row, now, period),
      );
      if (!due.length) continue;
      const failed = await deps.settlementQueue.sendAll(
        due.map((s) => ({ movementId: s.movementId })),
      );
      released += due.length - failed.size;
      refused += failed.size;
    }
  }
  if (refused) throw new Error(`${refused} settlement messages were not accepted`);
  if (rescreened) logger.warn('risk events sent again for unscreened movements', { rescreened });
  return { released, rescreened };
}

/**
 * Sends again the settlements that waited while a customer was frozen (ADR 0015), once
 * they are ACTIVE again: each is forgotten only after the queue took it, so a failure
 * leaves it for the next call. Answers how many were sent.
 */
export async function resumeAfterUnfreeze(
  customerId: string,
  deps: { ledger: LedgerRepo; settlementQueue: MessageQueue },
): Promise<number> {
  return resumeWaiting({ unfreeze: customerId }, deps);
}

/**
 * Sends again the settlements that waited for `waiting` (a customer's unfreeze, or the
 * settlement switch; ADR 0015, 0018): each is forgotten only after the queue took it, so a
 * failure leaves it for the next call. Answers how many were sent.
 */
export async function resumeWaiting(
  waiting: Waiting,
  deps: { ledger: LedgerRepo; settlementQueue: MessageQueue },
): Promise<number> {
  const ids = await deps.ledger.awaiting(waiting);
  if (!ids.length) return 0;
  const failed = await deps.settlementQueue.sendAll(ids.map((movementId) => ({ movementId })));
  const sent = ids.filter((_, i) => !failed.has(i));
  await Promise.all(sent.map((id) => deps.ledger.resumed(waiting, id)));
  if (failed.size) throw new Error(`${failed.size} settlement messages were not accepted`);
  return sent.length;
}
