// The OpenAPI 3.1 document, generated from the zod schemas. Every route of the route
// table is described here (a test holds the two together).
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type * as z from 'zod';
import {
  CustomerProfile,
  LegalDocumentsResponse,
  LoginRequest,
  LoginResponse,
  OutboxQuery,
  OutboxResponse,
  Problem,
  RegistrationParams,
  RegistrationResponse,
  VerifyRequest,
  VerifyResponse,
  registrationRequest,
} from '../../identity/schemas';
import {
  AccountResponse,
  DepositRequest,
  DepositResponse,
  EntriesQuery,
  EntriesResponse,
  TransferRequest,
  TransferResponse,
  WithdrawalRequest,
  WithdrawalResponse,
} from '../../money/schemas/money';
import {
  ApproveRequest,
  AssessmentRequest,
  HoldingsResponse,
  OrderParams,
  OrderRequest,
  OrderResponse,
  RedemptionResponse,
  AssessmentResponse,
  ProductInput,
  ProductParams,
  ProductResponse,
  ProductsResponse,
  QuestionnaireResponse,
  RecommendationsResponse,
  CustomerParams,
  SegmentsResponse,
  StaffCustomerProfileResponse,
} from '../../investing/schemas';
import {
  ReconcileRequest,
  ReconciliationReport,
  RetryParams,
  RetryResponse,
  SettlementLog,
  SettlementsQuery,
} from '../../money/schemas/ops';
import { z as zo } from '../zod';

type Method = 'get' | 'post' | 'put';
interface Operation {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  readonly tags: string[];
  readonly auth: boolean;
  readonly body?: z.ZodType;
  /** A body that may be left out. */
  readonly optionalBody?: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly ok: { status: number; schema: z.ZodType; description: string };
  readonly errors: Record<number, string>;
  readonly idempotencyKey?: boolean;
}

const IdempotencyHeaders = zo.object({
  'Idempotency-Key': zo.string().min(1).max(255).openapi({
    description:
      'A unique key per intended operation; a retry with the same key and body returns the first result (a 201 or a 422 refusal), moving nothing again; kept at least 24 hours',
  }),
});

