// The adapters of the investing and insight flows; tests pass a clock and overrides.
import type { ProfileDeps } from '../../shared/insight';
import type { AssessmentDeps, ProductDeps } from '../../shared/investing';
import { type Clock, systemClock } from '../../shared/kernel';
import type { RuntimeSettings } from '../../shared/settings';
import { ApplicationsRepo } from '../../shared/credit';
import { ENV, requireEnv } from '../../shared/platform';
import * as deps from './adapters';
export const assessmentDeps = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): AssessmentDeps => ({
  tx: deps.transactionsOn('customers'),
  assessments: deps.assessments(),
  settings: { ...deps.settings(), ...overrides },
  clock,
});

export const productDeps = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): ProductDeps => ({
  tx: deps.transactionsOn('products'),
  products: deps.products(),
  settings: { ...deps.settings(), ...overrides },
  clock,
});

export const profileDeps = (clock: Clock = systemClock): ProfileDeps => ({
  customers: deps.customers(),
  credit: new ApplicationsRepo(requireEnv(ENV.tables.ledger)),
  assessments: deps.assessments(),
  ledger: deps.ledger(),
  holdings: deps.holdings(),
  settings: deps.settings(),
  clock,
});
