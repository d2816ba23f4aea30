// The routes of AML screening (issue 14, M1-c): watch-list versions, and customers'
// screening results with compliance officers' decisions on a hit. Compliance officers
// upload and decide; compliance and risk officers and admins read. One entry per endpoint
// (functions/routes.ts gathers every module's). A decision on a hit releases or rejects the
// monitoring holds (ADR 0012) screening placed.
import {
  ScreeningDecisionIn,
  ScreeningOut,
  ScreeningParams,
  WatchlistOut,
  WatchlistParams,
  WatchlistUpload,
  WatchlistVersionOut,
} from '../../shared/compliance';
import type { RouteSpec } from './spec';

export const SCREENING_ROUTES = {
  opsPutWatchlist: {
    method: 'POST',
    path: '/v1/ops/compliance/watchlists/{listId}/versions',
    fn: 'opsScreening',
    auth: { kind: 'staff', groups: ['compliance-officer'] },
    summary:
      "Staff (compliance-officer): store a watch-list file as the list's next version, after validating every row; a file with any bad row is refused with each problem (line, field, reason) and nothing is stored; the same file again is the current version (M1-c)",
    tag: 'AML screening',
    params: WatchlistParams,
    body: WatchlistUpload,
    idempotencyKey: true,
    ok: { status: 201, schema: WatchlistVersionOut, description: 'The version in force' },
    problems: ['WATCHLIST_FILE_REJECTED', 'CONCURRENT_CHANGE'],
  },
  opsGetWatchlist: {
    method: 'GET',
    path: '/v1/ops/compliance/watchlists/{listId}',
    fn: 'opsScreening',
    auth: { kind: 'staff', groups: ['compliance-officer', 'risk-officer', 'admin'] },
    summary:
      "Staff: a watch list's versions, newest first, with who stored each, when, its SHA-256 and counts, and which is in force",
    tag: 'AML screening',
    params: WatchlistParams,
    ok: { status: 200, schema: WatchlistOut, description: 'The versions' },
    problems: ['WATCHLIST_NOT_FOUND'],
  },
  opsGetScreening: {
    method: 'GET',
    path: '/v1/ops/compliance/screenings/{customerId}',
    fn: 'opsScreening',
    auth: { kind: 'staff', groups: ['compliance-officer', 'risk-officer', 'admin'] },
    summary:
      "Staff: a customer's AML screening result: the list versions screened against, the hits (the customer's words masked), the status and every decision (M1-c)",
    tag: 'AML screening',
    params: ScreeningParams,
    ok: { status: 200, schema: ScreeningOut, description: 'The screening result' },
    problems: ['SCREENING_NOT_FOUND'],
  },
  opsDecideScreening: {
    method: 'POST',
    path: '/v1/ops/compliance/screenings/{customerId}/decisions',
    fn: 'opsScreening',
    auth: { kind: 'staff', groups: ['compliance-officer'] },
    summary:
      "Staff (compliance-officer): decide a customer's open screening hit with a reason. CLEAR (one officer): the movements held by screening alone are released and settle. CONFIRM: four-eyes, a first officer proposes and a second, different one confirms; the held movements are rejected and their money goes back, and later ones stay held (M1-c)",
    tag: 'AML screening',
    params: ScreeningParams,
    body: ScreeningDecisionIn,
    idempotencyKey: true,
    ok: { status: 200, schema: ScreeningOut, description: 'The result after the decision' },
    problems: [
      'SCREENING_NOT_FOUND',
      'SCREENING_NOT_OPEN',
      'FOUR_EYES_REQUIRED',
      'CONCURRENT_CHANGE',
    ],
  },
} as const satisfies Record<string, RouteSpec>;
