// Request and response schemas of the onboarding API. The KYC rules themselves live in
// identity/domain/kyc.ts; these schemas call them so each failing field is reported.
import { checkBankCard, checkIdNumber, checkName, checkPhone } from './domain/kyc';
import { currentVersion } from './domain/legal';
import { CUSTOMER_STATUSES, STATUS_ACTIONS } from './domain/customer-status';
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from './domain/consents';
import { STAFF_CHALLENGES, STAFF_USERNAME } from './domain/staff';
import { STAFF_GROUPS } from '../kernel';
import * as z from 'zod';

export const MINIMUM_AGE = 18;

const refined = (check: (v: string) => string | undefined) => (v: string, ctx: z.RefinementCtx) => {
  const reason = check(v);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
};

export const LegalDocumentSchema = z
  .object({
    type: z.enum(['USER_AGREEMENT', 'RISK_DISCLOSURE']),
    version: z.string(),
    title: z.string(),
    url: z.string(),
    publishedAt: z.string(),
  })
  .meta({ id: 'LegalDocument' });

export const LegalDocumentsResponse = z
  .object({ documents: z.array(LegalDocumentSchema) })
  .meta({ id: 'LegalDocuments' });

/** Password rule shared with the Cognito pool policy (minimum length comes from config). */
export function passwordSchema(minLength: number) {
  return (
    z
      .string()
      .min(minLength, `must be at least ${minLength} characters`)
      .max(128)
      .regex(/[a-z]/, 'must contain a lower-case letter')
      .regex(/[A-Z]/, 'must contain an upper-case letter')
      .regex(/\d/, 'must contain a digit')
      .regex(/[^A-Za-z0-9]/, 'must contain a symbol')
      // Cognito refuses a password that starts or ends with a space; refused here, every
      // registration meets the same rule whether or not it reaches Cognito (issue 12).
      .regex(/^\S(.*\S)?$/s, 'must not start or end with a space')
      .meta({
        // The rules above as one pattern, for clients that check before sending.
        pattern: '^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[^A-Za-z0-9])\\S(.*\\S)?$',
        description: `At least ${minLength} characters, with a lower-case letter, an upper-case letter, a digit and a symbol, not starting or ending with a space`,
      })
  );
}

export function registrationRequest(opts: { passwordMinLength: number; now: () => Date }) {
  return z
    .object({
      name: z.string().superRefine(refined(checkName)).meta({ example: '张三' }),
      phone: z.string().superRefine(refined(checkPhone)).meta({ example: '13812341234' }),
      idNumber: z
        .string()
        .superRefine(refined((v) => checkIdNumber(v, { now: opts.now(), minimumAge: MINIMUM_AGE })))
        .meta({ example: '11010519491231002X' }),
      bankCard: z
        .string()
        .superRefine(refined(checkBankCard))
        .meta({ example: '6200000000000005' }),
      password: passwordSchema(opts.passwordMinLength),
      consents: z
        .object({
          userAgreementVersion: z.string().refine((v) => v === currentVersion('USER_AGREEMENT'), {
            message: 'must be the current User Agreement version',
          }),
          riskDisclosureVersion: z.string().refine((v) => v === currentVersion('RISK_DISCLOSURE'), {
            message: 'must be the current Risk Disclosure version',
          }),
        })
        .strict(),
    })
    .strict()
    .meta({ id: 'RegistrationRequest' });
}
export type RegistrationInput = z.infer<ReturnType<typeof registrationRequest>>;

export const RegistrationResponse = z
  .object({ registrationId: z.uuid(), status: z.literal('PENDING_VERIFICATION') })
  .meta({ id: 'RegistrationResponse' });

export const RegistrationParams = z.object({ registrationId: z.uuid() }).strict();

export const VerifyRequest = z
  .object({
    code: z.string().regex(/^\d{4,8}$/, 'must be the digits of the SMS code'),
    faceCheckToken: z.string().min(1).max(2048).optional().meta({
      description: 'Token from the face-recognition provider, where the stage requires it',
    }),
  })
  .strict()
  .meta({ id: 'VerifyRequest' });

