// Adapters built from a function's environment, once per process and configuration. Each
// is its own export, so a function bundles only the adapters its code reaches (a
// registry object would pull in every client and the Encryption SDK). Reading happens on
// first use inside an invocation, so a missing variable fails that function loudly.
import {
  AuditLog,
  BlindIndex,
  CustomersRepo,
  CustomerKeys,
  type KycProvider,
  FieldCrypto,
  Identity,
  StaffIdentity,
  SimulatedKycProvider,
  UnconfiguredKycProvider,
  NotificationQueue,
  SnsSmsSender,
  DynamoSmsQuota,
} from '../../shared/identity';
import { AssessmentsRepo, Holdings, ProductsRepo } from '../../shared/investing';
import {
  rescreenRequests,
  RESCREEN_DELAY_SECONDS,
  screenCustomer,
  ScreeningRepo,
  WatchlistIndexes,
  FINGERPRINT_KEY_CHARS,
  WatchlistRepo,
} from '../../shared/compliance';
import { systemClock } from '../../shared/kernel';
import {
  LedgerRepo,
  type PaymentProvider,
  SimulatedProvider,
  UnconfiguredProvider,
} from '../../shared/money';
import {
  currentEnv,
  DependencyError,
  ENV,
  requireEnv,
  SqsQueue,
  Switches,
} from '../../shared/platform';
import type { SwitchHome } from '../../shared/kernel';
import { settings } from '../../shared/settings';

export { settings };

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

export function customers(): CustomersRepo {
  const table = requireEnv(ENV.tables.customers);
  return once(`customers:${table}`, () => new CustomersRepo(table));
}

export function audit(): AuditLog {
  const table = requireEnv(ENV.tables.audit);
  return once(`audit:${table}`, () => new AuditLog(table));
}

/** Each customer's own key (ADR 0030): only functions that seal or open PII fields have it. */
export function customerKeys(): CustomerKeys {
  const table = requireEnv(ENV.tables.customerKeys);
  return once(`customerKeys:${table}`, () => new CustomerKeys(table));
}

export function fieldCrypto(): FieldCrypto {
  const key = requireEnv(ENV.keys.pii);
  // Functions that seal only SMS codes (resendCode) have no customer keys table.
  const keysTable = currentEnv()[ENV.tables.customerKeys];
  return once(
    `pii:${key}:${keysTable ?? ''}`,
    () =>
      new FieldCrypto({
        keyArn: key,
        ...(keysTable ? { customerKeys: customerKeys() } : {}),
      }),
  );
}

export function blindIndex(): BlindIndex {
  const key = requireEnv(ENV.keys.blindIndex);
  return once(`bidx:${key}`, () => new BlindIndex(key));
}

export function identity(): Identity {
  const pool = requireEnv(ENV.userPoolId);
  const client = currentEnv()[ENV.userPoolClientId];
  return once(`idp:${pool}:${client ?? ''}`, () => new Identity(pool, client));
}

/** The kill switches kept in a table, beside the business they stop (ADR 0018). */
export function switches(table: SwitchHome): Switches {
  const name = requireEnv(ENV.tables[table]);
  return once(`switches:${name}`, () => new Switches(name));
}

/** The staff pool: sign-in through its client, administration through the audited flow. */
export function staffIdentity(): StaffIdentity {
  const pool = requireEnv(ENV.staffPoolId);
  const client = currentEnv()[ENV.staffPoolClientId];
  return once(`staff:${pool}:${client ?? ''}`, () => new StaffIdentity(pool, client));
}

export function notifications(): NotificationQueue {
  const url = requireEnv(ENV.queues.notifications);
  return once(`notify:${url}`, () => new NotificationQueue(url));
}

export function sms(): SnsSmsSender {
  const outbox = currentEnv()[ENV.tables.outbox];
  return once(`sms:${outbox ?? ''}`, () => new SnsSmsSender(outbox));
}

