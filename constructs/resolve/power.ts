/**
 * Power: feeds and redundancy groups, the budget of each tier, the normal-operation load and
 * the worst single failure with the mining it sheds. One power model: synth and a
 * hypothetical pool (an offer) both go through these functions.
 */
import { Diagnostics, mw } from '../diagnostics';
import type { Conversion, PowerBudget, ResolvedFeed, ResolvedGroup, TierBudget } from '../resolved-site';
import type { SiteSpec, Tier } from '../site-spec';
import { tierRule } from '../rules';
import { byName, maxBy, round, sum } from './math';

/** What the feeds give, before any load is counted. */
export interface PowerSupply {
  readonly continuousLoadFactor: number;
  readonly feeds: readonly ResolvedFeed[];
  readonly groups: readonly ResolvedGroup[];
  readonly totalUsableMW: number;
}

/** A GPU pool as the budget sees it: firm load at its tier. */
export interface PoolLoad {
  readonly name: string;
  /** Index in spec.gpuPools, where a tier error points. */
  readonly index: number;
  readonly tier: Tier;
  readonly itKW: number;
  /** itKW with the zone's cooling and losses, MW. */
  readonly facilityMW: number;
}

/** A mining fleet as the budget sees it: firm, or curtailable (shed in a failure). */
export interface FleetLoad {
  readonly name: string;
  readonly curtailable: boolean;
  readonly running: number;
  readonly itKW: number;
  readonly hashrateTHs: number;
  readonly efficiencyJTH: number;
  readonly facilityMW: number;
}

export interface PowerResult {
  readonly budget: PowerBudget;
  /** Mining curtailed in the worst case, least efficient fleets first. */
  readonly curtailedWorstCase: Conversion['curtailedWorstCase'];
}

const TIER_RANK: Record<Tier, number> = { N: 0, 'N+1': 1, '2N': 2 };
export const TIERS: readonly Tier[] = ['N', 'N+1', '2N'];

export function resolveFeeds(power: SiteSpec['spec']['power'], d: Diagnostics): PowerSupply {
  const clf = power.continuousLoadFactor;
  const feeds: ResolvedFeed[] = power.feeds.map((f, i) => {
    let nameplate = f.capacityMW ?? 0;
    if (f.capacityMW !== undefined && f.electrical) {
      d.error('rackshift:power/feed-capacity', ['spec', 'power', 'feeds', i], `feed ${f.name} gives both capacityMW and electrical; give one`);
    } else if (f.electrical) {
      const e = f.electrical;
      // P = √3 × V(line-to-line) × I × PF for three phases; V × I × PF for one (kV × A = kW).
      nameplate = ((e.phases === 3 ? Math.sqrt(3) : 1) * e.voltageKV * e.amps * e.powerFactor) / 1000;
    } else if (f.capacityMW === undefined) {
      d.error('rackshift:power/feed-capacity', ['spec', 'power', 'feeds', i], `feed ${f.name} needs capacityMW or electrical (voltageKV, amps, phases, powerFactor)`);
    }
    return {
      name: f.name,
      group: f.group,
      nameplateMW: round(nameplate),
      usableMW: round(nameplate * clf),
      ...(f.pricePerMWh !== undefined ? { pricePerMWh: f.pricePerMWh } : {}),
    };
  });
  const totalUsableMW = round(sum(feeds.map((f) => f.usableMW)));
  const groupNames = [...new Set(feeds.map((f) => f.group))];
  const groups: ResolvedGroup[] = groupNames.map((g) => {
    const members = feeds.filter((f) => f.group === g);
    const usable = round(sum(members.map((f) => f.usableMW)));
    return { name: g, feeds: members.map((f) => f.name), usableMW: usable, survivingMW: round(totalUsableMW - usable) };
  });
  return { continuousLoadFactor: clf, feeds, groups, totalUsableMW };
}

interface Loss {
  readonly availableMW: number;
  readonly lost?: string;
  readonly describe: string;
}

