/** Reading a delivery manifest (CSV or YAML) into rows with their lines; see index.ts. */
import { realpath } from 'node:fs/promises';
import { delimiter, extname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostics } from '../diagnostics';
import { displayPath } from '../display-path';
import type { SiteSpec } from '../site-spec';
import { readBoundedText } from '../../lib/read-input';
import { holdsSecret } from '../../lib/redact';
import { MAX_INVENTORY_BYTES } from '../input-limits';


export const INVENTORY_FIELDS = ['serial', 'pool', 'rack', 'slot', 'node', 'vendor', 'model', 'bmcMac', 'bmcAddress', 'bootMac', 'rootDeviceSerial', 'osDriveSerials'] as const;
export type InventoryField = (typeof INVENTORY_FIELDS)[number];

/** Column/key spellings vendors use, normalised (lower case, letters and digits only). */
const ALIASES: Record<string, InventoryField> = {
  serial: 'serial',
  serialnumber: 'serial',
  sn: 'serial',
  pool: 'pool',
  rack: 'rack',
  slot: 'slot',
  position: 'slot',
  node: 'node',
  nodename: 'node',
  vendor: 'vendor',
  manufacturer: 'vendor',
  model: 'model',
  bmcmac: 'bmcMac',
  ipmimac: 'bmcMac',
  bmcaddress: 'bmcAddress',
  bmcip: 'bmcAddress',
  bootmac: 'bootMac',
  provisioningmac: 'bootMac',
  pxemac: 'bootMac',
  rootdeviceserial: 'rootDeviceSerial',
  rootdiskserial: 'rootDeviceSerial',
  osdriveserials: 'osDriveSerials',
  osdiskserials: 'osDriveSerials',
};

/** Credential columns: accepted so a vendor sheet loads, and dropped on the spot. */
const SECRET_KEYS = new Set(['bmcpassword', 'password', 'bmcuser', 'bmcusername', 'username', 'user', 'bmccredentials', 'ipmipassword', 'ipmiuser']);

export interface InventoryRow {
  /** 1-based line (and column) of the row or YAML item in the manifest. */
  readonly line: number;
  readonly column: number;
  /** Where the row is in the manifest, for messages: `hosts[3]` (YAML) or `row 4` (CSV). */
  readonly path: string;
  readonly fields: Readonly<Partial<Record<InventoryField, string>>>;
  /** Line and column of each field, when known. */
  readonly at: Readonly<Partial<Record<InventoryField, { line: number; column: number }>>>;
}

export interface InventoryManifest {
  /** Path as the site names it (relative to the site file). */
  readonly file: string;
  /** Path shown in messages (relative to the working directory). */
  readonly shown: string;
  readonly rows: readonly InventoryRow[];
}

/** Env setting: more folders (separated by ":") inventories may be read from, besides the site file's own. */
export const INVENTORY_ROOTS_ENV = 'RACKSHIFT_INVENTORY_ROOTS';

/**
 * Reads the site's inventory file, if it names one. Problems go into `diagnostics`.
 * Returns undefined when the site names no inventory (the resolver then marks every node pending).
 *
 * The path is relative to the site file and, links resolved, must lie inside the site file's
 * folder or a folder listed in RACKSHIFT_INVENTORY_ROOTS: a site file from a pull request must
 * not make CI read (and quote) /etc/shadow or another repository's secrets.
 */
