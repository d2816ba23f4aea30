// The adapters each onboarding flow takes; tests pass a clock and settings overrides.
import type { NotifyDeps, RegisterDeps, ResendDeps, VerifyDeps } from '../../shared/identity';
import { type Clock, systemClock } from '../../shared/kernel';
import type { RuntimeSettings } from '../../shared/settings';
import * as deps from './adapters';

export const register = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): RegisterDeps => ({
  repo: deps.customers(),
  records: deps.transactionsOn('customers'),
  crypto: deps.fieldCrypto(),
  index: deps.blindIndex(),
  identity: deps.identity(),
  kyc: deps.kyc(overrides.kycProvider),
  queue: deps.notifications(),
  screener: deps.customerScreener(),
  settings: { ...deps.settings(), ...overrides },
  clock,
  switches: deps.switches('customers'),
});
export const verify = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): VerifyDeps => ({
  repo: deps.customers(),
  ledger: deps.ledger(),
  identity: deps.identity(),
  kyc: deps.kyc(overrides.kycProvider),
  settings: { ...deps.settings(), ...overrides },
  clock,
  screening: deps.screenings(),
});
export const resend = (clock: Clock = systemClock): ResendDeps => ({
  repo: deps.customers(),
  crypto: deps.fieldCrypto(),
  queue: deps.notifications(),
  settings: deps.settings(),
  clock,
});
export const notify = (
  clock: Clock = systemClock,
  overrides: Partial<RuntimeSettings> = {},
): NotifyDeps => ({
  repo: deps.customers(),
  crypto: deps.fieldCrypto(),
  audit: deps.audit(),
  sms: deps.sms(),
  quota: deps.smsQuota(),
  settings: { ...deps.settings(), ...overrides },
  clock,
});
