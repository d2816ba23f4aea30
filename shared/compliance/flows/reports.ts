// Regulatory transaction reports (M1-c; docs/regulatory-reports.md): the day's large-value
// report built from the ledger's movements (the daily job builds yesterday's; a rerun on
// the same movements gives the same files and hashes and writes nothing), reading a report
// (JSON or CSV, the hashes checked again), recording its submission, and filing a
// suspicious-transaction report (STR) from a monitoring case, linked to the case and its
// alerts (a compliance officer decides). Every change, and every read of a report's
// file, is audited first.
import type { Clock } from '../../kernel';
import { addDays, cstDate, datesBetween } from '../../kernel';
import {
  addBusinessDays,
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
  type SettlementPolicy,
} from '../../money';
import { ConflictError, NotFoundError, Refusal } from '../../platform';
import type { AlertRecord, CaseRecord, HoldSummary } from '../../risk';
import type { ReportRecord, ReportsRepo, RevisionRecord } from '../adapters/reports-repo';
import {
  channelOf,
  decimalOf,
  largeValueRows,
  REPORTABLE_TYPES,
  renderLargeValue,
  renderStr,
  sha256Hex,
  submissionRefusal,
  type ReportableMovement,
  type ReportableType,
  type ReportsConfig,
  type StrDocument,
  type SubmissionStatus,
} from '../domain/reports';

/** The audit trail's part reports need (the identity module's AuditLog). */
export interface ReportsAudit {
  complianceRecorded(entry: {
    subject: string;
    actor: string;
    fields: readonly string[];
    purpose: string;
  }): Promise<void>;
}

/** The settlement log's rows under a settlement date (the money module's LedgerRepo). */
export interface SettlementRows {
  settlementsOn(
    date: string,
    shards: number,
  ): Promise<
    readonly {
      movementId: string;
      status: string;
      type?: string | undefined;
      customerId?: string | undefined;
      counterpartyId?: string | undefined;
      amount?: number | undefined;
      currency?: string | undefined;
      createdAt?: string | undefined;
    }[]
  >;
}

/** A monitoring case, its alerts and held movements (the risk module's RiskRepo). */
export interface CaseSource {
  case(caseId: string): Promise<CaseRecord | undefined>;
  alerts(alertIds: readonly string[]): Promise<AlertRecord[]>;
  holdSummaries(movementIds: readonly string[]): Promise<HoldSummary[]>;
}

export interface ReportsDeps {
  readonly repo: ReportsRepo;
  readonly ledger: SettlementRows;
  readonly shards: number;
  readonly calendar: SettlementPolicy;
  readonly config: ReportsConfig;
  readonly clock: Clock;
  readonly audit: ReportsAudit;
}

export interface StrDeps extends Omit<ReportsDeps, 'ledger' | 'shards'> {
  readonly cases: CaseSource;
  readonly tx: LedgerRepo;
}

const isType = (t: unknown): t is ReportableType =>
  (REPORTABLE_TYPES as readonly unknown[]).includes(t);

/**
 * The movements created on a CST day that happened (every status but FAILED), from the
 * settlement log: a movement settles on its day or up to two business days later, so the
 * day's movements are under the settlement dates from the day to two business days on.
 */
export async function movementsOfDay(
  day: string,
  deps: Pick<ReportsDeps, 'ledger' | 'shards' | 'calendar'>,
): Promise<ReportableMovement[]> {
  const dates = datesBetween(day, addBusinessDays(day, 2, deps.calendar));
  const rows = (
    await Promise.all(dates.map((d) => deps.ledger.settlementsOn(d, deps.shards)))
  ).flat();
  const out: ReportableMovement[] = [];
  for (const r of rows) {
    if (r.status === 'FAILED' || !isType(r.type)) continue;
    if (!r.createdAt || cstDate(new Date(r.createdAt)) !== day) continue;
    if (!r.customerId || typeof r.amount !== 'number') continue;
    out.push({
      movementId: r.movementId,
      type: r.type,
      customerId: r.customerId,
      counterpartyId: r.counterpartyId,
      amount: r.amount,
      currency: r.currency ?? 'CNY',
      createdAt: r.createdAt,
      channel: channelOf(r.type),
      crossBorder: false,
    });
  }
  return out;
}

