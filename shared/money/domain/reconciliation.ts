// Reconciliation (M2.3-c, M2.5-c): compares the journal, the account balances, the
// settlement log and the payment provider's records, and lists every break. Pure: the
// caller reads the records; nothing here touches AWS.
import {
  delta,
  isPlatformAccount,
  LOAN_RECEIVABLE_PREFIX,
  type MovementType,
  type Posting,
} from './ledger';

export type BreakKind =
  | 'UNBALANCED'
  | 'MISSING'
  | 'DUPLICATED'
  | 'AMOUNT_MISMATCH'
  | 'NEGATIVE_BALANCE'
  | 'BALANCE_MISMATCH';

export interface Break {
  readonly kind: BreakKind;
  readonly ref: string;
  readonly detail: string;
}

export interface JournalRecord {
  readonly journalId: string;
  readonly movementId: string;
  readonly postings: readonly Posting[];
}
export interface AccountRecord {
  readonly account: string;
  readonly balance: number;
  readonly available: number;
  readonly held: number;
}
export interface EntryRecord {
  readonly account: string;
  readonly journalId: string;
  readonly amount: number;
}
export interface MovementRecord {
  readonly movementId: string;
  readonly type: MovementType;
  readonly amount: number;
  readonly status: string;
  readonly history: readonly { status: string }[];
  readonly createdAt: string;
  /** Risk screening (ADR 0012): a REJECTED movement was reversed, not settled. */
  readonly screen?: string;
}
export interface ProviderRecord {
  readonly movementId: string;
  readonly kind: 'CHARGE' | 'PAYOUT';
  readonly amount: number;
  readonly result: 'APPROVED' | 'DECLINED';
}

/** An order's position (holdings); HELD principal is exactly what custody holds. */
export interface HoldingRecord {
  readonly orderId: string;
  readonly status: string;
  readonly principal: number;
}

/** A loan (issue 13): its receivable holds exactly the principal not yet repaid. */
export interface LoanRecord {
  readonly loanId: string;
  readonly outstandingPrincipalFen: number;
}

export interface ReconciliationInput {
  readonly journals: readonly JournalRecord[];
  readonly accounts: readonly AccountRecord[];
  readonly entries: readonly EntryRecord[];
  readonly movements: readonly MovementRecord[];
  readonly provider: readonly ProviderRecord[];
  readonly holdings?: readonly HoldingRecord[];
  readonly loans?: readonly LoanRecord[];
  /** Movements younger than this (ISO time) may be mid-flight and are not judged. */
  readonly settledBefore: string;
}

export interface ReconciliationReport {
  readonly checked: Record<
    'journals' | 'accounts' | 'entries' | 'movements' | 'providerRecords' | 'holdings' | 'loans',
    number
  >;
  readonly breaks: readonly Break[];
  readonly clean: boolean;
}

/** The journal steps a movement must have, given its status. */
function expectedSteps(m: MovementRecord): string[] {
  const reached = (s: string) => m.status === s || m.history.some((h) => h.status === s);
  switch (m.type) {
    case 'DEPOSIT':
      if (m.status === 'INITIATED' || (m.status === 'FAILED' && !reached('PENDING'))) return [];
      return m.status === 'SETTLED' ? ['confirm', 'settle'] : ['confirm'];
    case 'TRANSFER':
    case 'SUBSCRIPTION':
      if (m.screen === 'REJECTED') return ['confirm', 'rejected'];
      return m.status === 'SETTLED' ? ['confirm', 'settle'] : ['confirm'];
    case 'REDEMPTION':
      return m.status === 'SETTLED' ? ['confirm', 'settle'] : ['confirm'];
    case 'WITHDRAWAL':
      if (m.screen === 'REJECTED') return [];
      if (m.status === 'SETTLED') return ['settling', 'paid'];
      if (m.status === 'FAILED') return ['settling', 'reversed'];
      return reached('SETTLING') ? ['settling'] : [];
    case 'LOAN_DISBURSEMENT':
      return ['disburse'];
    case 'LOAN_REPAYMENT':
      return ['repay'];
  }
}

