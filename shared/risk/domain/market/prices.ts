// Market data (M3.2-a): daily price series read from CSV in the common layout
// `Date,Open,High,Low,Close,Adj Close,Volume` (Adj Close preferred, Close where the column
// is absent), each file checked into a validation report. A series is accepted only when
// the report has no error: malformed rows, unreadable or non-positive prices, duplicated
// dates, rows out of date order, and missing days (against a business-day calendar when
// one is given, otherwise gaps longer than a tolerance) are all reported, line by line,
// and never silently dropped, repaired or used. Pure: the caller reads the file.

/** What the loader may report. Errors refuse the series; warnings are carried with it. */
export const DATA_ISSUE_CODES = [
  'EMPTY',
  'MISSING_COLUMN',
  'MALFORMED_ROW',
  'BAD_DATE',
  'BAD_NUMBER',
  'NON_POSITIVE_PRICE',
  'NEGATIVE_VOLUME',
  'DUPLICATE_DATE',
  'UNSORTED',
  'MISSING_DAY',
  'OFF_CALENDAR',
  'GAP',
  'TOO_SHORT',
  'ZERO_VOLUME',
  'NO_VOLUME',
] as const;
export type DataIssueCode = (typeof DATA_ISSUE_CODES)[number];

const WARNINGS: ReadonlySet<DataIssueCode> = new Set(['ZERO_VOLUME', 'NO_VOLUME']);

export interface DataIssue {
  readonly code: DataIssueCode;
  readonly severity: 'error' | 'warning';
  /** 1-based line of the file (the header is line 1), where the issue is a row's. */
  readonly line?: number;
  readonly date?: string;
  readonly message: string;
}

export interface ValidationReport {
  readonly seriesId: string;
  /** Data rows read (blank lines aside). */
  readonly rows: number;
  /** The column prices were taken from. */
  readonly priceColumn: 'Adj Close' | 'Close' | undefined;
  readonly first: string | undefined;
  readonly last: string | undefined;
  /** True when no issue is an error: only then is the series usable. */
  readonly accepted: boolean;
  readonly issues: readonly DataIssue[];
  /** Issues by code, for a summary line. */
  readonly counts: Readonly<Partial<Record<DataIssueCode, number>>>;
}

/** A validated daily series: dates ascending and unique, prices positive. */
export interface PriceSeries {
  readonly id: string;
  readonly dates: readonly string[];
  readonly prices: Float64Array;
  /** Shares or units traded each day; NaN throughout when the file has no Volume column. */
  readonly volumes: Float64Array;
  readonly priceColumn: 'Adj Close' | 'Close';
}

export interface PriceLoadOptions {
  /**
   * The business days the series should have, ascending (YYYY-MM-DD). When given, every
   * calendar day between the series' first and last date must be present (MISSING_DAY),
   * and no other day may be (OFF_CALENDAR).
   */
  readonly calendar?: readonly string[];
  /**
   * Without a calendar: the most calendar days allowed between two consecutive rows (3
   * covers a weekend; 4 a long weekend). Longer gaps are GAP errors.
   */
  readonly maxGapDays?: number;
  /** Fewer rows than this is TOO_SHORT (default 2: one return). */
  readonly minRows?: number;
}

export type PriceLoadResult =
  | { readonly ok: true; readonly series: PriceSeries; readonly report: ValidationReport }
  | { readonly ok: false; readonly report: ValidationReport };

export const DEFAULT_MAX_GAP_DAYS = 4;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Days since 1970-01-01 of a valid YYYY-MM-DD date, or undefined. */
export function dayNumber(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return t / 86_400_000;
}

