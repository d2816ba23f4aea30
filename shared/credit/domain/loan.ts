// Consumer loans (issue 13, M1-a, M3.1-a): an approved offer becomes a loan repaid in equal
// monthly instalments; instalments are paid in full on or after their due date, early
// repayment pays the loan off, and overdue days and the delinquency bucket (M1, M30, M90)
// come from the schedule and the day. The outcomes feed the next application's behaviour
// signals. Pure: dates are CST calendar dates (YYYY-MM-DD), amounts whole fen.
// docs/credit-risk.md, "Loans", derives every figure.
import type { RepaymentRecord } from './application';

export interface Instalment {
  /** 1-based. */
  readonly n: number;
  readonly dueOn: string;
  readonly principalFen: number;
  readonly interestFen: number;
  /** When paid (CST date), by which repayment movement, and what was paid. */
  readonly paidOn?: string;
  readonly movementId?: string;
  /** What was paid: the schedule's figures, or less interest when the loan was paid off early. */
  readonly paidPrincipalFen?: number;
  readonly paidInterestFen?: number;
}

export type LoanStatus = 'ACTIVE' | 'REPAID';

export interface Loan {
  readonly loanId: string;
  readonly customerId: string;
  readonly applicationId: string;
  readonly principalFen: number;
  readonly annualRatePct: number;
  readonly termMonths: number;
  readonly disbursedOn: string;
  readonly disbursementId: string;
  readonly instalments: readonly Instalment[];
  readonly status: LoanStatus;
  /** Paid off before its last due date (an early repayment). */
  readonly repaidEarly?: boolean;
  readonly repaidOn?: string;
  /** Optimistic lock: each change adds one, on condition of the one read. */
  readonly version: number;
}

export class LoanTermsError extends Error {
  override readonly name = 'LoanTermsError';
}

/** `date` plus `months` calendar months, on the same day or the month's last (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The equal-instalment (annuity) schedule: the monthly rate is the annual rate / 12; each
 * payment is P r / (1 - (1 + r)^-n) to the fen; each month's interest is the balance times
 * r rounded to the fen (half up, in whole numbers) and the rest of the payment is principal;
 * the last instalment takes the balance left, so the principal parts add up to P exactly.
 * At a zero rate the principal is split evenly, the remainder on the last. Every
 * instalment repays some principal.
 */
export function equalInstalments(
  principalFen: number,
  annualRatePct: number,
  termMonths: number,
  disbursedOn: string,
): Instalment[] {
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0)
    throw new LoanTermsError('the principal must be a positive whole number of fen');
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > 120)
    throw new LoanTermsError('the term must be 1 to 120 months');
  if (!Number.isFinite(annualRatePct) || annualRatePct < 0 || annualRatePct > 36)
    throw new LoanTermsError('the annual rate must be 0% to 36%');
  // Rates are whole hundredths of a percent (as offers are priced): interest in whole numbers.
  const rateBp = Math.round(annualRatePct * 100);
  const r = rateBp / 120_000;
  const exact =
    r === 0 ? principalFen / termMonths : (principalFen * r) / (1 - (1 + r) ** -termMonths);
  // The payment is the exact one rounded to the nearest fen, or down or up where that leaves
  // the last instalment nearer the others (rounding compounds over a long loan at a high rate:
  // up may repay the principal before the last month, down leaves more for it).
  const candidates = [
    ...new Set(
      r === 0 ? [Math.floor(exact)] : [Math.round(exact), Math.floor(exact), Math.ceil(exact)],
    ),
  ];
  let best: Instalment[] | undefined;
  let bestGap = Infinity;
  for (const payment of candidates) {
    const s = schedule(principalFen, rateBp, termMonths, disbursedOn, payment);
    const last = s?.at(-1);
    if (!s || !last) continue;
    const gap = Math.abs(last.principalFen + last.interestFen - payment);
    if (gap < bestGap) [best, bestGap] = [s, gap];
  }
  return best ?? fail();
}

