// Onboarding flows (M2.1-a/b, M2.5-b): register with real-name KYC and consent evidence,
// verify by SMS code (and face check where required), resend a code. Each flow takes its
// adapters as arguments; handlers only parse and shape.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditLog } from '../adapters/audit';
import {
  ConcurrentUpdateError,
  DuplicateIdentityError,
  SupersededRegistrationError,
  type ConsentEvidence,
  type CustomersRepo,
  type RegistrationItem,
} from '../adapters/customers-repo';
import { KycUnavailableError, type KycProvider } from '../adapters/kyc-provider';
import type { LedgerRepo } from '../../money';
import {
  canonical,
  customerAccount,
  failedCondition,
  IdempotencyKey,
  inProgress,
  lookup,
  replay,
} from '../../money';
import type { FieldCrypto, PiiField } from '../adapters/field-crypto';
import type { BlindIndex } from '../adapters/blind-index';
import { PasswordRejectedError, type Identity } from '../adapters/identity';
import type { NotificationQueue } from '../adapters/notifications';
import type { SmsSender } from '../adapters/sms';
import type { SmsQuota } from '../adapters/sms-quota';
import { refusalOutcome, smsQuotaSlots, type SmsOutcome } from '../domain/sms-limits';
import type { RuntimeSettings } from '../../settings';
import { normalizeBankCard, normalizeIdNumber, normalizePhone } from '../domain/kyc';
import { CUSTOMER_GROUP, maskBankCard, maskIdNumber, maskName, maskPhone } from '../../kernel';
import { checkOtp, issueOtp } from '../domain/otp';
import {
  ConflictError,
  logger,
  NotFoundError,
  Refusal,
  suspended,
  ValidationError,
  type Switches,
} from '../../platform';
import type { Clock } from '../../kernel';
import type { RegistrationInput } from '../schemas';

/**
 * AML screening of the new customer's name and ID number against the watch lists in force
 * (the compliance module's; M1-c, ADR 0031). It keeps the result itself; a hit holds the
 * customer's movements until a compliance officer clears it.
 */
export interface CustomerScreener {
  screen(
    customerId: string,
    subject: { name: string; idNumber: string },
    opts: { expiresAt: number },
  ): Promise<unknown>;
  /** Removes the screening fingerprint of a registration that was not created. */
  forget?(customerId: string): Promise<void>;
}

export interface RegisterDeps {
  readonly repo: CustomersRepo;
  /** Screening at registration (absent: not screened, as in unit tests of other steps). */
  readonly screener?: CustomerScreener;
  /** Where an Idempotency-Key's record is kept: beside the registrations. */
  readonly records: LedgerRepo;
  readonly crypto: FieldCrypto;
  readonly index: BlindIndex;
  readonly identity: Identity;
  /** The real-name check of the name against the ID number. */
  readonly kyc: KycProvider;
  readonly queue: NotificationQueue;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
  /** The customers table's kill switches: `registrations` stops new registrations (ADR 0018). */
  readonly switches: Pick<Switches, 'runningCondition'>;
}

export interface RequestEvidence {
  readonly sourceIp: string;
  readonly userAgent: string;
}

export interface RegistrationAnswer {
  readonly registrationId: string;
  readonly status: 'PENDING_VERIFICATION';
}

/**
 * Registers a customer. With an Idempotency-Key, a retry of the same body answers the
 * first registration (the key's record is written in the registration's own transaction,
 * and removed with it if a later step undoes it); another body with the key is refused.
 */
/** The provider's answer; an unanswered or unconfigured provider refuses (fail closed). */
async function kycAnswer<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (!(error instanceof KycUnavailableError)) throw error;
    logger.error('identity verification unavailable', { error });
    throw new Refusal(
      'KYC_UNAVAILABLE',
      'Identity verification is not available now; try again later.',
      [],
      { retryAfterSeconds: 60 },
    );
  }
}