/** Splits one CSV line: commas, fields optionally in double quotes ("" for a quote). */
function fields(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((f) => f.trim());
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

interface Row {
  readonly line: number;
  readonly date: string;
  readonly day: number;
  readonly price: number;
  readonly volume: number;
}

/** Reads and checks one series' CSV text. */
export function loadPriceCsv(
  seriesId: string,
  text: string,
  options: PriceLoadOptions = {},
): PriceLoadResult {
  const issues: DataIssue[] = [];
  const issue = (code: DataIssueCode, message: string, line?: number, date?: string) =>
    issues.push({
      code,
      severity: WARNINGS.has(code) ? 'warning' : 'error',
      ...(line === undefined ? {} : { line }),
      ...(date === undefined ? {} : { date }),
      message,
    });
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  const finish = (
    rows: number,
    priceColumn: ValidationReport['priceColumn'],
    first?: string,
    last?: string,
  ): ValidationReport => {
    const counts: Partial<Record<DataIssueCode, number>> = {};
    for (const i of issues) counts[i.code] = (counts[i.code] ?? 0) + 1;
    return {
      seriesId,
      rows,
      priceColumn,
      first,
      last,
      accepted: !issues.some((i) => i.severity === 'error'),
      issues,
      counts,
    };
  };
  if (headerAt < 0) {
    issue('EMPTY', 'the file has no header and no rows');
    return { ok: false, report: finish(0, undefined) };
  }
  const header = fields(lines[headerAt] as string).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const dateCol = col('date');
  const adjCol = col('adj close');
  const closeCol = col('close');
  const volumeCol = col('volume');
  const priceCol = adjCol >= 0 ? adjCol : closeCol;
  const priceColumn = adjCol >= 0 ? 'Adj Close' : closeCol >= 0 ? 'Close' : undefined;
  if (dateCol < 0) issue('MISSING_COLUMN', 'no Date column', headerAt + 1);
  if (priceCol < 0)
    issue('MISSING_COLUMN', 'neither an Adj Close nor a Close column', headerAt + 1);
  if (dateCol < 0 || priceCol < 0 || priceColumn === undefined)
    return { ok: false, report: finish(0, priceColumn) };
  if (volumeCol < 0)
    issue('NO_VOLUME', 'no Volume column: liquidity cannot be measured', headerAt + 1);

  const rows: Row[] = [];
  const seen = new Map<string, number>();
  let read = 0;
  let previous: Row | undefined;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    read++;
    const line = i + 1;
    const f = fields(raw);
    if (f.length !== header.length) {
      issue('MALFORMED_ROW', `${f.length} fields where the header has ${header.length}`, line);
      continue;
    }
    const date = f[dateCol] as string;
    const day = dayNumber(date);
    if (day === undefined) {
      issue('BAD_DATE', `"${date}" is not a date (YYYY-MM-DD)`, line);
      continue;
    }
    const priceText = f[priceCol] as string;
    if (!NUMBER.test(priceText)) {
      issue('BAD_NUMBER', `${priceColumn} "${priceText}" is not a number`, line, date);
      continue;
    }
    const price = Number(priceText);
    if (!(price > 0)) {
      issue('NON_POSITIVE_PRICE', `${priceColumn} ${priceText} is not positive`, line, date);
      continue;
    }
    let volume = Number.NaN;
    if (volumeCol >= 0) {
      const v = f[volumeCol] as string;
      if (!NUMBER.test(v)) {
        issue('BAD_NUMBER', `Volume "${v}" is not a number`, line, date);
        continue;
      }
      volume = Number(v);
      if (volume < 0) {
        issue('NEGATIVE_VOLUME', `Volume ${v} is negative`, line, date);
        continue;
      }
      if (volume === 0) issue('ZERO_VOLUME', 'nothing traded', line, date);
    }
    const firstLine = seen.get(date);
    if (firstLine !== undefined) {
      issue('DUPLICATE_DATE', `${date} already on line ${firstLine}`, line, date);
      continue;
    }
    seen.set(date, line);
    const row = { line, date, day, price, volume };
    if (previous && day < previous.day)
      issue('UNSORTED', `${date} comes after ${previous.date} (line ${previous.line})`, line, date);
    previous = row;
    rows.push(row);
  }

  // Gaps and the calendar are judged in date order, whatever order the rows came in.
  const ordered = [...rows].sort((a, b) => a.day - b.day);
  const first = ordered[0]?.date;
  const last = ordered.at(-1)?.date;
  if (options.calendar) checkCalendar(ordered, options.calendar, issue);
  else {
    const maxGap = options.maxGapDays ?? DEFAULT_MAX_GAP_DAYS;
    for (let i = 1; i < ordered.length; i++) {
      const a = ordered[i - 1] as Row;
      const b = ordered[i] as Row;
      if (b.day - a.day > maxGap)
        issue(
          'GAP',
          `${b.day - a.day} days from ${a.date} to ${b.date} (at most ${maxGap})`,
          b.line,
          b.date,
        );
    }
  }
  const minRows = options.minRows ?? 2;
  if (rows.length < minRows)
    issue('TOO_SHORT', `${rows.length} usable rows, at least ${minRows} needed`);

  const report = finish(read, priceColumn, first, last);
  if (!report.accepted) return { ok: false, report };
  return {
    ok: true,
    report,
    series: {
      id: seriesId,
      dates: rows.map((r) => r.date),
      prices: Float64Array.from(rows, (r) => r.price),
      volumes: Float64Array.from(rows, (r) => r.volume),
      priceColumn,
    },
  };
}

function checkCalendar(
  ordered: readonly Row[],
  calendar: readonly string[],
  issue: (code: DataIssueCode, message: string, line?: number, date?: string) => void,
): void {
  const first = ordered[0];
  const last = ordered.at(-1);
  if (!first || !last) return;
  const business = new Set(calendar);
  const present = new Set(ordered.map((r) => r.date));
  for (const r of ordered)
    if (!business.has(r.date))
      issue('OFF_CALENDAR', `${r.date} is not a business day`, r.line, r.date);
  for (const d of calendar)
    if (d > first.date && d < last.date && !present.has(d))
      issue('MISSING_DAY', `no row for business day ${d}`, undefined, d);
}

/** A series from values already in memory (tests, synthetic data): checked like a file. */
export function priceSeries(
  id: string,
  rows: readonly { date: string; price: number; volume?: number }[],
  options: PriceLoadOptions = {},
): PriceLoadResult {
  const withVolume = rows.length > 0 && rows.every((r) => r.volume !== undefined);
  const csv = [
    withVolume ? 'Date,Close,Volume' : 'Date,Close',
    ...rows.map((r) => (withVolume ? `${r.date},${r.price},${r.volume}` : `${r.date},${r.price}`)),
  ].join('\n');
  return loadPriceCsv(id, csv, options);
}
