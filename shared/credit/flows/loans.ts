// Consumer loans (issue 13, M1-a, M3.1-a): an approved offer taken up is paid out to the
// borrower's cash account through the ledger (a loan receivable per loan, balanced
// journals, a settled movement in the settlement log), repaid in equal monthly
// instalments collected from the cash balance on their due date by a daily job (too little
// money leaves the instalment overdue, never the balance negative), or by the borrower: the
// instalments due, or the whole loan early. Each change of a loan is one transaction with
// its money, on condition of the loan's version: a repayment is never taken twice.
import { randomUUID } from 'node:crypto';
import { addDays, cstDate, type Clock } from '../../kernel';
import {
  failedCondition,
  journals,
  movementRef,
  newMovement,
  once,
  type IdempotentRequest,
  type LedgerRepo,
  type LedgerTx,
  type Movement,
} from '../../money';
import type { CustomersRepo } from '../../identity';
import {
  ConflictError,
  logger,
  NotFoundError,
  Refusal,
  suspended,
  type Switches,
} from '../../platform';
import type { RuntimeSettings } from '../../settings';
import {
  amountOf,
  bucketOf,
  DELINQUENCY_BUCKETS,
  duePayments,
  equalInstalments,
  isPaid,
  nextDueOn,
  overdueDays,
  payoffPayments,
  totalOf,
  withPayments,
  LoanTermsError,
  daysBetween,
  standingOf,
  type DelinquencyBucket,
  type Loan,
  type Payment,
} from '../domain/loan';
import type { LendingPolicy } from '../domain/policy';
import type { ApplicationsRepo } from '../adapters/applications-repo';
import type { LoansRepo } from '../adapters/loans-repo';

export interface LoanDeps {
  readonly ledger: LedgerRepo;
  readonly applications: ApplicationsRepo;
  readonly loans: LoansRepo;
  /** The borrower must be ACTIVE when the money is paid out. */
  readonly customers: Pick<CustomersRepo, 'activeCondition'>;
  /** The `lending` kill switch (ADR 0018): while it is off, no loan is paid out. */
  readonly switches: Pick<Switches, 'runningCondition'>;
  readonly settings: RuntimeSettings;
  readonly policy: LendingPolicy;
  readonly clock: Clock;
}

/** A loan as its borrower (and staff) read it, as of `today`. */
export function loanView(loan: Loan, today: string) {
  const { outstandingPrincipalFen, overdueDays, delinquency } = standingOf(loan, today);
  const next = loan.instalments.find((i) => !isPaid(i));
  const payoff = loan.status === 'ACTIVE' ? payoffPayments(loan, today) : [];
  return {
    loanId: loan.loanId,
    applicationId: loan.applicationId,
    status: loan.status,
    principalFen: loan.principalFen,
    annualRatePct: loan.annualRatePct,
    termMonths: loan.termMonths,
    disbursedOn: loan.disbursedOn,
    disbursementId: loan.disbursementId,
    outstandingPrincipalFen,
    overdueDays,
    delinquency,
    asOf: today,
    ...(next ? { nextDue: { n: next.n, dueOn: next.dueOn, amountFen: amountOf(next) } } : {}),
    ...(payoff.length
      ? {
          payoffToday: {
            amountFen: totalOf(payoff),
            principalFen: payoff.reduce((s, p) => s + p.principalFen, 0),
            interestFen: payoff.reduce((s, p) => s + p.interestFen, 0),
          },
        }
      : {}),
    instalments: loan.instalments.map((i) => ({
      n: i.n,
      dueOn: i.dueOn,
      principalFen: i.principalFen,
      interestFen: i.interestFen,
      amountFen: amountOf(i),
      status: isPaid(i)
        ? ('PAID' as const)
        : i.dueOn < today
          ? ('OVERDUE' as const)
          : i.dueOn === today
            ? ('DUE' as const)
            : ('SCHEDULED' as const),
      ...(i.paidOn
        ? {
            paidOn: i.paidOn,
            paidFen: (i.paidPrincipalFen ?? i.principalFen) + (i.paidInterestFen ?? i.interestFen),
            lateDays: Math.max(0, daysBetween(i.dueOn, i.paidOn)),
          }
        : {}),
    })),
    ...(loan.repaidOn ? { repaidOn: loan.repaidOn } : {}),
    ...(loan.repaidEarly ? { repaidEarly: true } : {}),
  };
}
export type LoanView = ReturnType<typeof loanView>;