export const VerifyResponse = z
  .object({ customerId: z.uuid(), status: z.literal('ACTIVE') })
  .meta({ id: 'VerifyResponse' });

export const LoginRequest = z
  .object({ phone: z.string().min(1).max(32), password: z.string().min(1).max(128) })
  .strict()
  .meta({
    id: 'LoginRequest',
    description: 'Customers sign in with their phone; staff sign in at /v1/staff/auth/login',
  });

/** What a sign-in before verification is told beyond the problem document. */
export const UnverifiedSignInMembers = z.object({
  registrationId: z.uuid().meta({
    description: 'The registration waiting for its SMS code (ask for a new code with it)',
  }),
});

export const LoginResponse = z
  .object({
    accessToken: z.string(),
    idToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int(),
  })
  .meta({ id: 'LoginResponse' });

export const RefreshRequest = z
  .object({ refreshToken: z.string().min(1).max(4096) })
  .strict()
  .meta({ id: 'RefreshRequest' });

export const RefreshResponse = z
  .object({
    accessToken: z.string(),
    idToken: z.string(),
    expiresIn: z.number().int().meta({ description: 'Seconds the new tokens are valid' }),
  })
  .meta({ id: 'RefreshResponse' });

export const SignOutRequest = z
  .object({
    accessToken: z
      .string()
      .min(1)
      .max(4096)
      .meta({ description: 'The access token from sign-in or refresh' }),
  })
  .strict()
  .meta({ id: 'SignOutRequest' });

export const SignOutResponse = z
  .object({ status: z.literal('SIGNED_OUT') })
  .meta({ id: 'SignOutResponse' });

export const CustomerProfile = z
  .object({
    customerId: z.uuid(),
    status: z.enum(['ACTIVE', 'FROZEN', 'CLOSED']),
    name: z.string().meta({ example: '张*' }),
    phone: z.string().meta({ example: '138****1234' }),
    idNumber: z.string().meta({ example: '1101**********002X' }),
    bankCard: z.string().meta({ example: '************0005' }),
    createdAt: z.iso.datetime(),
    consents: z.array(z.object({ type: z.string(), version: z.string(), acceptedAt: z.string() })),
  })
  .meta({ id: 'CustomerProfile', description: 'PII is always masked' });

export const OutboxQuery = z
  .object({ phone: z.string().superRefine(refined(checkPhone)) })
  .strict();
export const OutboxResponse = z
  .object({ messages: z.array(z.object({ sentAt: z.string(), body: z.string() })) })
  .meta({ id: 'LocalOutbox' });

export const ResendCodeResponse = z
  .object({ status: z.literal('CODE_SENT'), retryAfterSeconds: z.number().int() })
  .meta({ id: 'CodeSent' });

