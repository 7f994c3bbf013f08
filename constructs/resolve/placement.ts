/** Placement: racks a pool takes, what a rack draws against the zone's limit, and floor positions. */
import { rackKW, ZONE_ACCEPTS, type GpuSystem } from '../catalog';
import type { Diagnostics } from '../diagnostics';
import type { ResolvedFleet, ResolvedZone } from '../resolved-site';
import type { RuleId } from '../rules';
import { round, sum } from './math';

/** A pool as placement sees it. */
export interface PlacedPool {
  readonly name: string;
  /** Index in spec.gpuPools, where a density error points. */
  readonly index: number;
  readonly zone: string;
  /** Declared nodes (retired ones keep their rack position). */
  readonly nodes: number;
  readonly nodesPerRack: number;
  readonly nodeKW: number;
  readonly rackKW: number;
  readonly itKW: number;
}

/** The densest layout a rack limit allows: whole nodes of `nodeKW` under `maxRackKW` (0 when not one fits). */
export function densestNodesPerRack(maxRackKW: number, nodeKW: number): number {
  return Math.floor(maxRackKW / nodeKW + 1e-9);
}

/** Rack positions a pool takes: retired nodes keep theirs, so indices never move. */
export function poolRacks(p: Pick<PlacedPool, 'nodes' | 'nodesPerRack'>): number {
  return Math.ceil(p.nodes / p.nodesPerRack);
}

export function checkRackDensity(zone: string, maxRackKW: number, pools: readonly PlacedPool[], d: Diagnostics): void {
  for (const p of pools) {
    if (p.rackKW > maxRackKW) {
      d.error('rackshift:cooling/rack-density', ['spec', 'gpuPools', p.index, 'nodesPerRack'], `racks of ${p.name} draw ${p.rackKW} kW (${p.nodesPerRack} × ${p.nodeKW} kW) but zone ${zone} takes at most ${maxRackKW} kW per rack (over by ${round(p.rackKW - maxRackKW, 2)} kW)`, { zone, pool: p.name, short: p.rackKW - maxRackKW, unit: 'kW' });
    }
  }
}

/** Rack positions used in a zone by its pools and fleets; an error when the floor has too few. */
export function checkFloor(
  z: { readonly name: string; readonly racks: number },
  path: readonly (string | number)[],
  pools: readonly PlacedPool[],
  fleets: readonly Pick<ResolvedFleet, 'racks'>[],
  d: Diagnostics,
): number {
  const gpuRacks = sum(pools.map(poolRacks));
  const racksUsed = gpuRacks + sum(fleets.map((f) => f.racks));
  if (racksUsed > z.racks) {
    d.error('rackshift:floor/racks', [...path, 'racks'], `zone ${z.name} needs ${racksUsed} rack positions (${gpuRacks} GPU, ${racksUsed - gpuRacks} mining) but has ${z.racks} (short ${racksUsed - z.racks})`, { zone: z.name, short: racksUsed - z.racks, unit: 'racks' });
  }
  return racksUsed;
}

/** Where and how densely a hypothetical pool of a system would be racked in a zone. */
export interface Placement {
  readonly zone: string;
  readonly nodesPerRack: number;
  /** IT kW of one full rack. */
  readonly rackKW: number;
}

/**
 * The densest racking of `system` a zone takes: the catalog's recommended nodes per rack,
 * fewer when the zone's rack limit needs it (rack-scale systems: their fixed rack). When the
 * zone cannot take the system at all, the rule that would refuse it and why.
 */
export function densestPlacement(
  zone: Pick<ResolvedZone, 'name' | 'type' | 'maxRackKW'>,
  system: GpuSystem,
): Placement | { readonly unsuitable: string; readonly rule: RuleId } {
  if (!ZONE_ACCEPTS[zone.type].includes(system.cooling)) {
    return { rule: 'rackshift:cooling/type', unsuitable: `${zone.name} is ${zone.type}-cooled; ${system.displayName} needs ${system.cooling} cooling` };
  }
  if (system.rackScale) {
    const { nodesPerRack, rackKW: kw } = system.rackScale;
    if (kw > zone.maxRackKW) return { rule: 'rackshift:cooling/rack-density', unsuitable: `${zone.name} takes ${zone.maxRackKW} kW per rack; a ${system.displayName} rack draws ${kw} kW` };
    return { zone: zone.name, nodesPerRack, rackKW: kw };
  }
  const fit = Math.floor(zone.maxRackKW / system.nodeMaxKW + 1e-9);
  if (fit < 1) return { rule: 'rackshift:cooling/rack-density', unsuitable: `${zone.name} takes ${zone.maxRackKW} kW per rack; one ${system.displayName} draws ${system.nodeMaxKW} kW` };
  const nodesPerRack = Math.min(system.recommendedNodesPerRack, fit);
  return { zone: zone.name, nodesPerRack, rackKW: rackKW(system, nodesPerRack) };
}
