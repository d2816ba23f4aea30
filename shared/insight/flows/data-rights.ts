// The customer's data rights over what the platform holds on them (M7.1-a/b, PIPL arts.
// 45, 47): the export of their own data, and erasure. Both gather from every module that
// keeps customer data, so they live here with the other cross-module views.
//
// Export: the profile with the customer's own PII decrypted for them (the access audited
// first), consents, accounts and movements, orders and holdings, assessments, credit
// applications and loans, and whatever `extra` sources register (customer service's
// complaints when that module exists). Other customers appear masked: a transfer's
// counterparty is a masked name, never an id or a phone.
//
// Erasure: refused while money or loans are outstanding (ERASURE_BLOCKED with each
// reason); otherwise, in one transaction with the key's answer: the customer's own key
// destroyed (crypto-shredding), the profile closed and stripped of PII, the identity
// reservations and the registration deleted, the masked identity kept under restriction
// until the AML retention ends (then DynamoDB's TTL deletes it), the account conditioned
// empty. Then the sign-in is deleted.
import { logger, NotFoundError, Refusal } from '../../platform';
import type { Clock } from '../../kernel';
import {
  consentStateOf,
  erasureBlockers,
  retentionEnds,
  type AuditLog,
  type CustomerItem,
  type CustomerKeys,
  type CustomersRepo,
  type DataRightsRepo,
  type FieldCrypto,
  type Identity,
  type PiiField,
} from '../../identity';
import {
  commitChange,
  customerAccount,
  type IdempotentRequest,
  type LedgerRepo,
  type Movement,
  once,
} from '../../money';
import type { AssessmentsRepo, Holdings } from '../../investing';
import { standingOf, type ApplicationsRepo, type LoansRepo } from '../../credit';

/** Entries read for an export at most (pages of 100): older ones are in the statements. */
const EXPORT_ENTRY_PAGES = 50;
const PII_FIELDS: readonly PiiField[] = ['name', 'phone', 'idNumber', 'bankCard'];

/**
 * A source of the customer's data in a module that is not part of this flow yet (customer
 * service's complaints): its name in the export and how to read it.
 */
export type ExportSource = (customerId: string) => Promise<unknown>;

export interface ExportDeps {
  readonly customers: CustomersRepo;
  readonly rights: DataRightsRepo;
  readonly crypto: Pick<FieldCrypto, 'decryptField'>;
  readonly audit: Pick<AuditLog, 'piiAccessed'>;
  readonly ledger: LedgerRepo;
  readonly holdings: Pick<Holdings, 'of'>;
  readonly assessments: Pick<AssessmentsRepo, 'history'>;
  readonly applications: Pick<ApplicationsRepo, 'ofCustomer'>;
  readonly loans: Pick<LoansRepo, 'ofCustomer'>;
  readonly clock: Clock;
  /** More sections by name (e.g. `complaints`), for modules merged later. */
  readonly extra?: Readonly<Record<string, ExportSource>>;
}

async function activeCustomer(customers: CustomersRepo, customerId: string) {
  const customer = await customers.getCustomer(customerId);
  if (!customer || customer.status === 'CLOSED' || !customer.pii)
    throw new NotFoundError('CUSTOMER_NOT_FOUND', 'No customer profile for this sign-in.');
  return customer;
}

/** The movement as its owner or its counterparty may see it: the other side masked. */
function movementView(m: Movement, customerId: string, masked: Map<string, string>) {
  const outgoing = m.customerId === customerId;
  const other = outgoing ? m.counterpartyId : m.customerId;
  return {
    movementId: m.movementId,
    type: m.type,
    direction: outgoing ? ('OUT' as const) : ('IN' as const),
    amount: m.amount,
    currency: m.currency,
    status: m.status,
    createdAt: m.createdAt,
    ...(m.memo ? { memo: m.memo } : {}),
    ...(m.productId ? { productId: m.productId } : {}),
    ...(m.orderId ? { orderId: m.orderId } : {}),
    ...(m.loanId ? { loanId: m.loanId } : {}),
    ...(other ? { counterparty: { name: masked.get(other) ?? '***' } } : {}),
  };
}

