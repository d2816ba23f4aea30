// Consent per purpose (M2.5-d, M7.1-a, PIPL arts. 13-16, 23, 29): the customer gives and
// withdraws each purpose on its own, each change kept with its evidence (when, which
// version of the notice, through which channel, which request). Pure: the repository keeps
// what this decides.
//
// - SERVICE: what registration gives (the User Agreement); the platform cannot run an
//   account without it, so it is withdrawn only by closing the account: an erasure request.
// - MARKETING: personalised recommendations from the customer's holdings and orders, and
//   any promotion. Opt-in, off until given.
// - PARTNER_SHARING: sharing personal data with partners (PIPL art. 23: separate consent).
//   Opt-in, off until given; nothing shares today, and `mayShare` is the check a partner
//   integration must pass first.

export const CONSENT_PURPOSES = ['SERVICE', 'MARKETING', 'PARTNER_SHARING'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_CHANNELS = ['REGISTRATION', 'API'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** The notice a purpose is given under; a new version is a new entry. */
export interface ConsentNotice {
  readonly purpose: ConsentPurpose;
  readonly version: string;
  readonly title: string;
  readonly url: string;
}

export const CONSENT_NOTICES: readonly ConsentNotice[] = [
  {
    purpose: 'SERVICE',
    version: '2026-09-01',
    title: 'User Agreement and Privacy Notice',
    url: 'https://legal.finplat.example/user-agreement/2026-09-01',
  },
  {
    purpose: 'MARKETING',
    version: '2026-11-01',
    title: 'Personalised recommendations and promotions',
    url: 'https://legal.finplat.example/privacy/marketing/2026-11-01',
  },
  {
    purpose: 'PARTNER_SHARING',
    version: '2026-11-01',
    title: 'Sharing personal data with partners',
    url: 'https://legal.finplat.example/privacy/partner-sharing/2026-11-01',
  },
];

export function currentNotice(purpose: ConsentPurpose): ConsentNotice {
  const notice = CONSENT_NOTICES.find((n) => n.purpose === purpose);
  if (!notice) throw new Error(`no notice for ${purpose}`);
  return notice;
}

/** One change of one purpose, as kept (append-only). */
export interface ConsentRecord {
  readonly purpose: ConsentPurpose;
  readonly given: boolean;
  /** The notice's version the customer saw. */
  readonly documentVersion: string;
  readonly at: string;
  readonly channel: ConsentChannel;
  /** The request that made the change (the API request id, or the registration id). */
  readonly requestId: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

/** Where each purpose stands: the latest record of each (none: never given). */
export type ConsentState = Readonly<Partial<Record<ConsentPurpose, ConsentRecord>>>;

export class ConsentChangeRefused extends Error {
  constructor(
    readonly code: 'CONSENT_SERVICE_REQUIRED' | 'CONSENT_NOTICE_OUTDATED',
    message: string,
  ) {
    super(message);
    this.name = 'ConsentChangeRefused';
  }
}

/** Where each purpose stands after `history` (oldest first). */
export function consentState(history: readonly ConsentRecord[]): ConsentState {
  const out: Partial<Record<ConsentPurpose, ConsentRecord>> = {};
  for (const r of history) out[r.purpose] = r;
  return out;
}

/** Whether a purpose is given now: only an explicit, unwithdrawn consent counts. */
export function isGiven(state: ConsentState, purpose: ConsentPurpose): boolean {
  return state[purpose]?.given === true;
}

/** The check a partner integration calls before any personal data leaves the platform. */
export function mayShare(state: ConsentState): boolean {
  return isGiven(state, 'PARTNER_SHARING');
}

/**
 * The record a change makes, undefined when it changes nothing (given twice under the
 * same notice), or a refusal: SERVICE is withdrawn by erasure only, and a consent is given
 * only under the notice in force (a withdrawal needs no version: it always counts).
 */
export function decideConsentChange(
  state: ConsentState,
  change: Omit<ConsentRecord, 'documentVersion'> & { readonly documentVersion?: string },
): ConsentRecord | undefined {
  const notice = currentNotice(change.purpose);
  if (change.purpose === 'SERVICE' && !change.given)
    throw new ConsentChangeRefused(
      'CONSENT_SERVICE_REQUIRED',
      'The service consent cannot be withdrawn while the account is open: ask for erasure (POST /v1/customers/me/erasure), which closes the account.',
    );
  if (change.given && change.documentVersion !== notice.version)
    throw new ConsentChangeRefused(
      'CONSENT_NOTICE_OUTDATED',
      `Consent to ${change.purpose} is given under the notice in force, version ${notice.version}.`,
    );
  const before = state[change.purpose];
  const documentVersion = change.given
    ? notice.version
    : (before?.documentVersion ?? notice.version);
  if (before && before.given === change.given && before.documentVersion === documentVersion)
    return undefined;
  if (!before && !change.given) return undefined;
  return { ...change, documentVersion };
}
