/**
 * Sizing an offer: can the site host it (and in which zone), what must retire, what binds
 * when it does not fit (and the largest offer that does), by when, and for how much.
 * Feasibility comes from the resolver (feasibility.ts); this file chooses and assembles.
 */
import type { GpuSystem } from '../constructs/catalog';
import { SiteError, type Diagnostic } from '../constructs/diagnostics';
import { resolveSite } from '../constructs/resolve';
import type { Conversion, ResolvedSite, TierBudget } from '../constructs/resolved-site';
import type { EconomicsSpecT, OfferSpecT, PhaseWeeksT, SiteSpec, Tier } from '../constructs/site-spec';
import { computeEconomics, EconomicsInputError, type Economics } from './economics';
import { SITE_FILE_LAYER } from '../constructs/economics-assumptions';
import {
  fitsWithAllRetired,
  hypotheticalSpec,
  largestFit,
  lookupSystem,
  placementIn,
  retirementOrder,
  tryFit,
  type Constraint,
  type FitAttempt,
  type Placement,
  type Retirement,
  type SizingContext,
} from './feasibility';
import { buildTimeline, isCalendarDate, type PhaseId, type Timeline } from './timeline';

/** Sizing a pure IT-MW ask needs a system to model racks and density; this one unless --system says otherwise. */
export const DEFAULT_IT_SYSTEM = 'dgx-b200';
/** The schema's limit on nodes in one pool: the search never asks the resolver for more. */
const MAX_POOL_NODES = 100_000;

/** Input the sales engineer cannot fix by changing the ask's size: unknown ids, a past start, … */
export class OfferError extends Error {}

export interface SizeOptions {
  /** Today's date, YYYY-MM-DD (injectable so tests are deterministic). Without it, start dates are not checked against today. */
  readonly today?: string;
  /** Economics given on the command line: they win over the offer and the site file. */
  readonly economicsOverride?: EconomicsSpecT;
  readonly phaseOverride?: PhaseWeeksT;
}

export interface ZoneVerdict {
  readonly zone: string;
  readonly fits: boolean;
  readonly note: string;
}

export interface SizedPlan {
  /** Name of the offer's pool in the site with the offer (`after`). */
  readonly pool: string;
  readonly zone: string;
  readonly nodesPerRack: number;
  readonly rackKW: number;
  readonly nodes: number;
  readonly gpus: number;
  readonly racks: number;
  readonly itMW: number;
  readonly facilityMW: number;
  readonly pue: number;
  readonly retirements: readonly Retirement[];
  readonly retiredTHs: number;
  readonly retiredItMW: number;
  readonly retiredFacilityMW: number;
  readonly tiersBefore: readonly TierBudget[];
  readonly tiersAfter: readonly TierBudget[];
  readonly normalHeadroomBeforeMW: number;
  readonly normalHeadroomAfterMW: number;
  readonly curtailedBefore: Conversion['curtailedWorstCase'];
  readonly curtailedAfter: Conversion['curtailedWorstCase'];
  readonly worstCaseLost: string;
  readonly timeline: Timeline;
  readonly economics: Economics;
  /** Things to do before synth (non-physics problems the full resolve found, e.g. address ranges). */
  readonly followUps: readonly string[];
  /** The site with the offer, for charts (power stack after). */
  readonly after: ResolvedSite;
}

export interface OfferResult {
  readonly site: string;
  readonly offer: string;
  readonly ask: {
    readonly kind: 'gpus' | 'it-mw';
    readonly gpus?: number;
    readonly itMW?: number;
    readonly system: string;
    readonly systemName: string;
    readonly gpu: string;
    readonly gpusPerNode: number;
    readonly nodeKW: number;
    readonly nodes: number;
    readonly tier: Tier;
    readonly termMonths: number;
    readonly start?: string;
  };
  /** fits: the whole ask; partial: only a smaller offer (in `plan`); cannot: nothing fits. */
  readonly verdict: 'fits' | 'partial' | 'cannot';
  readonly zones: readonly ZoneVerdict[];
  readonly zoneReason: string;
  /** What stops the ask (or one more unit beyond the largest offer), as the resolver reported it. */
  readonly binding?: Constraint;
  /** The plan for the ask (fits) or for the largest offer that fits (partial). */
  readonly plan?: SizedPlan;
  readonly before: ResolvedSite;
  readonly notes: readonly string[];
}

/**
 * Sizes one offer against a site. `spec` is the parsed site file; `before` its resolved site.
 * Throws OfferError for input that cannot be sized (unknown system or zone, a past start…).
 */