/** A month's interest on `balance` at `rateBp` hundredths of a percent a year, rounded half up. */
export function monthlyInterest(balance: number, rateBp: number): number {
  return Math.floor((2 * balance * rateBp + 120_000) / 240_000);
}

const fail = (): never => {
  throw new LoanTermsError('the principal is too small to repay over this term');
};

function schedule(
  principalFen: number,
  rateBp: number,
  termMonths: number,
  disbursedOn: string,
  payment: number,
): Instalment[] | undefined {
  const out: Instalment[] = [];
  let balance = principalFen;
  for (let n = 1; n <= termMonths; n++) {
    const interestFen = monthlyInterest(balance, rateBp);
    const principal = n === termMonths ? balance : payment - interestFen;
    if (principal <= 0 || principal > balance - (termMonths - n)) return undefined;
    out.push({ n, dueOn: addMonths(disbursedOn, n), principalFen: principal, interestFen });
    balance -= principal;
  }
  return out;
}

export const amountOf = (i: Instalment) => i.principalFen + i.interestFen;
export const isPaid = (i: Instalment) => i.paidOn !== undefined;

/** Instalments unpaid and due on or before `today`, oldest first. */
export function dueInstalments(loan: Pick<Loan, 'instalments'>, today: string): Instalment[] {
  return loan.instalments.filter((i) => !isPaid(i) && i.dueOn <= today);
}

/** The principal not yet repaid (what the loan receivable account holds). */
export function outstandingPrincipal(loan: Pick<Loan, 'instalments'>): number {
  return loan.instalments.filter((i) => !isPaid(i)).reduce((s, i) => s + i.principalFen, 0);
}

/** The first unpaid instalment's due date: where the loan waits for collection. */
export function nextDueOn(loan: Pick<Loan, 'instalments'>): string | undefined {
  return loan.instalments.find((i) => !isPaid(i))?.dueOn;
}

/**
 * Days overdue: from the oldest unpaid instalment's due date to `today`; 0 when nothing is
 * past due. An instalment due today is due, not overdue: it becomes one day overdue
 * tomorrow.
 */
export function overdueDays(loan: Pick<Loan, 'instalments'>, today: string): number {
  const oldest = loan.instalments.find((i) => !isPaid(i) && i.dueOn < today);
  return oldest ? daysBetween(oldest.dueOn, today) : 0;
}

/**
 * Delinquency buckets by days overdue: CURRENT (none), M1 (1 to 30 days: one missed
 * month), M30 (31 to 90), M90 (more than 90: non-performing, the five-category rule's
 * "substandard" line).
 */
export const DELINQUENCY_BUCKETS = ['CURRENT', 'M1', 'M30', 'M90'] as const;
export type DelinquencyBucket = (typeof DELINQUENCY_BUCKETS)[number];

export function bucketOf(days: number): DelinquencyBucket {
  if (days > 90) return 'M90';
  if (days > 30) return 'M30';
  if (days >= 1) return 'M1';
  return 'CURRENT';
}

/** Where a loan stands on `today`: what is owed, how late, and when it is next due. */
export function standingOf(loan: Pick<Loan, 'status' | 'instalments'>, today: string) {
  const days = loan.status === 'ACTIVE' ? overdueDays(loan, today) : 0;
  return {
    outstandingPrincipalFen: outstandingPrincipal(loan),
    overdueDays: days,
    delinquency: bucketOf(days),
    nextDueOn: loan.status === 'ACTIVE' ? (nextDueOn(loan) ?? null) : null,
  };
}

/** The most days any instalment of the loan was (or is) late, as of `today`. */
export function worstOverdueDays(loan: Pick<Loan, 'instalments'>, today: string): number {
  let worst = 0;
  for (const i of loan.instalments) {
    const until = i.paidOn ?? (i.dueOn < today ? today : undefined);
    if (until !== undefined) worst = Math.max(worst, daysBetween(i.dueOn, until));
  }
  return worst;
}

