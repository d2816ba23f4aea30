// The route table: the one declaration of every endpoint. Method, path, who may call it
// (public with the reason, customers, or staff with their groups), request and response
// schemas, whether an Idempotency-Key is required, the problem codes it answers beyond the
// generic ones, and the function that serves it. The API stack (resources, methods,
// authorizer), the local gateway, the group check, each function's dispatch, the OpenAPI
// document and the security report's route section are all derived from it.
import * as z from 'zod';
import {
  CustomerProfile,
  LegalDocumentsResponse,
  LoginRequest,
  LoginResponse,
  OutboxQuery,
  OutboxResponse,
  RegistrationParams,
  registrationRequest,
  RegistrationResponse,
  ResendCodeResponse,
  VerifyRequest,
  VerifyResponse,
} from '../shared/identity';
import {
  AccountResponse,
  DepositRequest,
  DepositResponse,
  EntriesQuery,
  EntriesResponse,
  ReconcileRequest,
  ReconciliationReportSchema,
  RetryParams,
  RetryResponse,
  SettlementLog,
  SettlementsQuery,
  TransferRequest,
  TransferResponse,
  WithdrawalRequest,
  WithdrawalResponse,
} from '../shared/money';
import {
  ApproveRequest,
  AssessmentRequest,
  AssessmentResponse,
  CustomerParams,
  HoldingsResponse,
  OrderParams,
  OrderRequest,
  OrderResponse,
  ProductInput,
  ProductParams,
  ProductResponse,
  ProductsResponse,
  QuestionnaireResponse,
  RecommendationsResponse,
  RedemptionResponse,
  SegmentsResponse,
  StaffCustomerProfileResponse,
} from '../shared/investing';
import type { StaffGroup } from '../shared/kernel';
import type { ProblemCode } from '../shared/platform';
import type { FunctionName } from './catalog';
import { FUNCTIONS } from './catalog';

export { CUSTOMER_GROUP, STAFF_GROUPS, type StaffGroup } from '../shared/kernel';

/** public: no token; customer: a customer's token; staff: a member of one of the groups. */
export type RouteAuth =
  /** `reason` says why no sign-in is needed; it is the security team's record (cdk-nag). */
  | { readonly kind: 'public'; readonly reason: string }
  | { readonly kind: 'customer' }
  | { readonly kind: 'staff'; readonly groups: readonly StaffGroup[] };

/** Settings a request schema may depend on (for example the password policy). */
export interface SchemaSettings {
  readonly passwordMinLength: number;
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template: /v1/registrations/{registrationId}/verify */
  readonly path: string;
  readonly fn: FunctionName;
  readonly auth: RouteAuth;
  readonly summary: string;
  readonly tag: string;
  /** A schema, or one built from the stage's settings. */
  readonly body?: z.ZodType | ((settings: SchemaSettings) => z.ZodType);
  /** The body may be left out. */
  readonly bodyOptional?: true;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** State-changing requests that require an Idempotency-Key header (Stripe / IETF draft). */
  readonly idempotencyKey?: true;
  /** The success answer. */
  readonly ok: {
    readonly status: number;
    readonly schema: z.ZodType;
    readonly description: string;
  };
  /** Refusals of this route beyond the generic ones (validation, sign-in, idempotency). */
  readonly problems: readonly ProblemCode[];
}

const publicBecause = (reason: string) => ({ kind: 'public', reason }) as const;
const CUSTOMER = { kind: 'customer' } as const;
const SETTLEMENT_STAFF = { kind: 'staff', groups: ['risk-officer', 'admin'] } as const;
const CUSTOMER_STAFF = {
  kind: 'staff',
  groups: ['service-agent', 'risk-officer', 'compliance-officer', 'admin'],
} as const;
const PRODUCT_STAFF = { kind: 'staff', groups: ['product-manager', 'admin'] } as const;