export function sizeOffer(ctx: SizingContext, offer: OfferSpecT, options: SizeOptions = {}): OfferResult {
  const { spec, before } = ctx;
  const notes: string[] = [];
  const where = `offer ${offer.name}`;
  if (offer.gpus !== undefined && offer.itMW !== undefined) throw new OfferError(`${where}: give gpus or itMW, not both`);
  if (offer.gpus === undefined && offer.itMW === undefined) throw new OfferError(`${where}: give gpus (with a system) or itMW`);
  if (offer.gpus !== undefined && !Number.isInteger(offer.gpus)) throw new OfferError(`${where}: gpus must be a whole number, got ${offer.gpus}`);
  if (offer.gpus !== undefined && offer.gpus < 1) throw new OfferError(`${where}: gpus must be at least 1, got ${offer.gpus}`);
  if (offer.itMW !== undefined && !(offer.itMW > 0)) throw new OfferError(`${where}: itMW must be greater than 0, got ${offer.itMW}`);
  if (offer.gpus !== undefined && !offer.system) throw new OfferError(`${where}: gpus needs a system (e.g. dgx-h100)`);
  if (!(offer.termMonths >= 1)) throw new OfferError(`${where}: termMonths must be at least 1, got ${offer.termMonths}`);
  const systemId = offer.system ?? DEFAULT_IT_SYSTEM;
  const { system, known } = lookupSystem(spec, systemId);
  if (!system) throw new OfferError(`${where}: unknown GPU system "${systemId}" (catalog: ${known.join(', ')})`);
  if (offer.start !== undefined) {
    if (!isCalendarDate(offer.start)) throw new OfferError(`${where}: start ${offer.start} is not a calendar date (YYYY-MM-DD)`);
    if (options.today && offer.start < options.today) throw new OfferError(`${where}: start ${offer.start} is in the past (today is ${options.today})`);
  }
  for (const f of offer.retireOrder ?? []) {
    if (!before.fleets.some((x) => x.name === f)) throw new OfferError(`${where}: retireOrder names no fleet "${f}" (fleets: ${before.fleets.map((x) => x.name).join(', ') || 'none'})`);
  }
  if (offer.zone && !before.zones.some((z) => z.name === offer.zone)) {
    throw new OfferError(`${where}: no zone "${offer.zone}" (zones: ${before.zones.map((z) => z.name).join(', ')})`);
  }

  // The ask in nodes: GPUs round up to whole nodes (whole racks for rack-scale systems); IT MW rounds down.
  const unit = system.rackScale ? system.rackScale.nodesPerRack : 1;
  let askNodes: number;
  if (offer.gpus !== undefined) {
    askNodes = Math.ceil(offer.gpus / system.gpusPerNode / unit) * unit;
    if (askNodes * system.gpusPerNode !== offer.gpus) {
      notes.push(`${offer.gpus} GPUs round up to ${askNodes} ${system.displayName} nodes (${askNodes * system.gpusPerNode} GPUs): systems are sold whole${unit > 1 ? ' (by the rack)' : ''}`);
    }
  } else {
    askNodes = Math.floor((offer.itMW! * 1000) / system.nodeMaxKW / unit) * unit;
    // Rounded down so the offer never promises more IT power than asked; say by how much.
    const modelledMW = (askNodes * system.nodeMaxKW) / 1000;
    notes.push(`${offer.itMW} MW of critical IT is modelled as ${askNodes} ${system.displayName} nodes at ${system.nodeMaxKW} kW = ${Number(modelledMW.toFixed(3))} MW (rounded down to whole ${unit > 1 ? 'racks' : 'nodes'})${offer.system ? '' : ` (default system for IT-MW asks; choose another with --system)`}`);
    if (askNodes < 1) throw new OfferError(`${where}: ${offer.itMW} MW is less than one ${system.displayName} ${unit > 1 ? 'rack' : 'node'} (${(system.nodeMaxKW * unit).toFixed(1)} kW)`);
  }
  // An upper bound only to keep the search small: IT load can never exceed the feeds' usable capacity.
  const upperBound = Math.min(MAX_POOL_NODES, Math.floor((before.power.totalUsableMW * 1000) / system.nodeMaxKW));

  const order = retirementOrder(before, offer.retireOrder);
  const zones: ZoneVerdict[] = [];
  const fitting: FitAttempt[] = [];
  const candidates: Placement[] = [];
  for (const z of before.zones) {
    if (offer.zone && z.name !== offer.zone) continue;
    const p = placementIn(z, system);
    if ('unsuitable' in p) {
      zones.push({ zone: z.name, fits: false, note: p.unsuitable });
      continue;
    }
    candidates.push(p);
    if (askNodes > upperBound) {
      zones.push({ zone: z.name, fits: false, note: `the ask alone (${askNodes} nodes × ${system.nodeMaxKW} kW) exceeds the site's ${before.power.totalUsableMW} MW usable` });
      continue;
    }
    const a = tryFit(ctx, system, p, askNodes, offer.tier, order);
    if (a.fits) fitting.push(a);
    zones.push({ zone: z.name, fits: a.fits, note: a.fits ? describeRetirements(a.retirements) : `${a.binding!.rule}: ${a.binding!.message}` });
  }
  if (candidates.length === 0) {
    return { site: before.name, offer: offer.name, ask: askOf(offer, system, askNodes), verdict: 'cannot', zones, zoneReason: `no zone can take ${system.displayName} (${system.cooling} cooling, ${system.rackScale ? `${system.rackScale.rackKW} kW racks` : `${system.nodeMaxKW} kW per node`})`, before, notes };
  }

  let chosen: FitAttempt | undefined;
  let binding: Constraint | undefined;
  let zoneReason: string;
  let verdict: OfferResult['verdict'];
  if (fitting.length > 0) {
    // Least hashrate given up; then a zone that already hosts GPUs (already retrofitted); then file order.
    const rank = (a: FitAttempt) => [sumTHs(a.retirements), before.zones.find((z) => z.name === a.placement.zone)!.pools.length > 0 ? 0 : 1];
    chosen = [...fitting].sort((a, b) => rank(a)[0]! - rank(b)[0]! || rank(a)[1]! - rank(b)[1]!)[0]!;
    verdict = 'fits';
    zoneReason = fitting.length === 1 ? `${chosen.placement.zone} is the only zone where the ask fits` : `${chosen.placement.zone} fits with the least mining given up${before.zones.find((z) => z.name === chosen!.placement.zone)!.pools.length > 0 ? ' and already hosts GPU pools' : ''}`;
    if (offer.zone) zoneReason = `${offer.zone}, as the offer asks`;
  } else {
    // Not as asked: the largest offer per zone, keep the zone with the biggest.
    let bestZone: { best?: FitAttempt; binding?: Constraint } | undefined;
    // Bounds that only narrow the search: the zone's floor (free racks plus those its miners hold) and its heat rejection.
    const boundOf = (p: Placement) => {
      const zone = before.zones.find((z) => z.name === p.zone)!;
      const minerRacks = before.fleets.filter((f) => f.zone === zone.name).reduce((a, f) => a + f.racks, 0);
      return Math.min(upperBound, (zone.racksFree + minerRacks) * p.nodesPerRack, Math.floor(zone.capacityKW / system.nodeMaxKW));
    };
    // Roomiest zones first, so the others are usually ruled out by one probe each.
    const ordered = candidates.map((p) => ({ p, bound: boundOf(p) })).sort((a, b) => b.bound - a.bound);
    for (const { p, bound: zoneBound } of ordered) {
      // A zone that cannot beat the best so far by one unit is skipped (fit is monotone in size).
      const beat = (bestZone?.best?.nodes ?? 0) + unit;
      if (bestZone && (beat > Math.min(zoneBound, askNodes - 1) || !fitsWithAllRetired(ctx, system, p, beat, offer.tier, order).fits)) continue;
      const r = largestFit(ctx, system, p, askNodes, zoneBound, offer.tier, order);
      if (!bestZone || (r.best?.nodes ?? 0) > (bestZone.best?.nodes ?? 0)) bestZone = r;
    }
    chosen = bestZone!.best;
    binding = bestZone!.binding;
    verdict = chosen ? 'partial' : 'cannot';
    zoneReason = chosen ? `${chosen.placement.zone} holds the largest offer that fits` : 'nothing fits in any zone';
  }
  if (verdict === 'fits') {
    // Nothing binds the ask itself; name what stops the next rack, so the deal desk knows the limit.
    binding = undefined;
  }

  const plan = chosen ? planOf(ctx, system, chosen, offer, options) : undefined;
  return {
    site: before.name,
    offer: offer.name,
    ask: askOf(offer, system, askNodes),
    verdict,
    zones,
    zoneReason,
    ...(binding ? { binding } : {}),
    ...(plan ? { plan } : {}),
    before,
    notes,
  };
}

