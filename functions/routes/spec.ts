// What a route declares, and the access rules the route files share (functions/routes.ts).
import type * as z from 'zod';
import type { StaffGroup } from '../../shared/kernel';
import type { ProblemCode } from '../../shared/platform';
import type { RouteDescription } from '../../shared/platform/http';
import type { FunctionName } from '../catalog';

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

export interface RouteSpec extends RouteDescription {
  readonly fn: FunctionName;
  readonly auth: RouteAuth;
  /** A schema, or one built from the stage's settings. */
  readonly body?: z.ZodType | ((settings: SchemaSettings) => z.ZodType);
  /** Refusals of this route beyond the generic ones (validation, sign-in, idempotency). */
  readonly problems: readonly ProblemCode[];
}

export const publicBecause = (reason: string) => ({ kind: 'public', reason }) as const;
export const CUSTOMER = { kind: 'customer' } as const;
export const SETTLEMENT_STAFF = { kind: 'staff', groups: ['risk-officer', 'admin'] } as const;
export const CUSTOMER_STAFF = {
  kind: 'staff',
  groups: ['service-agent', 'risk-officer', 'credit-officer', 'compliance-officer', 'admin'],
} as const;
export const PRODUCT_STAFF = { kind: 'staff', groups: ['product-manager', 'admin'] } as const;
export const RISK_STAFF = { kind: 'staff', groups: ['risk-officer', 'admin'] } as const;
/** Credit officers decide referrals and run the loan book; risk officers read it. */
export const CREDIT_STAFF = { kind: 'staff', groups: ['credit-officer', 'admin'] } as const;
export const LOAN_BOOK_STAFF = {
  kind: 'staff',
  groups: ['credit-officer', 'risk-officer', 'admin'],
} as const;
