// The routes of the customer's data rights (issue 14, M2.5-d, M7.1-a/b, PIPL): consents per
// purpose, the export of their own data, erasure. The signed-in customer only, on their own
// data (the id comes from the verified token); one entry per endpoint (functions/routes.ts
// gathers every module's).
import {
  ConsentChangeRequest,
  ConsentPurposeParams,
  ConsentViewOut,
  DataExportOut,
  ErasureOut,
} from '../../shared/identity';
import { CUSTOMER, type RouteSpec } from './spec';

export const DATA_RIGHTS_ROUTES = {
  getMyConsents: {
    method: 'GET',
    path: '/v1/customers/me/consents',
    fn: 'customerDataRights',
    auth: CUSTOMER,
    summary:
      'Where each purpose stands (SERVICE, MARKETING, PARTNER_SHARING), the notice in force for each, and every change with its evidence',
    tag: 'Data rights',
    ok: { status: 200, schema: ConsentViewOut, description: 'The consents' },
    problems: ['CUSTOMER_NOT_FOUND'],
  },
  putMyConsent: {
    method: 'PUT',
    path: '/v1/customers/me/consents/{purpose}',
    fn: 'customerDataRights',
    auth: CUSTOMER,
    summary:
      'Give or withdraw one purpose, in force at once (a withdrawn MARKETING stops personalised recommendations); the service consent is withdrawn only by erasure',
    tag: 'Data rights',
    params: ConsentPurposeParams,
    body: ConsentChangeRequest,
    idempotencyKey: true,
    ok: { status: 200, schema: ConsentViewOut, description: 'The consents after the change' },
    problems: [
      'CUSTOMER_NOT_FOUND',
      'CONSENT_SERVICE_REQUIRED',
      'CONSENT_NOTICE_OUTDATED',
      'CONCURRENT_CHANGE',
    ],
  },
  exportMyData: {
    method: 'GET',
    path: '/v1/customers/me/export',
    fn: 'customerDataRights',
    auth: CUSTOMER,
    summary:
      'Download everything the platform holds on you (PIPL art. 45): your identity decrypted for you (audited), consents, account and movements, holdings, assessments, credit applications and loans; other customers masked',
    tag: 'Data rights',
    ok: { status: 200, schema: DataExportOut, description: 'Your data, as JSON' },
    problems: ['CUSTOMER_NOT_FOUND'],
  },
  eraseMe: {
    method: 'POST',
    path: '/v1/customers/me/erasure',
    fn: 'customerDataRights',
    auth: CUSTOMER,
    summary:
      'Close the account and erase your data (PIPL art. 47): refused while money or loans are outstanding; your key is destroyed (your encrypted identity can never be decrypted again, backups included), transaction records are kept under restriction for the AML retention period',
    tag: 'Data rights',
    idempotencyKey: true,
    ok: {
      status: 200,
      schema: ErasureOut,
      description: 'Erased; what was deleted and what is kept until when',
    },
    problems: ['CUSTOMER_NOT_FOUND', 'ERASURE_BLOCKED', 'CONCURRENT_CHANGE'],
  },
} as const satisfies Record<string, RouteSpec>;
