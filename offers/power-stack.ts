/**
 * The power stack of a site before and after an offer, read from the two resolved sites:
 * capacity by feed group, and the load on it (existing AI, the offer, mining) with headroom.
 */
import type { ResolvedSite } from '../constructs/resolved-site';

export interface PowerStack {
  readonly label: string;
  /** Usable MW of each feed group (stacked, they make the site's usable capacity). */
  readonly groups: readonly { readonly name: string; readonly usableMW: number }[];
  readonly existingAiMW: number;
  readonly offerMW: number;
  readonly miningMW: number;
  readonly headroomMW: number;
  /** What firm (2N) load may count on: usable capacity after losing the largest group. */
  readonly survivingMW: number;
  readonly survivingLabel: string;
}

export function powerStack(label: string, site: ResolvedSite, offerPool?: string): PowerStack {
  const offer = offerPool ? site.pools.find((p) => p.name === offerPool) : undefined;
  const offerMW = offer ? offer.facilityKW / 1000 : 0;
  const worst = site.power.tiers.find((t) => t.tier === '2N');
  return {
    label,
    groups: site.power.groups.map((g) => ({ name: g.name, usableMW: g.usableMW })),
    existingAiMW: site.power.aiFacilityMW - offerMW,
    offerMW,
    miningMW: site.power.miningFacilityMW,
    headroomMW: Math.max(0, site.power.normalHeadroomMW),
    survivingMW: worst?.availableMW ?? 0,
    survivingLabel: worst?.worstLoss ? `2N: survives loss of ${worst.worstLoss}` : '2N',
  };
}
