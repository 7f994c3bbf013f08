/**
 * GPU pools: the system and GPU from the catalog, nodes per rack, node and rack power after
 * caps, retired indices, and the GPU resource the nodes advertise. Nodes and addresses are
 * built later (nodes.ts), once tenants own theirs.
 */
import { GPU_MODELS, gpuModel, type GpuModel, type GpuSystem } from '../catalog';
import type { Diagnostics } from '../diagnostics';
import { migInstancesPerGpu } from '../mig';
import type { SiteSpec } from '../site-spec';
import type { SiteCatalog } from './catalog';
import { checkZoneFit, type ZoneIndex } from './cooling';
import { round } from './math';
import type { PlacedPool } from './placement';
import { didYouMean } from '../../lib/suggest';

export type PoolSpec = SiteSpec['spec']['gpuPools'][number];

/** A pool with its figures, before nodes are named and owned. */
export interface PoolDraft extends PlacedPool {
  readonly spec: PoolSpec;
  readonly system: GpuSystem;
  readonly gpu: GpuModel;
  readonly retired: ReadonlySet<number>;
  /** Active nodes: declared minus retired. */
  readonly nodeCount: number;
  readonly gpuPowerLimitW?: number;
  readonly gpuResource: { readonly name: string; readonly perGpu: number };
  /** Set by resolveNetworks. */
  addressBlock?: { offset: number; size: number };
}

export function resolvePools(specs: readonly PoolSpec[], catalog: SiteCatalog, zones: ZoneIndex, d: Diagnostics): PoolDraft[] {
  const drafts: PoolDraft[] = [];
  specs.forEach((p, i) => {
    const draft = resolvePool(p, i, catalog, zones, d);
    if (draft) drafts.push(draft);
  });
  return drafts;
}

/** One pool; `index` is where its problems point in spec.gpuPools. Undefined when its system or GPU is unknown. */
export function resolvePool(p: PoolSpec, index: number, catalog: SiteCatalog, zones: ZoneIndex, d: Diagnostics): PoolDraft | undefined {
  const path = ['spec', 'gpuPools', index];
  const system = catalog.system(p.system);
  if (!system) {
    d.error('rackshift:catalog/unknown-system', [...path, 'system'], `unknown GPU system "${p.system}" (catalog: ${catalog.systemIds().join(', ')}; add it under spec.catalog.systems)${didYouMean(p.system, catalog.systemIds())}`);
    return undefined;
  }
  const gpu = gpuModel(system.gpu);
  if (!gpu) {
    d.error('rackshift:catalog/unknown-gpu', [...path, 'system'], `system ${system.id} names GPU "${system.gpu}", which is not in the catalog (${Object.keys(GPU_MODELS).join(', ')})`);
    return undefined;
  }
  checkZoneFit(zones, p.zone, system.cooling, system.displayName, path, d);
  let nodesPerRack = p.nodesPerRack ?? system.rackScale?.nodesPerRack ?? system.recommendedNodesPerRack;
  if (system.rackScale && p.nodesPerRack !== undefined && p.nodesPerRack !== system.rackScale.nodesPerRack) {
    d.error('rackshift:pool/rack-scale', [...path, 'nodesPerRack'], `${system.displayName} is a rack-scale system with ${system.rackScale.nodesPerRack} nodes per rack; got ${p.nodesPerRack}`);
    nodesPerRack = system.rackScale.nodesPerRack;
  }
  if (nodesPerRack < 1) {
    d.error('rackshift:pool/nodes-per-rack', [...path, 'nodesPerRack'], 'must be at least 1');
    nodesPerRack = 1;
  }
  if (system.rackScale && p.nodes % system.rackScale.nodesPerRack !== 0) {
    d.warn('rackshift:pool/partial-rack', [...path, 'nodes'], `${p.nodes} nodes is not a whole number of ${system.displayName} racks (${system.rackScale.nodesPerRack} trays each); the last rack is partly filled`);
  }
  const retired = new Set<number>();
  p.retire.forEach((idx, j) => {
    if (idx > p.nodes) d.error('rackshift:pool/retire', [...path, 'retire', j], `node index ${idx} is beyond the pool's ${p.nodes} nodes`);
    else retired.add(idx);
  });
  if (p.powerCapKW !== undefined && p.powerCapKW > system.nodeMaxKW) {
    d.warn('rackshift:pool/cap-above-max', [...path, 'powerCapKW'], `cap ${p.powerCapKW} kW is above the system's maximum ${system.nodeMaxKW} kW; it has no effect`);
  }
  const nodeKW = Math.min(system.nodeMaxKW, p.powerCapKW ?? Infinity);
  const rackKW = system.rackScale && p.powerCapKW === undefined ? system.rackScale.rackKW : round(nodesPerRack * nodeKW, 3);
  const nodeCount = p.nodes - retired.size;
  const gpuPowerLimitW = gpuPowerLimit(system, gpu, p.powerCapKW);
  if (gpuPowerLimitW !== undefined && gpuPowerLimitW < 1) {
    const restKW = (system.nodeMaxKW * 1000 - system.gpusPerNode * gpu.tdpW) / 1000;
    d.error('rackshift:pool/cap-too-low', [...path, 'powerCapKW'], `cap ${p.powerCapKW} kW leaves no power for the GPUs: the rest of a ${system.displayName} draws up to ${round(restKW, 3)} kW (short ${round(restKW - p.powerCapKW!, 3)} kW)`);
  } else if (gpuPowerLimitW !== undefined && gpu.powerLimitW && (gpuPowerLimitW < gpu.powerLimitW.min || gpuPowerLimitW > gpu.powerLimitW.max)) {
    // The driver refuses a limit outside its Min/Max Power Limit, so the unit would fail at boot.
    const { min, max } = gpu.powerLimitW;
    const restW = Math.max(0, system.nodeMaxKW * 1000 - system.gpusPerNode * gpu.tdpW);
    const lowestKW = round((restW + system.gpusPerNode * min) / 1000, 3);
    d.error(
      'rackshift:pool/cap-outside-gpu-limits',
      [...path, 'powerCapKW'],
      `cap ${p.powerCapKW} kW leaves each GPU ${gpuPowerLimitW} W ((${p.powerCapKW! * 1000} − ${restW}) / ${system.gpusPerNode}), outside the ${gpu.displayName}'s power-limit range ${min}–${max} W; the lowest cap that works is ${lowestKW} kW`,
    );
  }
  const gpuResource = resolveGpuResource(gpu, p.mig, [...path, 'mig'], d);
  return {
    spec: p,
    name: p.name,
    index,
    zone: p.zone,
    nodes: p.nodes,
    system,
    gpu,
    nodesPerRack,
    nodeKW,
    rackKW,
    retired,
    nodeCount,
    itKW: round(nodeCount * nodeKW, 3),
    gpuResource,
    ...(gpuPowerLimitW !== undefined ? { gpuPowerLimitW } : {}),
  };
}

