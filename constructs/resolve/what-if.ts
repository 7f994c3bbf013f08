/**
 * What if: the site with one hypothetical GPU pool added (an offer is one), and optionally
 * more miners retired, resolved by the same functions as synth. The answer is typed: the
 * evaluated site (figures even when it does not fit), the hypothetical pool as resolved, the
 * miners retired for it, and the problems with their rule ids and facts (zone, tier, how
 * short), so a caller never parses a message or a path.
 */
import type { AsicModel } from '../catalog';
import type { Diagnostic } from '../diagnostics';
import type { ResolvedPool, ResolvedSite } from '../resolved-site';
import { PHYSICS_RULES, type RuleId } from '../rules';
import type { SiteSpec, Tier } from '../site-spec';
import { evaluateSite } from './evaluate';
import { minerFigures } from './mining';

export interface HypotheticalPool {
  readonly system: string;
  readonly nodes: number;
  readonly zone: string;
  readonly tier: Tier;
  /** Default: the system's (see densestPlacement for the densest a zone takes). */
  readonly nodesPerRack?: number;
  readonly powerCapKW?: number;
  /** Default `offer`, or `offer-2`… when the site already has a pool of that name. */
  readonly name?: string;
}

export interface WhatIf {
  readonly pool: HypotheticalPool;
  /** Miners retired on top of what the site already retires, by fleet name. */
  readonly retire?: ReadonlyMap<string, number>;
  /** Leave tenants, networks and the inventory out (no physics in them): a cheaper probe. */
  readonly lean?: boolean;
}

export interface WhatIfRetirement {
  readonly fleet: string;
  readonly zone: string;
  readonly model: AsicModel;
  readonly units: number;
  readonly itKW: number;
  readonly hashrateTHs: number;
}

export interface WhatIfResult {
  /** The site spec with the pool added (and the retirements applied). */
  readonly spec: SiteSpec;
  /** Name the hypothetical pool took. */
  readonly poolName: string;
  /** True when the site resolves without any error. */
  readonly resolves: boolean;
  /** Every error, in the order the resolver found them. */
  readonly errors: readonly Diagnostic[];
  /** The errors that are physics (PHYSICS_RULES): power, heat, rack density, floor. */
  readonly physics: readonly Diagnostic[];
  /** The site as evaluated: every figure, also when it does not resolve. Not frozen; do not change it. */
  readonly site: ResolvedSite;
  /** The hypothetical pool as resolved (undefined when its system is unknown). */
  readonly pool?: ResolvedPool;
  /** Miners retired for the pool (on top of the site's own), with what they drew and hashed. */
  readonly retirements: readonly WhatIfRetirement[];
}

/** Resolves `spec` with `whatIf.pool` added. Never throws for problems: they are in the result. */
export function resolveWhatIf(spec: SiteSpec, whatIf: WhatIf): WhatIfResult {
  const poolName = whatIf.pool.name ?? freePoolName(spec, 'offer');
  const hypothetical = withPool(spec, { ...whatIf.pool, name: poolName }, whatIf.retire ?? new Map(), whatIf.lean ?? false);
  const { site, diagnostics } = evaluateSite(hypothetical);
  const errors = diagnostics.errors;
  const retirements: WhatIfRetirement[] = [];
  for (const [name, units] of whatIf.retire ?? []) {
    const f = site.fleets.find((x) => x.name === name);
    if (!f || units <= 0) continue;
    retirements.push({ fleet: f.name, zone: f.zone, model: f.model, units, ...minerFigures(f.model, units) });
  }
  return {
    spec: hypothetical,
    poolName,
    resolves: errors.length === 0,
    errors,
    physics: errors.filter((e) => PHYSICS_RULES.has(e.rule as RuleId)),
    site,
    ...(site.pools.find((p) => p.name === poolName) ? { pool: site.pools.find((p) => p.name === poolName)! } : {}),
    retirements,
  };
}

/** `base`, or `base-2`… when the site already has a pool of that name. */
export function freePoolName(spec: SiteSpec, base: string): string {
  const taken = new Set(spec.spec.gpuPools.map((p) => p.name));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

function withPool(spec: SiteSpec, pool: HypotheticalPool & { name: string }, retire: ReadonlyMap<string, number>, lean: boolean): SiteSpec {
  const s = spec.spec;
  return {
    ...spec,
    spec: {
      ...s,
      mining: { fleets: s.mining.fleets.map((f) => ({ ...f, retire: f.retire + (retire.get(f.name) ?? 0) })) },
      gpuPools: [
        ...s.gpuPools,
        {
          name: pool.name,
          system: pool.system,
          nodes: pool.nodes,
          zone: pool.zone,
          tier: pool.tier,
          retire: [],
          driver: 'operator',
          ...(pool.nodesPerRack !== undefined ? { nodesPerRack: pool.nodesPerRack } : {}),
          ...(pool.powerCapKW !== undefined ? { powerCapKW: pool.powerCapKW } : {}),
        },
      ],
      ...(lean ? { tenants: [], networks: { dns: [], ntp: [] }, inventory: undefined } : {}),
      offers: [],
    },
  };
}
