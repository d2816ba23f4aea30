// The adapters of the money flows; tests pass a clock and settings overrides.
import type { OrderDeps } from '../../shared/investing';
import type { MoneyDeps, ReleaseDeps, SettleDeps, TransferDeps } from '../../shared/money';
import { type Clock, systemClock } from '../../shared/kernel';
import type { RuntimeSettings } from '../../shared/settings';
import * as deps from './adapters';
import { riskEventOf } from '../../shared/risk';
import { riskPrecheck } from './risk';

export const base = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): MoneyDeps => ({
  ledger: deps.ledger(),
  customers: deps.customers(),
  settings: { ...deps.settings(), ...overrides },
  clock,
});
/** Withdrawals: the money deps and the risk pre-check (ADR 0012). */
export const withdrawal = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): MoneyDeps => ({ ...base(clock, overrides), precheck: riskPrecheck() });
export const transfer = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): TransferDeps => ({
  ...base(clock, overrides),
  precheck: riskPrecheck(),
  customers: deps.customers(),
  index: deps.blindIndex(),
});
export const settle = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): SettleDeps => ({
  ledger: deps.ledger(),
  customers: deps.customers(),
  holdings: deps.holdings(),
  provider: deps.provider(),
  settings: { ...deps.settings(), ...overrides },
  clock,
  switches: deps.switches('ledger'),
});
export const order = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): OrderDeps => ({
  ...base(clock, overrides),
  precheck: riskPrecheck(),
  products: deps.products(),
  assessments: deps.assessments(),
  holdings: deps.holdings(),
  switches: deps.switches('products'),
});
export const release = (clock: Clock = systemClock): ReleaseDeps => ({
  ledger: deps.ledger(),
  settlementQueue: deps.queue('settlement'),
  settings: deps.settings(),
  clock,
  switches: deps.switches('ledger'),
  // A movement whose risk event was lost gets it again, as the ledger stream made it.
  rescreen: async (rows) => {
    const events = rows.flatMap((r) => riskEventOf({ pk: `MOVE#${r.movementId}`, ...r }) ?? []);
    const refused = await deps.queue('riskEvents').sendAll(events);
    return events.length - refused.size;
  },
});
