/**
 * What if: the site with a hypothetical GPU pool (an offer) and extra miners retired, resolved
 * by the same parts as any site. Offers ask here and read typed answers — where the pool can
 * sit, whether the site resolves, and if not which capacity rules bind and in which zone —
 * so no placement, retirement or budget is worked out a second time elsewhere.
 */
import { ZONE_ACCEPTS } from '../catalog';
import type { GpuSystem } from '../catalog/types';
import { SiteError, type Diagnostic } from '../diagnostics';
import type { ResolvedSite, ResolvedZone } from '../resolved-site';
import { isCapacityRule, type CapacityRule } from '../rules';
import type { SiteSpec, Tier } from '../site-spec';
import { resolveSite } from './index';
import { round } from './math';
import { densestNodesPerRack } from './placement';

/** The pool name a hypothetical pool takes: `offer`, or `offer-2`… when the site has one. */
export const WHAT_IF_POOL = 'offer';

export interface Placement {
  readonly zone: string;
  readonly nodesPerRack: number;
  /** IT kW of one full rack of the pool. */
  readonly rackKW: number;
}

/**
 * Where a pool of `system` can sit in a zone: the densest layout the zone's rack limit allows
 * (what the resolver accepts), or the pinned nodes per rack; why not, when it cannot.
 */
export function placementIn(zone: ResolvedZone, system: GpuSystem, pinnedNodesPerRack?: number): Placement | { readonly unsuitable: string } {
  if (!ZONE_ACCEPTS[zone.type].includes(system.cooling)) {
    return { unsuitable: `${zone.name} is ${zone.type}-cooled; ${system.displayName} needs ${system.cooling} cooling` };
  }
  if (system.rackScale) {
    const { nodesPerRack, rackKW } = system.rackScale;
    if (rackKW > zone.maxRackKW) return { unsuitable: `${zone.name} takes ${zone.maxRackKW} kW per rack; a ${system.displayName} rack draws ${rackKW} kW` };
    return { zone: zone.name, nodesPerRack, rackKW };
  }
  const densest = densestNodesPerRack(zone.maxRackKW, system.nodeMaxKW);
  if (densest < 1) return { unsuitable: `${zone.name} takes ${zone.maxRackKW} kW per rack; one ${system.displayName} draws ${system.nodeMaxKW} kW` };
  if (pinnedNodesPerRack !== undefined && pinnedNodesPerRack > densest) {
    return { unsuitable: `${zone.name} takes ${zone.maxRackKW} kW per rack; ${pinnedNodesPerRack} × ${system.displayName} draw ${round(pinnedNodesPerRack * system.nodeMaxKW, 2)} kW` };
  }
  const nodesPerRack = pinnedNodesPerRack ?? densest;
  return { zone: zone.name, nodesPerRack, rackKW: round(nodesPerRack * system.nodeMaxKW, 3) };
}

export interface WhatIfPool {
  readonly system: GpuSystem;
  readonly placement: Placement;
  readonly nodes: number;
  readonly tier: Tier;
}

/** `offer`, or `offer-2`… when the site already has a pool of that name. */
export function whatIfPoolName(spec: SiteSpec): string {
  const taken = new Set(spec.spec.gpuPools.map((p) => p.name));
  let name = WHAT_IF_POOL;
  for (let i = 2; taken.has(name); i++) name = `${WHAT_IF_POOL}-${i}`;
  return name;
}

/** The spec with the pool added and extra miners retired. Lean drops tenants and networks (no capacity in them). */
export function whatIfSpec(spec: SiteSpec, pool: WhatIfPool, extraRetire: ReadonlyMap<string, number>, lean: boolean): SiteSpec {
  const s = spec.spec;
  return {
    ...spec,
    spec: {
      ...s,
      mining: { fleets: s.mining.fleets.map((f) => ({ ...f, retire: f.retire + (extraRetire.get(f.name) ?? 0) })) },
      gpuPools: [...s.gpuPools, { name: whatIfPoolName(spec), system: pool.system.id, nodes: pool.nodes, nodesPerRack: pool.placement.nodesPerRack, zone: pool.placement.zone, tier: pool.tier, retire: [], driver: 'operator' }],
      ...(lean ? { tenants: [], networks: { dns: [], ntp: [] }, inventory: undefined } : {}),
      offers: [],
    },
  };
}

/** A capacity rule that binds, with the zone it binds in (cooling and floor). */
export interface Limit {
  readonly rule: CapacityRule;
  readonly zone?: string;
  readonly path: string;
  readonly message: string;
}

export type WhatIfOutcome =
  | { readonly ok: true; readonly site: ResolvedSite }
  | { readonly ok: false; readonly limits: readonly Limit[]; readonly errors: readonly Diagnostic[] };

/** Resolves the site with the pool; on failure, the capacity limits that bind and every error. */
export function resolveWhatIf(spec: SiteSpec, pool: WhatIfPool, extraRetire: ReadonlyMap<string, number>, lean = true): WhatIfOutcome {
  try {
    return { ok: true, site: resolveSite(whatIfSpec(spec, pool, extraRetire, lean)) };
  } catch (err) {
    if (!(err instanceof SiteError)) throw err;
    const errors = err.diagnostics.filter((d) => d.severity === 'error');
    const limits: Limit[] = [];
    for (const e of errors) if (isCapacityRule(e.rule)) limits.push({ rule: e.rule, ...(e.zone ? { zone: e.zone } : {}), path: e.path, message: e.message });
    return { ok: false, limits, errors };
  }
}
