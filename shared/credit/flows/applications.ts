// Consumer-loan applications (issue 13, M3.1-a, M8.2-a): decided in the request by the
// stage's scorecard, from what the applicant says and what the platform knows of them
// (account age, balance, past loans: never taken from the applicant); stored with their
// inputs and explained assessment; a referral waits for a credit officer, whose decision is
// recorded with its reason. Idempotent by the request's key.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel';
import {
  customerAccount,
  failedCondition,
  once,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { ConflictError, NotFoundError, Refusal } from '../../platform';
import type { CustomersRepo } from '../../identity';
import { CreditApplicationSchema, type CreditApplication } from '../domain/application';
import type { Scorecard } from '../domain/assessment';
import { behaviourOf, offerFor, type LendingPolicy } from '../domain/policy';
import {
  STATUS_OF,
  type ApplicationsRepo,
  type StoredApplication,
} from '../adapters/applications-repo';
import type { LoansRepo } from '../adapters/loans-repo';

export interface CreditDeps {
  /** Transactions on the ledger table (applications and their idempotency records). */
  readonly ledger: LedgerRepo;
  readonly applications: ApplicationsRepo;
  /** The applicant's loans with the platform: their repayment record is a signal. */
  readonly loans: Pick<LoansRepo, 'ofCustomer'>;
  readonly customers: Pick<CustomersRepo, 'getCustomer'>;
  readonly scorecard: Scorecard;
  readonly policy: LendingPolicy;
  readonly clock: Clock;
}

/** What a credit officer's decision needs (no customer records). */
export type ReferralDeps = Pick<CreditDeps, 'ledger' | 'applications' | 'policy' | 'clock'>;

/** What the applicant says: the application without the platform's own signals. */
export type ApplicantInput = Omit<CreditApplication, 'behaviour'>;

/** What the applicant and the officer read: no contributions' internals beyond the reasons. */
export function applicationView(a: StoredApplication) {
  return {
    applicationId: a.applicationId,
    status: a.status,
    decision: a.assessment.decision,
    score: Math.round(a.assessment.score * 10) / 10,
    probabilityOfDefault: Math.round(a.assessment.probabilityOfDefault * 10_000) / 10_000,
    scorecard: a.assessment.scorecard,
    reasons: a.assessment.reasons.map((r) => ({ code: r.code, text: r.text })),
    amountFen: a.application.amountFen,
    termMonths: a.application.termMonths,
    // What the platform knew of the applicant (never asked of them): shown, so a decision
    // can be understood and a wrong record disputed (M8.2-a).
    signals: a.application.behaviour,
    ...(a.offer ? { offer: a.offer } : {}),
    ...(a.officer
      ? { officer: { decision: a.officer.decision, reason: a.officer.reason, at: a.officer.at } }
      : {}),
    decidedAt: a.decidedAt,
    ...(a.loanId ? { loanId: a.loanId } : {}),
  };
}
export type ApplicationView = ReturnType<typeof applicationView>;

export async function applyForCredit(
  req: IdempotentRequest & { input: ApplicantInput },
  deps: CreditDeps,
): Promise<ApplicationView> {
  return once(deps.ledger, req, { table: deps.ledger.table, checkFirst: true }, async (key) => {
    const now = deps.clock.now();
    const [customer, account, loans] = await Promise.all([
      deps.customers.getCustomer(req.customerId),
      deps.ledger.account(customerAccount(req.customerId)),
      deps.loans.ofCustomer(req.customerId),
    ]);
    if (customer?.status !== 'ACTIVE')
      throw new Refusal('ACCOUNT_FROZEN', 'Only an active customer can apply for credit.');
    const application = CreditApplicationSchema.parse({
      ...req.input,
      behaviour: behaviourOf(
        {
          customerSince: customer.createdAt,
          ...(account ? { availableFen: account.available } : {}),
          loans,
        },
        now,
        deps.policy,
      ),
    });
    const assessment = deps.scorecard.assess(application);
    const status = STATUS_OF[assessment.decision];
    const stored: StoredApplication = {
      applicationId: randomUUID(),
      customerId: req.customerId,
      status,
      application,
      assessment,
      ...(status === 'APPROVED'
        ? { offer: offerFor(application.amountFen, assessment, deps.policy) }
        : {}),
      decidedAt: now.toISOString(),
    };
    const body = applicationView(stored);
    await deps.ledger.commit(
      key.answered(deps.applications.record(deps.ledger.tx(), stored), body),
    );
    return body;
  });
}

/** A customer's own application (another's is not found, as an unknown one). */
export async function ownApplication(
  customerId: string,
  applicationId: string,
  deps: Pick<CreditDeps, 'applications'>,
): Promise<ApplicationView> {
  const a = await deps.applications.get(applicationId);
  if (!a || a.customerId !== customerId)
    throw new NotFoundError('APPLICATION_NOT_FOUND', 'No such credit application.');
  return applicationView(a);
}

/** The referrals waiting for a credit officer, oldest first, each with its explanation. */
export async function referralQueue(deps: Pick<CreditDeps, 'applications'>) {
  const waiting = await deps.applications.referred();
  const apps = await Promise.all(waiting.map((w) => deps.applications.get(w.applicationId)));
  return apps
    .filter((a): a is StoredApplication => a !== undefined)
    .map((a) => ({ ...applicationView(a), customerId: a.customerId }));
}

/** A credit officer's decision on a referral, with its reason; an approval gets its offer. */
export async function decideReferral(
  applicationId: string,
  input: { decision: 'APPROVE' | 'DECLINE'; reason: string },
  officer: string,
  deps: ReferralDeps,
): Promise<ApplicationView> {
  const a = await deps.applications.get(applicationId);
  if (!a) throw new NotFoundError('APPLICATION_NOT_FOUND', 'No such credit application.');
  if (a.status !== 'REFERRED')
    throw new ConflictError('APPLICATION_DECIDED', 'This application is already decided.');
  const decided: StoredApplication = {
    ...a,
    status: input.decision === 'APPROVE' ? 'APPROVED' : 'DECLINED',
    officer: { ...input, by: officer, at: deps.clock.now().toISOString() },
    ...(input.decision === 'APPROVE'
      ? { offer: offerFor(a.application.amountFen, a.assessment, deps.policy) }
      : {}),
  };
  try {
    await deps.ledger.commit(deps.applications.decide(deps.ledger.tx(), a, decided));
  } catch (error) {
    if (failedCondition(error, 'credit'))
      throw new ConflictError('APPLICATION_DECIDED', 'This application is already decided.');
    throw error;
  }
  return applicationView(decided);
}