export async function register(
  input: RegistrationInput,
  evidence: RequestEvidence,
  deps: RegisterDeps,
  idempotencyKey = '',
): Promise<RegistrationAnswer> {
  const now = deps.clock.now();
  const values: Record<PiiField, string> = {
    name: input.name.trim(),
    phone: normalizePhone(input.phone),
    idNumber: normalizeIdNumber(input.idNumber),
    bankCard: normalizeBankCard(input.bankCard),
  };
  const registrationId = randomUUID();
  const customerId = randomUUID();
  // Before anything is kept: does the authority hold this name for this ID number?
  const real = await kycAnswer(() =>
    deps.kyc.verifyNameAndId({ registrationId, name: values.name, idNumber: values.idNumber }),
  );
  if (!real.passed)
    throw new Refusal(
      'IDENTITY_NOT_VERIFIED',
      'The name and ID number do not match the records of the identity authority.',
      [
        { path: 'body.name', reason: 'does not match the ID number at the identity authority' },
        { path: 'body.idNumber', reason: 'does not match the name at the identity authority' },
      ],
    );
  // Screened while the name and ID number are in hand, before anything is kept: a failure
  // refuses the registration (fail closed) rather than let an unscreened account operate.
  if (deps.screener) {
    try {
      // The fingerprint lasts as long as the registration, unless activation keeps it.
      await deps.screener.screen(
        customerId,
        { name: values.name, idNumber: values.idNumber },
        {
          expiresAt:
            Math.floor(now.getTime() / 1000) + deps.settings.registrationTtlHours * 3600 + 86_400,
        },
      );
    } catch (error) {
      logger.error('screening at registration failed', { registrationId, error });
      throw new Refusal(
        'SCREENING_UNAVAILABLE',
        'Registration is not available now; try again later.',
        [],
        { retryAfterSeconds: 60 },
      );
    }
  }
  // A registration that is not created (refused, replayed, a decoy, an ID number an active
  // customer holds) keeps no screening fingerprint: re-screening looks for people who can
  // become customers.
  let created = false;
  let heldId = false;
  const forgetScreening = async () => {
    if (created || !deps.screener?.forget) return;
    await deps.screener.forget(customerId).catch((error: unknown) => {
      logger.warn('screening fingerprint of a registration not created is left', {
        registrationId,
        error,
      });
    });
  };
  const rest = async (): Promise<RegistrationAnswer> => {
    const fields = Object.keys(values) as PiiField[];
    const [idIndex, phoneIndex, cardIndex, passwordCheck, fingerprint, ...encrypted] =
      await Promise.all([
        deps.index.of('idNumber', values.idNumber),
        deps.index.of('phone', values.phone),
        deps.index.of('bankCard', values.bankCard),
        deps.index.of('registrationPassword', passwordMessage(registrationId, input.password)),
        // The body holds personal data and a password: its fingerprint is a keyed HMAC.
        idempotencyKey ? deps.index.of('registrationRequest', canonical(input)) : undefined,
        ...fields.map((f) => deps.crypto.encryptField(customerId, f, values[f])),
      ]);
    const key = idempotencyKey
      ? new IdempotencyKey(
          { customerId: 'public', key: idempotencyKey, operation: 'register', body: undefined },
          deps.records.table,
          fingerprint,
        )
      : undefined;
    const pii = Object.fromEntries(fields.map((f, i) => [f, encrypted[i]])) as Record<
      PiiField,
      string
    >;
    const otp = issueOtp(deps.settings.otp, now.getTime());
    const acceptedAt = now.toISOString();
    const consents: ConsentEvidence[] = [
      {
        type: 'USER_AGREEMENT',
        version: input.consents.userAgreementVersion,
        acceptedAt,
        ...evidence,
      },
      {
        type: 'RISK_DISCLOSURE',
        version: input.consents.riskDisclosureVersion,
        acceptedAt,
        ...evidence,
      },
    ];
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const item: RegistrationItem = {
      registrationId,
      customerId,
      status: 'PENDING_VERIFICATION',
      pii,
      masked: {
        name: maskName(values.name),
        phone: maskPhone(values.phone),
        idNumber: maskIdNumber(values.idNumber),
        bankCard: maskBankCard(values.bankCard),
      },
      idIndex: idIndex as string,
      phoneIndex: phoneIndex as string,
      cardIndex: cardIndex as string,
      passwordCheck: passwordCheck as string,
      otpHash: otp.hash,
      otpSalt: otp.salt,
      otpExpiresAt: otp.expiresAt,
      otpAttempts: 0,
      otpSends: 1,
      otpSentAt: now.getTime(),
      consents,
      createdAt: acceptedAt,
      expiresAt: nowSeconds + deps.settings.registrationTtlHours * 3600,
    };

    const answer: RegistrationAnswer = { registrationId, status: 'PENDING_VERIFICATION' };
    // The registration switch is a condition of the same transaction: in force at once.
    const also = (key ? key.answered(deps.records.tx(), answer) : deps.records.tx()).require(
      { kind: 'switch', name: 'registrations' },
      deps.switches.runningCondition('registrations'),
    );
    // Written once, or (for an identity an active customer holds) once more as a decoy.
    const create = async (reg: RegistrationItem): Promise<RegistrationAnswer | undefined> => {
      try {
        await deps.repo.createRegistration(reg, nowSeconds, also);
        return undefined;
      } catch (error) {
        if (failedCondition(error, 'switch')) throw suspended('New registrations are paused.');
        if (key && failedCondition(error, 'idempotency')) {
          // The key's first request: its answer (same body), or a refusal (another body).
          const first = await lookup(deps.records, key);
          if (first.state === 'ANSWERED') return replay(first.answer) as RegistrationAnswer;
          throw inProgress();
        }
        throw error;
      }
    };
    try {
      const replayed = await create(item);
      if (replayed) return replayed;
    } catch (error) {
      if (!(error instanceof DuplicateIdentityError)) throw error;
      const tell = () =>
        Promise.all(
          error.holders.map((h) =>
            deps.queue.send({ type: 'IDENTITY_IN_USE', customerId: h.customerId, which: h.which }),
          ),
        );
      if (!error.which.includes('phone')) {
        // One answer either way (issue 12, enumeration): an ID number an active customer
        // holds, with a phone no one holds, is registered as any other and its code is sent
        // (no SMS tells the registrant the ID is taken), but it cannot take the identity: its
        // verification, past the face check where the stage has one, answers as expired.
        const replayed = await create({ ...item, idHeld: true });
        if (replayed) return replayed;
        // It can never be verified: nobody to re-screen.
        heldId = true;
        await tell();
        logger.info('registration of a held ID number', { registrationId });
      } else {
        // A phone an active customer holds: a decoy (its code would go to the holder): never
        // sent, never verified; the holder is told by SMS instead.
        const replayed = await create({ ...item, decoy: true });
        if (replayed) return replayed;
        await tell();
        logger.info('registration answered for a held identity', { registrationId });
        return answer;
      }
    }
    // Later steps undo the registration on failure, so a retry starts clean.
    try {
      await deps.identity.createDisabledCustomer(customerId, input.password);
      await deps.queue.send({
        type: 'REGISTRATION_OTP',
        registrationId,
        sealedCode: await deps.crypto.encryptField(customerId, 'otp', otp.code),
      });
    } catch (error) {
      await Promise.allSettled([
        deps.repo.deleteRegistration(item),
        deps.identity.deleteUser(customerId),
        ...(key
          ? [deps.records.forgetIdempotency(key.owner, key.keyHash, key.requestHash, key.table)]
          : []),
      ]);
      if (error instanceof PasswordRejectedError) {
        throw new ValidationError([
          { path: 'body.password', reason: 'does not meet the password policy' },
        ]);
      }
      throw error;
    }
    created = !heldId;
    logger.info('registration created', { registrationId });
    return answer;
  };
  try {
    const answered = await rest();
    await forgetScreening();
    return answered;
  } catch (error) {
    await forgetScreening();
    throw error;
  }
}

