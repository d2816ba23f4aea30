// Regulatory transaction reports (M1-c, AML/CFT; docs/regulatory-reports.md). Pure: the
// large-value rules of the People's Bank of China applied per customer per CST day to the
// ledger's movements, the report's rows, its CSV and JSON renderings and their hashes, and
// the suspicious-transaction report (STR) built from a monitoring case and its alerts.
// Thresholds are configuration (validated at load); the shipped figures carry their source.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonical } from '../../kernel';

/** Movement types of the ledger (the money module's MOVEMENT_TYPES), as the rules name them. */
export const REPORTABLE_TYPES = [
  'DEPOSIT',
  'WITHDRAWAL',
  'TRANSFER',
  'SUBSCRIPTION',
  'REDEMPTION',
  'LOAN_DISBURSEMENT',
  'LOAN_REPAYMENT',
] as const;
export type ReportableType = (typeof REPORTABLE_TYPES)[number];

/** How the money moved: cash, or a transfer between accounts (款项划转). */
export const CHANNELS = ['CASH', 'BANK_CARD', 'PLATFORM'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CUSTOMER_TYPES = ['NATURAL', 'NON_NATURAL'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export type Direction = 'IN' | 'OUT';

const Code = z.string().regex(/^[0-9A-Z_-]{2,16}$/);
const Minor = z.number().int().positive();

export const LargeValueRuleSchema = z
  .object({
    /** The rule's code as the report carries it (PBOC large-value feature codes 0501..0504). */
    code: Code,
    /** What the rule reports, for people (optional). */
    label: z.string().min(1).max(300).optional(),
    /** CASH: cash channels only; NON_CASH: every other channel. */
    channel: z.enum(['CASH', 'NON_CASH']),
    /** DOMESTIC or CROSS_BORDER movements, or ANY. */
    scope: z.enum(['DOMESTIC', 'CROSS_BORDER', 'ANY']),
    customerTypes: z.array(z.enum(CUSTOMER_TYPES)).min(1),
    movementTypes: z.array(z.enum(REPORTABLE_TYPES)).min(1),
    /** Thresholds per currency, in minor units (fen, cents): reached when >= (含本数). */
    thresholds: z
      .array(z.object({ currency: z.string().regex(/^[A-Z]{3}$/), minor: Minor }).strict())
      .min(1),
  })
  .strict();
export type LargeValueRule = z.infer<typeof LargeValueRuleSchema>;

export const ReportsConfigSchema = z
  .object({
    /** The reporting institution (its PBOC institution code is assigned per stage). */
    institution: z.object({ name: z.string().min(1), code: z.string().min(1) }).strict(),
    /** Where the shipped figures come from, carried into every report. */
    source: z.string().min(1).max(1000),
    /** Working days after the transaction day within which the report is due. */
    dueWorkingDays: z.number().int().min(1).max(30),
    rules: z.array(LargeValueRuleSchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const codes = c.rules.map((r) => r.code);
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i)
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'code'], message: `duplicate ${code}` });
    });
  });
export type ReportsConfig = z.infer<typeof ReportsConfigSchema>;

/** A shipped rule: thresholds in yuan and US dollars (stored in fen and cents). */
const rule = (
  code: string,
  channel: LargeValueRule['channel'],
  scope: LargeValueRule['scope'],
  customerTypes: CustomerType[],
  cny: number,
  usd: number,
): LargeValueRule => ({
  code,
  channel,
  scope,
  customerTypes,
  movementTypes:
    channel === 'CASH' ? ['DEPOSIT', 'WITHDRAWAL'] : ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER'],
  thresholds: [
    { currency: 'CNY', minor: cny * 100 },
    { currency: 'USD', minor: usd * 100 },
  ],
});

/**
 * The PBOC figures (中国人民银行令〔2016〕第3号《金融机构大额交易和可疑交易报告管理办法》,
 * art. 5, as amended by 〔2018〕第2号), for every reporting institution: single or cumulative
 * per customer per day, the cumulative amount counted per customer on one side (receipts or
 * payments), amounts at the threshold included. 0501 cash; 0502 non-natural persons'
 * transfers; 0503 natural persons' domestic transfers; 0504 natural persons' cross-border
 * transfers (docs/regulatory-reports.md; the rules carry no labels, to keep every bundle
 * that reads the settings small).
 */