/** A staff change of a customer's status (ADR 0015). */
export const CustomerStatusRequest = z
  .object({
    action: z.enum(STATUS_ACTIONS).meta({
      description:
        'FREEZE: no money moves in or out, and in-flight movements are not paid out, until UNFREEZE',
    }),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .meta({ id: 'CustomerStatusRequest' });

const StatusChangeOut = z.object({
  action: z.enum(STATUS_ACTIONS),
  from: z.enum(CUSTOMER_STATUSES),
  to: z.enum(CUSTOMER_STATUSES),
  by: z.string(),
  at: z.iso.datetime(),
  reason: z.string(),
});

export const CustomerStatusOut = z
  .object({
    customerId: z.uuid(),
    status: z.enum(CUSTOMER_STATUSES),
    history: z.array(StatusChangeOut).meta({ description: 'Every change, with who, when and why' }),
  })
  .strict()
  .meta({ id: 'CustomerStatus' });

export const StaffCustomerParams = z.object({ customerId: z.uuid() }).strict();

// --- staff sign-in (their own pool, TOTP MFA required) and administration ---

const staffName = z.string().min(1).max(128);
const session = z
  .string()
  .min(1)
  .max(4096)
  .meta({ description: 'The sign-in session of the previous step (valid for 3 minutes)' });
const totpCode = z
  .string()
  .regex(/^\d{6}$/)
  .meta({ description: "The authenticator app's current 6-digit code" });

export const StaffLoginRequest = z
  .object({ username: staffName, password: z.string().min(1).max(128) })
  .strict()
  .meta({ id: 'StaffLoginRequest' });

export const StaffSignInStep = z
  .discriminatedUnion('status', [
    z
      .object({
        status: z.literal('CHALLENGE'),
        challenge: z.enum(STAFF_CHALLENGES).meta({
          description:
            'NEW_PASSWORD_REQUIRED: replace the temporary password; MFA_SETUP: enrol an authenticator (POST /v1/staff/auth/mfa-setup, then answer with its first code); SOFTWARE_TOKEN_MFA: answer with the current code',
        }),
        session: z.string(),
      })
      .strict(),
    z
      .object({
        status: z.literal('SIGNED_IN'),
        accessToken: z.string(),
        idToken: z.string(),
        refreshToken: z.string(),
        expiresIn: z.number().int(),
      })
      .strict(),
  ])
  .meta({
    id: 'StaffSignInStep',
    description: 'The next step of a staff sign-in: a challenge, or tokens after a code',
  });

export const StaffChallengeRequest = z
  .discriminatedUnion('challenge', [
    z
      .object({
        challenge: z.literal('NEW_PASSWORD_REQUIRED'),
        username: staffName,
        session,
        newPassword: z.string().min(1).max(128),
      })
      .strict(),
    z
      .object({ challenge: z.literal('MFA_SETUP'), username: staffName, session, code: totpCode })
      .strict(),
    z
      .object({
        challenge: z.literal('SOFTWARE_TOKEN_MFA'),
        username: staffName,
        session,
        code: totpCode,
      })
      .strict(),
  ])
  .meta({ id: 'StaffChallengeRequest' });

export const StaffMfaSetupRequest = z
  .object({ username: staffName, session })
  .strict()
  .meta({ id: 'StaffMfaSetupRequest' });

export const StaffMfaSetupResponse = z
  .object({
    secretCode: z.string().meta({ description: 'The authenticator secret (base32)' }),
    otpauthUri: z.string().meta({ description: 'The same secret as an otpauth:// URI (QR code)' }),
    session: z.string(),
  })
  .meta({ id: 'StaffMfaSetupResponse' });

const staffGroups = z
  .array(z.enum(STAFF_GROUPS))
  .max(STAFF_GROUPS.length)
  .refine((g) => new Set(g).size === g.length, { message: 'groups repeat' });
const reason = z.string().trim().min(1).max(2000);

export const StaffParams = z.object({ username: z.string().regex(STAFF_USERNAME) }).strict();

export const StaffCreateRequest = z
  .object({
    username: z.string().regex(STAFF_USERNAME).meta({
      description: 'Lower-case letters, digits, dots, dashes, underscores; starts with a letter',
    }),
    email: z.email().max(254),
    groups: staffGroups,
    reason,
  })
  .strict()
  .meta({ id: 'StaffCreateRequest' });

export const StaffUpdateRequest = z
  .object({
    groups: staffGroups.meta({ description: 'The groups the account should have, exactly' }),
    enabled: z.boolean().optional(),
    reason,
  })
  .strict()
  .meta({ id: 'StaffUpdateRequest' });

export const StaffOut = z
  .object({
    username: z.string(),
    enabled: z.boolean(),
    status: z.string().meta({
      description: 'FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED',
    }),
    groups: z.array(z.string()),
  })
  .meta({ id: 'Staff' });

export const StaffCreated = StaffOut.extend({
  temporaryPassword: z.string().meta({
    description:
      'Shown once: the administrator hands it over; it expires in a day and the first sign-in replaces it',
  }),
}).meta({ id: 'StaffCreated' });

// --- the customer's data rights (M2.5-d, M7.1-a/b) ---

export const ConsentPurposeParams = z
  .object({ purpose: z.enum(CONSENT_PURPOSES) })
  .strict()
  .meta({ description: 'SERVICE, MARKETING or PARTNER_SHARING' });

export const ConsentChangeRequest = z
  .object({
    given: z.boolean().meta({ description: 'true gives the purpose, false withdraws it' }),
    documentVersion: z.string().min(1).max(32).optional().meta({
      description:
        "The version of the purpose's notice the customer saw (required to give; GET lists the current ones)",
      example: '2026-11-01',
    }),
  })
  .strict();

const ConsentRecordOut = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    given: z.boolean(),
    documentVersion: z.string(),
    at: z.iso.datetime(),
    channel: z.enum(CONSENT_CHANNELS),
    requestId: z.string(),
  })
  .meta({ id: 'ConsentRecord', description: 'One change of one purpose, with its evidence' });

