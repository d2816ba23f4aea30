// Adapters built from a function's environment, once per process and configuration.
// Reading happens on first use inside an invocation, so a missing variable fails that
// function loudly rather than another one.
import { AssessmentsRepo } from './investing/adapters/assessments-repo';
import { AuditLog } from './identity/adapters/audit';
import { Holdings } from './investing/adapters/holdings';
import { ProductsRepo } from './investing/adapters/products-repo';
import { BlindIndex } from './identity/adapters/blind-index';
import { CustomersRepo } from './identity/adapters/customers-repo';
import { LocalFaceCheckProvider, type FaceCheckProvider } from './identity/adapters/face-check';
import { FieldCrypto } from './identity/adapters/field-crypto';
import { Identity } from './identity/adapters/identity';
import { NotificationQueue } from './identity/adapters/notifications';
import { SnsSmsSender } from './identity/adapters/sms';
import { LedgerRepo } from './money/adapters/ledger-repo';
import {
  SimulatedProvider,
  UnconfiguredProvider,
  type PaymentProvider,
} from './money/adapters/payment-provider';
import { SqsQueue } from './platform/queues';
import { currentEnv, requireEnv } from './platform/config';
import { settings } from './settings';
import { ENV } from './platform/env-names';
import type { RuntimeSettings } from './settings';
import type { AssessmentDeps } from './investing/flows/assessments';
import type { MoneyDeps, TransferDeps } from './money/flows/money';
import type { OrderDeps } from './investing/flows/orders';
import type { ProfileDeps } from './insight/flows/profiles';
import type { ProductDeps } from './investing/flows/products';
import type { ReleaseDeps, SettleDeps } from './money/flows/settlement';
import {
  type NotifyDeps,
  type RegisterDeps,
  type ResendDeps,
  type VerifyDeps,
} from './identity/flows/onboarding';
import { systemClock, type Clock } from './kernel/clock';

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

export const deps = {
  settings,
  customers(): CustomersRepo {
    const table = requireEnv(ENV.tables.customers);
    return once(`customers:${table}`, () => new CustomersRepo(table));
  },
  audit(): AuditLog {
    const table = requireEnv(ENV.tables.audit);
    return once(`audit:${table}`, () => new AuditLog(table));
  },
  fieldCrypto(): FieldCrypto {
    const key = requireEnv(ENV.keys.pii);
    return once(`pii:${key}`, () => new FieldCrypto({ keyArn: key }));
  },
  blindIndex(): BlindIndex {
    const key = requireEnv(ENV.keys.blindIndex);
    return once(`bidx:${key}`, () => new BlindIndex(key));
  },
  identity(): Identity {
    const pool = requireEnv(ENV.userPoolId);
    const client = currentEnv()[ENV.userPoolClientId];
    return once(`idp:${pool}:${client ?? ''}`, () => new Identity(pool, client));
  },
  notifications(): NotificationQueue {
    const url = requireEnv(ENV.queues.notifications);
    return once(`notify:${url}`, () => new NotificationQueue(url));
  },
  sms(): SnsSmsSender {
    const outbox = currentEnv()[ENV.tables.outbox];
    return once(`sms:${outbox ?? ''}`, () => new SnsSmsSender(outbox));
  },
  assessments(): AssessmentsRepo {
    const table = requireEnv(ENV.tables.customers);
    return once(`assess:${table}`, () => new AssessmentsRepo(table));
  },
  /** Transactions (and idempotency records) on a table other than the ledger. */
  transactionsOn(table: 'customers' | 'products'): LedgerRepo {
    const name = requireEnv(ENV.tables[table]);
    return once(`tx:${name}`, () => new LedgerRepo(name));
  },
  products(): ProductsRepo {
    const table = requireEnv(ENV.tables.products);
    return once(`products:${table}`, () => new ProductsRepo(table));
  },
  holdings(): Holdings {
    const table = requireEnv(ENV.tables.ledger);
    return once(`holdings:${table}`, () => new Holdings(table));
  },
  ledger(): LedgerRepo {
    const table = requireEnv(ENV.tables.ledger);
    return once(`ledger:${table}`, () => new LedgerRepo(table));
  },
  queue(name: 'settlement' | 'riskEvents'): SqsQueue {
    const url = requireEnv(ENV.queues[name]);
    return once(`queue:${url}`, () => new SqsQueue(url));
  },
  provider(): PaymentProvider {
    if (deps.settings().paymentProvider === 'unconfigured')
      return once('provider:none', () => new UnconfiguredProvider());
    const table = requireEnv(ENV.tables.provider);
    return once(`provider:${table}`, () => new SimulatedProvider(table));
  },
  faceCheck(): FaceCheckProvider {
    // Stages that require the check plug their provider in here; local is deterministic.
    return once('face', () => new LocalFaceCheckProvider());
  },
};

/** The adapters each onboarding flow takes; tests pass a clock and settings overrides. */
export const onboardingDeps = {
  register: (
    clock: Clock = systemClock,
    overrides: Partial<RuntimeSettings> = {},
  ): RegisterDeps => ({
    repo: deps.customers(),
    crypto: deps.fieldCrypto(),
    index: deps.blindIndex(),
    identity: deps.identity(),
    queue: deps.notifications(),
    settings: { ...deps.settings(), ...overrides },
    clock,
  }),
  verify: (clock: Clock = systemClock, overrides: Partial<RuntimeSettings> = {}): VerifyDeps => ({
    repo: deps.customers(),
    ledger: deps.ledger(),
    identity: deps.identity(),
    faceCheck: deps.faceCheck(),
    settings: { ...deps.settings(), ...overrides },
    clock,
  }),
  resend: (clock: Clock = systemClock): ResendDeps => ({
    repo: deps.customers(),
    queue: deps.notifications(),
    settings: deps.settings(),
    clock,
  }),
  notify: (): NotifyDeps => ({
    repo: deps.customers(),
    crypto: deps.fieldCrypto(),
    audit: deps.audit(),
    sms: deps.sms(),
    settings: deps.settings(),
  }),
};

/** The adapters of the money flows. */
export const moneyDeps = {
  base: (clock: Clock = systemClock, overrides: Partial<RuntimeSettings> = {}): MoneyDeps => ({
    ledger: deps.ledger(),
    settlementQueue: deps.queue('settlement'),
    settings: { ...deps.settings(), ...overrides },
    clock,
  }),
  transfer: (
    clock: Clock = systemClock,
    overrides: Partial<RuntimeSettings> = {},
  ): TransferDeps => ({
    ...moneyDeps.base(clock, overrides),
    customers: deps.customers(),
    index: deps.blindIndex(),
    customersTable: requireEnv(ENV.tables.customers),
  }),
  settle: (clock: Clock = systemClock, overrides: Partial<RuntimeSettings> = {}): SettleDeps => ({
    ledger: deps.ledger(),
    holdings: deps.holdings(),
    provider: deps.provider(),
    settings: { ...deps.settings(), ...overrides },
    clock,
  }),
  order: (clock: Clock = systemClock, overrides: Partial<RuntimeSettings> = {}): OrderDeps => ({
    ...moneyDeps.base(clock, overrides),
    products: deps.products(),
    assessments: deps.assessments(),
    holdings: deps.holdings(),
  }),
  release: (clock: Clock = systemClock): ReleaseDeps => ({
    ledger: deps.ledger(),
    settlementQueue: deps.queue('settlement'),
    settings: deps.settings(),
    clock,
  }),
};

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
  assessments: deps.assessments(),
  ledger: deps.ledger(),
  holdings: deps.holdings(),
  settings: deps.settings(),
  clock,
});
