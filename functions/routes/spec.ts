// What a route declares, and the access rules the route files share (functions/routes.ts).
import type * as z from 'zod';
import type { StaffGroup } from '../../shared/kernel';
import type { ProblemCode } from '../../shared/platform';
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

export const publicBecause = (reason: string) => ({ kind: 'public', reason }) as const;
export const CUSTOMER = { kind: 'customer' } as const;
export const SETTLEMENT_STAFF = { kind: 'staff', groups: ['risk-officer', 'admin'] } as const;
export const CUSTOMER_STAFF = {
  kind: 'staff',
  groups: ['service-agent', 'risk-officer', 'compliance-officer', 'admin'],
} as const;
export const PRODUCT_STAFF = { kind: 'staff', groups: ['product-manager', 'admin'] } as const;
