// Watch-list files (issue 14, M1-c; docs/aml-screening.md): the shipped sample loads, and a
// file with bad rows is refused whole, each problem reported by line, field and reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Screening } from '../../shared/compliance';
import { loadWatchlist, WATCHLIST_COLUMNS } from '../../shared/compliance/domain/watchlist-file';
import { parseCsv } from '../../shared/compliance/domain/watchlist-csv';

const HEADER = WATCHLIST_COLUMNS.join(',');

describe('M1-c watch-list files', () => {
  it('loads the shipped sample list (fictional entries) and screens against it', () => {
    const loaded = loadWatchlist(readFileSync('docs/samples/watchlist-sample.csv', 'utf8'));
    expect(loaded).toMatchObject({
      ok: true,
      report: { entries: 10, names: 25, idNumbers: 3, people: 9, organisations: 1 },
    });
    if (!loaded.ok) return;
    expect(loaded.entries.every((e) => e.entryId.startsWith('SAMPLE-'))).toBe(true);
    const index = new Screening.ScreeningIndex(loaded.entries);
    expect(index.screen({ name: '張小明' }).map((h) => h.entryId)).toEqual(['SAMPLE-0001']);
    expect(index.screen({ name: 'Сергей Иванов' }).map((h) => h.entryId)).toEqual(['SAMPLE-0007']);
    expect(index.screen({ name: 'Ivanov Sergei' }).map((h) => h.entryId)).toEqual(['SAMPLE-0007']);
    expect(index.screen({ idNumber: 'a1234567 (8)' }).map((h) => h.entryId)).toEqual([
      'SAMPLE-0004',
    ]);
  });

  it('refuses a file with bad rows whole, reporting line, field and reason', () => {
    const csv = [
      HEADER,
      'A1,PERSON,张三|Zhang San,,P1,2026-01-31,',
      'A2,PERSON,李四,,P1,2026-02-30,',
      'A1,ALIEN,,12,,,',
      'A3,PERSON,"Wang, Wu",,P1,,fine row',
      'A4,PERSON,only three',
    ].join('\n');
    expect(loadWatchlist(csv)).toEqual({
      ok: false,
      errorCount: 7,
      errors: [
        { line: 3, field: 'listed_on', reason: 'must be a date YYYY-MM-DD' },
        { line: 4, field: 'entry_id', reason: 'repeats the entry of line 2' },
        { line: 4, field: 'kind', reason: 'must be PERSON or ORGANISATION' },
        { line: 4, field: 'names', reason: 'at least one name is required' },
        { line: 4, field: 'id_numbers', reason: 'an ID number must have 4-40 letters or digits' },
        { line: 4, field: 'programme', reason: 'must be 1-64 visible characters' },
        { line: 6, field: 'file', reason: '3 fields, expected 7' },
      ],
    });
  });

  it('refuses a wrong header, an empty list, a broken quote and hidden characters', () => {
    expect(loadWatchlist('id,name\nA,B')).toMatchObject({
      ok: false,
      errors: [{ line: 1, field: 'file' }],
    });
    expect(loadWatchlist(`${HEADER}\n`)).toMatchObject({
      ok: false,
      errors: [{ field: 'file', reason: 'the list has no entries' }],
    });
    expect(loadWatchlist(`${HEADER}\nA1,PERSON,"Zhang San,,P,,\n`)).toMatchObject({
      ok: false,
      errors: [{ line: 2, field: 'file', reason: 'a quoted field is not closed' }],
    });
    expect(loadWatchlist(`${HEADER}\nA1,PERSON,Zhang\u202eSan,,P,,\n`)).toMatchObject({
      ok: false,
      errors: [{ line: 2, field: 'names', reason: 'a name holds control or invisible characters' }],
    });
  });

  it('parses RFC 4180 CSV: quotes, doubled quotes, line breaks in quotes, CRLF, a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,""c"""\r\n"x\ny",z\r\n')).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b,"c"'] },
        { line: 2, fields: ['x\ny', 'z'] },
      ],
    });
  });
});