const today = (deps: Pick<LoanDeps, 'clock'>) => cstDate(deps.clock.now());

/**
 * The borrower takes up an approved offer (all of it, or less): the loan is opened with its
 * schedule and the money paid to their cash account in one transaction. An offer is taken up
 * once, within `offerValidDays` of its approval, by its applicant while they are active.
 */
export async function takeUpOffer(
  req: IdempotentRequest & { input: { applicationId: string; amountFen?: number | undefined } },
  deps: LoanDeps,
): Promise<LoanView> {
  return once(deps.ledger, req, { checkFirst: true }, async (key) => {
    const app = await deps.applications.get(req.input.applicationId);
    if (!app || app.customerId !== req.customerId)
      throw new NotFoundError('APPLICATION_NOT_FOUND', 'No such credit application.');
    const now = deps.clock.now();
    const approvedAt = app.officer?.at ?? app.decidedAt;
    const expires = addDays(cstDate(new Date(approvedAt)), deps.policy.offerValidDays);
    if (app.status !== 'APPROVED' || !app.offer || app.loanId || cstDate(now) > expires)
      throw new ConflictError(
        'OFFER_NOT_AVAILABLE',
        app.loanId
          ? 'This offer has already been taken up.'
          : app.status !== 'APPROVED'
            ? 'Only an approved application has an offer to take up.'
            : `This offer expired on ${expires}.`,
      );
    const amountFen = req.input.amountFen ?? app.offer.limitFen;
    if (amountFen > app.offer.limitFen || amountFen < deps.policy.minAmountFen)
      throw new Refusal(
        'LOAN_AMOUNT_INVALID',
        `The amount must be from ${deps.policy.minAmountFen} to ${app.offer.limitFen} fen.`,
        [{ path: 'amountFen', reason: 'is outside the offer' }],
      );
    const loanId = randomUUID();
    const on = cstDate(now);
    const m = bookedMovement('LOAN_DISBURSEMENT', req.customerId, amountFen, loanId, deps);
    const loan: Loan = {
      loanId,
      customerId: req.customerId,
      applicationId: app.applicationId,
      principalFen: amountFen,
      annualRatePct: app.offer.annualRatePct,
      termMonths: app.application.termMonths,
      disbursedOn: on,
      disbursementId: m.movementId,
      instalments: scheduleOrRefuse(
        amountFen,
        app.offer.annualRatePct,
        app.application.termMonths,
        on,
      ),
      status: 'ACTIVE',
      version: 1,
    };
    const body = loanView(loan, on);
    const tx = deps.ledger
      .tx()
      .createMovement(m)
      .journal(
        `${m.movementId}:disburse`,
        m,
        journals.loanDisbursed(ref(m, deps), loanId, req.customerId),
        m.createdAt,
      )
      .require({ kind: 'account' }, deps.customers.activeCondition(req.customerId))
      .require({ kind: 'switch', name: 'lending' }, deps.switches.runningCondition('lending'));
    deps.loans.open(tx, loan, deps.policy.maxAmountFen);
    deps.applications.accept(tx, app.applicationId, loanId);
    try {
      await deps.ledger.commit(key.answered(tx, body, m.movementId));
    } catch (error) {
      if (failedCondition(error, 'credit'))
        throw new ConflictError('OFFER_NOT_AVAILABLE', 'This offer has already been taken up.');
      if (failedCondition(error, 'account'))
        throw new Refusal('ACCOUNT_FROZEN', 'The account is frozen: no loan can be paid out.');
      if (failedCondition(error, 'switch'))
        throw suspended('Lending is paused: no loan is paid out for now. The offer keeps.');
      if (failedCondition(error, 'creditLimit'))
        throw new Refusal(
          'CREDIT_LIMIT_REACHED',
          `Your loans outstanding and this one would exceed ${deps.policy.maxAmountFen} fen.`,
          [{ path: 'amountFen', reason: 'is more than the credit left' }],
        );
      throw error;
    }
    logger.info('loan disbursed', { loanId, amountFen, movementId: m.movementId });
    return body;
  });
}

