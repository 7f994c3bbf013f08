/**
 * Feasibility of an offer, decided by the real resolver: the offer becomes a hypothetical GPU
 * pool in a copy of the site spec, miners retire (least efficient first, unless the offer names
 * an order) until the site resolves, and when it never does, a binary search finds the largest
 * offer that does. The binding constraint is the resolver's own diagnostic (rule id, message
 * with the numbers), never a budget recomputed here.
 */
import type { GpuSystem } from '../constructs/catalog';
import { ZONE_ACCEPTS } from '../constructs/catalog';
import { Diagnostics, SiteError, type Diagnostic } from '../constructs/diagnostics';
import { mergeCatalog, resolveSite } from '../constructs/resolve';
import type { ResolvedFleet, ResolvedSite, ResolvedZone } from '../constructs/resolved-site';
import type { SiteSpec, Tier } from '../constructs/site-spec';

/** The pool name the offer takes in the hypothetical site. */
export const OFFER_POOL = 'offer';

/** Rules that are physics: they decide whether an offer fits. Anything else is a follow-up. */
const PHYSICS_RULE = /^rackshift:(power|cooling|floor)\//;

export interface Placement {
  readonly zone: string;
  readonly nodesPerRack: number;
  /** IT kW of one full rack of the offer. */
  readonly rackKW: number;
}

export interface Retirement {
  readonly fleet: string;
  readonly zone: string;
  readonly model: string;
  readonly efficiencyJTH: number;
  readonly units: number;
  readonly itKW: number;
  readonly hashrateTHs: number;
}

export interface Constraint {
  /** The offer size (nodes) at which the resolver reported it. */
  readonly atNodes?: number;
  readonly rule: string;
  readonly path: string;
  readonly message: string;
}

export interface FitAttempt {
  readonly fits: boolean;
  readonly nodes: number;
  readonly placement: Placement;
  /** Miners retired by this offer (on top of what the site already retires). */
  readonly retirements: readonly Retirement[];
  /** The site with the offer (when it fits). */
  readonly after?: ResolvedSite;
  /** What stops it (when it does not fit), as the resolver reported it. */
  readonly binding?: Constraint;
}

/** A site spec plus the catalog the resolver would use for it. */
export interface SizingContext {
  readonly spec: SiteSpec;
  readonly before: ResolvedSite;
}

/** The system's catalog entry, built-in or from the site's catalog extension. */
export function lookupSystem(spec: SiteSpec, id: string): { system?: GpuSystem; known: readonly string[] } {
  const catalog = mergeCatalog(spec, new Diagnostics());
  return { system: catalog.system(id), known: catalog.systemIds() };
}

/**
 * How the offer would sit in a zone: the catalog's recommended nodes per rack, fewer when the
 * zone's rack density limit needs it; undefined when the zone cannot take the system at all.
 */
export function placementIn(zone: ResolvedZone, system: GpuSystem): Placement | { readonly unsuitable: string } {
  if (!ZONE_ACCEPTS[zone.type].includes(system.cooling)) {
    return { unsuitable: `${zone.name} is ${zone.type}-cooled; ${system.displayName} needs ${system.cooling} cooling` };
  }
  if (system.rackScale) {
    const { nodesPerRack, rackKW } = system.rackScale;
    if (rackKW > zone.maxRackKW) return { unsuitable: `${zone.name} takes ${zone.maxRackKW} kW per rack; a ${system.displayName} rack draws ${rackKW} kW` };
    return { zone: zone.name, nodesPerRack, rackKW };
  }
  const fit = Math.floor(zone.maxRackKW / system.nodeMaxKW + 1e-9);
  if (fit < 1) return { unsuitable: `${zone.name} takes ${zone.maxRackKW} kW per rack; one ${system.displayName} draws ${system.nodeMaxKW} kW` };
  const nodesPerRack = Math.min(system.recommendedNodesPerRack, fit);
  return { zone: zone.name, nodesPerRack, rackKW: Number((nodesPerRack * system.nodeMaxKW).toFixed(3)) };
}

/** The spec with the offer as a pool and extra miners retired. Lean drops tenants and networks (no physics in them). */
export function hypotheticalSpec(
  spec: SiteSpec,
  system: GpuSystem,
  placement: Placement,
  nodes: number,
  tier: Tier,
  extraRetire: ReadonlyMap<string, number>,
  lean: boolean,
): SiteSpec {
  const s = spec.spec;
  return {
    ...spec,
    spec: {
      ...s,
      mining: { fleets: s.mining.fleets.map((f) => ({ ...f, retire: f.retire + (extraRetire.get(f.name) ?? 0) })) },
      gpuPools: [
        ...s.gpuPools,
        { name: uniquePoolName(spec), system: system.id, nodes, nodesPerRack: placement.nodesPerRack, zone: placement.zone, tier, retire: [], driver: 'operator' },
      ],
      ...(lean ? { tenants: [], networks: { dns: [], ntp: [] }, inventory: undefined } : {}),
      offers: [],
      // Warnings never block an offer; only errors do.
      warningsAcknowledged: s.warningsAcknowledged,
    },
  };
}

