// The adapters of the credit flows; tests pass a clock and overrides.
import {
  ApplicationsRepo,
  DEFAULT_LENDING_POLICY,
  shippedStatisticalScorecard,
  type CreditDeps,
  type ReferralDeps,
} from '../../shared/credit';
import { type Clock, systemClock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import * as deps from './adapters';

let repo: ApplicationsRepo | undefined;
const applications = () => (repo ??= new ApplicationsRepo(requireEnv(ENV.tables.ledger)));

/** The officers' side: the ledger table only. */
export const referralDeps = (clock: Clock = systemClock): ReferralDeps => ({
  ledger: deps.ledger(),
  applications: applications(),
  policy: DEFAULT_LENDING_POLICY,
  clock,
});

export const creditDeps = (
  clock: Clock = systemClock,
  overrides: Partial<CreditDeps> = {},
): CreditDeps => ({
  ledger: deps.ledger(),
  applications: applications(),
  customers: deps.customers(),
  // The fitted scorecard decides (docs/credit-backtest.md: CV AUC 0.785 against 0.579).
  scorecard: shippedStatisticalScorecard(),
  policy: DEFAULT_LENDING_POLICY,
  clock,
  ...overrides,
});