function askOf(offer: OfferSpecT, system: GpuSystem, nodes: number): OfferResult['ask'] {
  return {
    kind: offer.gpus !== undefined ? 'gpus' : 'it-mw',
    ...(offer.gpus !== undefined ? { gpus: offer.gpus } : {}),
    ...(offer.itMW !== undefined ? { itMW: offer.itMW } : {}),
    system: system.id,
    systemName: system.displayName,
    gpu: system.gpu,
    gpusPerNode: system.gpusPerNode,
    nodeKW: system.nodeMaxKW,
    nodes,
    tier: offer.tier,
    termMonths: offer.termMonths,
    ...(offer.start ? { start: offer.start } : {}),
  };
}

function planOf(ctx: SizingContext, system: GpuSystem, fit: FitAttempt, offer: OfferSpecT, options: SizeOptions): SizedPlan {
  const { spec, before } = ctx;
  const after = fit.after!;
  const pool = after.pools[after.pools.length - 1]!;
  const zone = after.zones.find((z) => z.name === fit.placement.zone)!;
  const retiredFacilityMW = fit.retirements.reduce((a, r) => a + (r.itKW * (before.zones.find((z) => z.name === r.zone)?.pue ?? 1)) / 1000, 0);
  const zoneBefore = before.zones.find((z) => z.name === fit.placement.zone)!;

  const skip: Partial<Record<PhaseId, string>> = {};
  if (fit.retirements.length === 0) skip.decommission = 'no miners retire';
  if (zoneBefore.pools.length > 0) skip.cooling = `${zoneBefore.name} already hosts GPU pools (${zoneBefore.pools.join(', ')})`;
  const timeline = buildTimeline({
    leadTimeWeeks: system.leadTimeWeeks,
    skip,
    overrides: [
      ...(options.phaseOverride ? [{ weeks: options.phaseOverride, from: 'command line' }] : []),
      ...(offer.phaseWeeks ? [{ weeks: offer.phaseWeeks, from: `offer ${offer.name}` }] : []),
    ],
    ...(offer.start ? { startDate: offer.start } : {}),
  });

  let economics: Economics;
  try {
    economics = computeEconomics({
      layers: [
        ...(options.economicsOverride ? [{ from: 'command line', values: options.economicsOverride }] : []),
        ...(offer.economics ? [{ from: `offer ${offer.name}`, values: offer.economics }] : []),
        { from: SITE_FILE_LAYER, values: before.economics },
      ],
      feedPrices: before.power.feeds,
      gpuModel: system.gpu,
      gpus: pool.gpuCount,
      itMW: pool.itKW / 1000,
      facilityMW: pool.facilityKW / 1000,
      retiredTHs: sumTHs(fit.retirements),
      retiredFacilityMW,
      buildWeeks: timeline.totalWeeks,
      termMonths: offer.termMonths,
    });
  } catch (err) {
    if (err instanceof EconomicsInputError) throw new OfferError(`offer ${offer.name}: ${err.message}`);
    throw err;
  }

  return {
    pool: pool.name,
    zone: fit.placement.zone,
    nodesPerRack: fit.placement.nodesPerRack,
    rackKW: fit.placement.rackKW,
    nodes: pool.nodeCount,
    gpus: pool.gpuCount,
    racks: pool.racks,
    itMW: pool.itKW / 1000,
    facilityMW: pool.facilityKW / 1000,
    pue: zone.pue,
    retirements: fit.retirements,
    retiredTHs: sumTHs(fit.retirements),
    retiredItMW: fit.retirements.reduce((a, r) => a + r.itKW, 0) / 1000,
    retiredFacilityMW,
    tiersBefore: before.power.tiers,
    tiersAfter: after.power.tiers,
    normalHeadroomBeforeMW: before.power.normalHeadroomMW,
    normalHeadroomAfterMW: after.power.normalHeadroomMW,
    curtailedBefore: before.conversion.curtailedWorstCase,
    curtailedAfter: after.conversion.curtailedWorstCase,
    worstCaseLost: after.power.worstCase.lost,
    timeline,
    economics,
    followUps: followUpsOf(spec, system, fit, offer.tier),
    after,
  };
}

/** Non-physics problems of the full site with the offer (address ranges, …): to fix before synth, not blockers. */
function followUpsOf(spec: SiteSpec, system: GpuSystem, fit: FitAttempt, tier: Tier): string[] {
  const extra = new Map(fit.retirements.map((r) => [r.fleet, r.units]));
  try {
    resolveSite(hypotheticalSpec(spec, system, fit.placement, fit.nodes, tier, extra, false));
    return [];
  } catch (err) {
    if (!(err instanceof SiteError)) throw err;
    return err.diagnostics.filter((d: Diagnostic) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
  }
}

function sumTHs(rs: readonly Retirement[]): number {
  return Number(rs.reduce((a, r) => a + r.hashrateTHs, 0).toFixed(1));
}

function describeRetirements(rs: readonly Retirement[]): string {
  if (rs.length === 0) return 'fits without retiring miners';
  return `fits retiring ${rs.map((r) => `${r.units.toLocaleString('en-US')} × ${r.model} (${r.fleet})`).join(', ')}`;
}
