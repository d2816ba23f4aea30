// The routes of onboarding, sign-in and the customer profile: one entry per endpoint (functions/routes.ts gathers
// every module's; a function imports only its own module's, so it evaluates only its
// routes' schemas).
import {
  CustomerProfile,
  CustomerStatusOut,
  CustomerStatusRequest,
  StaffCustomerParams,
  LegalDocumentsResponse,
  LoginRequest,
  UnverifiedSignInMembers,
  LoginResponse,
  RefreshRequest,
  RefreshResponse,
  SignOutRequest,
  SignOutResponse,
  OutboxQuery,
  OutboxResponse,
  RegistrationParams,
  registrationRequest,
  RegistrationResponse,
  ResendCodeResponse,
  VerifyRequest,
  VerifyResponse,
} from '../../shared/identity';
import { publicBecause, CUSTOMER, type RouteSpec } from './spec';

/** Who may freeze and unfreeze a customer (ADR 0015). */
const STATUS_STAFF = {
  kind: 'staff',
  groups: ['risk-officer', 'compliance-officer', 'admin'],
} as const;

export const IDENTITY_ROUTES = {
  getLegalDocuments: {
    method: 'GET',
    path: '/v1/legal-documents',
    fn: 'legalDocuments',
    auth: publicBecause(
      'applicants read the published User Agreement and Risk Disclosure before they have an account',
    ),
    summary: 'Current User Agreement and Risk Disclosure',
    tag: 'Onboarding',
    ok: { status: 200, schema: LegalDocumentsResponse, description: 'The published documents' },
    problems: [],
  },
  register: {
    method: 'POST',
    path: '/v1/registrations',
    fn: 'register',
    auth: publicBecause(
      'registration creates the account; KYC validation, identity uniqueness and stage throttling guard it',
    ),
    summary: 'Register a customer (real-name KYC); sends an SMS code',
    tag: 'Onboarding',
    // Retry-safe: a client that lost the answer sends the same body and key again.
    idempotencyKey: 'optional',
    body: (s) =>
      registrationRequest({ passwordMinLength: s.passwordMinLength, now: () => new Date() }),
    ok: {
      status: 201,
      schema: RegistrationResponse,
      description: 'Registration pending verification',
    },
    problems: ['DUPLICATE_IDENTITY', 'PHONE_IN_USE', 'IDENTITY_NOT_VERIFIED', 'KYC_UNAVAILABLE'],
  },
  verifyRegistration: {
    method: 'POST',
    path: '/v1/registrations/{registrationId}/verify',
    fn: 'verifyRegistration',
    auth: publicBecause(
      'the SMS code is the credential here (hashed, 5-minute lifetime, locks after 5 wrong codes)',
    ),
    summary: 'Verify the SMS code (and face check where required); activates the customer',
    tag: 'Onboarding',
    params: RegistrationParams,
    body: VerifyRequest,
    device: true,
    ok: { status: 200, schema: VerifyResponse, description: 'Customer active' },
    problems: [
      'INVALID_CODE',
      'REGISTRATION_NOT_FOUND',
      'ALREADY_VERIFIED',
      'CONCURRENT_VERIFICATION',
      'CODE_EXPIRED',
      'REGISTRATION_EXPIRED',
      'FACE_CHECK_FAILED',
      'REGISTRATION_LOCKED',
      'KYC_UNAVAILABLE',
    ],
  },
  resendCode: {
    method: 'POST',
    path: '/v1/registrations/{registrationId}/code',
    fn: 'resendCode',
    auth: publicBecause(
      'resending a code needs only the registration id; it is limited to 5 codes, one per minute',
    ),
    summary: 'Send a fresh SMS code',
    tag: 'Onboarding',
    params: RegistrationParams,
    ok: { status: 202, schema: ResendCodeResponse, description: 'A new code is on its way' },
    problems: [
      'REGISTRATION_NOT_FOUND',
      'ALREADY_VERIFIED',
      'REGISTRATION_LOCKED',
      'RESEND_TOO_SOON',
      'TOO_MANY_CODES',
    ],
  },
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    fn: 'login',
    auth: publicBecause(
      'sign-in issues the tokens; Cognito checks the password and answers one 401 for any failure (403 REGISTRATION_NOT_VERIFIED only for the right password of a registration waiting for its code)',
    ),
    summary: 'Sign in: customers with phone, staff with username',
    tag: 'Auth',
    body: LoginRequest,
    device: true,
    ok: {
      status: 200,
      schema: LoginResponse,
      description: 'Cognito tokens; send the idToken as Authorization',
    },
    problems: ['INVALID_CREDENTIALS', 'REGISTRATION_NOT_VERIFIED'],
    problemMembers: { codes: ['REGISTRATION_NOT_VERIFIED'], schema: UnverifiedSignInMembers },
  },
  refreshTokens: {
    method: 'POST',
    path: '/v1/auth/refresh',
    fn: 'login',
    auth: publicBecause(
      'the refresh token is the credential; Cognito checks it and answers one 401 for any failure',
    ),
    summary: 'New ID and access tokens from the refresh token (stay signed in past an hour)',
    tag: 'Auth',
    body: RefreshRequest,
    ok: {
      status: 200,
      schema: RefreshResponse,
      description: 'Fresh tokens; the refresh token is unchanged',
    },
    problems: ['INVALID_CREDENTIALS'],
  },
  signOut: {
    method: 'POST',
    path: '/v1/auth/sign-out',
    fn: 'login',
    auth: CUSTOMER,
    summary: 'Sign out everywhere: every refresh token of the customer is revoked',
    tag: 'Auth',
    body: SignOutRequest,
    ok: {
      status: 200,
      schema: SignOutResponse,
      description:
        'Signed out: refresh is refused from now on; ID tokens already issued lapse at their expiry (at most an hour)',
    },
    problems: ['INVALID_CREDENTIALS'],
  },
  getMyProfile: {
    method: 'GET',
    path: '/v1/customers/me',
    fn: 'customerProfile',
    auth: CUSTOMER,
    summary: "The signed-in customer's profile, PII masked",
    tag: 'Customers',
    ok: { status: 200, schema: CustomerProfile, description: 'Masked profile' },
    problems: ['CUSTOMER_NOT_FOUND'],
  },
  opsGetCustomerStatus: {
    method: 'GET',
    path: '/v1/ops/customers/{customerId}/status',
    fn: 'opsCustomerStatus',
    auth: { kind: 'staff', groups: [...STATUS_STAFF.groups, 'service-agent'] },
    summary:
      "Staff: a customer's status (ACTIVE, FROZEN, CLOSED) and every change, with who, when and why",
    tag: 'Customers',
    params: StaffCustomerParams,
    ok: { status: 200, schema: CustomerStatusOut, description: 'The status and its changes' },
    problems: ['CUSTOMER_NOT_FOUND'],
  },
  opsChangeCustomerStatus: {
    method: 'POST',
    path: '/v1/ops/customers/{customerId}/status',
    fn: 'opsCustomerStatus',
    auth: STATUS_STAFF,
    summary:
      'Staff (risk-officer, compliance-officer, admin): freeze a customer (no money moves in or out, in-flight movements are not paid out) or unfreeze them, with the reason (kept); in force at once',
    tag: 'Customers',
    params: StaffCustomerParams,
    body: CustomerStatusRequest,
    idempotencyKey: true,
    ok: { status: 200, schema: CustomerStatusOut, description: 'The status now, and every change' },
    problems: ['CUSTOMER_NOT_FOUND', 'CUSTOMER_STATUS', 'CONCURRENT_CHANGE'],
  },
  localOutbox: {
    method: 'GET',
    path: '/local/outbox',
    fn: 'localOutbox',
    auth: publicBecause(
      'a development aid that exists only in the local stage, which holds no real customers',
    ),
    summary: 'Local stage only: SMS messages sent to a phone',
    tag: 'Local',
    query: OutboxQuery,
    ok: { status: 200, schema: OutboxResponse, description: 'Newest first' },
    problems: [],
  },
} as const satisfies Record<string, RouteSpec>;
