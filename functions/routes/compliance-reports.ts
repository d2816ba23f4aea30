// The routes of regulatory transaction reports (issue 14, M1-c) and the data-security
// audit's report (M7.1-a, M2.5-c): compliance officers read and submit reports and file
// STRs from monitoring cases; admins may read. One entry per endpoint (functions/routes.ts
// gathers every module's).
import {
  DataAccessOut,
  DataAccessParams,
  ReportFileOut,
  ReportFileQuery,
  ReportList,
  ReportListQuery,
  ReportOut,
  ReportParams,
  ReportRunRequest,
  StrRequest,
  SubmissionRequest,
} from '../../shared/compliance';
import type { RouteSpec } from './spec';

/** Reports are regulated documents: compliance officers, and admins to read. */
const REPORT_READERS = { kind: 'staff', groups: ['compliance-officer', 'admin'] } as const;
/** Only a compliance officer submits a report or decides that a case becomes an STR. */
const COMPLIANCE_OFFICER = { kind: 'staff', groups: ['compliance-officer'] } as const;
const TAG = 'Regulatory reports';

export const COMPLIANCE_REPORT_ROUTES = {
  opsListReports: {
    method: 'GET',
    path: '/v1/ops/compliance/reports',
    fn: 'opsComplianceReports',
    auth: REPORT_READERS,
    summary:
      'Staff: large-value or suspicious-transaction reports by day, with their revision, hashes, due date and submission status',
    tag: TAG,
    query: ReportListQuery,
    ok: { status: 200, schema: ReportList, description: 'The reports' },
    problems: [],
  },
  opsGetReport: {
    method: 'GET',
    path: '/v1/ops/compliance/reports/{reportId}',
    fn: 'opsComplianceReports',
    auth: REPORT_READERS,
    summary: 'Staff: one report: its latest revision, hashes and every submission recorded',
    tag: TAG,
    params: ReportParams,
    ok: { status: 200, schema: ReportOut, description: 'The report' },
    problems: ['REPORT_NOT_FOUND'],
  },
  opsGetReportFile: {
    method: 'GET',
    path: '/v1/ops/compliance/reports/{reportId}/file',
    fn: 'opsComplianceReports',
    auth: REPORT_READERS,
    summary:
      "Staff: a report's file (format=json or csv, a revision or the latest) with its SHA-256, checked again; every read audited",
    tag: TAG,
    params: ReportParams,
    query: ReportFileQuery,
    ok: { status: 200, schema: ReportFileOut, description: 'The file and its hash' },
    problems: ['REPORT_NOT_FOUND'],
  },
  opsRunLargeValueReport: {
    method: 'POST',
    path: '/v1/ops/compliance/reports',
    fn: 'opsComplianceReports',
    auth: COMPLIANCE_OFFICER,
    summary:
      "Staff: build a day's large-value report now (the daily job builds yesterday's); the same movements give the same files and revision, changed ones a new revision (audited)",
    tag: TAG,
    body: ReportRunRequest,
    ok: { status: 200, schema: ReportOut, description: 'The report as it stands' },
    problems: ['REPORT_DAY_IN_FUTURE', 'CONCURRENT_CHANGE'],
  },
  opsRecordSubmission: {
    method: 'POST',
    path: '/v1/ops/compliance/reports/{reportId}/submissions',
    fn: 'opsComplianceReports',
    auth: COMPLIANCE_OFFICER,
    summary:
      "Staff: record a report's submission (who, when, reference) or the regulator's answer (audited)",
    tag: TAG,
    params: ReportParams,
    body: SubmissionRequest,
    idempotencyKey: true,
    ok: { status: 201, schema: ReportOut, description: 'The report with the submission' },
    problems: ['REPORT_NOT_FOUND', 'SUBMISSION_OUT_OF_ORDER', 'CONCURRENT_CHANGE'],
  },
  opsFileStr: {
    method: 'POST',
    path: '/v1/ops/compliance/reports/strs',
    fn: 'opsComplianceReports',
    auth: COMPLIANCE_OFFICER,
    summary:
      "Staff: file a suspicious-transaction report from a monitoring case, with the case's alerts and held movements and the officer's grounds (one per case; audited)",
    tag: TAG,
    body: StrRequest,
    idempotencyKey: true,
    ok: { status: 201, schema: ReportOut, description: 'The STR' },
    problems: ['CASE_NOT_FOUND', 'STR_CASE_NOT_ELIGIBLE', 'STR_ALREADY_FILED', 'CONCURRENT_CHANGE'],
  },
  opsGetDataAccess: {
    method: 'GET',
    path: '/v1/ops/compliance/data-access/{day}',
    fn: 'opsDataAudit',
    auth: REPORT_READERS,
    summary:
      "Staff: a day's data-access report: who read which customer's data (fields, times), the unusual access flagged and the alerts raised",
    tag: 'Data-security audit',
    params: DataAccessParams,
    ok: { status: 200, schema: DataAccessOut, description: 'The day audited' },
    problems: ['DATA_ACCESS_NOT_AUDITED'],
  },
  opsRunDataAudit: {
    method: 'POST',
    path: '/v1/ops/compliance/data-access/{day}',
    fn: 'opsDataAudit',
    auth: REPORT_READERS,
    summary:
      'Staff: audit a day now (the daily job audits yesterday); each flag raises its monitoring alert once',
    tag: 'Data-security audit',
    params: DataAccessParams,
    ok: { status: 200, schema: DataAccessOut, description: 'The day audited' },
    problems: ['REPORT_DAY_IN_FUTURE'],
  },
} as const satisfies Record<string, RouteSpec>;
