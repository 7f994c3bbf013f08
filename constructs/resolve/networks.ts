/** Networks: each pool's address block, and the BMC, provisioning and node networks. */
import type { Diagnostics } from '../diagnostics';
import { contains, formatIPv4, parseCidr, parseIPv4 } from '../ipv4';
import type { ResolvedNetwork, ResolvedSite } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import { nextPow2, sum } from './math';
import type { PoolDraft } from './pools';

/**
 * Address blocks: each pool gets a block of `maxNodes` addresses (default: its node count
 * rounded up to a power of two, at least 16) in every network, in the order pools are
 * declared, unless it pins `addressOffset`. Node i of a pool always gets offset i in its
 * block, so adding or retiring a node never moves another node's address.
 */
export function resolveNetworks(spec: SiteSpec, pools: PoolDraft[], d: Diagnostics): ResolvedSite['networks'] {
  const n = spec.spec.networks;
  let cursor = 0;
  const hasNetworks = Boolean(n.bmc ?? n.provisioning ?? n.node);
  const taken: { start: number; end: number; pool: string; index: number }[] = [];
  for (const p of pools) {
    const size = p.spec.maxNodes ?? Math.max(16, nextPow2(p.spec.nodes));
    if (p.spec.maxNodes !== undefined && p.spec.maxNodes < p.spec.nodes) {
      d.error('rackshift:network/pool-block', ['spec', 'gpuPools', p.index, 'maxNodes'], `maxNodes ${p.spec.maxNodes} is below the pool's ${p.spec.nodes} nodes (short ${p.spec.nodes - p.spec.maxNodes})`);
    }
    const offset = p.spec.addressOffset ?? cursor;
    if (p.spec.addressOffset === undefined && offset > 0 && hasNetworks) {
      // Without a pin, this block follows the blocks before it: if one of them outgrows its
      // block, this pool's addresses move. Say so, with the value to pin.
      d.warn('rackshift:network/unpinned-block', ['spec', 'gpuPools', p.index, 'name'], `address block of ${p.spec.name} starts at offset ${offset}, after the blocks of the pools declared before it; pin it with "addressOffset: ${offset}" so growing an earlier pool never moves these addresses`);
    }
    const clash = taken.find((t) => offset < t.end && offset + size > t.start);
    if (clash) {
      d.error('rackshift:network/pool-overlap', ['spec', 'gpuPools', p.index, 'addressOffset'], `address block ${offset}-${offset + size - 1} of ${p.spec.name} overlaps ${clash.pool} (${clash.start}-${clash.end - 1})`);
    }
    taken.push({ start: offset, end: offset + size, pool: p.spec.name, index: p.index });
    p.addressBlock = { offset, size };
    cursor = Math.max(cursor, offset + size);
  }
  const needed = cursor;
  const out: { bmc?: ResolvedNetwork; provisioning?: ResolvedNetwork; node?: ResolvedNetwork } = {};
  for (const kind of ['bmc', 'provisioning', 'node'] as const) {
    const range = n[kind];
    if (!range) continue;
    const path = ['spec', 'networks', kind];
    const c = parseCidr(range.cidr);
    if (!c) {
      d.error('rackshift:network/cidr', [...path, 'cidr'], `"${range.cidr}" is not a network address (host bits set, or out of range)`);
      continue;
    }
    const gatewayIp = range.gateway ? parseIPv4(range.gateway) : c.network + 1;
    if (gatewayIp === undefined || !contains(c, gatewayIp)) {
      d.error('rackshift:network/gateway', [...path, 'gateway'], `gateway ${range.gateway} is not inside ${range.cidr}`);
    }
    const used = sum(pools.map((p) => p.nodeCount));
    if (range.reserved + needed > c.hosts) {
      d.error('rackshift:network/exhausted', [...path, 'cidr'], `${kind} network ${range.cidr} has ${c.hosts} host addresses; ${range.reserved} reserved + ${needed} in pool blocks need ${range.reserved + needed} (short ${range.reserved + needed - c.hosts})`);
    }
    const gateway = gatewayIp ?? c.network + 1;
    let bootServer: string | undefined;
    if (kind === 'provisioning') {
      // The boot server takes the first reserved address that is not the gateway.
      const first = c.network + (c.prefix >= 31 ? 0 : 1);
      const pick = first === gateway ? first + 1 : first;
      if (pick - first + 1 > range.reserved) {
        d.error('rackshift:network/boot-server', [...path, 'reserved'], `the provisioning network needs a reserved address for the boot server besides the gateway; ${range.reserved} reserved (need at least ${pick - first + 1})`);
      } else {
        bootServer = formatIPv4(pick);
      }
    }
    out[kind] = {
      name: kind,
      cidr: range.cidr,
      network: formatIPv4(c.network),
      netmask: c.netmask,
      gateway: formatIPv4(gateway),
      ...(bootServer ? { bootServer } : {}),
      reserved: range.reserved,
      size: c.hosts,
      used,
      ...(range.vlan !== undefined ? { vlan: range.vlan } : {}),
      ...(range.interface ? { interface: range.interface } : {}),
    };
  }
  const ntpAddresses = n.ntp.filter((s) => parseIPv4(s) !== undefined);
  return { ...out, dns: [...n.dns], ntp: [...n.ntp], ntpAddresses, ...(n.domain ? { domain: n.domain } : {}) };
}