const dayField = (path: string) => ({ path, reason: 'is a CST day that has not started' });

/**
 * Builds a day's large-value report. The same movements give the same files, hashes and
 * revision (nothing is written); changed movements (a late one, a failure) give a new
 * revision, the earlier ones kept. A day still under way gives a provisional revision.
 */
export async function buildLargeValueReport(
  day: string,
  actor: string,
  deps: ReportsDeps,
): Promise<ReportRecord> {
  const now = deps.clock.now();
  if (day > cstDate(now))
    throw new Refusal('REPORT_DAY_IN_FUTURE', `${day} has not started (CST).`, [
      dayField('body.day'),
    ]);
  const reportId = `LV-${day}`;
  const [movements, before] = await Promise.all([
    movementsOfDay(day, deps),
    deps.repo.report(reportId),
  ]);
  const rows = largeValueRows(deps.config, movements);
  const header = {
    reportId,
    kind: 'LARGE_VALUE' as const,
    institution: deps.config.institution,
    reportDate: day,
    dueBy: addBusinessDays(day, deps.config.dueWorkingDays, deps.calendar),
    source: deps.config.source,
  };
  const files = renderLargeValue(header, rows);
  if (before && before.jsonSha256 === files.jsonSha256) return before;
  const revision = (before?.revision ?? 0) + 1;
  const at = now.toISOString();
  const record: ReportRecord = {
    reportId,
    kind: 'LARGE_VALUE',
    reportDate: day,
    dueBy: header.dueBy,
    revision,
    rowCount: rows.length,
    totalMinor: rows.reduce((s, r) => s + r.amountMinor, 0),
    jsonSha256: files.jsonSha256,
    csvSha256: files.csvSha256,
    status: 'READY',
    submissions: before?.submissions ?? [],
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
    version: (before?.version ?? 0) + 1,
  };
  const note =
    revision === 1
      ? undefined
      : `the ledger's movements of ${day} changed since revision ${revision - 1}`;
  await deps.audit.complianceRecorded({
    subject: `report.${reportId}`,
    actor,
    fields: [`revision:${revision}`, `rows:${rows.length}`, `sha256:${files.jsonSha256}`],
    purpose: note ?? 'large-value report built',
  });
  const rev: RevisionRecord = {
    reportId,
    revision,
    ...files,
    builtAt: at,
    builtBy: actor,
    ...(note ? { note } : {}),
  };
  try {
    await deps.repo.putRevision(record, rev);
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException')
      throw new ConflictError('CONCURRENT_CHANGE', 'The report was built meanwhile; try again.');
    throw error;
  }
  return record;
}

/** The daily job: yesterday's (CST) large-value report. */
export function scheduledReports(deps: ReportsDeps): Promise<ReportRecord> {
  return buildLargeValueReport(addDays(cstDate(deps.clock.now()), -1), 'system', deps);
}

const notFound = (reportId: string) =>
  new NotFoundError('REPORT_NOT_FOUND', `No report ${reportId}.`);

export async function reportById(
  reportId: string,
  deps: Pick<ReportsDeps, 'repo'>,
): Promise<ReportRecord> {
  const r = await deps.repo.report(reportId);
  if (!r) throw notFound(reportId);
  return r;
}

/** Reports of a kind by day (the last 31 days by default). */
export async function listReports(
  query: { kind: 'LARGE_VALUE' | 'SUSPICIOUS'; from?: string | undefined; to?: string | undefined },
  deps: Pick<ReportsDeps, 'repo' | 'clock'>,
) {
  const to = query.to ?? cstDate(deps.clock.now());
  const from = query.from ?? addDays(to, -30);
  if (from > to)
    throw new Refusal('VALIDATION_FAILED', '`from` is after `to`.', [
      { path: 'query.from', reason: 'is after `to`' },
    ]);
  const items = await deps.repo.list(query.kind, from, to);
  return { kind: query.kind, from, to, items: items.map(({ submissions: _s, ...r }) => r) };
}

