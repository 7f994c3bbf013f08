/**
 * Sizing an offer: can the site host it (and in which zone), what must retire, what binds
 * when it does not fit (and the largest offer that does), by when, and for how much.
 * Feasibility comes from the resolver's what-if (feasibility.ts), the plan from plan.ts;
 * this file checks the ask, chooses the zone and assembles the answer.
 */
import type { GpuSystem } from '../constructs/catalog';
import { resolveSite } from '../constructs/resolve';
import type { OfferSpecT } from '../constructs/site-spec';
import { fitsWithAllRetired, largestFit, lookupSystem, placementIn, retirementOrder, tryFit, type Constraint, type FitAttempt, type Placement, type Retirement, type SizingContext } from './feasibility';
import { DEFAULT_IT_SYSTEM, MAX_POOL_NODES, OfferError, type OfferResult, type SizeOptions, type ZoneVerdict } from './offer-types';
import { planOf, sumTHs } from './plan';
import { isCalendarDate } from './timeline';
import { enUs } from '../lib/number-format';

export { DEFAULT_IT_SYSTEM, OfferError, type OfferResult, type SizedPlan, type SizeOptions, type ZoneVerdict } from './offer-types';

/**
 * Sizes one offer against a site. `spec` is the parsed site file; `before` its resolved site.
 * Throws OfferError for input that cannot be sized (unknown system or zone, a past start…).
 */
export function sizeOffer(site: SizingContext, offer: OfferSpecT, options: SizeOptions = {}): OfferResult {
  const { spec, before } = site;
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

  // Feeds the offer brings: sized with them (a what-if on the grown site); `before` stays the site as it is.
  for (const f of offer.addFeeds ?? []) {
    if (before.power.feeds.some((x) => x.name === f.name)) throw new OfferError(`${where}: addFeeds names feed "${f.name}", which the site already has`);
  }
  const ctx: SizingContext = offer.addFeeds?.length ? { spec: { ...spec, spec: { ...spec.spec, power: { ...spec.spec.power, feeds: [...spec.spec.power.feeds, ...offer.addFeeds] } } }, before } : site;
  const usableMW = offer.addFeeds?.length ? resolveSite(ctx.spec).power.totalUsableMW : before.power.totalUsableMW;

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
  const upperBound = Math.min(MAX_POOL_NODES, Math.floor((usableMW * 1000) / system.nodeMaxKW));

  const order = retirementOrder(before, offer.retireOrder);
  const zones: ZoneVerdict[] = [];
  const fitting: FitAttempt[] = [];
  const candidates: Placement[] = [];
  for (const z of before.zones) {
    if (offer.zone && z.name !== offer.zone) continue;
    const p = placementIn(z, system, offer.nodesPerRack);
    if ('unsuitable' in p) {
      zones.push({ zone: z.name, fits: false, note: p.unsuitable });
      continue;
    }
    candidates.push(p);
    if (askNodes > upperBound) {
      zones.push({ zone: z.name, fits: false, note: `the ask alone (${askNodes} nodes × ${system.nodeMaxKW} kW) exceeds the site's ${usableMW} MW usable` });
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

function describeRetirements(rs: readonly Retirement[]): string {
  if (rs.length === 0) return 'fits without retiring miners';
  return `fits retiring ${rs.map((r) => `${enUs(r.units)} × ${r.model} (${r.fleet})`).join(', ')}`;
}