export async function loadInventory(spec: SiteSpec, siteDir: string, diagnostics: Diagnostics, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<InventoryManifest | undefined> {
  const ref = spec.spec.inventory;
  if (!ref) return undefined;
  const full = resolvePath(siteDir, ref.file);
  const shown = displayPath(full, cwd);
  const fail = (rule: 'rackshift:inventory/unreadable' | 'rackshift:inventory/outside' | 'rackshift:inventory/refused', message: string) => {
    diagnostics.error(rule, ['spec', 'inventory', 'file'], message);
    return undefined;
  };
  let real: string;
  try {
    real = await realpath(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail('rackshift:inventory/unreadable', `${code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(err)})`}: ${shown}`);
  }
  const roots = await inventoryRoots(siteDir, env);
  if (!roots.some((root) => isInside(real, root))) {
    const via = real === full ? '' : ` (a link to ${displayPath(real, cwd)})`;
    return fail('rackshift:inventory/outside', `${shown}${via} is outside the site file's folder ${displayPath(siteDir, cwd) || '.'}; move it there, or list its folder in ${INVENTORY_ROOTS_ENV}`);
  }
  const read = await readBoundedText(real, MAX_INVENTORY_BYTES);
  if ('refused' in read) {
    const r = read.refused;
    if (r.reason === 'unreadable') return fail('rackshift:inventory/unreadable', `${r.message}: ${shown}`);
    return fail('rackshift:inventory/refused', `${shown} ${r.message}${r.reason === 'too-large' ? ' for an inventory (checked before reading)' : ''}`);
  }
  return parseInventoryText(read.text, ref.file, shown, diagnostics);
}

/** The site file's folder and the folders of RACKSHIFT_INVENTORY_ROOTS, links resolved. */
async function inventoryRoots(siteDir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const listed = (env[INVENTORY_ROOTS_ENV] ?? '').split(delimiter).filter((p) => p !== '');
  const roots = await Promise.all([siteDir, ...listed].map((p) => realpath(resolvePath(p)).catch(() => undefined)));
  return roots.filter((r): r is string => r !== undefined);
}

function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * What an inventory value may hold: letters, digits and the punctuation serials, models and
 * MACs use. Nothing else from a vendor's file reaches a message or a generated file, so no
 * newline, quote, `<`, `|` or `$` can be carried into dnsmasq, YAML, Markdown or a terminal.
 */
const CELL = /^[A-Za-z0-9][A-Za-z0-9 ._:/()+#-]{0,127}$/;
/** osDriveSerials is a list: serials separated by ";", "|" or spaces. */
const DRIVE_LIST = /^[A-Za-z0-9][A-Za-z0-9 ._:/()+#;|-]{0,1023}$/;

/** A header or key from the file, for a message: at most 32 characters, quoted and escaped. */
export function shownName(raw: string): string {
  const cut = raw.length > 32 ? `${raw.slice(0, 32)}…` : raw;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Records a field's value when it has the allowed shape; otherwise one error naming the field, never the value. */
function accept(field: InventoryField, value: string, fields: Partial<Record<InventoryField, string>>, path: string, file: string, at: { line: number; column: number }, d: Diagnostics): boolean {
  if (holdsSecret(value)) {
    d.addAt('error', 'rackshift:inventory/bad-value', `${path}.${field}`, 'holds a credential (a token or key); the value is not shown or used', { file, ...at });
    return false;
  }
  if ((field === 'osDriveSerials' ? DRIVE_LIST : CELL).test(value)) {
    fields[field] = value;
    return true;
  }
  const length = field === 'osDriveSerials' ? 1024 : 128;
  d.addAt('error', 'rackshift:inventory/bad-value', `${path}.${field}`, `holds ${value.length > length ? `${value.length} characters (at most ${length})` : 'a character that is not a letter, digit, space or one of . _ : / ( ) + # -'}; the value is not used`, { file, ...at });
  return false;
}

/** Parses manifest text; the format follows the extension (.csv, or .yaml/.yml). */
export function parseInventoryText(text: string, file: string, shown: string, d: Diagnostics): InventoryManifest {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return { file, shown, rows: parseCsv(text, shown, d) };
  if (ext === '.yaml' || ext === '.yml') return { file, shown, rows: parseYaml(text, shown, d) };
  d.addAt('error', 'rackshift:inventory/format', '', `unknown inventory format "${ext || 'none'}": use .csv, .yaml or .yml`, { file: shown });
  return { file, shown, rows: [] };
}

// ---- CSV ------------------------------------------------------------------------------------

interface CsvCell {
  readonly value: string;
  readonly column: number;
}

/** RFC 4180 fields on one line: commas, double quotes with "" escapes. Lines starting with # are comments. */
function splitCsvLine(line: string): CsvCell[] | string {
  const cells: CsvCell[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return `unterminated quoted field at column ${start + 1}`;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      if (i < line.length && line[i] !== ',') return `unexpected text after a quoted field at column ${i + 1}`;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      value = line.slice(i, end);
      i = end;
    }
    cells.push({ value: value.trim(), column: start + 1 });
    if (i >= line.length) return cells;
    i++; // the comma
  }
}

function parseCsv(text: string, file: string, d: Diagnostics): InventoryRow[] {
  const lines = text.split(/\r?\n/);
  const rows: InventoryRow[] = [];
  let header: (InventoryField | null)[] | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const cells = splitCsvLine(raw);
    if (typeof cells === 'string') {
      d.addAt('error', 'rackshift:inventory/csv', '', cells, { file, line });
      return;
    }
    if (!header) {
      header = readHeader(cells, file, line, d);
      return;
    }
    if (cells.length !== header.length) {
      d.addAt('error', 'rackshift:inventory/csv', `row ${rows.length + 1}`, `has ${cells.length} fields; the header has ${header.length}`, { file, line });
      return;
    }
    const fields: Partial<Record<InventoryField, string>> = {};
    const at: Partial<Record<InventoryField, { line: number; column: number }>> = {};
    header.forEach((f, k) => {
      const cell = cells[k]!;
      if (f && cell.value !== '' && accept(f, cell.value, fields, `row ${rows.length + 1}`, file, { line, column: cell.column }, d)) at[f] = { line, column: cell.column };
    });
    rows.push({ line, column: 1, path: `row ${rows.length + 1}`, fields, at });
  });
  if (!header) d.addAt('error', 'rackshift:inventory/csv', '', 'empty inventory: expected a header line (serial,pool,rack,slot,bmcMac,bmcAddress,bootMac,vendor,model)', { file });
  return rows;
}

function readHeader(cells: CsvCell[], file: string, line: number, d: Diagnostics): (InventoryField | null)[] {
  const seen = new Set<InventoryField>();
  const header = cells.map((c) => {
    const key = normaliseKey(c.value);
    const f = ALIASES[key];
    if (f) {
      if (seen.has(f)) d.addAt('error', 'rackshift:inventory/csv', 'header', `column ${shownName(c.value)} repeats ${f}`, { file, line, column: c.column });
      seen.add(f);
      return f;
    }
    if (SECRET_KEYS.has(key)) {
      d.addAt('warning', 'rackshift:inventory/credentials', 'header', `column ${shownName(c.value)} holds BMC credentials; rackshift ignores it (put credentials in the BMC Secrets, never in the repository)`, { file, line, column: c.column });
    } else {
      d.addAt('warning', 'rackshift:inventory/unknown-column', 'header', `column ${shownName(c.value)} is not used (known: ${INVENTORY_FIELDS.join(', ')})`, { file, line, column: c.column });
    }
    return null;
  });
  return header;
}

function normaliseKey(k: string): string {
  return k.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// ---- YAML -----------------------------------------------------------------------------------

/**
 * A YAML manifest is `kind: Inventory` with `hosts:` (a list of mappings), or just the list.
 * Keys are the CSV column names.
 */
function parseYaml(text: string, file: string, d: Diagnostics): InventoryRow[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lc.linePos(e.pos[0]);
      d.addAt('error', 'rackshift:inventory/yaml', '', `invalid YAML: ${e.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col });
    }
    return [];
  }
  const pos = (n: Node | null | undefined) => {
    const p = lc.linePos(n?.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  };
  let list: Node | null = doc.contents as Node | null;
  let listPath = '';
  if (isMap(list)) {
    const kind = list.get('kind');
    if (kind !== undefined && kind !== 'Inventory') {
      d.addAt('error', 'rackshift:inventory/yaml', 'kind', `expected kind Inventory, got ${typeof kind === 'string' ? shownName(kind) : 'a non-string'}`, { file, ...pos(list) });
      return [];
    }
    const hosts = list.get('hosts', true) as Node | undefined;
    list = hosts ?? null;
    listPath = 'hosts';
  }
  if (!isSeq(list)) {
    d.addAt('error', 'rackshift:inventory/yaml', listPath, 'expected a list of hosts (kind: Inventory with hosts: [...], or a plain list)', { file, ...pos(doc.contents as Node | null) });
    return [];
  }
  const rows: InventoryRow[] = [];
  list.items.forEach((item, i) => {
    const path = `${listPath}[${i}]`;
    const where = pos(item as Node);
    if (!isMap(item)) {
      d.addAt('error', 'rackshift:inventory/yaml', path, 'expected a mapping of host fields', { file, ...where });
      return;
    }
    const fields: Partial<Record<InventoryField, string>> = {};
    const at: Partial<Record<InventoryField, { line: number; column: number }>> = {};
    for (const pair of item.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const rawKey = String(pair.key.value);
      const keyName = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(rawKey) ? rawKey : shownName(rawKey);
      const key = normaliseKey(rawKey);
      const f = ALIASES[key];
      const keyAt = pos(pair.key as Node);
      if (!f) {
        if (SECRET_KEYS.has(key)) {
          d.addAt('warning', 'rackshift:inventory/credentials', `${path}.${keyName}`, 'holds BMC credentials; rackshift ignores it (put credentials in the BMC Secrets, never in the repository)', { file, ...keyAt });
        } else {
          d.addAt('error', 'rackshift:inventory/unknown-field', `${path}.${keyName}`, `unknown field (known: ${INVENTORY_FIELDS.join(', ')})`, { file, ...keyAt });
        }
        continue;
      }
      const value = pair.value;
      if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) continue;
      if (!isScalar(value) || typeof value.value === 'object') {
        d.addAt('error', 'rackshift:inventory/yaml', `${path}.${keyName}`, 'expected a single value', { file, ...keyAt });
        continue;
      }
      if (accept(f, String(value.value).trim(), fields, path, file, pos(value as Node), d)) at[f] = pos(value as Node);
    }
    rows.push({ ...where, path, fields, at });
  });
  return rows;
}