/** `offer`, or `offer-2`… when the site already has a pool of that name. */
export function uniquePoolName(spec: SiteSpec): string {
  const taken = new Set(spec.spec.gpuPools.map((p) => p.name));
  let name = OFFER_POOL;
  for (let i = 2; taken.has(name); i++) name = `${OFFER_POOL}-${i}`;
  return name;
}

type Outcome = { ok: true; site: ResolvedSite } | { ok: false; errors: readonly Diagnostic[] };

function resolveQuietly(spec: SiteSpec): Outcome {
  try {
    return { ok: true, site: resolveSite(spec) };
  } catch (err) {
    if (err instanceof SiteError) return { ok: false, errors: err.diagnostics.filter((d) => d.severity === 'error') };
    throw err;
  }
}

/**
 * Fleets retirement could relieve for a constraint: any fleet for the normal-load budget, the
 * zone's own fleets for its cooling and floor, firm (non-curtailable) fleets for tier N.
 * Curtailable mining never counts against 2N/N+1 (it is shed first), so retiring it cannot help there.
 */
function relievers(error: Diagnostic, before: ResolvedSite): ((f: ResolvedFleet) => boolean) | undefined {
  if (error.rule === 'rackshift:power/normal-load') return () => true;
  if (error.rule === 'rackshift:power/tier-n') return (f) => !f.curtailable;
  if (error.rule === 'rackshift:cooling/capacity' || error.rule === 'rackshift:floor/racks') {
    const m = /^spec\.cooling\.zones\[(\d+)\]/.exec(error.path);
    const zone = m ? before.zones[Number(m[1])]?.name : undefined;
    return zone ? (f) => f.zone === zone : undefined;
  }
  return undefined;
}

/** The resolver's rule id for a tier's power budget, e.g. rackshift:power/tier-nplus1. */
export const tierRule = (tier: Tier) => `rackshift:power/tier-${tier.toLowerCase().replace('+', 'plus')}`;

const sameError = (a: Diagnostic, b: Diagnostic) => a.rule === b.rule && a.path === b.path;

/**
 * Tries `nodes` nodes of `system` in a placement: retires miners in order until the site
 * resolves, or returns the constraint retiring cannot relieve.
 */
export function tryFit(
  ctx: SizingContext,
  system: GpuSystem,
  placement: Placement,
  nodes: number,
  tier: Tier,
  retireOrder: readonly string[],
): FitAttempt {
  const { spec, before } = ctx;
  const extra = new Map<string, number>();
  const remaining = (f: ResolvedFleet) => f.running - (extra.get(f.name) ?? 0);
  const attempt = () => resolveQuietly(hypotheticalSpec(spec, system, placement, nodes, tier, extra, true));
  const physicsErrors = (o: Outcome) => (o.ok ? [] : o.errors.filter((e) => PHYSICS_RULE.test(e.rule)));
  const fleets = retireOrder.map((n) => before.fleets.find((f) => f.name === n)).filter((f): f is ResolvedFleet => f !== undefined);

  // Each pass relieves one constraint; a fleet can only be drained once, so this ends.
  for (let pass = 0; pass <= 2 * fleets.length + 4; pass++) {
    const outcome = attempt();
    if (outcome.ok) return { fits: true, nodes, placement, retirements: retirementsOf(before, extra), after: outcome.site };
    const errors = physicsErrors(outcome);
    // Name the ask's own tier when it binds (a 2N pool also counts against N+1).
    const first = errors.find((e) => e.rule === tierRule(tier)) ?? errors[0] ?? outcome.errors[0]!;
    const helps = relievers(first, before);
    const candidates = helps ? fleets.filter((f) => helps(f) && remaining(f) > 0) : [];
    const fail = (binding: Diagnostic): FitAttempt => ({
      fits: false,
      nodes,
      placement,
      retirements: retirementsOf(before, extra),
      binding: { rule: binding.rule, path: binding.path, message: binding.message },
    });
    if (candidates.length === 0) return fail(first);
    // Would retiring every candidate clear it? If not, the constraint binds; report it at that point.
    const all = new Map(extra);
    for (const f of candidates) all.set(f.name, f.running);
    const drained = resolveQuietly(hypotheticalSpec(spec, system, placement, nodes, tier, all, true));
    const still = physicsErrors(drained).find((e) => sameError(e, first));
    if (still) {
      for (const [k, v] of all) extra.set(k, v);
      return fail(still);
    }
    // Least efficient first: drain whole fleets while that is not enough, then binary-search the last.
    for (const f of candidates) {
      const base = extra.get(f.name) ?? 0;
      const clears = (k: number) => {
        extra.set(f.name, base + k);
        const o = attempt();
        return !physicsErrors(o).some((e) => sameError(e, first));
      };
      const left = remaining(f);
      if (!clears(left)) continue; // whole fleet retired (extra holds base + left)
      let lo = 1;
      let hi = left;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (clears(mid)) hi = mid;
        else lo = mid + 1;
      }
      extra.set(f.name, base + lo);
      break;
    }
  }
  const last = attempt();
  if (last.ok) return { fits: true, nodes, placement, retirements: retirementsOf(before, extra), after: last.site };
  const e = physicsErrors(last).find((x) => x.rule === tierRule(tier)) ?? physicsErrors(last)[0] ?? last.errors[0]!;
  return { fits: false, nodes, placement, retirements: retirementsOf(before, extra), binding: { rule: e.rule, path: e.path, message: e.message } };
}