const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/v1/legal-documents',
    summary: 'Current User Agreement and Risk Disclosure',
    tags: ['Onboarding'],
    auth: false,
    ok: { status: 200, schema: LegalDocumentsResponse, description: 'The published documents' },
    errors: {},
  },
  {
    method: 'post',
    path: '/v1/registrations',
    summary: 'Register a customer (real-name KYC); sends an SMS code',
    tags: ['Onboarding'],
    auth: false,
    body: registrationRequest({ passwordMinLength: 10, now: () => new Date() }),
    ok: {
      status: 201,
      schema: RegistrationResponse,
      description: 'Registration pending verification',
    },
    errors: {
      400: 'Invalid input: `fields` lists each failing field',
      409: 'DUPLICATE_IDENTITY or PHONE_IN_USE',
      415: 'Body is not JSON',
    },
  },
  {
    method: 'post',
    path: '/v1/registrations/{registrationId}/verify',
    summary: 'Verify the SMS code (and face check where required); activates the customer',
    tags: ['Onboarding'],
    auth: false,
    params: RegistrationParams,
    body: VerifyRequest,
    ok: { status: 200, schema: VerifyResponse, description: 'Customer active' },
    errors: {
      400: 'INVALID_CODE (attempts left in detail) or VALIDATION_FAILED',
      404: 'REGISTRATION_NOT_FOUND',
      409: 'ALREADY_VERIFIED',
      410: 'CODE_EXPIRED or REGISTRATION_EXPIRED',
      422: 'FACE_CHECK_FAILED',
      423: 'REGISTRATION_LOCKED after too many wrong codes',
    },
  },
  {
    method: 'post',
    path: '/v1/registrations/{registrationId}/code',
    summary: 'Send a fresh SMS code',
    tags: ['Onboarding'],
    auth: false,
    params: RegistrationParams,
    ok: {
      status: 202,
      schema: zo.object({ status: zo.literal('CODE_SENT'), retryAfterSeconds: zo.number().int() }),
      description: 'A new code is on its way',
    },
    errors: {
      404: 'REGISTRATION_NOT_FOUND',
      409: 'ALREADY_VERIFIED',
      423: 'REGISTRATION_LOCKED',
      429: 'RESEND_TOO_SOON or TOO_MANY_CODES',
    },
  },
  {
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Sign in: customers with phone, staff with username',
    tags: ['Auth'],
    auth: false,
    body: LoginRequest,
    ok: {
      status: 200,
      schema: LoginResponse,
      description: 'Cognito tokens; send the idToken as Authorization',
    },
    errors: { 400: 'VALIDATION_FAILED', 401: 'INVALID_CREDENTIALS' },
  },
  {
    method: 'get',
    path: '/v1/customers/me',
    summary: "The signed-in customer's profile, PII masked",
    tags: ['Customers'],
    auth: true,
    ok: { status: 200, schema: CustomerProfile, description: 'Masked profile' },
    errors: {
      401: 'UNAUTHORIZED',
      403: 'FORBIDDEN (not a customer token)',
      404: 'CUSTOMER_NOT_FOUND',
    },
  },
  {
    method: 'post',
    path: '/v1/deposits',
    summary: 'Top up the cash account from the verified bank card',
    tags: ['Money'],
    auth: true,
    idempotencyKey: true,
    body: DepositRequest,
    ok: {
      status: 201,
      schema: DepositResponse,
      description: 'Charged; credited at settlement (T+0 within seconds)',
    },
    errors: {
      400: 'VALIDATION_FAILED (amount not integer fen, currency not CNY) or IDEMPOTENCY_KEY_REQUIRED',
      409: 'IDEMPOTENCY_IN_PROGRESS',
      422: 'PAYMENT_DECLINED or IDEMPOTENCY_KEY_REUSED',
      503: 'PROVIDER_UNAVAILABLE: retry with the same key',
    },
  },
  {
    method: 'post',
    path: '/v1/withdrawals',
    summary: 'Withdraw to the verified bank card: held now, paid out at settlement',
    tags: ['Money'],
    auth: true,
    idempotencyKey: true,
    body: WithdrawalRequest,
    ok: { status: 201, schema: WithdrawalResponse, description: 'Funds held' },
    errors: {
      400: 'VALIDATION_FAILED or IDEMPOTENCY_KEY_REQUIRED',
      422: 'INSUFFICIENT_FUNDS or IDEMPOTENCY_KEY_REUSED',
    },
  },
  {
    method: 'post',
    path: '/v1/transfers',
    summary: 'Transfer to another customer (by phone or customer id)',
    tags: ['Money'],
    auth: true,
    idempotencyKey: true,
    body: TransferRequest,
    ok: {
      status: 201,
      schema: TransferResponse,
      description: 'Debited now; credited to the recipient at settlement',
    },
    errors: {
      400: 'VALIDATION_FAILED or IDEMPOTENCY_KEY_REQUIRED',
      422: 'INSUFFICIENT_FUNDS, TRANSFER_TO_SELF, RECIPIENT_NOT_FOUND, RECIPIENT_UNAVAILABLE or IDEMPOTENCY_KEY_REUSED',
    },
  },
  {
    method: 'get',
    path: '/v1/accounts/me',
    summary: 'Balance, available and held amounts of the cash account',
    tags: ['Money'],
    auth: true,
    ok: { status: 200, schema: AccountResponse, description: 'Integer fen' },
    errors: { 401: 'UNAUTHORIZED', 404: 'ACCOUNT_NOT_FOUND' },
  },
  {
    method: 'get',
    path: '/v1/accounts/me/entries',
    summary: 'Journal lines of the cash account, newest first',
    tags: ['Money'],
    auth: true,
    query: EntriesQuery,
    ok: {
      status: 200,
      schema: EntriesResponse,
      description: 'A page; pass nextCursor as cursor for the next',
    },
    errors: { 400: 'VALIDATION_FAILED (bad cursor or limit)', 401: 'UNAUTHORIZED' },
  },
  {
    method: 'get',
    path: '/v1/ops/settlements',
    summary: 'Staff (risk-officer, admin): the settlement log of a date, customers masked',
    tags: ['Operations'],
    auth: true,
    query: SettlementsQuery,
    ok: {
      status: 200,
      schema: SettlementLog,
      description: 'Every movement with its status history',
    },
    errors: {
      400: 'VALIDATION_FAILED',
      401: 'UNAUTHORIZED',
      403: 'FORBIDDEN (not risk-officer or admin)',
    },
  },
  {
    method: 'post',
    path: '/v1/ops/settlements/{movementId}/retry',
    summary: 'Staff: mark a stuck settlement RETRIED and enqueue it again',
    tags: ['Operations'],
    auth: true,
    params: RetryParams,
    idempotencyKey: true,
    ok: { status: 202, schema: RetryResponse, description: 'Re-enqueued' },
    errors: {
      400: 'IDEMPOTENCY_KEY_REQUIRED',
      403: 'FORBIDDEN',
      404: 'SETTLEMENT_NOT_FOUND',
      409: 'NOT_RETRYABLE (settled or failed), CONCURRENT_CHANGE or IDEMPOTENCY_IN_PROGRESS',
      422: 'IDEMPOTENCY_KEY_REUSED',
    },
  },
  {
    method: 'post',
    path: '/v1/ops/reconciliations',
    summary: 'Staff: reconcile journal, balances, settlement log and provider records now',
    tags: ['Operations'],
    auth: true,
    body: ReconcileRequest,
    ok: {
      status: 200,
      schema: ReconciliationReport,
      description: 'Every break found; clean when none',
    },
    errors: { 403: 'FORBIDDEN' },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tags: ['Meta'],
    auth: false,
    ok: { status: 200, schema: zo.object({}).passthrough(), description: 'OpenAPI 3.1' },
    errors: {},
  },
  {
    method: 'get',
    path: '/local/outbox',
    summary: 'Local stage only: SMS messages sent to a phone',
    tags: ['Local'],
    auth: false,
    query: OutboxQuery,
    ok: { status: 200, schema: OutboxResponse, description: 'Newest first' },
    errors: { 400: 'VALIDATION_FAILED' },
  },
  {
    method: 'get',
    path: '/v1/risk-assessments/questionnaire',
    summary: 'The current risk-tolerance questionnaire (versioned)',
    tags: ['Suitability'],
    auth: true,
    ok: { status: 200, schema: QuestionnaireResponse, description: 'Questions and options' },
    errors: { 401: 'UNAUTHORIZED' },
  },
  {
    method: 'post',
    path: '/v1/risk-assessments',
    summary: 'Answer the questionnaire: score, level C1..C5, contributions, flags, expiry',
    tags: ['Suitability'],
    auth: true,
    idempotencyKey: true,
    body: AssessmentRequest,
    ok: { status: 201, schema: AssessmentResponse, description: 'Assessed; now the current level' },
    errors: {
      400: 'VALIDATION_FAILED (missing, unknown or out-of-range answers) or IDEMPOTENCY_KEY_REQUIRED',
      422: 'QUESTIONNAIRE_OUTDATED or IDEMPOTENCY_KEY_REUSED',
    },
  },
  {
    method: 'get',
    path: '/v1/risk-assessments/me',
    summary: "The customer's current assessment",
    tags: ['Suitability'],
    auth: true,
    ok: { status: 200, schema: AssessmentResponse, description: 'The current assessment' },
    errors: { 404: 'ASSESSMENT_NOT_FOUND' },
  },
  {
    method: 'get',
    path: '/v1/products',
    summary: 'Sellable products: rating, expected return, key terms',
    tags: ['Suitability'],
    auth: true,
    ok: {
      status: 200,
      schema: ProductsResponse,
      description: 'Approved products, lowest risk first',
    },
    errors: { 401: 'UNAUTHORIZED' },
  },
  {
    method: 'get',
    path: '/v1/ops/products',
    summary: 'Staff: every product, any status',
    tags: ['Products'],
    auth: true,
    ok: { status: 200, schema: ProductsResponse, description: 'Catalog lines' },
    errors: { 403: 'FORBIDDEN (not product-manager or admin)' },
  },
  {
    method: 'post',
    path: '/v1/ops/products',
    summary: 'Staff: create a product; it is rated and waits for a second staff member',
    tags: ['Products'],
    auth: true,
    idempotencyKey: true,
    body: ProductInput,
    ok: { status: 201, schema: ProductResponse, description: 'Created, PENDING_REVIEW' },
    errors: {
      400: 'VALIDATION_FAILED or IDEMPOTENCY_KEY_REQUIRED',
      403: 'FORBIDDEN',
      422: 'IDEMPOTENCY_KEY_REUSED',
    },
  },
  {
    method: 'get',
    path: '/v1/ops/products/{productId}',
    summary: 'Staff: a product with its rating explanation and audit trail',
    tags: ['Products'],
    auth: true,
    params: ProductParams,
    ok: { status: 200, schema: ProductResponse, description: 'The product' },
    errors: { 403: 'FORBIDDEN', 404: 'PRODUCT_NOT_FOUND' },
  },
  {
    method: 'put',
    path: '/v1/ops/products/{productId}',
    summary: 'Staff: change type, terms or metrics; rated again and back to review',
    tags: ['Products'],
    auth: true,
    idempotencyKey: true,
    params: ProductParams,
    body: ProductInput,
    ok: { status: 200, schema: ProductResponse, description: 'A new version, PENDING_REVIEW' },
    errors: {
      400: 'VALIDATION_FAILED or IDEMPOTENCY_KEY_REQUIRED',
      403: 'FORBIDDEN',
      404: 'PRODUCT_NOT_FOUND',
      409: 'CONCURRENT_CHANGE',
    },
  },
  {
    method: 'post',
    path: '/v1/ops/products/{productId}/approve',
    summary: "Staff: approve the reviewed version's rating (four-eyes: not its creator or author)",
    tags: ['Products'],
    auth: true,
    idempotencyKey: true,
    params: ProductParams,
    body: ApproveRequest,
    ok: { status: 200, schema: ProductResponse, description: 'APPROVED: sellable' },
    errors: {
      403: 'FOUR_EYES_REQUIRED (the creator or the author of this version) or FORBIDDEN',
      404: 'PRODUCT_NOT_FOUND',
      409: 'VERSION_MISMATCH, ALREADY_APPROVED or CONCURRENT_CHANGE',
    },
  },
  {
    method: 'post',
    path: '/v1/orders',
    summary: 'Buy a product: suitability-checked, cash debited now, settled on the product cycle',
    tags: ['Suitability'],
    auth: true,
    idempotencyKey: true,
    body: OrderRequest,
    ok: { status: 201, schema: OrderResponse, description: 'Confirmed; a holding is opened' },
    errors: {
      400: 'VALIDATION_FAILED or IDEMPOTENCY_KEY_REQUIRED',
      409: 'IDEMPOTENCY_IN_PROGRESS',
      422: 'SUITABILITY_MISMATCH (with customerLevel, productLevel, acknowledgementAllowed, warning), ASSESSMENT_REQUIRED, ASSESSMENT_EXPIRED, PRODUCT_NOT_AVAILABLE, BELOW_MINIMUM_AMOUNT, INSUFFICIENT_FUNDS or IDEMPOTENCY_KEY_REUSED',
    },
  },
  {
    method: 'post',
    path: '/v1/orders/{orderId}/redeem',
    summary: "Redeem an order's position after its lock-up",
    tags: ['Suitability'],
    auth: true,
    idempotencyKey: true,
    params: OrderParams,
    ok: { status: 201, schema: RedemptionResponse, description: 'Redemption confirmed' },
    errors: {
      404: 'ORDER_NOT_FOUND',
      422: 'ORDER_NOT_SETTLED, LOCK_UP_ACTIVE (with lockUpEndsOn) or ALREADY_REDEEMED',
    },
  },
  {
    method: 'get',
    path: '/v1/holdings',
    summary: "The customer's holdings, one position per order",
    tags: ['Suitability'],
    auth: true,
    ok: { status: 200, schema: HoldingsResponse, description: 'Positions and totals (fen)' },
    errors: { 401: 'UNAUTHORIZED' },
  },
  {
    method: 'get',
    path: '/v1/products/recommendations',
    summary: 'Suitable products ranked for you, each with the reasons for its score',
    tags: ['Suitability'],
    auth: true,
    ok: { status: 200, schema: RecommendationsResponse, description: 'Best first' },
    errors: { 422: 'ASSESSMENT_REQUIRED or ASSESSMENT_EXPIRED' },
  },
  {
    method: 'get',
    path: '/v1/ops/customers/{customerId}/profile',
    summary: "Staff: a customer's file, PII masked, with assessment and profile",
    tags: ['Customers'],
    auth: true,
    params: CustomerParams,
    ok: { status: 200, schema: StaffCustomerProfileResponse, description: 'Recomputed now' },
    errors: { 403: 'FORBIDDEN', 404: 'CUSTOMER_NOT_FOUND' },
  },
  {
    method: 'get',
    path: '/v1/ops/segments',
    summary: 'Staff: customers per segment (risk level, lifecycle, value tier, frequency)',
    tags: ['Customers'],
    auth: true,
    ok: { status: 200, schema: SegmentsResponse, description: 'The latest run' },
    errors: { 403: 'FORBIDDEN', 404: 'SEGMENTS_NOT_COMPUTED' },
  },
  {
    method: 'post',
    path: '/v1/ops/segments',
    summary: 'Staff: profile every customer now and store the counts (also daily)',
    tags: ['Customers'],
    auth: true,
    ok: { status: 200, schema: SegmentsResponse, description: 'This run' },
    errors: { 403: 'FORBIDDEN' },
  },
];