/** What one repayment pays towards one instalment. */
export interface Payment {
  readonly n: number;
  readonly principalFen: number;
  readonly interestFen: number;
}

export const totalOf = (payments: readonly Payment[]) =>
  payments.reduce((s, p) => s + p.principalFen + p.interestFen, 0);

/** Paying the instalments due by `today`, oldest first, in full. */
export function duePayments(loan: Pick<Loan, 'instalments'>, today: string): Payment[] {
  return dueInstalments(loan, today).map((i) => ({
    n: i.n,
    principalFen: i.principalFen,
    interestFen: i.interestFen,
  }));
}

/**
 * Paying the loan off today: every unpaid instalment due by today in full, the principal
 * of the rest, and the current period's interest for the days elapsed since it began (the
 * previous due date, or the disbursement), pro rata to the period's days, rounded half up.
 * Later periods have not begun: their interest is not owed. No fee: early repayment is the
 * borrower's right.
 */
export function payoffPayments(
  loan: Pick<Loan, 'instalments' | 'disbursedOn'>,
  today: string,
): Payment[] {
  let current = true;
  const out: Payment[] = [];
  for (const i of loan.instalments) {
    if (isPaid(i)) continue;
    if (i.dueOn <= today) {
      out.push({ n: i.n, principalFen: i.principalFen, interestFen: i.interestFen });
      continue;
    }
    let interestFen = 0;
    if (current) {
      current = false;
      const start = i.n === 1 ? loan.disbursedOn : (loan.instalments[i.n - 2]?.dueOn ?? today);
      if (start < today)
        interestFen = Math.round(
          (i.interestFen * daysBetween(start, today)) / daysBetween(start, i.dueOn),
        );
    }
    out.push({ n: i.n, principalFen: i.principalFen, interestFen });
  }
  return out;
}

/** The loan with `payments` made on `today` by `movementId`; repaid when nothing is left. */
export function withPayments(
  loan: Loan,
  payments: readonly Payment[],
  today: string,
  movementId: string,
): Loan {
  const byN = new Map(payments.map((p) => [p.n, p]));
  const instalments = loan.instalments.map((i) => {
    const p = byN.get(i.n);
    return p
      ? {
          ...i,
          paidOn: today,
          movementId,
          paidPrincipalFen: p.principalFen,
          paidInterestFen: p.interestFen,
        }
      : i;
  });
  const done = instalments.every(isPaid);
  return {
    ...loan,
    instalments,
    status: done ? 'REPAID' : 'ACTIVE',
    ...(done ? { repaidOn: today } : {}),
    ...(done && payments.some((p) => (loan.instalments[p.n - 1]?.dueOn ?? '') > today)
      ? { repaidEarly: true }
      : {}),
    version: loan.version + 1,
  };
}

/** A loan as its borrower's behaviour signals read it. */
export type LoanOutcome = Pick<Loan, 'status' | 'instalments'>;

/**
 * The behaviour signals from the platform's own loans (M3.1-b: past loans, overdue
 * records): how they were repaid, how many are open, the most days any instalment was late.
 * No loans: unknown (null), never "all repaid".
 */
export function loanSignals(
  loans: readonly LoanOutcome[],
  today: string,
): {
  repaymentRecord: RepaymentRecord | null;
  openLoans: number;
  maxOverdueDays: number | null;
} {
  if (loans.length === 0) return { repaymentRecord: null, openLoans: 0, maxOverdueDays: null };
  const open = loans.filter((l) => l.status === 'ACTIVE');
  const worst = Math.max(...loans.map((l) => worstOverdueDays(l, today)));
  const repaymentRecord: RepaymentRecord = open.some((l) => overdueDays(l, today) > 90)
    ? 'CRITICAL'
    : worst > 0
      ? 'PAST_DELAYS'
      : open.length > 0
        ? 'CURRENT_ON_TIME'
        : 'ALL_REPAID_HERE';
  return { repaymentRecord, openLoans: open.length, maxOverdueDays: worst };
}