export const ROUTES = {
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
    body: (s) =>
      registrationRequest({ passwordMinLength: s.passwordMinLength, now: () => new Date() }),
    ok: {
      status: 201,
      schema: RegistrationResponse,
      description: 'Registration pending verification',
    },
    problems: ['DUPLICATE_IDENTITY', 'PHONE_IN_USE'],
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
      'sign-in issues the tokens; Cognito checks the password and answers one 401 for any failure',
    ),
    summary: 'Sign in: customers with phone, staff with username',
    tag: 'Auth',
    body: LoginRequest,
    ok: {
      status: 200,
      schema: LoginResponse,
      description: 'Cognito tokens; send the idToken as Authorization',
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
  deposit: {
    method: 'POST',
    path: '/v1/deposits',
    fn: 'deposit',
    auth: CUSTOMER,
    summary: 'Top up the cash account from the verified bank card',
    tag: 'Money',
    idempotencyKey: true,
    body: DepositRequest,
    ok: {
      status: 201,
      schema: DepositResponse,
      description: 'Charged; credited at settlement (T+0 within seconds)',
    },
    problems: ['PAYMENT_DECLINED', 'PROVIDER_UNAVAILABLE'],
  },
  withdraw: {
    method: 'POST',
    path: '/v1/withdrawals',
    fn: 'withdrawal',
    auth: CUSTOMER,
    summary: 'Withdraw to the verified bank card: held now, paid out at settlement',
    tag: 'Money',
    idempotencyKey: true,
    body: WithdrawalRequest,
    ok: { status: 201, schema: WithdrawalResponse, description: 'Funds held' },
    problems: ['INSUFFICIENT_FUNDS'],
  },
  transfer: {
    method: 'POST',
    path: '/v1/transfers',
    fn: 'transfer',
    auth: CUSTOMER,
    summary: 'Transfer to another customer (by phone or customer id)',
    tag: 'Money',
    idempotencyKey: true,
    body: TransferRequest,
    ok: {
      status: 201,
      schema: TransferResponse,
      description: 'Debited now; credited to the recipient at settlement',
    },
    problems: [
      'INSUFFICIENT_FUNDS',
      'TRANSFER_TO_SELF',
      'RECIPIENT_NOT_FOUND',
      'RECIPIENT_UNAVAILABLE',
    ],
  },
  getAccount: {
    method: 'GET',
    path: '/v1/accounts/me',
    fn: 'account',
    auth: CUSTOMER,
    summary: 'Balance, available and held amounts of the cash account',
    tag: 'Money',
    ok: { status: 200, schema: AccountResponse, description: 'Integer fen' },
    problems: ['ACCOUNT_NOT_FOUND'],
  },
  listEntries: {
    method: 'GET',
    path: '/v1/accounts/me/entries',
    fn: 'account',
    auth: CUSTOMER,
    summary: 'Journal lines of the cash account, newest first',
    tag: 'Money',
    query: EntriesQuery,
    ok: {
      status: 200,
      schema: EntriesResponse,
      description: 'A page; pass nextCursor as cursor for the next',
    },
    problems: [],
  },
  getQuestionnaire: {
    method: 'GET',
    path: '/v1/risk-assessments/questionnaire',
    fn: 'riskAssessment',
    auth: CUSTOMER,
    summary: 'The current risk-tolerance questionnaire (versioned)',
    tag: 'Suitability',
    ok: { status: 200, schema: QuestionnaireResponse, description: 'Questions and options' },
    problems: [],
  },
  submitAssessment: {
    method: 'POST',
    path: '/v1/risk-assessments',
    fn: 'riskAssessment',
    auth: CUSTOMER,
    summary: 'Answer the questionnaire: score, level C1..C5, contributions, flags, expiry',
    tag: 'Suitability',
    idempotencyKey: true,
    body: AssessmentRequest,
    ok: { status: 201, schema: AssessmentResponse, description: 'Assessed; now the current level' },
    problems: ['QUESTIONNAIRE_OUTDATED'],
  },
  getMyAssessment: {
    method: 'GET',
    path: '/v1/risk-assessments/me',
    fn: 'riskAssessment',
    auth: CUSTOMER,
    summary: "The customer's current assessment",
    tag: 'Suitability',
    ok: { status: 200, schema: AssessmentResponse, description: 'The current assessment' },
    problems: ['ASSESSMENT_NOT_FOUND'],
  },
  listProducts: {
    method: 'GET',
    path: '/v1/products',
    fn: 'productCatalog',
    auth: CUSTOMER,
    summary: 'Sellable products: rating, expected return, key terms',
    tag: 'Suitability',
    ok: {
      status: 200,
      schema: ProductsResponse,
      description: 'Approved products, lowest risk first',
    },
    problems: [],
  },
  listRecommendations: {
    method: 'GET',
    path: '/v1/products/recommendations',
    fn: 'recommendations',
    auth: CUSTOMER,
    summary: 'Suitable products ranked for you, each with the reasons for its score',
    tag: 'Suitability',
    ok: { status: 200, schema: RecommendationsResponse, description: 'Best first' },
    problems: ['ASSESSMENT_REQUIRED', 'ASSESSMENT_EXPIRED'],
  },
  placeOrder: {
    method: 'POST',
    path: '/v1/orders',
    fn: 'order',
    auth: CUSTOMER,
    summary: 'Buy a product: suitability-checked, cash debited now, settled on the product cycle',
    tag: 'Suitability',
    idempotencyKey: true,
    body: OrderRequest,
    ok: { status: 201, schema: OrderResponse, description: 'Confirmed; a holding is opened' },
    problems: [
      'SUITABILITY_MISMATCH',
      'ASSESSMENT_REQUIRED',
      'ASSESSMENT_EXPIRED',
      'PRODUCT_NOT_AVAILABLE',
      'BELOW_MINIMUM_AMOUNT',
      'INSUFFICIENT_FUNDS',
    ],
  },
  redeemOrder: {
    method: 'POST',
    path: '/v1/orders/{orderId}/redeem',
    fn: 'order',
    auth: CUSTOMER,
    summary: "Redeem an order's position after its lock-up",
    tag: 'Suitability',
    idempotencyKey: true,
    params: OrderParams,
    ok: { status: 201, schema: RedemptionResponse, description: 'Redemption confirmed' },
    problems: ['ORDER_NOT_FOUND', 'ORDER_NOT_SETTLED', 'LOCK_UP_ACTIVE', 'ALREADY_REDEEMED'],
  },
  listHoldings: {
    method: 'GET',
    path: '/v1/holdings',
    fn: 'holdings',
    auth: CUSTOMER,
    summary: "The customer's holdings, one position per order",
    tag: 'Suitability',
    ok: { status: 200, schema: HoldingsResponse, description: 'Positions and totals (fen)' },
    problems: [],
  },
  opsListProducts: {
    method: 'GET',
    path: '/v1/ops/products',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
    summary: 'Staff: every product, any status',
    tag: 'Products',
    ok: { status: 200, schema: ProductsResponse, description: 'Catalog lines' },
    problems: [],
  },
  opsCreateProduct: {
    method: 'POST',
    path: '/v1/ops/products',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
    summary: 'Staff: create a product; it is rated and waits for a second staff member',
    tag: 'Products',
    idempotencyKey: true,
    body: ProductInput,
    ok: { status: 201, schema: ProductResponse, description: 'Created, PENDING_REVIEW' },
    problems: [],
  },
  opsGetProduct: {
    method: 'GET',
    path: '/v1/ops/products/{productId}',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
    summary: 'Staff: a product with its rating explanation and audit trail',
    tag: 'Products',
    params: ProductParams,
    ok: { status: 200, schema: ProductResponse, description: 'The product' },
    problems: ['PRODUCT_NOT_FOUND'],
  },
  opsChangeProduct: {
    method: 'PUT',
    path: '/v1/ops/products/{productId}',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
    summary: 'Staff: change type, terms or metrics; rated again and back to review',
    tag: 'Products',
    idempotencyKey: true,
    params: ProductParams,
    body: ProductInput,
    ok: { status: 200, schema: ProductResponse, description: 'A new version, PENDING_REVIEW' },
    problems: ['PRODUCT_NOT_FOUND', 'CONCURRENT_CHANGE'],
  },
  opsApproveProduct: {
    method: 'POST',
    path: '/v1/ops/products/{productId}/approve',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
    summary: "Staff: approve the reviewed version's rating (four-eyes: not its creator or author)",
    tag: 'Products',
    idempotencyKey: true,
    params: ProductParams,
    body: ApproveRequest,
    ok: { status: 200, schema: ProductResponse, description: 'APPROVED: sellable' },
    problems: [
      'FOUR_EYES_REQUIRED',
      'PRODUCT_NOT_FOUND',
      'VERSION_MISMATCH',
      'ALREADY_APPROVED',
      'CONCURRENT_CHANGE',
    ],
  },
  opsCustomerProfile: {
    method: 'GET',
    path: '/v1/ops/customers/{customerId}/profile',
    fn: 'opsCustomerProfile',
    auth: CUSTOMER_STAFF,
    summary: "Staff: a customer's file, PII masked, with assessment and profile",
    tag: 'Customers',
    params: CustomerParams,
    ok: { status: 200, schema: StaffCustomerProfileResponse, description: 'Recomputed now' },
    problems: ['CUSTOMER_NOT_FOUND'],
  },
  opsGetSegments: {
    method: 'GET',
    path: '/v1/ops/segments',
    fn: 'opsSegments',
    auth: CUSTOMER_STAFF,
    summary: 'Staff: customers per segment (risk level, lifecycle, value tier, frequency)',
    tag: 'Customers',
    ok: { status: 200, schema: SegmentsResponse, description: 'The latest run' },
    problems: ['SEGMENTS_NOT_COMPUTED'],
  },
  opsRunSegmentation: {
    method: 'POST',
    path: '/v1/ops/segments',
    fn: 'opsSegments',
    auth: CUSTOMER_STAFF,
    summary: 'Staff: profile every customer now and store the counts (also daily)',
    tag: 'Customers',
    ok: { status: 200, schema: SegmentsResponse, description: 'This run' },
    problems: [],
  },
  opsSettlementLog: {
    method: 'GET',
    path: '/v1/ops/settlements',
    fn: 'opsSettlements',
    auth: SETTLEMENT_STAFF,
    summary: 'Staff (risk-officer, admin): the settlement log of a date, customers masked',
    tag: 'Operations',
    query: SettlementsQuery,
    ok: {
      status: 200,
      schema: SettlementLog,
      description: 'Every movement with its status history',
    },
    problems: [],
  },
  opsRetrySettlement: {
    method: 'POST',
    path: '/v1/ops/settlements/{movementId}/retry',
    fn: 'opsRetry',
    auth: SETTLEMENT_STAFF,
    summary: 'Staff: mark a stuck settlement RETRIED and enqueue it again',
    tag: 'Operations',
    params: RetryParams,
    idempotencyKey: true,
    ok: { status: 202, schema: RetryResponse, description: 'Re-enqueued' },
    problems: ['SETTLEMENT_NOT_FOUND', 'NOT_RETRYABLE', 'CONCURRENT_CHANGE'],
  },
  opsReconcile: {
    method: 'POST',
    path: '/v1/ops/reconciliations',
    fn: 'opsReconcile',
    auth: SETTLEMENT_STAFF,
    summary: 'Staff: reconcile journal, balances, settlement log and provider records now',
    tag: 'Operations',
    body: ReconcileRequest,
    bodyOptional: true,
    ok: {
      status: 200,
      schema: ReconciliationReportSchema,
      description: 'Every break found; clean when none',
    },
    problems: [],
  },
  getOpenApi: {
    method: 'GET',
    path: '/openapi.json',
    fn: 'openapi',
    auth: publicBecause('the API description is published so that clients can generate their SDKs'),
    summary: 'This document',
    tag: 'Meta',
    ok: { status: 200, schema: z.looseObject({}), description: 'OpenAPI 3.1' },
    problems: [],
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

export type OperationId = keyof typeof ROUTES;

export interface Route extends RouteSpec {
  readonly operationId: OperationId;
}

/** Every route with its operation id, in declaration order. */
export const ROUTE_LIST: readonly Route[] = (
  Object.entries(ROUTES) as [OperationId, RouteSpec][]
).map(([operationId, spec]) => ({ operationId, ...spec }));

/** Routes served in a stage: a route exists only where its function does. */
export function routesForStage(stage: string): Route[] {
  return ROUTE_LIST.filter((r) => {
    const stages: readonly string[] | undefined = (
      FUNCTIONS[r.fn] as { stages?: readonly string[] }
    ).stages;
    return !stages || stages.includes(stage);
  });
}

/** The problem codes a route can answer: its own and those its declaration implies. */
export function problemsOf(route: RouteSpec): ProblemCode[] {
  const codes = new Set<ProblemCode>();
  if (route.body)
    ['VALIDATION_FAILED', 'MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE'].forEach((c) =>
      codes.add(c as ProblemCode),
    );
  if (route.params || route.query) codes.add('VALIDATION_FAILED');
  if (route.auth.kind !== 'public') {
    codes.add('UNAUTHORIZED');
    codes.add('FORBIDDEN');
  }
  if (route.idempotencyKey) {
    for (const c of [
      'IDEMPOTENCY_KEY_REQUIRED',
      'VALIDATION_FAILED',
      'IDEMPOTENCY_KEY_REUSED',
      'IDEMPOTENCY_IN_PROGRESS',
    ] as const)
      codes.add(c);
  }
  for (const c of route.problems) codes.add(c);
  codes.add('INTERNAL');
  codes.add('SERVICE_UNAVAILABLE');
  return [...codes];
}