/** What the password check of a registration is made of (bound to the registration). */
const passwordMessage = (registrationId: string, password: string) =>
  `${registrationId}\u0000${password}`;

export interface PendingSignInDeps {
  readonly repo: CustomersRepo;
  readonly index: BlindIndex;
  readonly clock: Clock;
}

/**
 * A sign-in by phone that found no active customer: if the phone's registration is still
 * waiting for its code and the password is its own, the refusal says so (with the
 * registration, to ask for a new code); anything else gets the caller's one refusal, so a
 * phone's registration is told only to whoever knows its password.
 */
export async function pendingSignInRefusal(
  phoneIndex: string,
  password: string,
  deps: PendingSignInDeps,
): Promise<Refusal | undefined> {
  const now = deps.clock.now();
  // Every registration of the phone still waiting (decoys too, so a decoy answers as any
  // other registration would), newest first, a few at most.
  const regs = await deps.repo.pendingRegistrationsByPhone(
    phoneIndex,
    Math.floor(now.getTime() / 1000),
  );
  for (const reg of regs) {
    if (!reg.passwordCheck) continue;
    const check = await deps.index.of(
      'registrationPassword',
      passwordMessage(reg.registrationId, password),
    );
    const a = Buffer.from(check);
    const b = Buffer.from(reg.passwordCheck);
    if (a.length !== b.length || !timingSafeEqual(a, b)) continue;
    return new Refusal(
      'REGISTRATION_NOT_VERIFIED',
      'This registration is not verified yet: enter the code sent by SMS, or ask for a new one.',
      [],
      { details: { registrationId: reg.registrationId } },
    );
  }
  return undefined;
}