/** The schedule, or a refusal naming the amount when these terms cannot make one. */
function scheduleOrRefuse(amountFen: number, ratePct: number, months: number, on: string) {
  try {
    return equalInstalments(amountFen, ratePct, months, on);
  } catch (error) {
    if (!(error instanceof LoanTermsError)) throw error;
    throw new Refusal('LOAN_AMOUNT_INVALID', `These terms make no schedule: ${error.message}.`, [
      { path: 'amountFen', reason: error.message },
    ]);
  }
}

/** A movement booked and settled at once between the platform's own accounts (T+0). */
function bookedMovement(
  type: 'LOAN_DISBURSEMENT' | 'LOAN_REPAYMENT',
  customerId: string,
  amount: number,
  loanId: string,
  deps: Pick<LoanDeps, 'settings' | 'clock'>,
): Movement {
  const at = deps.clock.now().toISOString();
  return newMovement(type, customerId, amount, deps, {
    cycle: 0,
    settleOn: cstDate(deps.clock.now()),
    status: 'SETTLED',
    history: [{ status: 'SETTLED', at }],
    loanId,
    memo: type === 'LOAN_DISBURSEMENT' ? 'Loan paid out' : 'Loan repayment',
  });
}

const ref = (m: Movement, deps: Pick<LoanDeps, 'settings'>) =>
  movementRef(m, deps.settings.ledger.platformShards);

/** The transaction that pays `payments` of `loan` from the borrower's cash on `on`. */
function repaymentTx(
  loan: Loan,
  payments: readonly Payment[],
  on: string,
  deps: Pick<LoanDeps, 'ledger' | 'loans' | 'settings' | 'clock'>,
): { tx: LedgerTx; movement: Movement; after: Loan } {
  const parts = {
    principalFen: payments.reduce((s, p) => s + p.principalFen, 0),
    interestFen: payments.reduce((s, p) => s + p.interestFen, 0),
  };
  const m = bookedMovement('LOAN_REPAYMENT', loan.customerId, totalOf(payments), loan.loanId, deps);
  const after = withPayments(loan, payments, on, m.movementId);
  // The loan's version first: when the loan changed meanwhile, that is the failure reported
  // (and read again), not the balance a payment already made has used.
  const tx = deps.loans
    .save(deps.ledger.tx(), loan, after)
    .createMovement(m)
    .journal(
      `${m.movementId}:repay`,
      m,
      journals.loanRepaid(ref(m, deps), loan.loanId, loan.customerId, parts),
      m.createdAt,
    );
  return { tx, movement: m, after };
}

async function ownLoan(customerId: string, loanId: string, deps: Pick<LoanDeps, 'loans'>) {
  const loan = await deps.loans.get(loanId);
  if (!loan || loan.customerId !== customerId)
    throw new NotFoundError('LOAN_NOT_FOUND', 'You have no loan with this id.');
  return loan;
}

/**
 * The borrower repays: `DUE`, every instalment due by today (oldest first, all together),
 * or `PAYOFF`, the whole loan early (what `payoffToday` quotes). The balance must cover it.
 */
export async function repayLoan(
  req: IdempotentRequest & { loanId: string; input: { kind: 'DUE' | 'PAYOFF' } },
  deps: LoanDeps,
): Promise<LoanView> {
  return once(deps.ledger, req, { checkFirst: true, recordRefusals: true }, async (key) => {
    // A collection by the daily job may change the loan between read and commit: read again.
    for (let attempt = 1; ; attempt++) {
      const loan = await ownLoan(req.customerId, req.loanId, deps);
      if (loan.status !== 'ACTIVE')
        throw new ConflictError('LOAN_REPAID', 'This loan is repaid; nothing is owed.');
      const on = today(deps);
      const payments = req.input.kind === 'DUE' ? duePayments(loan, on) : payoffPayments(loan, on);
      if (payments.length === 0)
        throw new Refusal('NOTHING_DUE', `Nothing is due before ${nextDueOn(loan)}.`);
      const { tx, movement, after } = repaymentTx(loan, payments, on, deps);
      const body = loanView(after, on);
      try {
        await deps.ledger.commit(key.answered(tx, body, movement.movementId));
        return body;
      } catch (error) {
        if (failedCondition(error, 'funds'))
          throw new Refusal(
            'INSUFFICIENT_FUNDS',
            `The available balance does not cover this repayment of ${totalOf(payments)} fen.`,
          );
        if (failedCondition(error, 'loan') && attempt < 3) continue;
        if (failedCondition(error, 'loan'))
          throw new ConflictError('CONCURRENT_CHANGE', 'The loan changed meanwhile; try again.');
        throw error;
      }
    }
  });
}

