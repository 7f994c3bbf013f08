/**
 * The hardware delivery inventory (serials, MACs, BMC addresses) named by `spec.inventory`.
 * Until an inventory arrives, every node is pending and nothing that needs a MAC is invented.
 *
 * Two steps: `loadInventory` reads the CSV or YAML manifest into rows (with their lines), and
 * `bindInventory` — called by the resolver once pools and racks are known — matches each row
 * to a node and checks the whole manifest. Every problem is reported with the manifest's own
 * file:line, together with the site's problems.
 *
 * Manifests from vendors often carry BMC passwords. They are recognised, never kept: the
 * parsed rows do not hold them, so nothing downstream can write them.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve as resolvePath } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostics } from './diagnostics';
import { displayPath } from './display-path';
import { parseIPv4 } from './ipv4';
import type { InventoryHost, ResolvedInventory, ResolvedPool } from './resolved-site';
import type { SiteSpec } from './site-spec';
import type { RuleId } from './rules';
import type { DriveSet } from './catalog/types';

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

/**
 * Reads the site's inventory file, if it names one. Problems go into `diagnostics`.
 * Returns undefined when the site names no inventory (the resolver then marks every node pending).
 */
export async function loadInventory(spec: SiteSpec, siteDir: string, diagnostics: Diagnostics, cwd: string = process.cwd()): Promise<InventoryManifest | undefined> {
  const ref = spec.spec.inventory;
  if (!ref) return undefined;
  const full = resolvePath(siteDir, ref.file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    diagnostics.error('rackshift:inventory/unreadable', ['spec', 'inventory', 'file'], `${code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(err)})`}: ${displayPath(full, cwd)}`);
    return undefined;
  }
  return parseInventoryText(text, ref.file, displayPath(full, cwd), diagnostics);
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
      if (f && cell.value !== '') {
        fields[f] = cell.value;
        at[f] = { line, column: cell.column };
      }
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
      if (seen.has(f)) d.addAt('error', 'rackshift:inventory/csv', 'header', `column "${c.value}" repeats ${f}`, { file, line, column: c.column });
      seen.add(f);
      return f;
    }
    if (SECRET_KEYS.has(key)) {
      d.addAt('warning', 'rackshift:inventory/credentials', 'header', `column "${c.value}" holds BMC credentials; rackshift ignores it (put credentials in the BMC Secrets, never in the repository)`, { file, line, column: c.column });
    } else {
      d.addAt('warning', 'rackshift:inventory/unknown-column', 'header', `column "${c.value}" is not used (known: ${INVENTORY_FIELDS.join(', ')})`, { file, line, column: c.column });
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
      d.addAt('error', 'rackshift:inventory/yaml', 'kind', `expected kind Inventory, got ${JSON.stringify(kind)}`, { file, ...pos(list) });
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
      const key = normaliseKey(rawKey);
      const f = ALIASES[key];
      const keyAt = pos(pair.key as Node);
      if (!f) {
        if (SECRET_KEYS.has(key)) {
          d.addAt('warning', 'rackshift:inventory/credentials', `${path}.${rawKey}`, 'holds BMC credentials; rackshift ignores it (put credentials in the BMC Secrets, never in the repository)', { file, ...keyAt });
        } else {
          d.addAt('error', 'rackshift:inventory/unknown-field', `${path}.${rawKey}`, `unknown field (known: ${INVENTORY_FIELDS.join(', ')})`, { file, ...keyAt });
        }
        continue;
      }
      const value = pair.value;
      if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) continue;
      if (!isScalar(value) || typeof value.value === 'object') {
        d.addAt('error', 'rackshift:inventory/yaml', `${path}.${rawKey}`, 'expected a single value', { file, ...keyAt });
        continue;
      }
      fields[f] = String(value.value).trim();
      at[f] = pos(value as Node);
    }
    rows.push({ ...where, path, fields, at });
  });
  return rows;
}

// ---- binding rows to nodes ------------------------------------------------------------------

const MAC = /^([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})$/i;
const CANONICAL_MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;
const MAC_DOTTED = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i;

/** `aa:bb:cc:dd:ee:ff` from the usual spellings (colons, dashes, Cisco dots, bare hex); undefined when malformed. */
export function normaliseMac(s: string): string | undefined {
  // Most manifests already use the canonical spelling.
  if (CANONICAL_MAC.test(s)) return s;
  const m = MAC.exec(s) ?? MAC_DOTTED.exec(s);
  if (!m) return undefined;
  return m.slice(1).join('').toLowerCase().match(/../g)!.join(':');
}

/**
 * Matches every row to a node — by `node` name, or by pool + rack + slot — and checks the
 * manifest as a whole: duplicates, unknown pools and racks, and that a pool in the manifest
 * lists no more than its active nodes. Nodes the manifest does not list (whole pools, or the
 * new nodes of a pool that grew) are pending.
 */
export function bindInventory(manifest: InventoryManifest, pools: readonly ResolvedPool[], d: Diagnostics): ResolvedInventory {
  const file = manifest.shown;
  const err = (row: InventoryRow, field: InventoryField | undefined, message: string, rule: RuleId) => {
    const at = (field && row.at[field]) || { line: row.line, column: row.column };
    d.addAt('error', rule, field ? `${row.path}.${field}` : row.path, message, { file, ...at });
  };
  const poolByName = new Map(pools.map((p) => [p.name, p]));
  const nodeByName = new Map<string, { pool: ResolvedPool; node: ResolvedPool['nodes'][number] }>();
  const bmcOwner = new Map<string, string>();
  for (const p of pools) {
    for (const n of p.nodes) {
      nodeByName.set(n.name, { pool: p, node: n });
      if (n.addresses.bmc) bmcOwner.set(n.addresses.bmc, n.name);
    }
  }
  const poolList = pools.map((p) => p.name).join(', ') || 'none';
  const byIndex = new Map(pools.map((p) => [p.name, new Map(p.nodes.map((n) => [n.index, n.name]))]));
  const nodeAt = (pool: ResolvedPool, row: InventoryRow, fail: Fail) => nodeAtPlace(pool, byIndex.get(pool.name)!, row, fail);

  const serials = new Map<string, number>();
  const macs = new Map<string, { line: number; field: string }>();
  const staticBmc = new Map<string, number>();
  const taken = new Map<string, number>();
  // Each pool the manifest names (by pool, or through a node): its first row and row count.
  const listedPools = new Map<string, { firstRow: InventoryRow; rows: number }>();
  const missingOsDrives = new Map<string, { firstRow: InventoryRow; hosts: number; pool: ResolvedPool }>();
  const hostByNode = new Map<string, InventoryHost>();

  // The row being checked. `fail` and `mac` are made once for all rows, not once per row:
  // with 20k rows, making closures per row was a visible part of resolving.
  let row!: InventoryRow;
  let ok = true;
  const fail = (field: InventoryField | undefined, message: string, rule: RuleId = 'rackshift:inventory/invalid') => {
    err(row, field, message, rule);
    ok = false;
  };
  const mac = (field: 'bmcMac' | 'bootMac'): string | undefined => {
    const raw = row.fields[field];
    if (raw === undefined) return undefined;
    const m = normaliseMac(raw);
    if (!m) {
      fail(field, `"${raw}" is not a MAC address (expected six hex pairs, e.g. 3c:ec:ef:12:34:56)`, 'rackshift:inventory/malformed-mac');
      return undefined;
    }
    if ((parseInt(m.slice(0, 2), 16) & 1) === 1) {
      fail(field, `${m} is a multicast MAC address; a NIC's own address has the lowest bit of the first octet clear`, 'rackshift:inventory/malformed-mac');
      return undefined;
    }
    const first = macs.get(m);
    if (first) fail(field, `duplicate MAC ${m} (also ${first.field} on line ${first.line})`, 'rackshift:inventory/duplicate-mac');
    else macs.set(m, { line: row.line, field });
    return m;
  };

  for (row of manifest.rows) {
    const f = row.fields;
    ok = true;

    // -- which node
    let pool = f.pool !== undefined ? poolByName.get(f.pool) : undefined;
    if (f.pool !== undefined && !pool) fail('pool', `no GPU pool "${f.pool}" (pools: ${poolList})`, 'rackshift:inventory/unknown-pool');
    let nodeName: string | undefined;
    if (f.node !== undefined) {
      const hit = nodeByName.get(f.node);
      if (!hit) fail('node', `no active node "${f.node}"${pool ? ` in pool ${pool.name} (nodes ${pool.nodes[0]?.name ?? '-'} … ${pool.nodes.at(-1)?.name ?? '-'})` : ''}`, 'rackshift:inventory/unknown-node');
      else if (pool && hit.pool !== pool) fail('node', `node ${f.node} belongs to pool ${hit.pool.name}, not ${pool.name}`, 'rackshift:inventory/unknown-node');
      else {
        pool = hit.pool;
        nodeName = f.node;
      }
    } else if (f.pool === undefined) {
      fail(undefined, 'needs pool with rack and slot, or node', 'rackshift:inventory/missing-field');
    } else if (pool) {
      nodeName = nodeAt(pool, row, fail);
    }
    if (pool) {
      const listed = listedPools.get(pool.name);
      if (listed) listed.rows++;
      else listedPools.set(pool.name, { firstRow: row, rows: 1 });
    }
    if (pool && nodeName && f.rack !== undefined && f.node !== undefined) {
      // Both given: they must agree.
      const byPlace = nodeAt(pool, row, () => undefined);
      if (byPlace && byPlace !== nodeName) fail('node', `rack ${f.rack} slot ${f.slot ?? '?'} is node ${byPlace}, not ${nodeName}`, 'rackshift:inventory/unknown-node');
    }
    if (nodeName) {
      const first = taken.get(nodeName);
      if (first !== undefined) fail(f.node !== undefined ? 'node' : 'slot', `node ${nodeName} is already listed on line ${first}`, 'rackshift:inventory/duplicate-node');
      else taken.set(nodeName, row.line);
    }

    // -- identity
    if (f.serial === undefined) fail('serial', 'required field is missing', 'rackshift:inventory/missing-field');
    else {
      const first = serials.get(f.serial);
      if (first !== undefined) fail('serial', `duplicate serial "${f.serial}" (also on line ${first})`, 'rackshift:inventory/duplicate-serial');
      else serials.set(f.serial, row.line);
    }
    const bmcMac = mac('bmcMac');
    const bootMac = mac('bootMac');
    if (f.bootMac === undefined) fail('bootMac', 'required field is missing (MAC of the NIC the host PXE-boots from)', 'rackshift:inventory/missing-field');

    // -- BMC address: static from the factory, or DHCP (reserved for bmcMac)
    const rawBmc = f.bmcAddress;
    const dhcp = rawBmc === undefined || rawBmc.toLowerCase() === 'dhcp';
    let bmcAddress: string | undefined;
    if (dhcp) {
      if (f.bmcMac === undefined) fail('bmcMac', 'required when the BMC takes its address by DHCP (bmcAddress empty or "dhcp")', 'rackshift:inventory/missing-field');
      if (nodeName) {
        bmcAddress = nodeByName.get(nodeName)?.node.addresses.bmc;
        if (!bmcAddress) fail('bmcAddress', 'the BMC takes its address by DHCP, but the site has no BMC network (spec.networks.bmc); give a static bmcAddress or add the network', 'rackshift:inventory/bmc-address');
      }
    } else if (parseIPv4(rawBmc) === undefined) {
      fail('bmcAddress', `"${rawBmc}" is not an IPv4 address or "dhcp"`, 'rackshift:inventory/bmc-address');
    } else {
      bmcAddress = rawBmc;
      const first = staticBmc.get(rawBmc);
      const owner = bmcOwner.get(rawBmc);
      if (first !== undefined) fail('bmcAddress', `duplicate BMC address ${rawBmc} (also on line ${first})`, 'rackshift:inventory/bmc-address');
      else if (owner && owner !== nodeName) fail('bmcAddress', `${rawBmc} is the BMC address allocated to ${owner}`, 'rackshift:inventory/bmc-address');
      staticBmc.set(rawBmc, row.line);
    }

    // -- OS drives: the serials Metal3's hints and software RAID select (and nothing else).
    const osDrives = f.osDriveSerials !== undefined ? f.osDriveSerials.split(/[;|\s]+/).filter((x) => x.length > 0) : f.rootDeviceSerial !== undefined ? [f.rootDeviceSerial] : undefined;
    const field = f.osDriveSerials !== undefined ? 'osDriveSerials' : 'rootDeviceSerial';
    const expected = pool?.system.storage?.os.count;
    if (osDrives && new Set(osDrives).size !== osDrives.length) fail(field, `lists a drive serial twice (${osDrives.join(', ')})`, 'rackshift:inventory/os-drives');
    else if (osDrives && expected !== undefined && osDrives.length !== expected) {
      fail(field, `lists ${osDrives.length} OS drive serial${osDrives.length === 1 ? '' : 's'}; a ${pool!.system.displayName} has ${expected} OS drive${expected === 1 ? '' : 's'} (catalog)`, 'rackshift:inventory/os-drives');
    }
    if (pool && !osDrives && needsOsDriveSerials(pool)) {
      const missing = missingOsDrives.get(pool.name);
      if (missing) missing.hosts++;
      else missingOsDrives.set(pool.name, { firstRow: row, hosts: 1, pool });
    }

    if (!ok || !pool || !nodeName || !bootMac || f.serial === undefined) continue;
    hostByNode.set(nodeName, {
      node: nodeName,
      pool: pool.name,
      serial: f.serial,
      ...(f.vendor !== undefined ? { vendor: f.vendor } : {}),
      ...(f.model !== undefined ? { model: f.model } : {}),
      ...(bmcMac ? { bmcMac } : {}),
      ...(bmcAddress ? { bmcAddress } : {}),
      bmcAddressMode: dhcp ? 'dhcp' : 'static',
      bootMac,
      ...(osDrives ? { osDriveSerials: osDrives } : {}),
      // As the site names it (relative to the site file), so the output does not depend on the working directory.
      source: `${manifest.file}:${row.line}`,
    });
  }

  // One line per pool whose OS drives only their serials can tell apart.
  for (const [name, { firstRow, hosts, pool }] of missingOsDrives) {
    const { os, data } = pool.system.storage!;
    d.addAt(
      'error',
      'rackshift:inventory/os-drives',
      `${firstRow.path}.osDriveSerials`,
      `pool ${name}: ${hosts} host${hosts === 1 ? '' : 's'} list no osDriveSerials; a ${pool.system.displayName} has ${drives(os)} OS and ${drives(data!)} data drives, and no size hint selects only the OS drives, so the OS could land on a data drive: list each host's OS drive serials`,
      { file, line: firstRow.line, column: firstRow.column },
    );
  }

  // More hosts than a pool's active nodes is an error. Fewer is a pool that grew after its
  // delivery (or hosts still in transit): the rest stay pending, with a warning naming them.
  for (const [name, { firstRow, rows: rowsForPool }] of listedPools) {
    const pool = poolByName.get(name)!;
    if (rowsForPool === pool.nodeCount) continue;
    const at = { file, line: firstRow.line, column: firstRow.column };
    if (rowsForPool > pool.nodeCount) {
      d.addAt('error', 'rackshift:inventory/count', firstRow.path, `pool ${name} has ${pool.nodeCount} active nodes; the inventory lists ${rowsForPool} hosts for it (${rowsForPool - pool.nodeCount} more than the pool has)`, at);
    } else {
      const missing = pool.nodes.filter((n) => !taken.has(n.name)).map((n) => n.name);
      const names = `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? `, … (${missing.length} in all)` : ''}`;
      d.addAt('warning', 'rackshift:inventory/pending', firstRow.path, `pool ${name} has ${pool.nodeCount} active nodes; the inventory lists ${rowsForPool} hosts for it: ${pool.nodeCount - rowsForPool} pending until the inventory lists them (${names})`, at);
    }
  }

  // Hosts in node order (pools as declared, nodes by index), whatever the manifest's row order.
  const inNodeOrder: InventoryHost[] = [];
  const pending: string[] = [];
  for (const p of pools) {
    for (const n of p.nodes) {
      const h = hostByNode.get(n.name);
      if (h) inNodeOrder.push(h);
      else pending.push(n.name);
    }
  }
  return { file: manifest.file, hosts: inNodeOrder, pending };
}

