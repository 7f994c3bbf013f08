/**
 * Built-in hardware catalog: ASIC miners, GPU models, GPU systems and cooling defaults.
 *
 * Every figure has its source in a comment beside it. Sources are taken from the
 * project fact sheet (`/work/shared/reference/domain-facts.md`, §1 miners, §2 GPU
 * systems, §3 PUE tables, §4 cooling); "derived" means computed here from sourced
 * figures, with the arithmetic shown. Figures that are rackshift's own planning
 * choices are marked "rackshift planning default"; sites may override them.
 *
 * Everything exported here is deeply frozen: callers must copy, never mutate.
 */
import type { AsicModel, GpuModel, GpuSystem } from './types';
import { ASIC_MODELS } from './asics';
import { GPU_MODELS } from './gpus';
import { GPU_SYSTEMS } from './systems';
import { lookup } from './freeze';

export type * from './types';
export { COOLING_MAX_RACK_KW_DEFAULTS, COOLING_PUE_DEFAULTS, ZONE_ACCEPTS, type ZoneType } from './cooling';
export { ASIC_MODELS, GPU_MODELS, GPU_SYSTEMS };

export function asicModel(id: string): AsicModel | undefined {
  return lookup(ASIC_MODELS, id);
}

export function gpuModel(id: string): GpuModel | undefined {
  return lookup(GPU_MODELS, id);
}

export function gpuSystem(id: string): GpuSystem | undefined {
  return lookup(GPU_SYSTEMS, id);
}

/**
 * IT power of one rack, kW.
 * - Rack-scale systems (NVL72): the fixed rack figure; `nodesPerRack` and the cap are ignored
 *   because the rack is sold and powered as one unit.
 * - Others: nodesPerRack × min(nodeMaxKW, nodeCapKW), where nodeCapKW is an optional
 *   per-node power cap (e.g. a power-capped fleet).
 * Rounded to 3 decimals to drop float noise (4 × 10.2 = 40.8).
 */
export function rackKW(system: GpuSystem, nodesPerRack: number, nodeCapKW?: number): number {
  if (system.rackScale) return system.rackScale.rackKW;
  if (!Number.isFinite(nodesPerRack) || nodesPerRack < 0) {
    throw new RangeError(`rackKW: nodesPerRack must be a finite number ≥ 0, got ${nodesPerRack}`);
  }
  if (nodeCapKW !== undefined && (!Number.isFinite(nodeCapKW) || nodeCapKW < 0)) {
    throw new RangeError(`rackKW: nodeCapKW must be a finite number ≥ 0, got ${nodeCapKW}`);
  }
  const perNode = nodeCapKW === undefined ? system.nodeMaxKW : Math.min(system.nodeMaxKW, nodeCapKW);
  return Math.round(nodesPerRack * perNode * 1000) / 1000;
}
