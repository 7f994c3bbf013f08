/** Placement: racks a pool takes, what a rack draws against the zone's limit, and floor positions. */
import type { Diagnostics } from '../diagnostics';
import type { ResolvedFleet } from '../resolved-site';
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
      d.error('rackshift:cooling/rack-density', ['spec', 'gpuPools', p.index, 'nodesPerRack'], `racks of ${p.name} draw ${p.rackKW} kW (${p.nodesPerRack} × ${p.nodeKW} kW) but zone ${zone} takes at most ${maxRackKW} kW per rack (over by ${round(p.rackKW - maxRackKW, 2)} kW)`);
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
    d.error('rackshift:floor/racks', [...path, 'racks'], `zone ${z.name} needs ${racksUsed} rack positions (${gpuRacks} GPU, ${racksUsed - gpuRacks} mining) but has ${z.racks} (short ${racksUsed - z.racks})`, { zone: z.name });
  }
  return racksUsed;
}