export async function exportCustomerData(customerId: string, deps: ExportDeps) {
  const customer = await activeCustomer(deps.customers, customerId);
  // The customer's own PII, for them: audited before anything is decrypted.
  await deps.audit.piiAccessed({
    customerId,
    actor: `customer:${customerId}`,
    fields: [...PII_FIELDS],
    purpose: "the customer's export of their own data (PIPL art. 45)",
  });
  const pii = Object.fromEntries(
    await Promise.all(
      PII_FIELDS.map(
        async (f) => [f, await deps.crypto.decryptField(customerId, f, customer.pii[f])] as const,
      ),
    ),
  ) as Record<PiiField, string>;
  const account = customerAccount(customerId);
  const entries = [];
  let cursor: string | undefined;
  for (let page = 0; page < EXPORT_ENTRY_PAGES; page++) {
    const out = await deps.ledger.entries(account, 100, cursor);
    entries.push(...out.entries);
    if (!out.next) break;
    cursor = out.next;
  }
  const movementIds = [...new Set(entries.map((e) => e.movementId))];
  const movements = (await Promise.all(movementIds.map((id) => deps.ledger.movement(id)))).filter(
    (m): m is Movement => m !== undefined,
  );
  const others = [
    ...new Set(
      movements
        .flatMap((m) => [m.customerId, m.counterpartyId])
        .filter((id): id is string => !!id && id !== customerId),
    ),
  ];
  const masked = new Map(
    [...(await deps.customers.maskedOf(others))].map(([id, m]) => [id, m?.name ?? '***']),
  );
  const [balance, holdings, assessments, applications, loans, consentHistory] = await Promise.all([
    deps.ledger.account(account),
    deps.holdings.of(customerId),
    deps.assessments.history(customerId, 100),
    deps.applications.ofCustomer(customerId, 100),
    deps.loans.ofCustomer(customerId),
    deps.rights.consentHistory(customerId),
  ]);
  const state = consentStateOf(customer);
  const extra = Object.fromEntries(
    await Promise.all(
      Object.entries(deps.extra ?? {}).map(async ([name, read]) => [name, await read(customerId)]),
    ),
  );
  const today = deps.clock.now().toISOString().slice(0, 10);
  return {
    exportedAt: deps.clock.now().toISOString(),
    customerId,
    profile: {
      status: customer.status,
      createdAt: customer.createdAt,
      ...pii,
      legalDocuments: customer.consents.map((c) => ({
        type: c.type,
        version: c.version,
        acceptedAt: c.acceptedAt,
        sourceIp: c.sourceIp,
        userAgent: c.userAgent,
      })),
    },
    consents: {
      current: Object.values(state),
      history: consentHistory,
    },
    account: balance
      ? {
          balance: balance.balance,
          available: balance.available,
          held: balance.held,
          currency: balance.currency,
        }
      : null,
    entries,
    movements: movements.map((m) => movementView(m, customerId, masked)),
    holdings,
    assessments,
    creditApplications: applications,
    loans: loans.map((l) => ({ ...l, standing: standingOf(l, today) })),
    ...extra,
  };
}

export interface ErasureDeps {
  readonly customers: CustomersRepo;
  readonly rights: DataRightsRepo;
  readonly keys: Pick<CustomerKeys, 'destroyItem'>;
  readonly identity: Pick<Identity, 'deleteUser'>;
  readonly audit: Pick<AuditLog, 'erasureRequested'>;
  /** The ledger: transactions, idempotency records (the customer's own key space) and facts. */
  readonly ledger: LedgerRepo;
  /** Transactions on the customers table (the erasure's own, with its key's answer). */
  readonly tx: LedgerRepo;
  readonly holdings: Pick<Holdings, 'of'>;
  readonly loans: Pick<LoansRepo, 'ofCustomer'>;
  readonly clock: Clock;
  readonly retentionYears: number;
  /** The customer's AML screening fingerprint, deleted with the rest (ADR 0031). */
  readonly screening?: {
    fingerprintDeletion(customerId: string): { TableName: string; Key: Record<string, string> };
  };
}

export interface ErasureAnswer {
  readonly customerId: string;
  readonly status: 'ERASED';
  readonly erasedAt: string;
  /** What was deleted or made undecryptable at once. */
  readonly deleted: readonly string[];
  /** What the law makes the platform keep, under restriction, until `retainUntil`. */
  readonly retained: readonly string[];
  readonly retainUntil: string;
}

