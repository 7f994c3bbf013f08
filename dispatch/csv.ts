/**
 * A small CSV reader for market files: RFC 4180 quoting, a header row, and the 1-based line of
 * every record so a bad row is reported as `file:line`. Market files are machine-written;
 * anything odd (a stray quote, a short row) is an error, never a guess.
 */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
  /** `#` lines before the header: how a file says what it is (e.g. that its prices are synthetic). */
  readonly comments: readonly string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvTable {
  const records: CsvRow[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const comments: string[] = [];
  while (text[i] === '#') {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? n : nl;
    comments.push(text.slice(i + 1, end).replace(/\r$/, '').trim());
    i = end + 1;
    line++;
  }
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new CsvError(start, 'a quoted field is not closed');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') throw new CsvError(line, 'text after a closing quote');
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') throw new CsvError(line, 'a quote inside an unquoted field');
          cell += text[i];
          i++;
        }
      }
      cells.push(cell.trim());
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (cells.length === 1 && cells[0] === '') continue; // blank line
    records.push({ line: start, cells });
  }
  if (records.length === 0) throw new CsvError(1, 'the file is empty');
  const [head, ...rows] = records;
  for (const r of rows) {
    if (r.cells.length !== head!.cells.length) throw new CsvError(r.line, `${r.cells.length} fields where the header has ${head!.cells.length}`);
  }
  return { header: head!.cells, rows, comments };
}

/** Header names compared without case, spaces or underscores: `Delivery Date` = `DeliveryDate` = `delivery_date`. */
export const headerKey = (h: string): string => h.toLowerCase().replace(/[\s_-]+/g, '');
