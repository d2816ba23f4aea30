// Request and response schemas of the onboarding API. The KYC rules themselves live in
// identity/domain/kyc.ts; these schemas call them so each failing field is reported.
import { checkBankCard, checkIdNumber, checkName, checkPhone } from './domain/kyc';
import { currentVersion } from './domain/legal';
import { CUSTOMER_STATUSES, STATUS_ACTIONS } from './domain/customer-status';
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
  return z
    .string()
    .min(minLength, `must be at least ${minLength} characters`)
    .max(128)
    .regex(/[a-z]/, 'must contain a lower-case letter')
    .regex(/[A-Z]/, 'must contain an upper-case letter')
    .regex(/\d/, 'must contain a digit')
    .regex(/[^A-Za-z0-9]/, 'must contain a symbol')
    .meta({
      // The four rules above as one pattern, for clients that check before sending.
      pattern: '^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[^A-Za-z0-9])',
      description: `At least ${minLength} characters, with a lower-case letter, an upper-case letter, a digit and a symbol`,
    });
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
  .union([
    z.object({ phone: z.string().min(1).max(32), password: z.string().min(1).max(128) }).strict(),
    z
      .object({ username: z.string().min(1).max(128), password: z.string().min(1).max(128) })
      .strict(),
  ])
  .meta({ id: 'LoginRequest', description: 'Customers sign in with phone, staff with username' });

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