export interface VerifyDeps {
  readonly repo: CustomersRepo;
  /** Opens the customer's cash account in the activation transaction. */
  readonly ledger: LedgerRepo;
  readonly identity: Identity;
  readonly kyc: KycProvider;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
  /**
   * The customer's AML screening fingerprint, kept for good in the activation transaction
   * (until then it expires with the registration; ADR 0031).
   */
  readonly screening?: {
    keepFingerprint(
      customerId: string,
    ): NonNullable<Parameters<CustomersRepo['activate']>[2]>[number];
  };
  /** Told of a first activation (not of a replayed one): risk monitoring's registration event. */
  readonly onActivated?: (activation: {
    customerId: string;
    at: Date;
    cardIndex?: string;
  }) => Promise<void>;
}

const expired = () =>
  new Refusal('REGISTRATION_EXPIRED', 'This registration has expired: register again.');

async function loadPending(repo: CustomersRepo, registrationId: string, now: Date) {
  const reg = await repo.getRegistration(registrationId);
  if (!reg) throw new NotFoundError('REGISTRATION_NOT_FOUND', 'No such registration.');
  if (reg.status === 'LOCKED') {
    throw new Refusal('REGISTRATION_LOCKED', 'Too many wrong codes: this registration is locked.');
  }
  if (reg.status === 'PENDING_VERIFICATION' && reg.expiresAt * 1000 <= now.getTime()) {
    throw expired();
  }
  return reg;
}

/** Enables the verified customer's sign-in, and records that it did. */
async function enableIdentity(deps: VerifyDeps, reg: RegistrationItem, now: Date): Promise<void> {
  await deps.identity.enableCustomer(reg.customerId, CUSTOMER_GROUP);
  await deps.repo.markIdentityEnabled(reg.registrationId, now.toISOString());
}