export const DEFAULT_REPORTS_CONFIG: ReportsConfig = {
  institution: { name: 'Finplat', code: 'FINPLAT-LOCAL' },
  source: 'PBOC Order [2016] No. 3, art. 5, as amended by PBOC Order [2018] No. 2',
  dueWorkingDays: 5,
  rules: [
    rule('0501', 'CASH', 'ANY', ['NATURAL', 'NON_NATURAL'], 50_000, 10_000),
    rule('0502', 'NON_CASH', 'ANY', ['NON_NATURAL'], 2_000_000, 200_000),
    rule('0503', 'NON_CASH', 'DOMESTIC', ['NATURAL'], 500_000, 100_000),
    rule('0504', 'NON_CASH', 'CROSS_BORDER', ['NATURAL'], 200_000, 10_000),
  ],
};

/** A movement as the rules read it (from the ledger's settlement log). */
export interface ReportableMovement {
  readonly movementId: string;
  readonly type: ReportableType;
  readonly customerId: string;
  readonly counterpartyId?: string | undefined;
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: string;
  readonly channel: Channel;
  readonly crossBorder: boolean;
}

/**
 * How a ledger movement moved money. The platform has no cash desk: deposits and
 * withdrawals go through the customer's bank card, the rest between platform accounts; no
 * movement is cross-border (every account is CNY, in mainland China).
 */
export function channelOf(type: ReportableType): Channel {
  return type === 'DEPOSIT' || type === 'WITHDRAWAL' ? 'BANK_CARD' : 'PLATFORM';
}

/**
 * A movement's legs: who it moved money for, and which way. A transfer is a payment of its
 * sender and a receipt of its recipient (both customers report it); a deposit, redemption
 * or loan paid out is a receipt; the rest are payments.
 */
export function legsOf(
  m: ReportableMovement,
): { customerId: string; direction: Direction; counterparty: string }[] {
  const inbound = ['DEPOSIT', 'REDEMPTION', 'LOAN_DISBURSEMENT'].includes(m.type);
  const legs = [
    {
      customerId: m.customerId,
      direction: (inbound ? 'IN' : 'OUT') as Direction,
      counterparty: m.counterpartyId ?? (m.channel === 'BANK_CARD' ? 'OWN_BANK_CARD' : 'PLATFORM'),
    },
  ];
  if (m.type === 'TRANSFER' && m.counterpartyId)
    legs.push({ customerId: m.counterpartyId, direction: 'IN', counterparty: m.customerId });
  return legs;
}

function ruleTakes(rule: LargeValueRule, m: ReportableMovement, type: CustomerType): boolean {
  if (!rule.movementTypes.includes(m.type)) return false;
  if (!rule.customerTypes.includes(type)) return false;
  if (rule.channel === 'CASH' ? m.channel !== 'CASH' : m.channel === 'CASH') return false;
  if (rule.scope === 'DOMESTIC' && m.crossBorder) return false;
  if (rule.scope === 'CROSS_BORDER' && !m.crossBorder) return false;
  return true;
}

/** One transaction in a large-value report. */
export interface LargeValueRow {
  readonly customerRef: string;
  readonly customerType: CustomerType;
  readonly transactionId: string;
  readonly time: string;
  readonly type: ReportableType;
  readonly direction: Direction;
  /** Minor units (fen), and the same as a decimal string in the currency's unit. */
  readonly amountMinor: number;
  readonly amount: string;
  readonly currency: string;
  readonly counterparty: string;
  readonly channel: Channel;
  readonly ruleCode: string;
  /** The customer's total on this side, rule and currency for the day, and how many made it. */
  readonly dayTotalMinor: number;
  readonly dayCount: number;
  /** SINGLE: this movement alone reached the threshold; CUMULATIVE: the day's total did. */
  readonly basis: 'SINGLE' | 'CUMULATIVE';
  readonly reason: string;
}

