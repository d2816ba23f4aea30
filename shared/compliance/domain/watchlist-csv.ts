// RFC 4180 CSV, as the watch-list files and the labelled name set are written: fields
// separated by commas, quoted with double quotes where they hold a comma, a quote (doubled)
// or a line break; CRLF or LF line ends. Each record keeps the line it starts on, so a bad
// row can be reported by line. Pure.

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export type CsvResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly line: number; readonly reason: string };

export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let start = 1;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
    afterQuote = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      afterQuote = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else if (ch === '"' && field === '' && !afterQuote) {
      quoted = true;
    } else if (afterQuote) {
      return { ok: false, line, reason: 'text after a closing quote' };
    } else if (ch === '"') {
      return { ok: false, line, reason: 'a quote inside an unquoted field' };
    } else {
      field += ch;
    }
  }
  if (quoted) return { ok: false, line: start, reason: 'a quoted field is not closed' };
  endRecord();
  return { ok: true, records };
}