type Fail = (field: InventoryField, message: string, rule?: RuleId) => void;

/**
 * Whether a pool's OS drives can be told from its data drives only by serial: Metal3's hints
 * have a minimum size but no maximum, so OS drives no larger than the data drives (a DGX's
 * 1.92 TB OS pair next to 3.84 TB cache drives) match a size hint together with the data drives.
 */
export function needsOsDriveSerials(pool: ResolvedPool): boolean {
  const st = pool.system.storage;
  if (!st?.data) return false;
  return st.os.sizeGB === undefined || st.data.sizeGB === undefined || st.data.sizeGB >= st.os.sizeGB * 0.9;
}

const drives = (set: DriveSet) => `${set.count} × ${set.sizeGB !== undefined ? `${set.sizeGB / 1000} TB ` : ''}${set.formFactor}`;

/** The node at a row's rack and slot: rack as a number or the rack's name (`h100-a-r003`). */
function nodeAtPlace(pool: ResolvedPool, byIndex: ReadonlyMap<number, string>, row: InventoryRow, fail: Fail): string | undefined {
  const f = row.fields;
  if (f.rack === undefined || f.slot === undefined) {
    fail(f.rack === undefined ? 'rack' : 'slot', 'required with pool (or give node)', 'rackshift:inventory/missing-field');
    return undefined;
  }
  const prefix = `${pool.name}-r`;
  const rackText = f.rack.startsWith(prefix) ? f.rack.slice(prefix.length) : f.rack;
  const rack = /^\d+$/.test(rackText) ? Number(rackText) : NaN;
  const lastRack = `${pool.name}-r${String(pool.racks).padStart(3, '0')}`;
  if (!Number.isInteger(rack) || rack < 1 || rack > pool.racks) {
    fail('rack', `no rack "${f.rack}" in pool ${pool.name} (racks 1-${pool.racks}: ${pool.name}-r001 … ${lastRack})`, 'rackshift:inventory/unknown-rack');
    return undefined;
  }
  const slot = /^\d+$/.test(f.slot) ? Number(f.slot) : NaN;
  if (!Number.isInteger(slot) || slot < 1 || slot > pool.nodesPerRack) {
    fail('slot', `slot "${f.slot}" is outside 1-${pool.nodesPerRack} (pool ${pool.name} has ${pool.nodesPerRack} nodes per rack)`, 'rackshift:inventory/unknown-rack');
    return undefined;
  }
  const index = (rack - 1) * pool.nodesPerRack + slot;
  const node = byIndex.get(index);
  if (!node) {
    fail('slot', `rack ${rack} slot ${slot} is node index ${index}, which the pool does not have (retired, or beyond its nodes)`, 'rackshift:inventory/unknown-rack');
    return undefined;
  }
  return node;
}
