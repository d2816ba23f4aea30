// Watch-list files (M1-c; the format: docs/aml-screening.md): CSV with a fixed header, one
// entry a row. Every row is validated; a file with any bad row is refused whole with each
// problem (line, field, reason), so a half list is never loaded. Pure.
import { isVisibleText } from '../../kernel';
import { parseCsv } from './watchlist-csv';
import type { WatchlistEntry } from './screening-match';
import { normaliseIdNumber } from './screening-ids';

export const WATCHLIST_COLUMNS = [
  'entry_id',
  'kind',
  'names',
  'id_numbers',
  'programme',
  'listed_on',
  'remarks',
] as const;

export interface WatchlistRowError {
  /** 1-based line of the file. */
  readonly line: number;
  /** The column, or `file` for the file as a whole. */
  readonly field: (typeof WATCHLIST_COLUMNS)[number] | 'file';
  readonly reason: string;
}

export interface WatchlistReport {
  readonly entries: number;
  readonly names: number;
  readonly idNumbers: number;
  readonly people: number;
  readonly organisations: number;
}

export type WatchlistLoad =
  | {
      readonly ok: true;
      readonly entries: readonly WatchlistEntry[];
      readonly report: WatchlistReport;
    }
  | {
      readonly ok: false;
      /** The first `MAX_REPORTED` problems, in file order. */
      readonly errors: readonly WatchlistRowError[];
      readonly errorCount: number;
    };

export const MAX_REPORTED = 100;
export const MAX_ENTRIES = 200_000;
const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

const split = (s: string) =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

/** Reads a watch-list file: every entry, or every problem (nothing half loaded). */
export function loadWatchlist(csv: string): WatchlistLoad {
  const errors: WatchlistRowError[] = [];
  const fail = (): WatchlistLoad => ({
    ok: false,
    errors: errors.slice(0, MAX_REPORTED),
    errorCount: errors.length,
  });
  const parsed = parseCsv(csv);
  if (!parsed.ok) {
    errors.push({ line: parsed.line, field: 'file', reason: parsed.reason });
    return fail();
  }
  const [header, ...rows] = parsed.records;
  const got = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (got.join(',') !== WATCHLIST_COLUMNS.join(',')) {
    errors.push({
      line: header?.line ?? 1,
      field: 'file',
      reason: `the header must be ${WATCHLIST_COLUMNS.join(',')}`,
    });
    return fail();
  }
  if (rows.length === 0) {
    errors.push({ line: 2, field: 'file', reason: 'the list has no entries' });
    return fail();
  }
  if (rows.length > MAX_ENTRIES) {
    errors.push({ line: 1, field: 'file', reason: `more than ${MAX_ENTRIES} entries` });
    return fail();
  }
  const seen = new Map<string, number>();
  const entries: WatchlistEntry[] = [];
  let names = 0;
  let ids = 0;
  for (const { line, fields } of rows) {
    const bad = (field: WatchlistRowError['field'], reason: string) => {
      errors.push({ line, field, reason });
    };
    if (fields.length !== WATCHLIST_COLUMNS.length) {
      bad('file', `${fields.length} fields, expected ${WATCHLIST_COLUMNS.length}`);
      continue;
    }
    const [
      entryId = '',
      kind = '',
      nameField = '',
      idField = '',
      programme = '',
      listedOn = '',
      remarks = '',
    ] = fields.map((f) => f.trim());
    const before = errors.length;
    if (!ENTRY_ID.test(entryId))
      bad('entry_id', 'must be 1-64 letters, digits or . _ : - (starting with a letter or digit)');
    else if (seen.has(entryId)) bad('entry_id', `repeats the entry of line ${seen.get(entryId)}`);
    else seen.set(entryId, line);
    if (kind !== 'PERSON' && kind !== 'ORGANISATION') bad('kind', 'must be PERSON or ORGANISATION');
    const nameList = split(nameField);
    if (nameList.length === 0) bad('names', 'at least one name is required');
    for (const n of nameList) {
      if (n.length > 200) bad('names', 'a name is longer than 200 characters');
      else if (!isVisibleText(n)) bad('names', 'a name holds control or invisible characters');
      else if (!/[\p{L}]/u.test(n)) bad('names', `"${n}" has no letters to compare`);
    }
    const idList = split(idField);
    for (const id of idList) {
      const norm = normaliseIdNumber(id);
      if (norm.length < 4 || norm.length > 40)
        bad('id_numbers', 'an ID number must have 4-40 letters or digits');
    }
    if (programme.length === 0 || programme.length > 64 || !isVisibleText(programme)) {
      bad('programme', 'must be 1-64 visible characters');
    }
    if (listedOn !== '' && !validDate(listedOn)) bad('listed_on', 'must be a date YYYY-MM-DD');
    if (remarks.length > 500 || !isVisibleText(remarks))
      bad('remarks', 'must be at most 500 visible characters');
    if (errors.length > before) continue;
    names += nameList.length;
    ids += idList.length;
    entries.push({
      entryId,
      kind: kind as WatchlistEntry['kind'],
      names: nameList,
      idNumbers: idList.map(normaliseIdNumber),
      programme,
    });
  }
  if (errors.length > 0) return fail();
  return {
    ok: true,
    entries,
    report: {
      entries: entries.length,
      names,
      idNumbers: ids,
      people: entries.filter((e) => e.kind === 'PERSON').length,
      organisations: entries.filter((e) => e.kind === 'ORGANISATION').length,
    },
  };
}
