/**
 * The plan for an offer that fits: the pool as placed, the miners it retires, power tiers
 * before and after, the timeline and the money, read from the resolver's site with the offer.
 */
import type { GpuSystem } from '../constructs/catalog';
import { SITE_FILE_LAYER } from '../constructs/economics-assumptions';
import { conversionEconomics, EconomicsInputError, type ConversionEconomics as Economics } from '../constructs/money/conversion';
import { resolveWhatIf } from '../constructs/resolve/what-if';
import type { OfferSpecT, SiteSpec, Tier } from '../constructs/site-spec';
import type { FitAttempt, Retirement, SizingContext } from './feasibility';
import { OfferError, type SizedPlan, type SizeOptions } from './offer-types';
import { buildTimeline, type PhaseId } from './timeline';

export function planOf(ctx: SizingContext, system: GpuSystem, fit: FitAttempt, offer: OfferSpecT, options: SizeOptions): SizedPlan {
  const { spec, before } = ctx;
  const after = fit.after!;
  const pool = after.pools[after.pools.length - 1]!;
  const zone = after.zones.find((z) => z.name === fit.placement.zone)!;
  // Mining given up, read from the resolver's zones before and after (IT plus cooling and losses,
  // by zone PUE or fixed overhead as it computes them), less the offer's own facility load.
  const facilityKW = (s: typeof before) => s.zones.reduce((a, z) => a + z.itLoadKW + z.overheadKW, 0);
  const retiredFacilityMW = (facilityKW(before) - facilityKW(after) + pool.facilityKW) / 1000;
  // The curtailable miners' share of it earns demand-response and 4CP credits.
  const retiredITKW = fit.retirements.reduce((a, r) => a + r.itKW, 0);
  const curtailableITKW = fit.retirements.filter((r) => before.fleets.find((f) => f.name === r.fleet)?.curtailable).reduce((a, r) => a + r.itKW, 0);
  const retiredCurtailableFacilityMW = retiredITKW > 0 ? (retiredFacilityMW * curtailableITKW) / retiredITKW : 0;
  const zoneBefore = before.zones.find((z) => z.name === fit.placement.zone)!;

  const skip: Partial<Record<PhaseId, string>> = {};
  if (fit.retirements.length === 0) skip.decommission = 'no miners retire';
  if (!offer.addFeeds?.length) skip.interconnection = 'no new feeds';
  if (zoneBefore.pools.length > 0) skip.cooling = `${zoneBefore.name} already hosts GPU pools (${zoneBefore.pools.join(', ')})`;
  // Fast path: tier N on the miners' own distribution, air-cooled GPUs in the air hall's airflow.
  const fastPath = offer.tier === 'N' && system.cooling === 'air' && zoneBefore.type === 'air';
  if (fastPath) {
    skip.electrical = 'fast path: tier N on the existing distribution';
    skip.cooling = 'fast path: air-cooled systems in an air-cooled hall';
  }
  const timeline = buildTimeline({
    leadTimeWeeks: system.leadTimeWeeks,
    skip,
    overrides: [
      ...(options.phaseOverride ? [{ weeks: options.phaseOverride, from: 'command line' }] : []),
      ...(offer.phaseWeeks ? [{ weeks: offer.phaseWeeks, from: `offer ${offer.name}` }] : []),
    ],
    ...(offer.start ? { startDate: offer.start } : {}),
    fastPath,
  });

  const startFrom = offer.start ? { month: offer.start.slice(0, 7), from: `offer start ${offer.start}` } : options.today ? { month: options.today.slice(0, 7), from: `no start date: today (${options.today})` } : undefined;
  let economics: Economics;
  try {
    economics = conversionEconomics({
      layers: [
        ...(options.economicsOverride ? [{ from: 'command line', values: options.economicsOverride }] : []),
        ...(offer.economics ? [{ from: `offer ${offer.name}`, values: offer.economics }] : []),
        { from: SITE_FILE_LAYER, values: before.economics },
      ],
      feedPrices: before.power.feeds,
      systemId: system.id,
      gpuModel: system.gpu,
      nodes: pool.nodeCount,
      gpus: pool.gpuCount,
      itMW: pool.itKW / 1000,
      facilityMW: pool.facilityKW / 1000,
      retiredTHs: sumTHs(fit.retirements),
      retiredItMW: fit.retirements.reduce((a, r) => a + r.itKW, 0) / 1000,
      retiredFacilityMW,
      retiredCurtailableFacilityMW,
      buildWeeks: timeline.totalWeeks,
      termMonths: offer.termMonths,
      ...(startFrom ? { start: startFrom } : {}),
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

/** Problems of the full site with the offer that are not capacity (address ranges, …): to fix before synth, not blockers. */
function followUpsOf(spec: SiteSpec, system: GpuSystem, fit: FitAttempt, tier: Tier): string[] {
  const extra = new Map(fit.retirements.map((r) => [r.fleet, r.units]));
  const o = resolveWhatIf(spec, { system, placement: fit.placement, nodes: fit.nodes, tier }, extra, false);
  return o.ok ? [] : o.errors.map((d) => `${d.path}: ${d.message}`);
}

export function sumTHs(rs: readonly Retirement[]): number {
  return Number(rs.reduce((a, r) => a + r.hashrateTHs, 0).toFixed(1));
}
