/** Binding manifest rows to nodes and checking the manifest as a whole; see index.ts. */
import type { Diagnostics } from '../diagnostics';
import { parseIPv4 } from '../ipv4';
import type { InventoryHost, ResolvedInventory, ResolvedPool } from '../resolved-site';
import type { RuleId } from '../rules';
import type { DriveSet } from '../catalog/types';
import type { InventoryField, InventoryManifest, InventoryRow } from './read';

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
  const fail = (field: InventoryField | undefined, message: string, rule: RuleId) => {
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

type Fail = (field: InventoryField, message: string, rule: RuleId) => void;

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
