/**
 * Market inputs for dispatch, read from CSV or JSON, every bad row reported as `file:line`:
 *
 * - power prices, USD/MWh per interval: ERCOT's real-time settlement point price files
 *   (NP6-905-CD: Delivery Date, Delivery Hour, Delivery Interval, Settlement Point Name,
 *   Settlement Point Type, Settlement Point Price, DSTFlag), ERCOT's day-ahead ones (NP4-190-CD:
 *   Delivery Date, Hour Ending, Settlement Point, Settlement Point Price, DSTFlag), or
 *   `start,price` with ISO 8601 instants;
 * - hashprice, USD per PH/s per day, by UTC day: `date,hashprice`;
 * - GPU-hour spot prices: `start|date,[gpu,]price` (a step function: each price holds until the next);
 * - demand-response events: `start,end,type,credit_per_mwh[,limit_mw]`, type `dr`, `4cp` or
 *   `curtailment` (a grid instruction: facility load at most limit_mw).
 *
 * A JSON file holds any of them: `{ "power": [{start, price}], "hashprice": [{date, price}],
 * "gpuHour": [{start|date, gpu?, price}], "events": [{start, end, type, creditPerMWh, limitMW?}] }`.
 */
import { readBoundedText } from '../lib/read-input';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { CsvError, headerKey, parseCsv, type CsvTable } from './csv';
import { centralToUtc, HOUR, MINUTE, parseDate, parseInstant } from './time';

export interface PricePoint {
  readonly start: number;
  /** Length the price covers, ms (15 min for ERCOT real-time rows, 1 h for day-ahead). */
  readonly span: number;
  readonly price: number;
}
export interface DailyPoint {
  readonly day: number;
  readonly price: number;
}
export interface GpuPricePoint {
  readonly start: number;
  readonly gpu?: string;
  readonly price: number;
}
export type EventType = 'dr' | '4cp' | 'curtailment';
export interface DispatchEvent {
  readonly start: number;
  readonly end: number;
  readonly type: EventType;
  readonly creditPerMWh: number;
  readonly limitMW?: number;
  /** `file:line`, for the report. */
  readonly source: string;
}

export interface MarketInputs {
  /** What the files say of themselves (`#` lines of a CSV, `label` of a JSON file). */
  readonly labels: readonly string[];
  readonly power: readonly PricePoint[];
  readonly hashprice: readonly DailyPoint[];
  readonly gpuHour: readonly GpuPricePoint[];
  readonly events: readonly DispatchEvent[];
}

export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export class InputErrors extends Error {
  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n'));
  }
}

/** Biggest input file read: a year of 15-minute rows for every ERCOT settlement point is far less. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const MAX_PRICE = 100_000; // USD/MWh; ERCOT's offer cap is 5,000 (a planning bound well above it)

type Kind = Exclude<keyof MarketInputs, 'labels'>;

class Reader {
  readonly problems: InputProblem[] = [];
  constructor(readonly file: string) {}
  bad(line: number | undefined, message: string): undefined {
    if (this.problems.length < 50) this.problems.push({ file: this.file, ...(line ? { line } : {}), message });
    return undefined;
  }
  num(raw: unknown, line: number | undefined, what: string, min: number, max: number): number | undefined {
    const x = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isFinite(x)) return this.bad(line, `${what} ${show(raw)} is not a number`);
    if (x < min || x > max) return this.bad(line, `${what} ${x} is outside ${min}…${max}`);
    return x;
  }
  instant(raw: unknown, line: number | undefined, what: string): number | undefined {
    const t = typeof raw === 'string' ? parseInstant(raw.trim()) : undefined;
    if (t === undefined) this.bad(line, `${what} ${show(raw)} is not an ISO 8601 time with an offset, e.g. 2025-07-01T14:00:00Z`);
    return t;
  }
  dayOrInstant(raw: unknown, line: number | undefined, what: string): number | undefined {
    const s = typeof raw === 'string' ? raw.trim() : '';
    const t = parseDate(s) ?? parseInstant(s);
    if (t === undefined) this.bad(line, `${what} ${show(raw)} is neither a date YYYY-MM-DD nor an ISO 8601 time with an offset`);
    return t;
  }
}

/** Shows a value from a file in an error: short, and with control characters escaped. */
function show(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  const cut = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return JSON.stringify(cut);
}

/**
 * A market input file's text: a regular file (FIFOs, devices and folders are refused by name,
 * before anything is read), at most MAX_INPUT_BYTES, checked before reading it.
 */