export function documentedOperations(): { method: string; path: string }[] {
  return OPERATIONS.map((o) => ({ method: o.method.toUpperCase(), path: o.path }));
}

export function openApiDocument(opts: { stage: string; serverUrl?: string }) {
  const registry = new OpenAPIRegistry();
  registry.register('Problem', Problem);
  const bearer = registry.registerComponent('securitySchemes', 'cognito', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'The Cognito ID token from /v1/auth/login',
  });
  for (const op of OPERATIONS) {
    if (op.path.startsWith('/local/') && opts.stage !== 'local') continue;
    const problem = { content: { 'application/problem+json': { schema: Problem } } };
    registry.registerPath({
      method: op.method,
      path: op.path,
      summary: op.summary,
      tags: op.tags,
      ...(op.auth ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.idempotencyKey ? { headers: IdempotencyHeaders } : {}),
        ...(op.body
          ? { body: { required: true, content: { 'application/json': { schema: op.body } } } }
          : {}),
      },
      responses: {
        [op.ok.status]: {
          description: op.ok.description,
          content: { 'application/json': { schema: op.ok.schema } },
        },
        ...Object.fromEntries(
          Object.entries(op.errors).map(([s, d]) => [s, { description: d, ...problem }]),
        ),
        500: { description: 'INTERNAL: nothing was written', ...problem },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Finplat API',
      version: '0.1.0',
      description:
        'Internet-finance platform API. Errors are RFC 9457 problem documents with a stable `code` and the failing `fields`.',
    },
    servers: [{ url: opts.serverUrl ?? '/' }],
  });
}