export function reconcile(input: ReconciliationInput): ReconciliationReport {
  const breaks: Break[] = [];
  const recomputed = new Map<string, number>();
  for (const j of input.journals) {
    const debits = j.postings.filter((p) => p.side === 'DEBIT').reduce((s, p) => s + p.amount, 0);
    const credits = j.postings.filter((p) => p.side === 'CREDIT').reduce((s, p) => s + p.amount, 0);
    if (debits !== credits)
      breaks.push({
        kind: 'UNBALANCED',
        ref: j.journalId,
        detail: `debits ${debits} != credits ${credits}`,
      });
    for (const p of j.postings)
      recomputed.set(p.account, (recomputed.get(p.account) ?? 0) + delta(p));
  }

  let total = 0;
  const seen = new Set<string>();
  for (const a of input.accounts) {
    seen.add(a.account);
    total += a.balance;
    const fromJournals = recomputed.get(a.account) ?? 0;
    if (fromJournals !== a.balance) {
      breaks.push({
        kind: 'BALANCE_MISMATCH',
        ref: a.account,
        detail: `balance ${a.balance}, journals say ${fromJournals}`,
      });
    }
    if (!isPlatformAccount(a.account)) {
      if (a.balance < 0 || a.available < 0 || a.held < 0) {
        breaks.push({
          kind: 'NEGATIVE_BALANCE',
          ref: a.account,
          detail: `balance ${a.balance}, available ${a.available}, held ${a.held}`,
        });
      }
      if (a.available !== a.balance - a.held) {
        breaks.push({
          kind: 'BALANCE_MISMATCH',
          ref: a.account,
          detail: `available ${a.available} != balance ${a.balance} - held ${a.held}`,
        });
      }
    }
  }
  for (const [account, v] of recomputed) {
    if (!seen.has(account) && v !== 0)
      breaks.push({
        kind: 'MISSING',
        ref: account,
        detail: `journals move ${v} but the account has no balance record`,
      });
  }
  if (total !== 0)
    breaks.push({
      kind: 'UNBALANCED',
      ref: 'books',
      detail: `all balances sum to ${total}, not 0`,
    });

  const entryCount = new Map<string, number>();
  for (const e of input.entries)
    entryCount.set(
      `${e.account}|${e.journalId}`,
      (entryCount.get(`${e.account}|${e.journalId}`) ?? 0) + 1,
    );
  for (const [k, n] of entryCount)
    if (n > 1)
      breaks.push({ kind: 'DUPLICATED', ref: k, detail: `${n} entries for one journal line` });

  const journalsByMovement = new Map<string, JournalRecord[]>();
  for (const j of input.journals)
    journalsByMovement.set(j.movementId, [...(journalsByMovement.get(j.movementId) ?? []), j]);
  const movements = new Map(input.movements.map((m) => [m.movementId, m]));
  for (const m of input.movements) {
    if (m.createdAt >= input.settledBefore) continue;
    const have = (journalsByMovement.get(m.movementId) ?? []).map(
      (j) => j.journalId.split(':')[1] ?? '',
    );
    for (const step of expectedSteps(m)) {
      if (!have.includes(step))
        breaks.push({
          kind: 'MISSING',
          ref: m.movementId,
          detail: `${m.type} ${m.status} lacks its ${step} journal`,
        });
    }
    for (const step of have) {
      if (!expectedSteps(m).includes(step))
        breaks.push({
          kind: 'DUPLICATED',
          ref: m.movementId,
          detail: `${m.type} ${m.status} has an unexpected ${step} journal`,
        });
    }
    for (const j of journalsByMovement.get(m.movementId) ?? []) {
      const moved = j.postings.filter((p) => p.side === 'DEBIT').reduce((s, p) => s + p.amount, 0);
      if (moved !== m.amount)
        breaks.push({
          kind: 'AMOUNT_MISMATCH',
          ref: j.journalId,
          detail: `journal moves ${moved}, movement says ${m.amount}`,
        });
    }
  }

  for (const p of input.provider) {
    const m = movements.get(p.movementId);
    if (!m) {
      if (p.result === 'APPROVED')
        breaks.push({
          kind: 'MISSING',
          ref: p.movementId,
          detail: `provider ${p.kind} with no movement`,
        });
      continue;
    }
    if (p.amount !== m.amount)
      breaks.push({
        kind: 'AMOUNT_MISMATCH',
        ref: p.movementId,
        detail: `provider ${p.amount}, ledger ${m.amount}`,
      });
    if (m.createdAt >= input.settledBefore) continue;
    if (p.kind === 'CHARGE' && p.result === 'APPROVED' && m.status === 'INITIATED') {
      breaks.push({
        kind: 'MISSING',
        ref: p.movementId,
        detail: 'provider charged the card but the ledger has no confirmed deposit',
      });
    }
    if (
      p.kind === 'PAYOUT' &&
      p.result === 'APPROVED' &&
      m.status !== 'SETTLED' &&
      m.status !== 'SETTLING'
    ) {
      breaks.push({
        kind: 'MISSING',
        ref: p.movementId,
        detail: `provider paid out but the withdrawal is ${m.status}`,
      });
    }
  }
  const providerKeys = new Set(
    input.provider.filter((p) => p.result === 'APPROVED').map((p) => `${p.kind}|${p.movementId}`),
  );
  for (const m of input.movements) {
    if (m.createdAt >= input.settledBefore) continue;
    if (
      m.type === 'DEPOSIT' &&
      expectedSteps(m).includes('confirm') &&
      !providerKeys.has(`CHARGE|${m.movementId}`)
    ) {
      breaks.push({
        kind: 'MISSING',
        ref: m.movementId,
        detail: 'deposit confirmed in the ledger without an approved provider charge',
      });
    }
    if (
      m.type === 'WITHDRAWAL' &&
      m.status === 'SETTLED' &&
      !providerKeys.has(`PAYOUT|${m.movementId}`)
    ) {
      breaks.push({
        kind: 'MISSING',
        ref: m.movementId,
        detail: 'withdrawal settled without an approved provider payout',
      });
    }
  }

  // Custody holds exactly the principal of held positions: an order's settlement moves
  // both together, and so does a redemption's confirmation.
  const custody = input.accounts
    .filter((a) => a.account.startsWith('plat:custody:'))
    .reduce((s, a) => s + a.balance, 0);
  const heldPrincipal = (input.holdings ?? [])
    .filter((h) => h.status === 'HELD')
    .reduce((s, h) => s + h.principal, 0);
  if (custody !== heldPrincipal) {
    breaks.push({
      kind: 'AMOUNT_MISMATCH',
      ref: 'plat:custody',
      detail: `custody accounts hold ${custody}, held positions ${heldPrincipal}`,
    });
  }

  // Each loan's receivable holds minus its outstanding principal (an asset, below zero);
  // a receivable without a loan record, or a loan without its receivable, is a break.
  const receivables = new Map(
    input.accounts
      .filter((a) => a.account.startsWith(LOAN_RECEIVABLE_PREFIX))
      .map((a) => [a.account.slice(LOAN_RECEIVABLE_PREFIX.length), a.balance]),
  );
  for (const loan of input.loans ?? []) {
    const balance = receivables.get(loan.loanId) ?? 0;
    receivables.delete(loan.loanId);
    if (balance !== -loan.outstandingPrincipalFen)
      breaks.push({
        kind: 'AMOUNT_MISMATCH',
        ref: `${LOAN_RECEIVABLE_PREFIX}${loan.loanId}`,
        detail: `receivable ${-balance}, the loan's outstanding principal ${loan.outstandingPrincipalFen}`,
      });
  }
  for (const [loanId, balance] of receivables)
    if (balance !== 0)
      breaks.push({
        kind: 'MISSING',
        ref: `${LOAN_RECEIVABLE_PREFIX}${loanId}`,
        detail: `receivable ${-balance} with no loan record`,
      });

  return {
    checked: {
      journals: input.journals.length,
      accounts: input.accounts.length,
      entries: input.entries.length,
      movements: input.movements.length,
      providerRecords: input.provider.length,
      holdings: input.holdings?.length ?? 0,
      loans: input.loans?.length ?? 0,
    },
    breaks,
    clean: breaks.length === 0,
  };
}