export async function readInputText(path: string): Promise<string> {
  const read = await readBoundedText(path, MAX_INPUT_BYTES);
  if ('text' in read) return read.text;
  const r = read.refused;
  const message = r.reason === 'not-a-file' ? `is ${r.kind}; give a CSV or JSON file` : r.reason === 'too-large' ? `is ${r.bytes} bytes; the limit is ${r.limit}` : `cannot be read (${r.code ?? r.message})`;
  throw new InputErrors([{ file: path, message }]);
}

export async function readInputFile(path: string, kind: Kind | 'any', settlementPoint?: string): Promise<Partial<MarketInputs>> {
  const r = new Reader(path);
  const text = await readInputText(path);
  const out = text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? fromJson(r, text, kind) : fromCsv(r, text, kind, settlementPoint);
  if (r.problems.length > 0) throw new InputErrors(r.problems);
  return out;
}

export function fromCsv(r: Reader, text: string, kind: Kind | 'any', settlementPoint?: string): Partial<MarketInputs> {
  let table: CsvTable;
  try {
    table = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) {
      r.bad(err.line, err.message);
      return {};
    }
    throw err;
  }
  const labels = table.comments.filter((c) => c !== '').map((c) => `${r.file}: ${c.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200)}`);
  const cols = new Map(table.header.map((h, i) => [headerKey(h), i]));
  const has = (...names: string[]) => names.every((n) => cols.has(n));
  const col = (row: readonly string[], ...names: string[]) => {
    for (const n of names) if (cols.has(n)) return row[cols.get(n)!]!;
    return '';
  };
  const want = (k: Kind) => kind === 'any' || kind === k;

  if (want('power') && has('deliverydate', 'settlementpointprice') && (has('deliveryhour', 'deliveryinterval') || has('hourending'))) {
    return { labels, power: ercotPrices(r, table, col, has('deliveryinterval'), settlementPoint) };
  }
  if (want('power') && has('start', 'price') && !cols.has('gpu') && kind === 'power') {
    const power: PricePoint[] = [];
    for (const { line, cells } of table.rows) {
      const start = r.instant(col(cells, 'start'), line, 'start');
      const price = r.num(col(cells, 'price'), line, 'price', -MAX_PRICE, MAX_PRICE);
      if (start !== undefined && price !== undefined) power.push({ start, span: 0, price });
    }
    return { labels, power: withSpans(r, power) };
  }
  if (want('hashprice') && has('date') && (has('hashprice') || has('usdperphday'))) {
    const hashprice: DailyPoint[] = [];
    for (const { line, cells } of table.rows) {
      const day = parseDate(col(cells, 'date'));
      if (day === undefined) r.bad(line, `date ${show(col(cells, 'date'))} is not YYYY-MM-DD`);
      const price = r.num(col(cells, 'hashprice', 'usdperphday'), line, 'hashprice', 0, 100_000);
      if (day !== undefined && price !== undefined) hashprice.push({ day, price });
    }
    return { labels, hashprice: sortedUnique(r, hashprice, (p) => p.day, 'day') };
  }
  if (want('gpuHour') && (has('start') || has('date')) && has('price')) {
    const gpuHour: GpuPricePoint[] = [];
    for (const { line, cells } of table.rows) {
      const start = r.dayOrInstant(col(cells, 'start', 'date'), line, 'start');
      const gpu = col(cells, 'gpu');
      const price = r.num(col(cells, 'price'), line, 'price', 0, 1_000);
      if (gpu && !/^[a-z0-9][-a-z0-9.]{0,62}$/.test(gpu)) r.bad(line, `gpu ${show(gpu)} is not a catalog GPU id`);
      if (start !== undefined && price !== undefined) gpuHour.push({ start, ...(gpu ? { gpu } : {}), price });
    }
    return { labels, gpuHour: [...gpuHour].sort((a, b) => a.start - b.start) };
  }
  if (want('events') && has('start', 'end', 'type')) {
    const events: DispatchEvent[] = [];
    for (const { line, cells } of table.rows) {
      const e = event(r, line, { start: col(cells, 'start'), end: col(cells, 'end'), type: col(cells, 'type'), credit: col(cells, 'creditpermwh'), limit: col(cells, 'limitmw') });
      if (e) events.push(e);
    }
    return { labels, events };
  }
  r.bad(1, `the header ${show(table.header.join(','))} is not one rackshift reads as ${kind === 'any' ? 'market input' : kind} (see docs/dispatch.md)`);
  return {};
}