export const ConsentViewOut = z
  .object({
    purposes: z.array(
      z.object({
        purpose: z.enum(CONSENT_PURPOSES),
        given: z.boolean(),
        since: z.iso.datetime().optional(),
        documentVersion: z.string().optional(),
        channel: z.enum(CONSENT_CHANNELS).optional(),
        notice: z.object({ version: z.string(), title: z.string(), url: z.string() }),
      }),
    ),
    history: z.array(ConsentRecordOut),
  })
  .meta({ id: 'Consents', description: 'Where each purpose stands, and every change' });

const anyRecord = z.record(z.string(), z.unknown());

export const DataExportOut = z
  .object({
    exportedAt: z.iso.datetime(),
    customerId: z.uuid(),
    profile: z
      .object({
        status: z.enum(CUSTOMER_STATUSES),
        createdAt: z.iso.datetime(),
        name: z.string(),
        phone: z.string(),
        idNumber: z.string(),
        bankCard: z.string(),
        legalDocuments: z.array(anyRecord),
      })
      .meta({ description: "The customer's own identity, decrypted for them (audited)" }),
    consents: z.object({ current: z.array(ConsentRecordOut), history: z.array(ConsentRecordOut) }),
    account: z
      .object({
        balance: z.number().int(),
        available: z.number().int(),
        held: z.number().int(),
        currency: z.literal('CNY'),
      })
      .nullable(),
    entries: z
      .array(anyRecord)
      .meta({ description: 'Journal lines of the cash account, newest first' }),
    movements: z.array(
      z
        .object({
          movementId: z.string(),
          type: z.string(),
          direction: z.enum(['IN', 'OUT']),
          amount: z.number().int(),
          currency: z.literal('CNY'),
          status: z.string(),
          createdAt: z.iso.datetime(),
          counterparty: z
            .object({ name: z.string().meta({ example: '李*' }) })
            .optional()
            .meta({ description: 'Another customer, masked' }),
        })
        .catchall(z.unknown()),
    ),
    holdings: z.array(anyRecord),
    assessments: z.array(anyRecord),
    creditApplications: z.array(anyRecord),
    loans: z.array(anyRecord),
  })
  .catchall(z.unknown())
  .meta({
    id: 'DataExport',
    description:
      "Everything the platform holds on the signed-in customer; other customers appear masked. Sections of modules added later (customer service's complaints) appear under their own names.",
  });

export const ErasureOut = z
  .object({
    customerId: z.uuid(),
    status: z.literal('ERASED'),
    erasedAt: z.iso.datetime(),
    deleted: z.array(z.string()),
    retained: z.array(z.string()),
    retainUntil: z.iso.datetime().meta({
      description:
        'The end of the AML retention period: the restricted records are anonymised then',
    }),
  })
  .strict()
  .meta({ id: 'Erasure' });
