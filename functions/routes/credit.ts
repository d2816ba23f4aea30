// The routes of credit (issue 13, M3.1-a): consumer-loan applications decided in the
// request, and the credit officers' referral queue. One entry per endpoint.
import {
  CreditApplicationOut,
  CreditApplicationParams,
  CreditApplicationRequest,
  CreditOfficerDecision,
  CreditReferralList,
} from '../../shared/credit';
import { CUSTOMER, RISK_STAFF, type RouteSpec } from './spec';

export const CREDIT_ROUTES = {
  applyForCredit: {
    method: 'POST',
    path: '/v1/credit-applications',
    fn: 'creditApplications',
    auth: CUSTOMER,
    summary:
      'Apply for a consumer loan: decided in the request (APPROVE / REFER / DECLINE) with score, probability of default, reasons, and the limit and price when approved',
    tag: 'Credit',
    idempotencyKey: true,
    body: CreditApplicationRequest,
    ok: { status: 201, schema: CreditApplicationOut, description: 'Decided (or referred)' },
    problems: ['ACCOUNT_FROZEN'],
  },
  getCreditApplication: {
    method: 'GET',
    path: '/v1/credit-applications/{applicationId}',
    fn: 'creditApplications',
    auth: CUSTOMER,
    summary: "One of the caller's credit applications, with its decision and reasons",
    tag: 'Credit',
    params: CreditApplicationParams,
    ok: { status: 200, schema: CreditApplicationOut, description: 'The application' },
    problems: ['APPLICATION_NOT_FOUND'],
  },
  opsListReferrals: {
    method: 'GET',
    path: '/v1/ops/credit-applications',
    fn: 'opsCredit',
    auth: RISK_STAFF,
    summary:
      "Staff (risk-officer, admin): referred applications waiting for a credit officer, oldest first, with the scorecard's explanation",
    tag: 'Credit',
    ok: { status: 200, schema: CreditReferralList, description: 'The queue' },
    problems: [],
  },
  opsDecideReferral: {
    method: 'POST',
    path: '/v1/ops/credit-applications/{applicationId}/decision',
    fn: 'opsCredit',
    auth: RISK_STAFF,
    summary: "Staff: a credit officer's decision on a referral, with its reason (recorded)",
    tag: 'Credit',
    params: CreditApplicationParams,
    body: CreditOfficerDecision,
    ok: { status: 200, schema: CreditApplicationOut, description: 'Decided' },
    problems: ['APPLICATION_NOT_FOUND', 'APPLICATION_DECIDED'],
  },
} as const satisfies Record<string, RouteSpec>;
