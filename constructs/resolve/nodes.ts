/** A pool's nodes: names, racks and slots, owners, addresses, labels and taints. */
import type { GpuSystem } from '../catalog';
import { hostAddress, parseCidr } from '../ipv4';
import { ISOLATION_LABELS, LABELS } from '../platform';
import type { ResolvedNode, ResolvedPool, ResolvedSite, ResolvedTenant, Taint } from '../resolved-site';
import { sum } from './math';
import { nodeName, rackName } from './names';
import type { PoolDraft } from './pools';
import { blockName, gpuTaintFor, nvlinkOf } from './nvlink';

/**
 * Allocatable share of a node for quotas: the kubelet and system daemons keep some CPU and
 * memory (kube-reserved/system-reserved), so quotas use what pods can actually get.
 * CPU counts logical CPUs, as the kubelet does: the catalog's threads, or its cores where the
 * pool's BIOS turns Hyper-Threading off (Dell LogicalProc: Disabled).
 * rackshift planning default: reserve max(2, 3 %) of logical CPUs and 5 % of memory.
 */
export function perNodeShape(system: GpuSystem, bios?: Readonly<Record<string, string>>): { gpus: number; cpu: number; memoryGiB: number } {
  const logical = bios?.LogicalProc === 'Disabled' ? system.cpuCores : system.cpuThreads;
  const reserved = Math.max(2, Math.ceil(logical * 0.03));
  return { gpus: system.gpusPerNode, cpu: logical - reserved, memoryGiB: Math.floor(system.memoryGiB * 0.95) };
}

export function buildPool(
  site: string,
  p: PoolDraft,
  owners: ReadonlyMap<number, string> | undefined,
  networks: ResolvedSite['networks'],
  tenants: readonly ResolvedTenant[],
): ResolvedPool {
  const name = p.spec.name;
  const labels: Record<string, string> = {
    [LABELS.site]: site,
    [LABELS.pool]: name,
    [LABELS.zone]: p.spec.zone,
    [LABELS.system]: p.system.id,
    [LABELS.gpu]: p.gpu.id,
  };
  const isolationLabels: Record<string, string> = { [ISOLATION_LABELS.site]: site, [ISOLATION_LABELS.pool]: name };
  // The GPU Operator skips its driver container on nodes with this label: the image brings the driver.
  if (p.spec.driver === 'host') labels[LABELS.deployDriver] = 'false';
  if (p.spec.mig) {
    // The MIG manager reconfigures a node to the profile named by this label. A profile (single
    // or mixed) cuts every GPU into it, which is what the tenants' quotas count.
    labels[LABELS.migConfig] = p.spec.mig.profile ? `all-${p.spec.mig.profile}` : 'all-balanced';
    // The device plugin reads its MIG strategy from the config this label names, so pools
    // with different strategies can share one cluster.
    labels[LABELS.devicePluginConfig] = `mig-${p.spec.mig.strategy}`;
  }
  const gpuTaint = gpuTaintFor(p.gpuResource.name);
  const taints: Taint[] = [{ key: LABELS.pool, value: name, effect: 'NoSchedule' }, gpuTaint];
  const nvlink = nvlinkOf(p.system, p.spec.nodes, LABELS);
  const block = p.addressBlock ?? { offset: 0, size: 0 };
  // Parsed once per pool, not per node.
  const nets = (['bmc', 'provisioning', 'node'] as const).flatMap((kind) => {
    const net = networks[kind];
    return net ? [{ kind, cidr: parseCidr(net.cidr)!, first: net.reserved + block.offset }] : [];
  });
  // Nodes in one rack with one owner have equal labels and taints: they share one (frozen)
  // object instead of a copy each, which keeps a 20k-node site's heap and freeze walk small.
  const tenantTaints = new Map<string, readonly Taint[]>();
  const taintsOf = (tenant: string | undefined): readonly Taint[] => {
    if (!tenant) return taints;
    let t = tenantTaints.get(tenant);
    if (!t) tenantTaints.set(tenant, (t = [...taints, { key: LABELS.tenant, value: tenant, effect: 'NoSchedule' }]));
    return t;
  };
  // Isolation labels depend on the owner only: one (frozen) object per tenant, like the taints.
  const tenantIsolation = new Map<string, Readonly<Record<string, string>>>();
  const isolationOf = (tenant: string | undefined): Readonly<Record<string, string>> => {
    if (!tenant) return isolationLabels;
    let l = tenantIsolation.get(tenant);
    if (!l) tenantIsolation.set(tenant, (l = { ...isolationLabels, [ISOLATION_LABELS.tenant]: tenant }));
    return l;
  };
  let shared: { rack: number; tenant: string | undefined; labels: Record<string, string> } | undefined;
  const nodes: ResolvedNode[] = [];
  for (let idx = 1; idx <= p.spec.nodes; idx++) {
    if (p.retired.has(idx)) continue;
    const rack = Math.floor((idx - 1) / p.nodesPerRack) + 1;
    const tenant = owners?.get(idx);
    if (!shared || shared.rack !== rack || shared.tenant !== tenant) {
      const nodeLabels: Record<string, string> = { ...labels, [LABELS.rack]: rackName(name, rack), ...(nvlink ? { [LABELS.block]: blockName(name, rack) } : {}) };
      shared = { rack, tenant, labels: nodeLabels };
    }
    const addresses: { bmc?: string; provisioning?: string; node?: string } = {};
    for (const n of nets) addresses[n.kind] = hostAddress(n.cidr, n.first + idx);
    nodes.push({
      name: nodeName(name, idx),
      pool: name,
      index: idx,
      rack: shared.labels[LABELS.rack]!,
      slot: ((idx - 1) % p.nodesPerRack) + 1,
      ...(tenant ? { tenant } : {}),
      addresses,
      labels: shared.labels,
      isolationLabels: isolationOf(tenant),
      taints: taintsOf(tenant),
    });
  }
  const gpuCount = p.nodeCount * p.system.gpusPerNode;
  const allocated = sum(tenants.filter((t) => t.pool === name).map((t) => (t.isolation === 'dedicated' ? t.dedicatedNodes * p.system.gpusPerNode : t.gpus)));
  return {
    name,
    system: p.system,
    gpu: p.gpu,
    zone: p.spec.zone,
    tier: p.spec.tier,
    nodesPerRack: p.nodesPerRack,
    nodeCount: p.nodeCount,
    gpuCount,
    nodeKW: p.nodeKW,
    ...(p.spec.powerCapKW !== undefined ? { powerCapKW: p.spec.powerCapKW } : {}),
    ...(p.gpuPowerLimitW !== undefined ? { gpuPowerLimitW: p.gpuPowerLimitW } : {}),
    rackKW: p.rackKW,
    racks: Math.ceil(p.spec.nodes / p.nodesPerRack),
    itKW: p.itKW,
    facilityKW: 0, // set by the caller, which knows the zone PUE
    perNode: perNodeShape(p.system, p.spec.bios),
    labels,
    isolationLabels,
    taints,
    gpuTaint,
    ...(nvlink ? { nvlink } : {}),
    ...(p.spec.mig ? { mig: { ...p.spec.mig } } : {}),
    gpuResource: p.gpuResource,
    ...(p.spec.bios ? { bios: { ...p.spec.bios } } : {}),
    driver: p.spec.driver,
    addressBlock: block,
    nodes,
    unallocatedGpus: Math.max(0, gpuCount - allocated),
  };
}
