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
  | { readonly kind: 'public' }
  | { readonly kind: 'customer' }
  | { readonly kind: 'staff'; readonly groups: readonly StaffGroup[] };

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template: /v1/registrations/{registrationId}/verify */
  readonly path: string;
  readonly fn: FunctionName;
  readonly auth: RouteAuth;
}

const PUBLIC = { kind: 'public' } as const;
const CUSTOMER = { kind: 'customer' } as const;

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/v1/legal-documents', fn: 'legalDocuments', auth: PUBLIC },
  { method: 'POST', path: '/v1/registrations', fn: 'register', auth: PUBLIC },
  {
    method: 'POST',
    path: '/v1/registrations/{registrationId}/verify',
    fn: 'verifyRegistration',
    auth: PUBLIC,
  },
  {
    method: 'POST',
    path: '/v1/registrations/{registrationId}/code',
    fn: 'resendCode',
    auth: PUBLIC,
  },
  { method: 'POST', path: '/v1/auth/login', fn: 'login', auth: PUBLIC },
  { method: 'GET', path: '/v1/customers/me', fn: 'customerProfile', auth: CUSTOMER },
  { method: 'GET', path: '/openapi.json', fn: 'openapi', auth: PUBLIC },
  { method: 'GET', path: '/local/outbox', fn: 'localOutbox', auth: PUBLIC },
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