const DELETED = [
  'the customer key: every encrypted PII field (name, phone, ID number, bank card), here and in every backup, can no longer be decrypted',
  'the masked identity on the profile, the registration and its consent evidence',
  'the ID number and phone reservations (both may register again)',
  'the AML screening fingerprint (keyed hashes of the name and ID number)',
  'the sign-in',
];
const RETAINED = [
  'transaction records: accounts, journal entries, movements, orders, loans (AML Law)',
  'status history, assessments and consent history (no PII)',
  'the masked name and phone, under restriction, deleted when the retention ends',
];

async function movementsInFlight(customerId: string, ledger: LedgerRepo): Promise<number> {
  const { entries } = await ledger.entries(customerAccount(customerId), 100);
  const ids = [...new Set(entries.map((e) => e.movementId))];
  const ms = await Promise.all(ids.map((id) => ledger.movement(id)));
  return ms.filter((m) => m && ['INITIATED', 'PENDING', 'SETTLING', 'RETRIED'].includes(m.status))
    .length;
}

export async function eraseCustomer(
  customerId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'>,
  deps: ErasureDeps,
): Promise<ErasureAnswer> {
  const scoped = { customerId, key: req.key, operation: req.operation, body: {} };
  const answer = await once(
    deps.tx,
    scoped,
    { table: deps.tx.table, checkFirst: true },
    async (key) => {
      const customer: CustomerItem = await activeCustomer(deps.customers, customerId);
      const reg = await deps.customers.getRegistration(customer.registrationId);
      const today = deps.clock.now().toISOString().slice(0, 10);
      const [account, holdings, loans, inFlight] = await Promise.all([
        deps.ledger.account(customerAccount(customerId)),
        deps.holdings.of(customerId),
        deps.loans.ofCustomer(customerId),
        movementsInFlight(customerId, deps.ledger),
      ]);
      const blockers = erasureBlockers({
        status: customer.status,
        cash: account?.balance ?? 0,
        held: account?.held ?? 0,
        openHoldings: holdings.filter((h) => ['PENDING', 'HELD', 'REDEEMING'].includes(h.status))
          .length,
        outstandingLoans: loans
          .filter((l) => l.status === 'ACTIVE')
          .reduce((s, l) => s + standingOf(l, today).outstandingPrincipalFen, 0),
        movementsInFlight: inFlight,
      });
      if (blockers.length)
        throw new Refusal(
          'ERASURE_BLOCKED',
          'Your data cannot be erased while money or loans are outstanding: ' +
            blockers.map((b) => b.detail).join(' '),
          blockers.map((b) => ({ path: `account.${b.reason.toLowerCase()}`, reason: b.detail })),
        );
      const now = deps.clock.now();
      const mark = {
        erasedAt: now.toISOString(),
        retainUntil: retentionEnds(now, deps.retentionYears).toISOString(),
      };
      const answer: ErasureAnswer = {
        customerId,
        status: 'ERASED',
        erasedAt: mark.erasedAt,
        deleted: DELETED,
        retained: RETAINED,
        retainUntil: mark.retainUntil,
      };
      await deps.audit.erasureRequested({
        customerId,
        destroyed: [
          'customerKey',
          'masked',
          'registration',
          'idIndex',
          'phoneIndex',
          'screeningFingerprint',
          'signIn',
        ],
        retainUntil: mark.retainUntil,
      });
      const tx = deps.rights.erase(
        key.answered(deps.tx.tx(), answer),
        customer,
        {
          registrationId: customer.registrationId,
          idIndex: reg?.idIndex ?? '-',
          phoneIndex: reg?.phoneIndex ?? '-',
        },
        mark,
      );
      if (deps.screening) tx.delete(undefined, deps.screening.fingerprintDeletion(customerId));
      tx.delete(undefined, deps.keys.destroyItem(customerId).Delete).require(
        { kind: 'funds', account: customerAccount(customerId) },
        deps.ledger.emptyAccountCondition(customerAccount(customerId)),
      );
      await commitChange(
        deps.tx,
        tx,
        ['account', 'funds'],
        'Your account changed meanwhile (money arrived, or a change was made); read it and try again.',
      );
      return answer;
    },
  );
  // After the commit (and on a retry, so none stays behind): the sign-in goes.
  try {
    await deps.identity.deleteUser(customerId);
  } catch (error) {
    if ((error as Error).name !== 'UserNotFoundException') throw error;
    logger.info('erasure: the sign-in was already deleted', { customerId });
  }
  return answer;
}
