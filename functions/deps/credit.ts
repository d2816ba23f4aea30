// The adapters of the credit flows, from the stage's settings; tests pass a clock and
// overrides.
import {
  ApplicationsRepo,
  DEFAULT_EXPERT_SCORECARD,
  expertScorecard,
  LoansRepo,
  shippedStatisticalScorecard,
  type CreditDeps,
  type LoanDeps,
  type ReferralDeps,
  type Scorecard,
} from '../../shared/credit';
import { type Clock, systemClock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import { settings } from '../../shared/settings';
import * as deps from './adapters';

let repo: ApplicationsRepo | undefined;
const applications = () => (repo ??= new ApplicationsRepo(requireEnv(ENV.tables.ledger)));
let loansRepo: LoansRepo | undefined;
const loans = () => (loansRepo ??= new LoansRepo(requireEnv(ENV.tables.ledger)));

const scorecards = new Map<string, Scorecard>();
/** The stage's scorecard (docs/credit-backtest.md: the fitted one, CV AUC 0.785 against 0.579). */
function scorecard(): Scorecard {
  const kind = settings().credit.scorecard;
  let card = scorecards.get(kind);
  if (!card) {
    card =
      kind === 'expert' ? expertScorecard(DEFAULT_EXPERT_SCORECARD) : shippedStatisticalScorecard();
    scorecards.set(kind, card);
  }
  return card;
}

const policy = () => settings().credit.lending;

/** The officers' side: the ledger table only. */
export const referralDeps = (clock: Clock = systemClock): ReferralDeps => ({
  ledger: deps.ledger(),
  applications: applications(),
  policy: policy(),
  clock,
});

export const creditDeps = (
  clock: Clock = systemClock,
  overrides: Partial<CreditDeps> = {},
): CreditDeps => ({
  ledger: deps.ledger(),
  applications: applications(),
  loans: loans(),
  customers: deps.customers(),
  scorecard: scorecard(),
  policy: policy(),
  clock,
  ...overrides,
});

export const loanDeps = (clock: Clock = systemClock): LoanDeps => ({
  ledger: deps.ledger(),
  applications: applications(),
  loans: loans(),
  customers: deps.customers(),
  switches: deps.switches('ledger'),
  settings: settings(),
  policy: policy(),
  clock,
});

/** The collection job and the loan book: the ledger table only. */
export const collectionDeps = (clock: Clock = systemClock) => ({
  ledger: deps.ledger(),
  loans: loans(),
  settings: settings(),
  clock,
});