export async function verify(
  registrationId: string,
  body: { code: string; faceCheckToken?: string | undefined },
  deps: VerifyDeps,
): Promise<{ customerId: string; status: 'ACTIVE' }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.clock.now();
    const reg = await loadPending(deps.repo, registrationId, now);
    const state = {
      hash: reg.otpHash,
      salt: reg.otpSalt,
      expiresAt: reg.otpExpiresAt,
      attempts: reg.otpAttempts,
    };
    if (reg.status === 'VERIFIED') {
      // A retried verification with the right code answers as the first did.
      const again = checkOtp(
        { ...state, expiresAt: Number.MAX_SAFE_INTEGER, attempts: 0 },
        body.code,
        deps.settings.otp,
        now.getTime(),
      );
      if (again.result !== 'MATCH')
        throw new ConflictError('ALREADY_VERIFIED', 'This registration is already verified.');
      // Answered from the record: a replay never touches a sign-in that verification already
      // enabled (staff may have disabled it since). Only a first verification that stopped
      // between activation and enabling is completed here.
      if (!reg.identityEnabledAt) await enableIdentity(deps, reg, now);
      return { customerId: reg.customerId, status: 'ACTIVE' };
    }
    // A decoy's code went nowhere, and no code opens it (it holds an identity it cannot take).
    const outcome = checkOtp(
      state,
      reg.decoy ? '\u0000' : body.code,
      deps.settings.otp,
      now.getTime(),
    );
    if (outcome.result === 'LOCKED') {
      throw new Refusal(
        'REGISTRATION_LOCKED',
        'Too many wrong codes: this registration is locked.',
      );
    }
    if (outcome.result === 'EXPIRED') {
      throw new Refusal('CODE_EXPIRED', 'The code has expired: request a new one.');
    }
    if (outcome.result === 'WRONG') {
      try {
        await deps.repo.recordWrongCode(registrationId, reg.otpAttempts, outcome.locksNow);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError) continue;
        throw error;
      }
      if (outcome.locksNow) {
        throw new Refusal(
          'REGISTRATION_LOCKED',
          'Too many wrong codes: this registration is locked.',
        );
      }
      throw new Refusal(
        'INVALID_CODE',
        `The code does not match. ${outcome.remaining} attempts left.`,
        [{ path: 'body.code', reason: `does not match; ${outcome.remaining} attempts left` }],
      );
    }
    if (deps.settings.faceCheckRequired) {
      if (!body.faceCheckToken) {
        throw new ValidationError([
          { path: 'body.faceCheckToken', reason: 'is required in this environment' },
        ]);
      }
      const face = await kycAnswer(() =>
        deps.kyc.matchFace({ registrationId, token: body.faceCheckToken ?? '' }),
      );
      if (!face.passed) {
        throw new Refusal('FACE_CHECK_FAILED', 'The face check did not pass.', [
          { path: 'body.faceCheckToken', reason: face.reason ?? 'did not pass' },
        ]);
      }
    }
    try {
      await deps.repo.activate(
        reg,
        {
          customerId: reg.customerId,
          status: 'ACTIVE',
          pii: reg.pii,
          masked: reg.masked,
          registrationId,
          consents: reg.consents,
          createdAt: now.toISOString(),
        },
        [
          deps.ledger.openAccountItem(customerAccount(reg.customerId)),
          ...(deps.screening ? [deps.screening.keepFingerprint(reg.customerId)] : []),
        ],
      );
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) continue;
      // Another registration of this ID number or phone was verified first: this one
      // answers as an expired one does (its owner registers again, or signs in).
      if (error instanceof SupersededRegistrationError) {
        // Unless it was this registration, verified by a concurrent request: answer as it did.
        const now = await deps.repo.getRegistration(registrationId);
        if (now?.status === 'VERIFIED') continue;
        throw expired();
      }
      throw error;
    }
    await enableIdentity(deps, reg, now);
    logger.info('customer activated', { customerId: reg.customerId });
    await deps.onActivated?.({
      customerId: reg.customerId,
      at: now,
      ...(reg.cardIndex ? { cardIndex: reg.cardIndex } : {}),
    });
    return { customerId: reg.customerId, status: 'ACTIVE' };
  }
  throw new ConflictError(
    'CONCURRENT_VERIFICATION',
    'Another verification of this registration is in progress.',
  );
}