function event(r: Reader, line: number | undefined, raw: { start: unknown; end: unknown; type: unknown; credit: unknown; limit: unknown }): DispatchEvent | undefined {
  const start = r.instant(raw.start, line, 'start');
  const end = r.instant(raw.end, line, 'end');
  const type = raw.type;
  if (type !== 'dr' && type !== '4cp' && type !== 'curtailment') r.bad(line, `type ${show(type)} is not dr, 4cp or curtailment`);
  const credit = raw.credit === '' || raw.credit === undefined ? 0 : r.num(raw.credit, line, 'credit_per_mwh', 0, MAX_PRICE);
  const limit = raw.limit === '' || raw.limit === undefined ? undefined : r.num(raw.limit, line, 'limit_mw', 0, 100_000);
  if (type === 'curtailment' && limit === undefined) r.bad(line, 'a curtailment event needs limit_mw');
  if (start !== undefined && end !== undefined && end <= start) r.bad(line, 'end is not after start');
  if (start === undefined || end === undefined || credit === undefined || (type !== 'dr' && type !== '4cp' && type !== 'curtailment') || end <= start) return undefined;
  return { start, end, type, creditPerMWh: credit, ...(limit !== undefined ? { limitMW: limit } : {}), source: `${r.file}:${line ?? 1}` };
}

function ercotPrices(r: Reader, table: CsvTable, col: (row: readonly string[], ...n: string[]) => string, realTime: boolean, point?: string): PricePoint[] {
  const points = new Set<string>();
  const out: PricePoint[] = [];
  for (const { line, cells } of table.rows) {
    const name = col(cells, 'settlementpointname', 'settlementpoint');
    points.add(name);
    if (point && name !== point) continue;
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(col(cells, 'deliverydate'));
    if (!m) {
      r.bad(line, `Delivery Date ${show(col(cells, 'deliverydate'))} is not MM/DD/YYYY`);
      continue;
    }
    let minute: number;
    if (realTime) {
      const h = Number(col(cells, 'deliveryhour'));
      const k = Number(col(cells, 'deliveryinterval'));
      if (!(Number.isInteger(h) && h >= 1 && h <= 24 && Number.isInteger(k) && k >= 1 && k <= 4)) {
        r.bad(line, `Delivery Hour ${show(col(cells, 'deliveryhour'))} / Interval ${show(col(cells, 'deliveryinterval'))} must be 1–24 / 1–4`);
        continue;
      }
      minute = (h - 1) * 60 + (k - 1) * 15;
    } else {
      const he = /^(\d{2}):00$/.exec(col(cells, 'hourending'));
      const h = he ? Number(he[1]) : NaN;
      if (!(h >= 1 && h <= 24)) {
        r.bad(line, `Hour Ending ${show(col(cells, 'hourending'))} must be 01:00–24:00`);
        continue;
      }
      minute = (h - 1) * 60;
    }
    const start = centralToUtc(Number(m[3]), Number(m[1]), Number(m[2]), minute, col(cells, 'dstflag').toUpperCase() === 'Y');
    if (typeof start === 'string') {
      r.bad(line, start);
      continue;
    }
    const price = r.num(col(cells, 'settlementpointprice'), line, 'Settlement Point Price', -MAX_PRICE, MAX_PRICE);
    if (price !== undefined) out.push({ start, span: realTime ? 15 * MINUTE : HOUR, price });
  }
  if (!point && points.size > 1) {
    r.bad(1, `the file has ${points.size} settlement points; set spec.dispatch.settlementPoint or --settlement-point (e.g. ${[...points].sort().slice(0, 3).join(', ')})`);
    return [];
  }
  if (point && out.length === 0 && r.problems.length === 0) r.bad(1, `no rows for settlement point ${point} (the file has ${[...points].sort().slice(0, 5).join(', ')}${points.size > 5 ? ', …' : ''})`);
  return sortedUnique(r, out, (p) => p.start, 'interval');
}

/** Generic `start,price` rows: each price lasts until the next row (the last one as long as the one before). */
function withSpans(r: Reader, rows: PricePoint[]): PricePoint[] {
  const sorted = sortedUnique(r, rows, (p) => p.start, 'interval');
  return sorted.map((p, i) => ({ ...p, span: (sorted[i + 1]?.start ?? p.start + (i > 0 ? p.start - sorted[i - 1]!.start : HOUR)) - p.start }));
}

