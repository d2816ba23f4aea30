// Double-entry bookkeeping (M2.3-a..c). A journal is a set of postings whose debits equal
// its credits; an account's balance moves by credits minus debits (the platform's
// liability view: a customer's cash grows by credits). Platform accounts are sharded so
// that no single item takes every movement (docs/adr/0005-ledger.md).
import { createHash } from 'node:crypto';
import { isFen } from '../../kernel';

export const MOVEMENT_TYPES = [
  'DEPOSIT',
  'WITHDRAWAL',
  'TRANSFER',
  'SUBSCRIPTION',
  'REDEMPTION',
  'LOAN_DISBURSEMENT',
  'LOAN_REPAYMENT',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export type Side = 'DEBIT' | 'CREDIT';
export type PlatformAccount = 'clearing' | 'inTransit' | 'fees' | 'custody' | 'interest';

export interface Posting {
  readonly account: string;
  readonly side: Side;
  readonly amount: number;
}

export class UnbalancedJournalError extends Error {
  override readonly name = 'UnbalancedJournalError';
}

export const customerAccount = (customerId: string) => `cust:${customerId}:cash`;
export const platformAccount = (name: PlatformAccount, shard: number) =>
  `plat:${name}:${String(shard).padStart(2, '0')}`;
export const isPlatformAccount = (account: string) => account.startsWith('plat:');
/**
 * A loan's receivable (issue 13): what the borrower owes of its principal. A platform
 * account (its balance is the platform's asset, so it runs below zero: debited by the
 * disbursement, credited by each repayment's principal), one per loan so that
 * reconciliation can hold each loan's schedule against it.
 */
export const loanReceivable = (loanId: string) => `plat:loan:${loanId}`;
export const LOAN_RECEIVABLE_PREFIX = 'plat:loan:';

/** The shard of a platform account that a movement uses: stable for the movement. */
export function shardOf(movementId: string, shards: number): number {
  const h = createHash('sha256').update(movementId).digest();
  return h.readUInt32BE(0) % shards;
}

/** How a posting changes its account's balance. */
export function delta(p: Posting): number {
  return p.side === 'CREDIT' ? p.amount : -p.amount;
}

/** Validates a journal: two or more postings, positive integer amounts, debits = credits. */
export function balanced(postings: readonly Posting[]): readonly Posting[] {
  if (postings.length < 2)
    throw new UnbalancedJournalError('a journal needs at least two postings');
  let debits = 0;
  let credits = 0;
  for (const p of postings) {
    if (!isFen(p.amount) || p.amount <= 0)
      throw new UnbalancedJournalError(`posting amount ${p.amount} is not a positive integer`);
    if (p.side === 'DEBIT') debits += p.amount;
    else credits += p.amount;
  }
  if (debits !== credits)
    throw new UnbalancedJournalError(`debits ${debits} != credits ${credits}`);
  return postings;
}

const move = (from: string, to: string, amount: number): readonly Posting[] =>
  balanced([
    { account: from, side: 'DEBIT', amount },
    { account: to, side: 'CREDIT', amount },
  ]);

export interface MovementRef {
  readonly movementId: string;
  readonly amount: number;
  readonly shards: number;
}

export const movementRef = (
  m: { movementId: string; amount: number },
  shards: number,
): MovementRef => ({ movementId: m.movementId, amount: m.amount, shards });

const inTransit = (m: MovementRef) => platformAccount('inTransit', shardOf(m.movementId, m.shards));
const clearing = (m: MovementRef) => platformAccount('clearing', shardOf(m.movementId, m.shards));
const custody = (m: MovementRef) => platformAccount('custody', shardOf(m.movementId, m.shards));

/**
 * The journals of each movement type, at each step:
 * - deposit: the provider confirmed the charge (clearing -> in transit), then settlement
 *   credits the customer (in transit -> customer);
 * - transfer: the sender is debited at once (sender -> in transit), settlement credits
 *   the recipient (in transit -> recipient);
 * - withdrawal: the amount is held at once (no journal), settlement debits the customer
 *   (customer -> in transit), and the provider's payout completes it (in transit ->
 *   clearing) or its final failure reverses it (in transit -> customer);
 * - order (subscription): the customer is debited at once (customer -> in transit), and
 *   settlement invests it (in transit -> custody, the product's money held for customers);
 * - redemption: custody -> in transit at once, in transit -> customer at settlement;
 * - a transfer or order a risk officer rejects while held (ADR 0012): the confirmation is
 *   reversed (in transit -> customer); a held withdrawal has moved nothing yet, and only
 *   its hold is released.
 */
export const journals = {
  /** A loan paid out: its receivable -> the borrower's cash. */
  loanDisbursed: (m: MovementRef, loanId: string, customerId: string) =>
    move(loanReceivable(loanId), customerAccount(customerId), m.amount),
  /**
   * A repayment: the borrower's cash pays the principal back to the receivable and the
   * interest to the platform's interest income (a part of zero is left out).
   */
  loanRepaid: (
    m: MovementRef,
    loanId: string,
    customerId: string,
    parts: { principalFen: number; interestFen: number },
  ) =>
    balanced([
      { account: customerAccount(customerId), side: 'DEBIT', amount: m.amount },
      ...(parts.principalFen > 0
        ? [{ account: loanReceivable(loanId), side: 'CREDIT' as const, amount: parts.principalFen }]
        : []),
      ...(parts.interestFen > 0
        ? [
            {
              account: platformAccount('interest', shardOf(m.movementId, m.shards)),
              side: 'CREDIT' as const,
              amount: parts.interestFen,
            },
          ]
        : []),
    ]),
  depositConfirmed: (m: MovementRef) => move(clearing(m), inTransit(m), m.amount),
  depositSettled: (m: MovementRef, customerId: string) =>
    move(inTransit(m), customerAccount(customerId), m.amount),
  transferConfirmed: (m: MovementRef, senderId: string) =>
    move(customerAccount(senderId), inTransit(m), m.amount),
  transferSettled: (m: MovementRef, recipientId: string) =>
    move(inTransit(m), customerAccount(recipientId), m.amount),
  withdrawalSettling: (m: MovementRef, customerId: string) =>
    move(customerAccount(customerId), inTransit(m), m.amount),
  withdrawalPaidOut: (m: MovementRef) => move(inTransit(m), clearing(m), m.amount),
  withdrawalReversed: (m: MovementRef, customerId: string) =>
    move(inTransit(m), customerAccount(customerId), m.amount),
  subscriptionConfirmed: (m: MovementRef, customerId: string) =>
    move(customerAccount(customerId), inTransit(m), m.amount),
  subscriptionSettled: (m: MovementRef) => move(inTransit(m), custody(m), m.amount),
  transferRejected: (m: MovementRef, senderId: string) =>
    move(inTransit(m), customerAccount(senderId), m.amount),
  subscriptionRejected: (m: MovementRef, customerId: string) =>
    move(inTransit(m), customerAccount(customerId), m.amount),
  redemptionConfirmed: (m: MovementRef) => move(custody(m), inTransit(m), m.amount),
  redemptionSettled: (m: MovementRef, customerId: string) =>
    move(inTransit(m), customerAccount(customerId), m.amount),
};
