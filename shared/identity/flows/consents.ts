// Consents per purpose (M2.5-d, M7.1-a): the customer's view, a change with its evidence
// (idempotent: a retry answers as the first did), and the checks the platform's uses of
// data make before they run (marketing: personalised recommendations; partner sharing: the
// check a partner integration must call). Read at every use, never cached: a withdrawal
// stops the use at once.
import type { Clock } from '../../kernel';
import { commitChange, type LedgerRepo, once } from '../../money';
import { NotFoundError, Refusal } from '../../platform';
import type { CustomerItem, CustomersRepo } from '../adapters/customers-repo';
import { consentsOn, type DataRightsRepo } from '../adapters/data-rights-repo';
import {
  decideConsentChange as decideChange,
  CONSENT_PURPOSES,
  ConsentChangeRefused,
  currentNotice,
  isGiven,
  mayShare,
  type ConsentPurpose,
  type ConsentRecord,
  type ConsentState,
} from '../domain/consents';

export interface ConsentDeps {
  readonly customers: CustomersRepo;
  /** Consent records beside the profile. */
  readonly rights: DataRightsRepo;
  /** Transactions and idempotency records on the customers table. */
  readonly tx: LedgerRepo;
  readonly clock: Clock;
}

export interface ConsentView {
  readonly purposes: readonly {
    readonly purpose: ConsentPurpose;
    readonly given: boolean;
    readonly since?: string;
    readonly documentVersion?: string;
    readonly channel?: string;
    readonly notice: { readonly version: string; readonly title: string; readonly url: string };
  }[];
  /** Every change, oldest first, with its evidence (the service consent's from registration). */
  readonly history: readonly ConsentRecord[];
}

/** The service consent as registration gave it (User Agreement, with its evidence). */
function serviceRecord(customer: CustomerItem): ConsentRecord | undefined {
  const ua = customer.consents?.find((c) => c.type === 'USER_AGREEMENT');
  if (!ua) return undefined;
  return {
    purpose: 'SERVICE',
    given: true,
    documentVersion: ua.version,
    at: ua.acceptedAt,
    channel: 'REGISTRATION',
    requestId: customer.registrationId,
  };
}

/** Where each purpose stands for a customer (SERVICE from registration, the rest as changed). */
export function consentStateOf(customer: CustomerItem): ConsentState {
  const service = serviceRecord(customer);
  return { ...(service ? { SERVICE: service } : {}), ...consentsOn(customer) };
}

async function openCustomer(customers: CustomersRepo, customerId: string): Promise<CustomerItem> {
  const customer = await customers.getCustomer(customerId);
  if (!customer || customer.status === 'CLOSED')
    throw new NotFoundError('CUSTOMER_NOT_FOUND', 'No customer profile for this sign-in.');
  return customer;
}

function viewOf(state: ConsentState, history: readonly ConsentRecord[]): ConsentView {
  return {
    purposes: CONSENT_PURPOSES.map((purpose) => {
      const r = state[purpose];
      const { version, title, url } = currentNotice(purpose);
      return {
        purpose,
        given: r?.given === true,
        ...(r ? { since: r.at, documentVersion: r.documentVersion, channel: r.channel } : {}),
        notice: { version, title, url },
      };
    }),
    history: [...history].sort((a, b) => a.at.localeCompare(b.at)),
  };
}

export async function consentView(customerId: string, deps: ConsentDeps): Promise<ConsentView> {
  const customer = await openCustomer(deps.customers, customerId);
  const state = consentStateOf(customer);
  const history = await deps.rights.consentHistory(customerId);
  return viewOf(state, [...(state.SERVICE ? [state.SERVICE] : []), ...history]);
}

export interface ConsentChange {
  readonly key: string;
  readonly operation: string;
  readonly input: {
    readonly purpose: ConsentPurpose;
    readonly given: boolean;
    readonly documentVersion?: string | undefined;
  };
  /** The API request's id: the change's evidence. */
  readonly requestId: string;
}

/**
 * Gives or withdraws one purpose: the change and the purpose's new state in one transaction
 * with the key's answer, on condition that the purpose still stands as read.
 */
export async function changeConsent(
  customerId: string,
  req: ConsentChange,
  deps: ConsentDeps,
): Promise<ConsentView> {
  const scoped = { customerId, key: req.key, operation: req.operation, body: req.input };
  return once(deps.tx, scoped, { table: deps.tx.table, checkFirst: true }, async (key) => {
    const customer = await openCustomer(deps.customers, customerId);
    const state = consentStateOf(customer);
    let record: ConsentRecord | undefined;
    try {
      record = decideChange(state, {
        purpose: req.input.purpose,
        given: req.input.given,
        ...(req.input.documentVersion ? { documentVersion: req.input.documentVersion } : {}),
        at: deps.clock.now().toISOString(),
        channel: 'API',
        requestId: req.requestId,
      });
    } catch (error) {
      if (!(error instanceof ConsentChangeRefused)) throw error;
      throw new Refusal(
        error.code,
        error.message,
        error.code === 'CONSENT_NOTICE_OUTDATED'
          ? [{ path: 'body.documentVersion', reason: error.message }]
          : [{ path: 'params.purpose', reason: error.message }],
      );
    }
    const history = await deps.rights.consentHistory(customerId);
    const after = record ? { ...state, [record.purpose]: record } : state;
    const view = viewOf(after, [
      ...(state.SERVICE ? [state.SERVICE] : []),
      ...history,
      ...(record ? [record] : []),
    ]);
    const tx = key.answered(deps.tx.tx(), view);
    await commitChange(
      deps.tx,
      record ? deps.rights.recordConsent(tx, customerId, record, state[record.purpose]?.at) : tx,
      ['account'],
      'Your consents changed meanwhile; read them and try again.',
    );
    return view;
  });
}

/** Whether the customer's data may be used for `purpose` now (read at each use). */
export async function consentGiven(
  customers: CustomersRepo,
  customerId: string,
  purpose: ConsentPurpose,
): Promise<boolean> {
  const customer = await customers.getCustomer(customerId);
  if (!customer || customer.status !== 'ACTIVE') return false;
  return isGiven(consentStateOf(customer), purpose);
}

/**
 * The check a partner integration must call before any of the customer's data leaves the
 * platform (PIPL art. 23). Nothing shares data with partners today (docs/data-rights.md).
 */
export async function mayShareWithPartners(
  customers: CustomersRepo,
  customerId: string,
): Promise<boolean> {
  const customer = await customers.getCustomer(customerId);
  if (!customer || customer.status !== 'ACTIVE') return false;
  return mayShare(consentStateOf(customer));
}