function sortedUnique<T>(r: Reader, rows: T[], key: (t: T) => number, what: string): T[] {
  const sorted = [...rows].sort((a, b) => key(a) - key(b));
  for (let i = 1; i < sorted.length; i++) {
    if (key(sorted[i]!) === key(sorted[i - 1]!)) r.bad(undefined, `two rows for the same ${what} ${new Date(key(sorted[i]!)).toISOString()}`);
  }
  return sorted;
}

function fromJson(r: Reader, text: string, kind: Kind | 'any'): Partial<MarketInputs> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, schema: 'json', uniqueKeys: true });
  if (doc.errors.length > 0) {
    r.bad(lines.linePos(doc.errors[0]!.pos[0]).line, `not valid JSON: ${doc.errors[0]!.message.split('\n')[0]}`);
    return {};
  }
  const lineOf = (n: Node | null | undefined) => (n?.range ? lines.linePos(n.range[0]).line : undefined);
  const root = doc.contents;
  const out: { -readonly [K in keyof MarketInputs]?: MarketInputs[K] } = {};
  const sections: [Kind, Node | undefined][] = [];
  if (isSeq(root)) {
    if (kind === 'any') r.bad(1, 'a JSON array needs to say what it holds: use an object with power, hashprice, gpuHour or events');
    else sections.push([kind, root]);
  } else if (isMap(root)) {
    for (const item of root.items) {
      const key = String((item.key as { value?: unknown })?.value);
      if (key === 'label') {
        const v = (item.value as { value?: unknown })?.value;
        if (typeof v === 'string') out.labels = [`${r.file}: ${v.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200)}`];
        else r.bad(lineOf(item.value as Node), 'label must be a string');
      } else if (key !== 'power' && key !== 'hashprice' && key !== 'gpuHour' && key !== 'events') r.bad(lineOf(item.key as Node), `unknown key ${show(key)} (label, power, hashprice, gpuHour, events)`);
      else if (kind === 'any' || kind === key) sections.push([key, item.value as Node]);
    }
  } else r.bad(1, 'expected a JSON object or array');

  for (const [k, node] of sections) {
    if (!isSeq(node)) {
      r.bad(lineOf(node), `${k} must be an array`);
      continue;
    }
    const rows = node.items.map((n) => ({ line: lineOf(n as Node), v: (n as Node & { toJSON(): unknown }).toJSON() as Record<string, unknown> }));
    if (k === 'power') {
      const pts: PricePoint[] = [];
      for (const { line, v } of rows) {
        const start = r.instant(v?.start, line, 'start');
        const price = r.num(v?.price, line, 'price', -MAX_PRICE, MAX_PRICE);
        if (start !== undefined && price !== undefined) pts.push({ start, span: 0, price });
      }
      out.power = withSpans(r, pts);
    } else if (k === 'hashprice') {
      const pts: DailyPoint[] = [];
      for (const { line, v } of rows) {
        const day = typeof v?.date === 'string' ? parseDate(v.date) : undefined;
        if (day === undefined) r.bad(line, `date ${show(v?.date)} is not YYYY-MM-DD`);
        const price = r.num(v?.price, line, 'price', 0, 100_000);
        if (day !== undefined && price !== undefined) pts.push({ day, price });
      }
      out.hashprice = sortedUnique(r, pts, (p) => p.day, 'day');
    } else if (k === 'gpuHour') {
      const pts: GpuPricePoint[] = [];
      for (const { line, v } of rows) {
        const start = r.dayOrInstant(v?.start ?? v?.date, line, 'start');
        const price = r.num(v?.price, line, 'price', 0, 1_000);
        const gpu = v?.gpu;
        if (gpu !== undefined && (typeof gpu !== 'string' || !/^[a-z0-9][-a-z0-9.]{0,62}$/.test(gpu))) r.bad(line, `gpu ${show(gpu)} is not a catalog GPU id`);
        if (start !== undefined && price !== undefined) pts.push({ start, ...(typeof gpu === 'string' ? { gpu } : {}), price });
      }
      out.gpuHour = pts.sort((a, b) => a.start - b.start);
    } else {
      const evs: DispatchEvent[] = [];
      for (const { line, v } of rows) {
        const e = event(r, line, { start: v?.start, end: v?.end, type: v?.type, credit: v?.creditPerMWh, limit: v?.limitMW });
        if (e) evs.push(e);
      }
      out.events = evs;
    }
  }
  return out;
}
