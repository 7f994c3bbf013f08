/** Conversion: the miners retired to make room, and which pools the freed capacity goes to. */
import type { Conversion, ConversionStep, ResolvedFleet, ResolvedPool } from '../resolved-site';
import { round, sum } from './math';

export function resolveConversion(fleets: readonly ResolvedFleet[], pools: readonly ResolvedPool[], curtailedWorstCase: Conversion['curtailedWorstCase']): Conversion {
  const retired: ConversionStep[] = fleets
    .filter((f) => f.retired > 0)
    .map((f) => ({
      fleet: f.name,
      zone: f.zone,
      model: f.model.id,
      units: f.retired,
      itKW: f.retiredKW,
      hashrateTHs: f.retiredTHs,
      ...conversionTarget(pools, f.zone),
    }));
  return {
    retired,
    retiredMW: round(sum(retired.map((r) => r.itKW)) / 1000),
    retiredTHs: round(sum(retired.map((r) => r.hashrateTHs)), 1),
    curtailedWorstCase,
  };
}

/** Which pools a retirement in `zone` makes room for (see ConversionStep.forPools). */
export function conversionTarget(pools: readonly Pick<ResolvedPool, 'name' | 'zone'>[], zone: string): Pick<ConversionStep, 'forPools' | 'frees'> {
  const local = pools.filter((p) => p.zone === zone).map((p) => p.name);
  if (local.length > 0) return { forPools: local, frees: 'power-cooling-floor' };
  return { forPools: pools.map((p) => p.name), frees: 'power' };
}