export const decimalOf = (minor: number) =>
  `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/**
 * The large-value rows of a day: for each rule, customer, side and currency, the day's
 * qualifying movements; where one of them alone or their total reaches the threshold, every
 * one of them is reported with the total. A movement reported under several rules appears
 * once per rule. Rows sort by customer, rule, time and id, so the same movements always
 * give the same report.
 */
export function largeValueRows(
  config: Pick<ReportsConfig, 'rules'>,
  movements: readonly ReportableMovement[],
  customerTypeOf: (customerId: string) => CustomerType = () => 'NATURAL',
): LargeValueRow[] {
  const groups = new Map<
    string,
    {
      rule: LargeValueRule;
      threshold: number;
      customerId: string;
      direction: Direction;
      items: { m: ReportableMovement; counterparty: string }[];
    }
  >();
  for (const m of movements)
    for (const leg of legsOf(m)) {
      const type = customerTypeOf(leg.customerId);
      for (const rule of config.rules) {
        if (!ruleTakes(rule, m, type)) continue;
        const threshold = rule.thresholds.find((t) => t.currency === m.currency);
        if (!threshold) continue;
        const key = `${rule.code}|${leg.customerId}|${leg.direction}|${m.currency}`;
        const g = groups.get(key) ?? {
          rule,
          threshold: threshold.minor,
          customerId: leg.customerId,
          direction: leg.direction,
          items: [],
        };
        g.items.push({ m, counterparty: leg.counterparty });
        groups.set(key, g);
      }
    }
  const rows: LargeValueRow[] = [];
  for (const g of groups.values()) {
    const total = g.items.reduce((s, i) => s + i.m.amount, 0);
    if (total < g.threshold) continue;
    const type = customerTypeOf(g.customerId);
    for (const { m, counterparty } of g.items) {
      const single = m.amount >= g.threshold;
      rows.push({
        customerRef: g.customerId,
        customerType: type,
        transactionId: m.movementId,
        time: m.createdAt,
        type: m.type,
        direction: g.direction,
        amountMinor: m.amount,
        amount: decimalOf(m.amount),
        currency: m.currency,
        counterparty,
        channel: m.channel,
        ruleCode: g.rule.code,
        dayTotalMinor: total,
        dayCount: g.items.length,
        basis: single ? 'SINGLE' : 'CUMULATIVE',
        reason: `${g.direction === 'IN' ? 'receipts' : 'payments'} of ${decimalOf(total)} ${m.currency} in ${g.items.length} transaction${g.items.length === 1 ? '' : 's'} reached ${decimalOf(g.threshold)} (rule ${g.rule.code})`,
      });
    }
  }
  return rows.sort((a, b) =>
    a.customerRef !== b.customerRef
      ? a.customerRef < b.customerRef
        ? -1
        : 1
      : a.ruleCode !== b.ruleCode
        ? a.ruleCode < b.ruleCode
          ? -1
          : 1
        : a.time !== b.time
          ? a.time < b.time
            ? -1
            : 1
          : a.transactionId < b.transactionId
            ? -1
            : a.transactionId > b.transactionId
              ? 1
              : a.direction < b.direction
                ? -1
                : 1,
  );
}

/** The columns of the large-value CSV, in order (the JSON rows carry the same fields). */
export const LARGE_VALUE_COLUMNS = [
  'institutionCode',
  'reportDate',
  'customerRef',
  'customerType',
  'transactionId',
  'time',
  'type',
  'direction',
  'amount',
  'amountMinor',
  'currency',
  'counterparty',
  'channel',
  'ruleCode',
  'basis',
  'dayTotalMinor',
  'dayCount',
  'reason',
] as const;

/** A CSV field per RFC 4180: quoted where it holds a comma, quote or line break. */
export function csvField(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet: quoted with a leading '.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The header of a report: who reports what, for which day, under which rules. */
export interface ReportHeader {
  readonly reportId: string;
  readonly kind: 'LARGE_VALUE' | 'SUSPICIOUS';
  readonly institution: { readonly name: string; readonly code: string };
  /** The day the transactions happened (CST), or the STR's filing day. */
  readonly reportDate: string;
  /** The last day to submit it (working days after reportDate). */
  readonly dueBy: string;
  readonly source: string;
}

/** A large-value report's JSON document, its CSV text and the hash of each. */
export interface RenderedReport {
  readonly json: string;
  readonly csv: string;
  readonly jsonSha256: string;
  readonly csvSha256: string;
}

/** The report rendered: canonical JSON (sorted keys) and CSV, both deterministic. */
export function renderLargeValue(
  header: ReportHeader,
  rows: readonly LargeValueRow[],
): RenderedReport {
  const json = canonical({
    ...header,
    rowCount: rows.length,
    totalMinor: rows.reduce((s, r) => s + r.amountMinor, 0),
    rows,
  });
  const lines = [LARGE_VALUE_COLUMNS.join(',')];
  for (const r of rows) {
    const full: Record<string, unknown> = {
      ...r,
      institutionCode: header.institution.code,
      reportDate: header.reportDate,
    };
    lines.push(LARGE_VALUE_COLUMNS.map((c) => csvField(full[c])).join(','));
  }
  const csv = `${lines.join('\r\n')}\r\n`;
  return { json, csv, jsonSha256: sha256Hex(json), csvSha256: sha256Hex(csv) };
}

/** Parses a large-value CSV back into its records (for checks that the two formats agree). */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) records.push([...row, field]);
  const [head, ...rest] = records;
  if (!head) return [];
  return rest.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

// ---- suspicious-transaction reports ------------------------------------------------

/** An alert as an STR carries it: what the monitoring saw. */
export interface StrAlert {
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly reasons: readonly string[];
  readonly firstAt: string;
  readonly lastAt: string;
  readonly status: string;
}

/** A transaction an STR names (the case's held movements). */
export interface StrTransaction {
  readonly transactionId: string;
  readonly customerRef: string;
  readonly type: string;
  readonly amountMinor: number;
  readonly amount: string;
  readonly currency: string;
  readonly time: string;
  readonly counterparty: string;
}

/** The columns of an STR's CSV: one line per transaction, then one per alert. */
export const STR_COLUMNS = [
  'institutionCode',
  'reportId',
  'caseId',
  'customerRef',
  'record',
  'id',
  'time',
  'type',
  'amount',
  'amountMinor',
  'currency',
  'counterparty',
  'ruleCode',
  'detail',
] as const;

export interface StrDocument extends ReportHeader {
  readonly caseId: string;
  /** What the case is about: a customer reference, a counterparty or a device (keyed hash). */
  readonly subject: { readonly kind: string; readonly ref: string };
  readonly alerts: readonly StrAlert[];
  readonly transactions: readonly StrTransaction[];
  /** The compliance officer's grounds for suspicion, and the typology code chosen. */
  readonly grounds: string;
  readonly typology: string;
  readonly decidedBy: string;
}

export function renderStr(doc: StrDocument): RenderedReport {
  const json = canonical(doc);
  const lines = [STR_COLUMNS.join(',')];
  const base = {
    institutionCode: doc.institution.code,
    reportId: doc.reportId,
    caseId: doc.caseId,
  };
  for (const t of doc.transactions)
    lines.push(
      STR_COLUMNS.map((c) =>
        csvField(
          (
            {
              ...base,
              customerRef: t.customerRef,
              record: 'TRANSACTION',
              id: t.transactionId,
              time: t.time,
              type: t.type,
              amount: t.amount,
              amountMinor: t.amountMinor,
              currency: t.currency,
              counterparty: t.counterparty,
              ruleCode: doc.typology,
              detail: '',
            } as Record<string, unknown>
          )[c],
        ),
      ).join(','),
    );
  for (const a of doc.alerts)
    lines.push(
      STR_COLUMNS.map((c) =>
        csvField(
          (
            {
              ...base,
              customerRef: doc.subject.kind === 'CUSTOMER' ? doc.subject.ref : '',
              record: 'ALERT',
              id: a.alertId,
              time: a.firstAt,
              type: a.severity,
              ruleCode: a.ruleId,
              detail: a.reasons.join('; '),
            } as Record<string, unknown>
          )[c],
        ),
      ).join(','),
    );
  const csv = `${lines.join('\r\n')}\r\n`;
  return { json, csv, jsonSha256: sha256Hex(json), csvSha256: sha256Hex(csv) };
}

// ---- submissions -------------------------------------------------------------------

export const SUBMISSION_STATUSES = ['SUBMITTED', 'ACCEPTED', 'REJECTED'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export type ReportStatus = 'READY' | SubmissionStatus;

export interface Submission {
  readonly revision: number;
  readonly status: SubmissionStatus;
  /** The regulator's reference (the China AML Monitoring and Analysis Centre's receipt). */
  readonly reference: string;
  readonly note?: string;
  readonly by: string;
  readonly at: string;
}

/**
 * Whether a submission may follow those recorded: SUBMITTED first (again after a
 * rejection, or for a newer revision), then ACCEPTED or REJECTED of a submitted revision.
 */
export function submissionRefusal(
  before: readonly Submission[],
  next: Pick<Submission, 'status' | 'revision'>,
): string | undefined {
  const last = [...before].reverse().find((s) => s.revision === next.revision);
  if (next.status === 'SUBMITTED')
    return last && last.status !== 'REJECTED'
      ? `revision ${next.revision} is already ${last.status}`
      : undefined;
  if (!last || last.status !== 'SUBMITTED')
    return `revision ${next.revision} has not been submitted`;
  return undefined;
}
