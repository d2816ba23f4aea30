// The routes of customer service (issue 14, M7.4-a, M7.2-a/b, M2.4-a; docs/customer-service.md):
// customers file complaints and enquiries, follow them, reply when asked and rate the
// handling; service agents work them under /v1/ops/complaints. One entry per endpoint.
import {
  ComplaintAction,
  ComplaintAnalyticsOut,
  ComplaintAnalyticsQuery,
  ComplaintList,
  ComplaintOut,
  ComplaintParams,
  ComplaintQueue,
  ComplaintQueueQuery,
  ComplaintAnswer,
  ComplaintRequest,
  StaffComplaintOut,
} from '../../shared/service';
import { CUSTOMER, type RouteSpec } from './spec';

/** Service agents work complaints; admins may too. */
const SERVICE_STAFF = { kind: 'staff', groups: ['service-agent', 'admin'] } as const;
const TAG = 'Customer service';

export const SERVICE_ROUTES = {
  fileComplaint: {
    method: 'POST',
    path: '/v1/complaints',
    fn: 'complaints',
    auth: CUSTOMER,
    summary:
      'File a complaint or an enquiry, optionally about one of your movements, orders or loans, or a product: answered within 24 h, resolved within 48 h',
    tag: TAG,
    idempotencyKey: true,
    body: ComplaintRequest,
    ok: { status: 201, schema: ComplaintOut, description: 'Filed, with its SLA clocks' },
    problems: ['COMPLAINT_RELATED_UNKNOWN'],
  },
  listComplaints: {
    method: 'GET',
    path: '/v1/complaints',
    fn: 'complaints',
    auth: CUSTOMER,
    summary: 'Your complaints and enquiries, newest first',
    tag: TAG,
    ok: { status: 200, schema: ComplaintList, description: 'Your complaints' },
    problems: [],
  },
  getComplaint: {
    method: 'GET',
    path: '/v1/complaints/{complaintId}',
    fn: 'complaints',
    auth: CUSTOMER,
    summary:
      'One of your complaints with its timeline (the messages you and the service team exchanged) and its SLA clocks',
    tag: TAG,
    params: ComplaintParams,
    ok: { status: 200, schema: ComplaintOut, description: 'The complaint' },
    problems: ['COMPLAINT_NOT_FOUND'],
  },
  answerComplaint: {
    method: 'POST',
    path: '/v1/complaints/{complaintId}',
    fn: 'complaints',
    auth: CUSTOMER,
    summary:
      'Answer the service team’s request for information (`REPLY`: the paused SLA clocks run again), or, once closed, rate the handling 1..5 and answer NPS 0..10 (`RATE`, once)',
    tag: TAG,
    idempotencyKey: true,
    params: ComplaintParams,
    body: ComplaintAnswer,
    ok: { status: 200, schema: ComplaintOut, description: 'Answered' },
    problems: [
      'COMPLAINT_NOT_FOUND',
      'COMPLAINT_STATE_CONFLICT',
      'COMPLAINT_ALREADY_RATED',
      'CONCURRENT_CHANGE',
    ],
  },
  opsComplaintQueue: {
    method: 'GET',
    path: '/v1/ops/complaints',
    fn: 'opsComplaints',
    auth: SERVICE_STAFF,
    summary:
      'Staff (service-agent, admin): open complaints, what breaches its SLA next first (breached ones before them), with every clock',
    tag: TAG,
    query: ComplaintQueueQuery,
    ok: { status: 200, schema: ComplaintQueue, description: 'The queue' },
    problems: [],
  },
  opsGetComplaint: {
    method: 'GET',
    path: '/v1/ops/complaints/{complaintId}',
    fn: 'opsComplaints',
    auth: SERVICE_STAFF,
    summary:
      'Staff (service-agent, admin): a complaint with its whole history (internal notes, SLA warnings and breaches) and clocks',
    tag: TAG,
    params: ComplaintParams,
    ok: { status: 200, schema: StaffComplaintOut, description: 'The complaint' },
    problems: ['COMPLAINT_NOT_FOUND'],
  },
  opsActOnComplaint: {
    method: 'POST',
    path: '/v1/ops/complaints/{complaintId}',
    fn: 'opsComplaints',
    auth: SERVICE_STAFF,
    summary:
      'Staff (service-agent, admin): accept, classify (category and cause), assign, respond, ask the customer for information, note internally, resolve or close: one event on the history',
    tag: TAG,
    idempotencyKey: true,
    params: ComplaintParams,
    body: ComplaintAction,
    ok: { status: 200, schema: StaffComplaintOut, description: 'Done' },
    problems: ['COMPLAINT_NOT_FOUND', 'COMPLAINT_STATE_CONFLICT', 'CONCURRENT_CHANGE'],
  },
  opsComplaintAnalytics: {
    method: 'GET',
    path: '/v1/ops/complaint-analytics',
    fn: 'opsComplaints',
    auth: SERVICE_STAFF,
    summary:
      'Staff (service-agent, admin): complaints filed in a period: the share of SLAs met per category, satisfaction and NPS per category and agent, the top causes per category and product with their trend',
    tag: TAG,
    query: ComplaintAnalyticsQuery,
    ok: { status: 200, schema: ComplaintAnalyticsOut, description: 'The figures' },
    problems: [],
  },
} as const satisfies Record<string, RouteSpec>;