function retirementsOf(before: ResolvedSite, extra: ReadonlyMap<string, number>): Retirement[] {
  const out: Retirement[] = [];
  for (const [name, units] of extra) {
    const f = before.fleets.find((x) => x.name === name);
    if (!f || units <= 0) continue;
    out.push({
      fleet: f.name,
      zone: f.zone,
      model: f.model.id,
      efficiencyJTH: f.model.efficiencyJTH,
      units,
      itKW: Number(((units * f.model.wallW) / 1000).toFixed(3)),
      hashrateTHs: Number((units * f.model.hashrateTHs).toFixed(1)),
    });
  }
  return out;
}

/** Fleets in retirement order: the offer's own list, else least efficient (highest J/TH) first. */
export function retirementOrder(before: ResolvedSite, declared?: readonly string[]): string[] {
  if (declared && declared.length > 0) return [...declared];
  return [...before.fleets]
    .filter((f) => f.running > 0)
    .sort((a, b) => b.model.efficiencyJTH - a.model.efficiencyJTH || a.name.localeCompare(b.name))
    .map((f) => f.name);
}

/**
 * Whether `nodes` could fit at all: one resolve with every fleet the offer may retire fully
 * retired. Retiring miners only ever removes load, heat and racks, so if this does not resolve
 * no smaller retirement will, and if it does, tryFit finds the least retirement that works.
 */
export function fitsWithAllRetired(
  ctx: SizingContext,
  system: GpuSystem,
  placement: Placement,
  nodes: number,
  tier: Tier,
  order: readonly string[],
): { fits: boolean; binding?: Constraint } {
  const all = new Map<string, number>();
  for (const name of order) {
    const f = ctx.before.fleets.find((x) => x.name === name);
    if (f && f.running > 0) all.set(name, f.running);
  }
  const o = resolveQuietly(hypotheticalSpec(ctx.spec, system, placement, nodes, tier, all, true));
  if (o.ok) return { fits: true };
  const physics = o.errors.filter((e) => PHYSICS_RULE.test(e.rule));
  const e = physics.find((x) => x.rule === tierRule(tier)) ?? physics[0] ?? o.errors[0]!;
  return { fits: false, binding: { atNodes: nodes, rule: e.rule, path: e.path, message: e.message } };
}

/**
 * The largest number of nodes (whole racks for rack-scale systems) that fits, below `askNodes`,
 * by binary search (fit is monotone in size: a smaller offer never needs more). Each probe is
 * one resolve (fitsWithAllRetired); only the answer is then sized for its least retirement.
 * `upperBound` only narrows the search; every answer comes from the resolver.
 */
export function largestFit(
  ctx: SizingContext,
  system: GpuSystem,
  placement: Placement,
  askNodes: number,
  upperBound: number,
  tier: Tier,
  order: readonly string[],
): { best?: FitAttempt; binding?: Constraint } {
  const unit = system.rackScale ? system.rackScale.nodesPerRack : 1;
  let lo = 0; // units known to fit (0 always does)
  let hi = Math.floor(Math.max(0, Math.min(askNodes - 1, upperBound)) / unit);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsWithAllRetired(ctx, system, placement, mid * unit, tier, order).fits) lo = mid;
    else hi = mid - 1;
  }
  const binding = fitsWithAllRetired(ctx, system, placement, Math.min(askNodes, (lo + 1) * unit), tier, order).binding;
  const best = lo > 0 ? tryFit(ctx, system, placement, lo * unit, tier, order) : undefined;
  return { ...(best?.fits ? { best } : {}), ...(binding ? { binding } : {}) };
}
