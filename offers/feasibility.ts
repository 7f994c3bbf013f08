/**
 * Feasibility of an offer, decided by the resolver's what-if (constructs/resolve/what-if.ts):
 * the offer is a hypothetical pool, miners retire (least efficient first, unless the offer
 * names an order) until the site resolves, and when it never does, a binary search finds the
 * largest offer that does. What binds is the resolver's own typed limit, never a budget
 * recomputed here.
 */
import type { GpuSystem } from '../constructs/catalog/types';
import { Diagnostics } from '../constructs/diagnostics';
import { mergeCatalog } from '../constructs/resolve';
import { minerFigures } from '../constructs/resolve/mining';
import { resolveWhatIf, type Limit, type Placement, type WhatIfOutcome } from '../constructs/resolve/what-if';
import type { ResolvedFleet, ResolvedSite } from '../constructs/resolved-site';
import { tierRule } from '../constructs/rules';
import type { SiteSpec, Tier } from '../constructs/site-spec';

export { placementIn, type Placement } from '../constructs/resolve/what-if';

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

/** A site spec and the site it resolves to. */
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
 * Fleets whose retirement relieves a limit: any fleet for normal-load power, the zone's own
 * fleets for its heat and floor, firm (non-curtailable) fleets for tier N. Curtailable mining
 * never counts against 2N/N+1 (it is shed first), so retiring it cannot help there.
 */
function relievers(limit: Limit): ((f: ResolvedFleet) => boolean) | undefined {
  if (limit.rule === 'rackshift:power/normal-load') return () => true;
  if (limit.rule === 'rackshift:power/tier-n') return (f) => !f.curtailable;
  if ((limit.rule === 'rackshift:cooling/capacity' || limit.rule === 'rackshift:floor/racks') && limit.zone) return (f) => f.zone === limit.zone;
  return undefined;
}

const sameLimit = (a: Limit, b: Limit) => a.rule === b.rule && a.path === b.path;
const asConstraint = (l: Limit, atNodes?: number): Constraint => ({ ...(atNodes !== undefined ? { atNodes } : {}), rule: l.rule, path: l.path, message: l.message });

/** The limit to report: the ask's own tier when it binds (a 2N pool also counts against N+1), else the first. */
function firstLimit(o: WhatIfOutcome & { ok: false }, tier: Tier): Limit {
  const e = o.limits.find((x) => x.rule === tierRule(tier)) ?? o.limits[0];
  if (e) return e;
  // Not a capacity problem (e.g. an invalid catalog extension): report the resolver's first error as it is.
  const d = o.errors[0]!;
  return { rule: d.rule as Limit['rule'], path: d.path, message: d.message };
}

interface Ask {
  readonly system: GpuSystem;
  readonly placement: Placement;
  readonly nodes: number;
  readonly tier: Tier;
}

/** Tries the ask: retires miners in order until the site resolves, or returns the limit retiring cannot relieve. */
export function tryFit(ctx: SizingContext, system: GpuSystem, placement: Placement, nodes: number, tier: Tier, retireOrder: readonly string[]): FitAttempt {
  const { spec, before } = ctx;
  const ask: Ask = { system, placement, nodes, tier };
  const extra = new Map<string, number>();
  const remaining = (f: ResolvedFleet) => f.running - (extra.get(f.name) ?? 0);
  const attempt = () => resolveWhatIf(spec, ask, extra);
  const fleets = retireOrder.map((n) => before.fleets.find((f) => f.name === n)).filter((f): f is ResolvedFleet => f !== undefined);
  const result = (o: WhatIfOutcome): FitAttempt =>
    o.ok ? { fits: true, nodes, placement, retirements: retirementsOf(before, extra), after: o.site } : { fits: false, nodes, placement, retirements: retirementsOf(before, extra), binding: asConstraint(firstLimit(o, tier)) };

  // Each pass relieves one limit; a fleet can only be drained once, so this ends.
  for (let pass = 0; pass <= 2 * fleets.length + 4; pass++) {
    const outcome = attempt();
    if (outcome.ok) return result(outcome);
    const first = firstLimit(outcome, tier);
    const helps = relievers(first);
    const candidates = helps ? fleets.filter((f) => helps(f) && remaining(f) > 0) : [];
    if (candidates.length === 0) return result(outcome);
    // Would retiring every candidate clear it? If not, the limit binds; report it at that point.
    const all = new Map(extra);
    for (const f of candidates) all.set(f.name, f.running);
    const drained = resolveWhatIf(spec, ask, all);
    const still = drained.ok ? undefined : drained.limits.find((e) => sameLimit(e, first));
    if (still) {
      for (const [k, v] of all) extra.set(k, v);
      return { fits: false, nodes, placement, retirements: retirementsOf(before, extra), binding: asConstraint(still) };
    }
    // Least efficient first: drain whole fleets while that is not enough, then binary-search the last.
    for (const f of candidates) {
      const base = extra.get(f.name) ?? 0;
      const clears = (k: number) => {
        extra.set(f.name, base + k);
        const o = attempt();
        return o.ok || !o.limits.some((e) => sameLimit(e, first));
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
  return result(attempt());
}

/** What retiring `extra` miners gives up, read from the resolver's own fleet figures. */
function retirementsOf(before: ResolvedSite, extra: ReadonlyMap<string, number>): Retirement[] {
  const out: Retirement[] = [];
  for (const [name, units] of extra) {
    const f = before.fleets.find((x) => x.name === name);
    if (!f || units <= 0) continue;
    out.push({ fleet: f.name, zone: f.zone, model: f.model.id, efficiencyJTH: f.model.efficiencyJTH, units, ...minerFigures(f.model, units) });
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
 * retired. Retiring miners only removes load, heat and racks, so if this does not resolve no
 * smaller retirement will, and if it does, tryFit finds the least retirement that works.
 */
export function fitsWithAllRetired(ctx: SizingContext, system: GpuSystem, placement: Placement, nodes: number, tier: Tier, order: readonly string[]): { fits: boolean; binding?: Constraint } {
  const all = new Map<string, number>();
  for (const name of order) {
    const f = ctx.before.fleets.find((x) => x.name === name);
    if (f && f.running > 0) all.set(name, f.running);
  }
  const o = resolveWhatIf(ctx.spec, { system, placement, nodes, tier }, all);
  return o.ok ? { fits: true } : { fits: false, binding: asConstraint(firstLimit(o, tier), nodes) };
}

/**
 * The largest number of nodes (whole racks for rack-scale systems) that fits, below `askNodes`,
 * by binary search (fit is monotone in size: a smaller offer never needs more). Each probe is
 * one resolve; only the answer is then sized for its least retirement. `upperBound` only
 * narrows the search; every answer comes from the resolver.
 */
export function largestFit(ctx: SizingContext, system: GpuSystem, placement: Placement, askNodes: number, upperBound: number, tier: Tier, order: readonly string[]): { best?: FitAttempt; binding?: Constraint } {
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