/** What survives the failure each tier must ride through. Ties go to the first name, not the first in the file. */
function lossPerTier(supply: PowerSupply): Record<Tier, Loss> {
  const { feeds, groups, totalUsableMW } = supply;
  const largestFeed = maxBy(byName(feeds), (f) => f.usableMW);
  const largestGroup = maxBy(byName(groups), (g) => g.usableMW);
  return {
    N: { availableMW: totalUsableMW, describe: 'the feeds give' },
    'N+1': largestFeed
      ? { availableMW: totalUsableMW - largestFeed.usableMW, lost: `feed ${largestFeed.name}`, describe: `losing feed ${largestFeed.name} leaves` }
      : { availableMW: 0, describe: 'no feed is left' },
    '2N':
      groups.length > 1 && largestGroup
        ? { availableMW: totalUsableMW - largestGroup.usableMW, lost: `group ${largestGroup.name}`, describe: `losing group ${largestGroup.name} leaves` }
        : { availableMW: 0, lost: largestGroup ? `group ${largestGroup.name}` : undefined, describe: `the site has one redundancy group (${groups.map((g) => g.name).join(', ')}); nothing survives losing it, which leaves` },
  };
}

/** Checks every tier, the normal load and the worst failure; says which mining is shed first. */
export function resolvePowerBudget(supply: PowerSupply, pools: readonly PoolLoad[], fleets: readonly FleetLoad[], d: Diagnostics): PowerResult {
  const { feeds, groups, totalUsableMW, continuousLoadFactor: clf } = supply;
  const firmMiningMW = sum(fleets.filter((f) => !f.curtailable).map((f) => f.facilityMW));
  const curtailableMiningMW = sum(fleets.filter((f) => f.curtailable).map((f) => f.facilityMW));
  const aiItMW = sum(pools.map((p) => p.itKW)) / 1000;
  const aiFacilityMW = sum(pools.map((p) => p.facilityMW));
  const miningItMW = sum(fleets.map((f) => f.itKW)) / 1000;
  const miningFacilityMW = firmMiningMW + curtailableMiningMW;
  const firmMW = aiFacilityMW + firmMiningMW;
  const totalLoadMW = firmMW + curtailableMiningMW;

  const lossFor = lossPerTier(supply);
  const tiers: TierBudget[] = TIERS.map((tier) => {
    const protectedPools = pools.filter((p) => TIER_RANK[p.tier] >= TIER_RANK[tier]);
    const requiredMW = sum(protectedPools.map((p) => p.facilityMW)) + (tier === 'N' ? firmMiningMW : 0);
    const loss = lossFor[tier];
    if (requiredMW > loss.availableMW + 1e-9) {
      // Blame the pool whose addition first goes over, so the author knows where to look.
      let running = tier === 'N' ? firmMiningMW : 0;
      let culprit = protectedPools[protectedPools.length - 1];
      for (const p of protectedPools) {
        running += p.facilityMW;
        if (running > loss.availableMW + 1e-9) {
          culprit = p;
          break;
        }
      }
      const names = protectedPools.map((p) => p.name).join(', ');
      const path = culprit ? ['spec', 'gpuPools', culprit.index] : ['spec', 'power'];
      d.error(
        tierRule(tier),
        path,
        `${tier} power for ${names || 'firm load'} needs ${mw(requiredMW)}; ${loss.describe} ${mw(loss.availableMW)} (short ${mw(requiredMW - loss.availableMW)})`,
        { tier, ...(culprit ? { pool: culprit.name } : {}), short: requiredMW - loss.availableMW, unit: 'MW' },
      );
    }
    return {
      tier,
      availableMW: round(loss.availableMW),
      requiredMW: round(requiredMW),
      headroomMW: round(loss.availableMW - requiredMW),
      ...(loss.lost ? { worstLoss: loss.lost } : {}),
    };
  });
  if (totalLoadMW > totalUsableMW + 1e-9) {
    d.error(
      'rackshift:power/normal-load',
      ['spec', 'power', 'feeds'],
      `normal operation draws ${mw(totalLoadMW)} (AI ${mw(aiFacilityMW)}, mining ${mw(miningFacilityMW)}, cooling and losses included) but the feeds give ${mw(totalUsableMW)} usable at ${round(clf * 100, 1)} % continuous load (short ${mw(totalLoadMW - totalUsableMW)}); retire miners (spec.mining.fleets[].retire) or shrink pools`,
      { short: totalLoadMW - totalUsableMW, unit: 'MW' },
    );
  }
  const headroomAfterFirm = tiers[0]!.headroomMW;
  if (headroomAfterFirm >= 0 && headroomAfterFirm < 0.05 * totalUsableMW && pools.length > 0) {
    d.warn('rackshift:power/near-limit', ['spec', 'power'], `firm load leaves ${mw(headroomAfterFirm)} of ${mw(totalUsableMW)} usable (under 5 %)`);
  }

  // Worst single failure: a whole group when there are two or more, else the largest feed.
  const worstLoss = groups.length > 1 ? lossFor['2N'] : lossFor['N+1'];
  const worstAvailable = Math.max(0, worstLoss.availableMW);
  const miningRoom = Math.max(0, worstAvailable - firmMW);
  const miningRunningMW = Math.min(curtailableMiningMW, miningRoom);
  const curtailedMW = curtailableMiningMW - miningRunningMW;
  const curtailedWorstCase = shedOrder(fleets, curtailedMW);
  const poolsLosingPower = firmMW > worstAvailable + 1e-9 ? pools.filter((p) => p.tier === 'N').map((p) => p.name) : [];
  if (poolsLosingPower.length > 0) {
    d.warn('rackshift:power/n-tier-loss', ['spec', 'gpuPools'], `N-tier pools ${poolsLosingPower.join(', ')} lose power when ${worstLoss.lost ?? 'the worst failure'} is lost (firm ${mw(firmMW)}, available ${mw(worstAvailable)})`);
  }
  const worstHeadroom = worstAvailable - Math.min(firmMW, worstAvailable) - miningRunningMW;
  const budget: PowerBudget = {
    continuousLoadFactor: clf,
    feeds,
    groups,
    totalNameplateMW: round(sum(feeds.map((f) => f.nameplateMW))),
    totalUsableMW,
    tiers,
    aiItMW: round(aiItMW),
    aiFacilityMW: round(aiFacilityMW),
    miningItMW: round(miningItMW),
    miningFacilityMW: round(miningFacilityMW),
    firmMW: round(firmMW),
    totalLoadMW: round(totalLoadMW),
    normalHeadroomMW: round(totalUsableMW - totalLoadMW),
    worstCase: {
      lost: worstLoss.lost ?? 'none',
      availableMW: round(worstAvailable),
      firmMW: round(firmMW),
      miningRunningMW: round(miningRunningMW),
      miningCurtailedMW: round(curtailedMW),
      miningCurtailedTHs: round(sum(curtailedWorstCase.map((c) => c.hashrateTHs)), 1),
      headroomMW: round(worstHeadroom),
    },
  };
  return { budget, curtailedWorstCase };
}

/** Miners in the order they go when power is short: highest J/TH first (they earn least per MWh), ties by name. */
export function leastEfficientFirst(a: { readonly name: string; readonly efficiencyJTH: number }, b: { readonly name: string; readonly efficiencyJTH: number }): number {
  return b.efficiencyJTH - a.efficiencyJTH || a.name.localeCompare(b.name);
}

/** Sheds `curtailMW` of curtailable mining, least efficient miners first (highest J/TH: they earn least per MWh). */
export function shedOrder(fleets: readonly FleetLoad[], curtailMW: number): Conversion['curtailedWorstCase'] {
  const order = fleets.filter((f) => f.curtailable && f.running > 0).sort(leastEfficientFirst);
  let toShedMW = curtailMW;
  const shed: { fleet: string; itKW: number; hashrateTHs: number }[] = [];
  for (const f of order) {
    if (toShedMW <= 1e-9) break;
    const shedMW = Math.min(f.facilityMW, toShedMW);
    const share = f.facilityMW > 0 ? shedMW / f.facilityMW : 0;
    shed.push({ fleet: f.name, itKW: round(f.itKW * share, 3), hashrateTHs: round(f.hashrateTHs * share, 1) });
    toShedMW -= shedMW;
  }
  return shed;
}