/** The SMS spend limit's counters, in the risk table (QUOTA# items). */
export function smsQuota(): DynamoSmsQuota {
  const table = requireEnv(ENV.tables.risk);
  return once(`smsQuota:${table}`, () => new DynamoSmsQuota(table));
}

export function assessments(): AssessmentsRepo {
  const table = requireEnv(ENV.tables.customers);
  return once(`assess:${table}`, () => new AssessmentsRepo(table));
}

/** Transactions (and idempotency records) on a table other than the ledger. */
export function transactionsOn(
  table: 'customers' | 'products' | 'risk' | 'compliance' | 'service',
): LedgerRepo {
  const name = requireEnv(ENV.tables[table]);
  return once(`tx:${name}`, () => new LedgerRepo(name));
}

export function products(): ProductsRepo {
  const table = requireEnv(ENV.tables.products);
  return once(`products:${table}`, () => new ProductsRepo(table));
}

export function holdings(): Holdings {
  const table = requireEnv(ENV.tables.ledger);
  return once(`holdings:${table}`, () => new Holdings(table));
}

export function ledger(): LedgerRepo {
  const table = requireEnv(ENV.tables.ledger);
  return once(`ledger:${table}`, () => new LedgerRepo(table));
}

export function queue(name: 'settlement' | 'riskEvents' | 'marketRisk' | 'rescreening'): SqsQueue {
  const url = requireEnv(ENV.queues[name]);
  return once(`queue:${url}`, () => new SqsQueue(url));
}

export function provider(): PaymentProvider {
  if (settings().paymentProvider === 'unconfigured')
    return once('provider:none', () => new UnconfiguredProvider());
  const table = requireEnv(ENV.tables.provider);
  return once(`provider:${table}`, () => new SimulatedProvider(table));
}

/** The stage's real-name verification provider (the simulator only where config allows). */
export function kyc(which = settings().kycProvider): KycProvider {
  return which === 'simulator'
    ? once('kyc:simulator', () => new SimulatedKycProvider())
    : once('kyc:none', () => new UnconfiguredKycProvider());
}

/** Customers' screening results (AML, ADR 0031), in the compliance table. */
export function screenings(): ScreeningRepo {
  const table = requireEnv(ENV.tables.compliance);
  return once(`screenings:${table}`, () => new ScreeningRepo(table));
}

/** The watch lists' indexes, built once per version and kept warm in the process. */
export function watchlistIndexes(): WatchlistIndexes {
  const table = requireEnv(ENV.tables.compliance);
  return once(`watchlistIndexes:${table}`, () => new WatchlistIndexes(new WatchlistRepo(table)));
}

/**
 * The keyed hash of screening fingerprints (ADR 0031): the screening key of its own (not the
 * blind-index key, from which every index's key derives), 96 bits kept.
 */
export const screeningKeyer = () => {
  const key = requireEnv(ENV.keys.screening);
  return once(`screeningKey:${key}`, () => new BlindIndex(key)).keyer(
    'screening',
    FINGERPRINT_KEY_CHARS,
  );
};

/** Sends a new version's re-screening messages (one per fingerprint shard). */
export function rescreeningStarter() {
  return {
    start: async (listId: string, version: number) => {
      // Delayed, so the version (committed right after) is there when they arrive.
      const failed = await queue('rescreening').sendAll(rescreenRequests(listId, version), {
        delaySeconds: RESCREEN_DELAY_SECONDS,
      });
      if (failed.size) throw new DependencyError('re-screening messages not sent');
    },
  };
}

/** Screening a new customer at registration, keeping the result and fingerprint (M1-c). */
export function customerScreener() {
  return {
    screen: (
      customerId: string,
      subject: { name: string; idNumber: string },
      opts: { expiresAt: number },
    ) =>
      screenCustomer(customerId, subject, {
        expiresAt: opts.expiresAt,
        indexes: watchlistIndexes(),
        repo: screenings(),
        clock: systemClock,
        keyer: screeningKeyer,
      }),
    forget: (customerId: string) => screenings().forgetFingerprint(customerId),
  };
}