export async function ownLoans(customerId: string, deps: Pick<LoanDeps, 'loans' | 'clock'>) {
  const on = today(deps);
  return { loans: (await deps.loans.ofCustomer(customerId)).map((l) => loanView(l, on)) };
}

export async function ownLoanView(
  customerId: string,
  loanId: string,
  deps: Pick<LoanDeps, 'loans' | 'clock'>,
): Promise<LoanView> {
  return loanView(await ownLoan(customerId, loanId, deps), today(deps));
}

export interface CollectionRun {
  readonly asOf: string;
  /** Loans with an instalment due by `asOf`. */
  readonly loans: number;
  readonly instalmentsPaid: number;
  readonly collectedFen: number;
  /** Loans left with an instalment unpaid for want of money, by delinquency bucket. */
  readonly unpaid: Record<DelinquencyBucket, number>;
}

/**
 * The daily collection (M3.1-a): every loan with an instalment due by `asOf` pays them from
 * the borrower's cash, oldest first, one transaction each, as far as the available balance
 * goes; an instalment the balance cannot cover stays unpaid (overdue from the next day) and
 * is tried again on every run. Safe to run again or concurrently: each payment is
 * conditioned on the loan's version, and a paid instalment is never collected twice.
 */
export async function collectDue(
  deps: Pick<LoanDeps, 'ledger' | 'loans' | 'settings' | 'clock'>,
): Promise<CollectionRun> {
  const asOf = today(deps);
  const due = await deps.loans.due(asOf);
  const unpaid = Object.fromEntries(DELINQUENCY_BUCKETS.map((b) => [b, 0])) as Record<
    DelinquencyBucket,
    number
  >;
  let instalmentsPaid = 0;
  let collectedFen = 0;
  for (const entry of due) {
    let conflicts = 0;
    for (;;) {
      let loan: Loan | undefined;
      try {
        loan = await deps.loans.get(entry.loanId);
        const next = loan?.status === 'ACTIVE' ? duePayments(loan, asOf)[0] : undefined;
        if (!loan || !next) break;
        const { tx } = repaymentTx(loan, [next], asOf, deps);
        await deps.ledger.commit(tx);
        instalmentsPaid += 1;
        collectedFen += next.principalFen + next.interestFen;
      } catch (error) {
        if (loan && failedCondition(error, 'funds')) {
          unpaid[bucketOf(overdueDays(loan, addDays(asOf, 1)))] += 1;
          break;
        }
        if (failedCondition(error, 'loan') && ++conflicts < 3) continue;
        logger.error('loan collection failed', { loanId: entry.loanId, error });
        break;
      }
    }
  }
  const run = { asOf, loans: due.length, instalmentsPaid, collectedFen, unpaid };
  logger.info('loan collection', { ...run });
  return run;
}

/**
 * The loan book for credit staff: every active loan with its delinquency as of today, the
 * most overdue first, and the outstanding principal per bucket.
 */
export async function loanBook(deps: Pick<LoanDeps, 'loans' | 'clock'>) {
  const on = today(deps);
  const index = await deps.loans.due();
  const loans = (await deps.loans.many(index.map((d) => d.loanId))).filter(
    (l) => l.status === 'ACTIVE',
  );
  const rows = loans
    .map((l) => ({
      loanId: l.loanId,
      customerId: l.customerId,
      principalFen: l.principalFen,
      ...standingOf(l, on),
    }))
    .sort((a, b) => b.overdueDays - a.overdueDays || a.loanId.localeCompare(b.loanId));
  const buckets = Object.fromEntries(
    DELINQUENCY_BUCKETS.map((b) => {
      const of = rows.filter((r) => r.delinquency === b);
      return [
        b,
        {
          loans: of.length,
          outstandingPrincipalFen: of.reduce((s, r) => s + r.outstandingPrincipalFen, 0),
        },
      ];
    }),
  ) as Record<DelinquencyBucket, { loans: number; outstandingPrincipalFen: number }>;
  return {
    asOf: on,
    loans: rows,
    buckets,
    outstandingPrincipalFen: rows.reduce((s, r) => s + r.outstandingPrincipalFen, 0),
  };
}
