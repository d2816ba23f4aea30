// The one route table: the CDK API stack and the local gateway both read it.
import { FUNCTIONS, type FunctionName } from './catalog';

export const STAFF_GROUPS = [
  'risk-officer',
  'compliance-officer',
  'service-agent',
  'product-manager',
  'admin',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];
export const CUSTOMER_GROUP = 'customers';

/** public: no token; customer: a customer's token; staff: a member of one of the groups. */
export type RouteAuth =
  /** `reason` says why no sign-in is needed; it is the security team's record (cdk-nag). */
  | { readonly kind: 'public'; readonly reason: string }
  | { readonly kind: 'customer' }
  | { readonly kind: 'staff'; readonly groups: readonly StaffGroup[] };

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template: /v1/registrations/{registrationId}/verify */
  readonly path: string;
  readonly fn: FunctionName;
  readonly auth: RouteAuth;
}

const publicBecause = (reason: string) => ({ kind: 'public', reason }) as const;
const CUSTOMER = { kind: 'customer' } as const;
const SETTLEMENT_STAFF = { kind: 'staff', groups: ['risk-officer', 'admin'] } as const;
const CUSTOMER_STAFF = {
  kind: 'staff',
  groups: ['service-agent', 'risk-officer', 'compliance-officer', 'admin'],
} as const;
const PRODUCT_STAFF = { kind: 'staff', groups: ['product-manager', 'admin'] } as const;

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/legal-documents',
    fn: 'legalDocuments',
    auth: publicBecause(
      'applicants read the published User Agreement and Risk Disclosure before they have an account',
    ),
  },
  {
    method: 'POST',
    path: '/v1/registrations',
    fn: 'register',
    auth: publicBecause(
      'registration creates the account; KYC validation, identity uniqueness and stage throttling guard it',
    ),
  },
  {
    method: 'POST',
    path: '/v1/registrations/{registrationId}/verify',
    fn: 'verifyRegistration',
    auth: publicBecause(
      'the SMS code is the credential here (hashed, 5-minute lifetime, locks after 5 wrong codes)',
    ),
  },
  {
    method: 'POST',
    path: '/v1/registrations/{registrationId}/code',
    fn: 'resendCode',
    auth: publicBecause(
      'resending a code needs only the registration id; it is limited to 5 codes, one per minute',
    ),
  },
  {
    method: 'POST',
    path: '/v1/auth/login',
    fn: 'login',
    auth: publicBecause(
      'sign-in issues the tokens; Cognito checks the password and answers one 401 for any failure',
    ),
  },
  { method: 'GET', path: '/v1/customers/me', fn: 'customerProfile', auth: CUSTOMER },
  { method: 'POST', path: '/v1/deposits', fn: 'deposit', auth: CUSTOMER },
  {
    method: 'GET',
    path: '/v1/risk-assessments/questionnaire',
    fn: 'riskAssessment',
    auth: CUSTOMER,
  },
  { method: 'POST', path: '/v1/risk-assessments', fn: 'riskAssessment', auth: CUSTOMER },
  { method: 'GET', path: '/v1/risk-assessments/me', fn: 'riskAssessment', auth: CUSTOMER },
  { method: 'GET', path: '/v1/products', fn: 'productCatalog', auth: CUSTOMER },
  {
    method: 'GET',
    path: '/v1/products/recommendations',
    fn: 'recommendations',
    auth: CUSTOMER,
  },
  { method: 'POST', path: '/v1/orders', fn: 'order', auth: CUSTOMER },
  { method: 'POST', path: '/v1/orders/{orderId}/redeem', fn: 'order', auth: CUSTOMER },
  { method: 'GET', path: '/v1/holdings', fn: 'holdings', auth: CUSTOMER },
  { method: 'GET', path: '/v1/ops/products', fn: 'productManagement', auth: PRODUCT_STAFF },
  { method: 'POST', path: '/v1/ops/products', fn: 'productManagement', auth: PRODUCT_STAFF },
  {
    method: 'GET',
    path: '/v1/ops/products/{productId}',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
  },
  {
    method: 'PUT',
    path: '/v1/ops/products/{productId}',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
  },
  {
    method: 'POST',
    path: '/v1/ops/products/{productId}/approve',
    fn: 'productManagement',
    auth: PRODUCT_STAFF,
  },
  { method: 'POST', path: '/v1/withdrawals', fn: 'withdrawal', auth: CUSTOMER },
  { method: 'POST', path: '/v1/transfers', fn: 'transfer', auth: CUSTOMER },
  { method: 'GET', path: '/v1/accounts/me', fn: 'account', auth: CUSTOMER },
  { method: 'GET', path: '/v1/accounts/me/entries', fn: 'account', auth: CUSTOMER },
  {
    method: 'GET',
    path: '/v1/ops/customers/{customerId}/profile',
    fn: 'opsCustomerProfile',
    auth: CUSTOMER_STAFF,
  },
  { method: 'GET', path: '/v1/ops/segments', fn: 'opsSegments', auth: CUSTOMER_STAFF },
  { method: 'POST', path: '/v1/ops/segments', fn: 'opsSegments', auth: CUSTOMER_STAFF },
  { method: 'GET', path: '/v1/ops/settlements', fn: 'opsSettlements', auth: SETTLEMENT_STAFF },
  {
    method: 'POST',
    path: '/v1/ops/settlements/{movementId}/retry',
    fn: 'opsRetry',
    auth: SETTLEMENT_STAFF,
  },
  { method: 'POST', path: '/v1/ops/reconciliations', fn: 'opsReconcile', auth: SETTLEMENT_STAFF },
  {
    method: 'GET',
    path: '/openapi.json',
    fn: 'openapi',
    auth: publicBecause('the API description is published so that clients can generate their SDKs'),
  },
  {
    method: 'GET',
    path: '/local/outbox',
    fn: 'localOutbox',
    auth: publicBecause(
      'a development aid that exists only in the local stage, which holds no real customers',
    ),
  },
];

/** Routes served in a stage: a route exists only where its function does. */
export function routesForStage(stage: string): Route[] {
  return ROUTES.filter((r) => {
    const stages: readonly string[] | undefined = (
      FUNCTIONS[r.fn] as { stages?: readonly string[] }
    ).stages;
    return !stages || stages.includes(stage);
  });
}