/**
 * A report's file as a compliance officer reads it (JSON or CSV), of its latest revision
 * or the one asked for: the read is audited first, and the hash is checked again so a
 * changed file is never shown as the one submitted.
 */
export async function readReportFile(
  reportId: string,
  format: 'json' | 'csv',
  revision: number | undefined,
  staff: string,
  deps: Pick<ReportsDeps, 'repo' | 'audit'>,
) {
  const r = await reportById(reportId, deps);
  const n = revision ?? r.revision;
  const rev = n >= 1 && n <= r.revision ? await deps.repo.revision(reportId, n) : undefined;
  if (!rev) throw new NotFoundError('REPORT_NOT_FOUND', `${reportId} has no revision ${n}.`);
  await deps.audit.complianceRecorded({
    subject: `report.${reportId}`,
    actor: staff,
    fields: [`read:${format}`, `revision:${n}`],
    purpose: 'staff read of a regulatory report file',
  });
  const content = format === 'json' ? rev.json : rev.csv;
  const stored = format === 'json' ? rev.jsonSha256 : rev.csvSha256;
  if (sha256Hex(content) !== stored)
    throw new Error(`report ${reportId} revision ${n}: the ${format} file does not match its hash`);
  return {
    reportId,
    revision: n,
    format,
    mediaType: format === 'json' ? 'application/json' : 'text/csv; charset=utf-8',
    sha256: stored,
    builtAt: rev.builtAt,
    ...(rev.note ? { note: rev.note } : {}),
    content,
  };
}

export interface SubmissionInput {
  readonly revision?: number | undefined;
  readonly status: SubmissionStatus;
  readonly reference: string;
  readonly note?: string | undefined;
}

/** A compliance officer records a submission of a report (or the regulator's answer). */
export async function recordSubmission(
  staff: string,
  reportId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: SubmissionInput },
  deps: Pick<ReportsDeps, 'repo' | 'audit' | 'clock'> & { readonly tx: LedgerRepo },
): Promise<ReportRecord> {
  const input = req.input;
  const scoped = staffRequest(staff, req, { reportId, ...input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const r = await reportById(reportId, deps);
    const revision = input.revision ?? r.revision;
    if (revision > r.revision)
      throw new Refusal('VALIDATION_FAILED', `${reportId} has no revision ${revision}.`, [
        { path: 'body.revision', reason: `is after the latest revision (${r.revision})` },
      ]);
    const refused = submissionRefusal(r.submissions, { status: input.status, revision });
    if (refused)
      throw new Refusal('SUBMISSION_OUT_OF_ORDER', `${reportId}: ${refused}.`, [
        { path: 'body.status', reason: refused },
      ]);
    const at = deps.clock.now().toISOString();
    const submission = {
      revision,
      status: input.status,
      reference: input.reference,
      ...(input.note ? { note: input.note } : {}),
      by: staff,
      at,
    };
    await deps.audit.complianceRecorded({
      subject: `report.${reportId}`,
      actor: staff,
      fields: [
        `submission:${input.status}`,
        `revision:${revision}`,
        `reference:${input.reference}`,
      ],
      purpose: input.note ?? `report ${input.status.toLowerCase()}`,
    });
    const record: ReportRecord = {
      ...r,
      status: revision === r.revision ? input.status : r.status,
      submissions: [...r.submissions, submission],
      updatedAt: at,
      version: r.version + 1,
    };
    const tx = deps.repo.putSubmission(key.answered(deps.tx.tx(), record), record);
    await commitChange(deps.tx, tx, ['alert'], 'The report changed meanwhile; try again.');
    return record;
  });
}

export interface StrInput {
  readonly caseId: string;
  readonly grounds: string;
  readonly typology: string;
}