/**
 * Per-GPU power limit (W) that keeps a capped node within its cap even when CPUs, NICs and
 * fans draw their maximum: the GPUs share what the cap leaves after the rest of the node
 * (nodeMaxKW − GPUs × TDP), never above TDP. Undefined when the pool is not capped below the
 * node's maximum.
 */
export function gpuPowerLimit(system: GpuSystem, gpu: GpuModel, capKW: number | undefined): number | undefined {
  if (capKW === undefined || capKW >= system.nodeMaxKW) return undefined;
  const restW = Math.max(0, system.nodeMaxKW * 1000 - system.gpusPerNode * gpu.tdpW);
  return Math.min(gpu.tdpW, Math.floor((capKW * 1000 - restW) / system.gpusPerNode));
}

/**
 * The resource a pool's nodes advertise for GPUs, and units per physical GPU (see mig.ts).
 * A MIG profile the GPU does not support is an error; MIG `mixed` without a profile mixes
 * instance sizes, so no single count exists: quotas stay in whole GPUs, with a warning.
 */
function resolveGpuResource(gpu: GpuModel, mig: PoolSpec['mig'], path: (string | number)[], d: Diagnostics): { name: string; perGpu: number } {
  if (!mig) return { name: gpu.resourceName, perGpu: 1 };
  if (gpu.migProfiles.length === 0) {
    d.error('rackshift:pool/mig', path, `${gpu.displayName} does not support MIG`);
    return { name: gpu.resourceName, perGpu: 1 };
  }
  if (!mig.profile) {
    if (mig.strategy === 'single') d.error('rackshift:pool/mig', [...path, 'strategy'], `MIG strategy single needs a profile (${gpu.displayName}: ${gpu.migProfiles.join(', ')})`);
    else d.warn('rackshift:pool/mig-quota', path, `MIG mixed without a profile mixes instance sizes: tenant quotas count whole nvidia.com/gpu and do not bound MIG instances; name a profile to quota nvidia.com/mig-<profile>`);
    return { name: gpu.resourceName, perGpu: 1 };
  }
  const perGpu = migInstancesPerGpu(gpu, mig.profile);
  if (perGpu === undefined) {
    d.error('rackshift:pool/mig', [...path, 'profile'], `${gpu.displayName} has no MIG profile "${mig.profile}" (profiles: ${gpu.migProfiles.join(', ')})`);
    return { name: gpu.resourceName, perGpu: 1 };
  }
  return { name: mig.strategy === 'single' ? gpu.resourceName : `nvidia.com/mig-${mig.profile}`, perGpu };
}
