/**
 * NVLink domains of rack-scale systems (GB200/GB300 NVL72): a rack is one domain of its
 * trays, so such pools are placed in whole racks, dedicated tenants get whole domains, and
 * every tray carries the labels of its block and rack that the pool's Kueue Topology names.
 * Kept apart from the pool and tenant parts, which call it in a few lines.
 */
import type { GpuSystem } from '../catalog';
import type { Diagnostics } from '../diagnostics';
import type { ResolvedNvlink, Taint } from '../resolved-site';

/**
 * Racks per block, the Topology level above the NVLink domain: the scalable unit of NVIDIA's
 * DGX GB200 SuperPOD reference architecture, 8 NVL72 racks (576 GPUs) per SU
 * (https://docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-gb200/latest/dgx-superpod-architecture.html, domain-facts §2.2).
 */
export const RACKS_PER_BLOCK = 8;
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** `gb200-a-b01`: the block (SU) of 8 racks a rack belongs to. */
export function blockName(pool: string, rack: number): string {
  return `${pool}-b${String(Math.floor((rack - 1) / RACKS_PER_BLOCK) + 1).padStart(2, '0')}`;
}

/** The pool's NVLink domains, or undefined when its system is not rack-scale. */
export function nvlinkOf(system: GpuSystem, declaredNodes: number, labels: { readonly block: string; readonly rack: string }): ResolvedNvlink | undefined {
  if (!system.rackScale) return undefined;
  const nodesPerDomain = system.rackScale.nodesPerRack;
  const domains = Math.ceil(declaredNodes / nodesPerDomain);
  return {
    gpusPerDomain: nodesPerDomain * system.gpusPerNode,
    nodesPerDomain,
    domains,
    racksPerBlock: RACKS_PER_BLOCK,
    blocks: Math.ceil(domains / RACKS_PER_BLOCK),
    levels: [labels.block, labels.rack, HOSTNAME_LABEL],
  };
}

/**
 * The taint only GPU workloads tolerate, keyed by the resource the nodes advertise
 * (`nvidia.com/gpu`, `amd.com/gpu`, `nvidia.com/mig-…`): Kubernetes' ExtendedResourceToleration
 * admission plugin adds exactly this toleration to pods that request the resource.
 */
export function gpuTaintFor(resourceName: string): Taint {
  return { key: resourceName, value: 'present', effect: 'NoSchedule' };
}

/**
 * Nodes a dedicated tenant gets on a rack-scale pool: whole NVLink domains, with a warning
 * when the ask is not a whole number of them (as for whole nodes elsewhere).
 */
export function dedicatedDomains(system: GpuSystem, gpus: number, tenant: string, path: readonly (string | number)[], d: Diagnostics): { domains: number; nodes: number } {
  const perDomain = system.rackScale!.nodesPerRack * system.gpusPerNode;
  const domains = Math.ceil(gpus / perDomain);
  if (gpus % perDomain !== 0) {
    d.warn(
      'rackshift:tenant/whole-domains',
      [...path, 'gpus'],
      `dedicated tenants on ${system.displayName} take whole NVLink domains (${perDomain} GPUs each): ${tenant}'s ${gpus} GPUs round up to ${domains} domains (${domains * perDomain} GPUs; ${domains * perDomain - gpus} idle)`,
    );
  }
  return { domains, nodes: domains * system.rackScale!.nodesPerRack };
}

/** A pinned first node of a dedicated tenant on a rack-scale pool must open a rack. */
export function checkDomainStart(system: GpuSystem, firstNode: number | undefined, tenant: string, path: readonly (string | number)[], d: Diagnostics): void {
  const n = system.rackScale?.nodesPerRack;
  if (!n || firstNode === undefined || (firstNode - 1) % n === 0) return;
  const before = firstNode - ((firstNode - 1) % n);
  d.error(
    'rackshift:tenant/domain-start',
    [...path, 'firstNode'],
    `${tenant} gets whole NVLink domains, so firstNode must be the first tray of a rack (1, ${1 + n}, ${1 + 2 * n}, …); ${firstNode} is tray ${((firstNode - 1) % n) + 1} of the rack that starts at node ${before}`,
  );
}

/**
 * After nodes are handed out: a rack of a rack-scale pool belongs to one dedicated tenant or
 * to none, never split (a retired tray inside a tenant's range would otherwise push its last
 * trays into the next rack). One error per split rack, on the tenant that spills into it.
 */
export function checkWholeDomains(
  pool: { readonly name: string; readonly system: GpuSystem; readonly declaredNodes: number; readonly retired: ReadonlySet<number> },
  owners: ReadonlyMap<number, string> | undefined,
  tenantIndex: ReadonlyMap<string, number>,
  d: Diagnostics,
): void {
  const n = pool.system.rackScale?.nodesPerRack;
  if (!n || !owners || owners.size === 0) return;
  for (let first = 1; first <= pool.declaredNodes; first += n) {
    const holders = new Set<string | undefined>();
    for (let idx = first; idx < first + n && idx <= pool.declaredNodes; idx++) if (!pool.retired.has(idx)) holders.add(owners.get(idx));
    if (holders.size <= 1) continue;
    const tenants = [...holders].filter((h): h is string => h !== undefined).sort();
    const last = tenants[tenants.length - 1]!;
    d.error(
      'rackshift:tenant/split-domain',
      ['spec', 'tenants', tenantIndex.get(last) ?? 0, 'gpus'],
      `rack ${Math.floor((first - 1) / n) + 1} of ${pool.name} (nodes ${first}–${first + n - 1}) is one NVLink domain but would be split between ${[...holders].map((h) => h ?? 'the shared pool').join(' and ')}; dedicated tenants get whole racks (pin firstNode at a rack start, and keep retired trays out of tenants' ranges)`,
    );
  }
}