/**
 * A compliance officer files an STR from a monitoring case: the case, every alert in it
 * (with the rules and reasons that raised them) and its held movements, with the officer's
 * grounds. One STR per case; a merged case is filed through the case it went into.
 */
export async function fileStr(
  staff: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: StrInput },
  deps: StrDeps,
): Promise<ReportRecord> {
  const input = req.input;
  const scoped = staffRequest(staff, req, { str: input.caseId, ...input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const c = await deps.cases.case(input.caseId);
    if (!c) throw new NotFoundError('CASE_NOT_FOUND', `No case ${input.caseId}.`);
    if (c.status === 'MERGED')
      throw new Refusal(
        'STR_CASE_NOT_ELIGIBLE',
        `Case ${c.caseId} was merged into ${c.mergedInto ?? 'another case'}; file that one.`,
        [{ path: 'body.caseId', reason: 'is a merged case' }],
      );
    if (!c.alertIds.length)
      throw new Refusal('STR_CASE_NOT_ELIGIBLE', `Case ${c.caseId} holds no alert.`, [
        { path: 'body.caseId', reason: 'is a case without alerts' },
      ]);
    const filed = await deps.repo.strOfCase(c.caseId);
    if (filed)
      throw new ConflictError('STR_ALREADY_FILED', `Case ${c.caseId} was filed as ${filed}.`);
    const [alerts, holds] = await Promise.all([
      deps.cases.alerts(c.alertIds),
      c.holdIds.length ? deps.cases.holdSummaries(c.holdIds) : Promise.resolve([]),
    ]);
    const now = deps.clock.now();
    const at = now.toISOString();
    const day = cstDate(now);
    const reportId = `STR-${day}-${c.caseId}`;
    const doc: StrDocument = {
      reportId,
      kind: 'SUSPICIOUS',
      institution: deps.config.institution,
      reportDate: day,
      dueBy: addBusinessDays(day, deps.config.dueWorkingDays, deps.calendar),
      source: deps.config.source,
      caseId: c.caseId,
      subject: { kind: c.key.kind, ref: c.key.ref },
      alerts: [...alerts]
        .sort((a, b) => (a.alertId < b.alertId ? -1 : 1))
        .map((a) => ({
          alertId: a.alertId,
          ruleId: a.ruleId,
          severity: a.severity,
          reasons: a.reasons,
          firstAt: a.firstAt,
          lastAt: a.lastAt,
          status: a.status,
        })),
      transactions: [...holds]
        .sort((a, b) => (a.movementId < b.movementId ? -1 : 1))
        .map((h) => ({
          transactionId: h.movementId,
          customerRef: h.customerId,
          type: h.movementType,
          amountMinor: h.amount,
          amount: decimalOf(h.amount),
          currency: h.currency,
          time: h.eventAt,
          counterparty: h.counterpartyId ?? '',
        })),
      grounds: input.grounds,
      typology: input.typology,
      decidedBy: staff,
    };
    const files = renderStr(doc);
    const record: ReportRecord = {
      reportId,
      kind: 'SUSPICIOUS',
      reportDate: day,
      dueBy: doc.dueBy,
      revision: 1,
      rowCount: doc.transactions.length + doc.alerts.length,
      totalMinor: doc.transactions.reduce((s, t) => s + t.amountMinor, 0),
      jsonSha256: files.jsonSha256,
      csvSha256: files.csvSha256,
      status: 'READY',
      submissions: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
      caseId: c.caseId,
      alertIds: doc.alerts.map((a) => a.alertId),
    };
    await deps.audit.complianceRecorded({
      subject: `report.${reportId}`,
      actor: staff,
      fields: [`case:${c.caseId}`, ...doc.alerts.map((a) => `alert:${a.alertId}`)],
      purpose: input.grounds,
    });
    const rev: RevisionRecord = { reportId, revision: 1, ...files, builtAt: at, builtBy: staff };
    const tx = deps.repo.putStr(key.answered(deps.tx.tx(), record), record, rev);
    await commitChange(deps.tx, tx, ['alert'], 'The case was filed meanwhile.');
    return record;
  });
}