export interface NotifyDeps {
  readonly repo: CustomersRepo;
  readonly crypto: FieldCrypto;
  readonly audit: AuditLog;
  readonly sms: SmsSender;
  /** The SMS spend limit's counters (issue 12, abuse controls). */
  readonly quota: SmsQuota;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

/**
 * Sends a registration's SMS code: within the SMS spend limit, audit first, then decrypt the
 * phone and the code, then send. Over a limit nothing is opened or sent and the outcome
 * names the limit; the caller acknowledges the message rather than retrying it: the code
 * expires within minutes (a retry once the limit frees would send a dead code), a retry
 * while it holds only ends in the dead-letter queue as a second alarm for the same cause,
 * and the customer can ask for a fresh code. A send that fails after its units were taken
 * keeps them (counted, not sent): the limit errs towards sending less.
 */
export async function sendRegistrationCode(
  registrationId: string,
  sealedCode: string,
  deps: NotifyDeps,
): Promise<SmsOutcome> {
  const reg = await deps.repo.getRegistration(registrationId);
  if (!reg || reg.status !== 'PENDING_VERIFICATION' || reg.decoy) return 'SKIPPED';
  const minutes = Math.round(deps.settings.otp.ttlSeconds / 60);
  return smsToPhone(
    { customerId: reg.customerId, phoneIndex: reg.phoneIndex, sealedPhone: reg.pii.phone },
    'send the registration SMS code',
    async () =>
      `【Finplat】Your verification code is ${await deps.crypto.decryptField(reg.customerId, 'otp', sealedCode)}. It expires in ${minutes} minutes. Never share it.`,
    deps,
  );
}

/**
 * Tells an active customer that someone registered with their ID number or phone (the
 * registrant got a decoy registration).
 */
export async function sendIdentityInUseNotice(
  customerId: string,
  which: 'idNumber' | 'phone',
  deps: NotifyDeps,
): Promise<SmsOutcome> {
  const customer = await deps.repo.getCustomer(customerId);
  if (!customer || customer.status === 'CLOSED') return 'SKIPPED';
  const reg = await deps.repo.getRegistration(customer.registrationId);
  if (!reg) return 'SKIPPED';
  const what = which === 'phone' ? 'mobile number' : 'ID number';
  return smsToPhone(
    { customerId, phoneIndex: reg.phoneIndex, sealedPhone: customer.pii.phone },
    'tell the customer of a registration with their identity',
    async () =>
      `【Finplat】Someone tried to open an account with your ${what}. If it was you, sign in instead; if not, no action is needed and your account is unchanged.`,
    deps,
  );
}

/**
 * One SMS to a customer's phone: within the SMS spend limit, the access audited first, then
 * the phone decrypted (the only field opened) and the text made, then sent.
 */
async function smsToPhone(
  to: { customerId: string; phoneIndex: string; sealedPhone: string },
  purpose: string,
  text: () => Promise<string>,
  deps: NotifyDeps,
): Promise<SmsOutcome> {
  const refused = await deps.quota.take(
    smsQuotaSlots(to.phoneIndex, deps.clock.now(), deps.settings.sms),
  );
  if (refused) {
    logger.warn('SMS refused by the spend limit', {
      customerId: to.customerId,
      outcome: refused.scope,
    });
    return refusalOutcome(refused.scope);
  }
  await deps.audit.piiAccessed({
    customerId: to.customerId,
    actor: 'notifier',
    fields: ['phone'],
    purpose,
  });
  const phone = await deps.crypto.decryptField(to.customerId, 'phone', to.sealedPhone);
  await deps.sms.send(phone, to.phoneIndex, await text());
  return 'SENT';
}

export interface ResendDeps {
  readonly repo: CustomersRepo;
  /** Seals the new code for the queue (encrypt only). */
  readonly crypto: Pick<FieldCrypto, 'encryptField'>;
  readonly queue: NotificationQueue;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

/** Sends a fresh code; limited in rate and number. Wrong-code attempts carry over. */
export async function resendCode(
  registrationId: string,
  deps: ResendDeps,
): Promise<{ retryAfterSeconds: number }> {
  const now = deps.clock.now();
  const reg = await loadPending(deps.repo, registrationId, now);
  if (reg.status === 'VERIFIED')
    throw new ConflictError('ALREADY_VERIFIED', 'This registration is already verified.');
  const policy = deps.settings.otp;
  if (reg.otpSends >= policy.maxSends) {
    throw new Refusal(
      'TOO_MANY_CODES',
      `At most ${policy.maxSends} codes are sent per registration.`,
    );
  }
  const wait = Math.ceil(
    (reg.otpSentAt + policy.resendIntervalSeconds * 1000 - now.getTime()) / 1000,
  );
  if (wait > 0) {
    throw new Refusal('RESEND_TOO_SOON', `Wait ${wait} seconds before requesting another code.`);
  }
  const otp = issueOtp(policy, now.getTime());
  try {
    await deps.repo.replaceCode(registrationId, reg.otpSends, { ...otp, sentAt: now.getTime() });
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new Refusal('RESEND_TOO_SOON', 'A code was just sent.');
    }
    throw error;
  }
  await deps.queue.send({
    type: 'REGISTRATION_OTP',
    registrationId,
    sealedCode: await deps.crypto.encryptField(reg.customerId, 'otp', otp.code),
  });
  return { retryAfterSeconds: policy.resendIntervalSeconds };
}
