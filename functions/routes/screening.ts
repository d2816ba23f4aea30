// The routes of AML screening (issue 14, M1-c): watch-list versions. Compliance officers
// upload; compliance and risk officers and admins read. One entry per endpoint
// (functions/routes.ts gathers every module's).
import {
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
} as const satisfies Record<string, RouteSpec>;
