/**
 * Cooling zones: which hardware a zone can host, its IT and heat load, its PUE or fixed
 * overhead, and its facility factor, which every load in the zone is multiplied by.
 */
import { COOLING_MAX_RACK_KW_DEFAULTS, COOLING_PUE_DEFAULTS, ZONE_ACCEPTS, type CoolingNeed } from '../catalog';
import { Diagnostics, kw } from '../diagnostics';
import type { ResolvedFleet, ResolvedZone } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import { round, sum } from './math';
import { checkFloor, checkRackDensity, type PlacedPool } from './placement';
import { didYouMean } from '../../lib/suggest';

export type ZoneSpec = SiteSpec['spec']['cooling']['zones'][number];

/** Zones by name, with their index in spec.cooling.zones. */
export type ZoneIndex = ReadonlyMap<string, { readonly z: ZoneSpec; readonly i: number }>;

export function indexZones(zones: readonly ZoneSpec[]): ZoneIndex {
  return new Map(zones.map((z, i) => [z.name, { z, i }]));
}

/** Checks that `zone` exists and can cool hardware that needs `need`. */
export function checkZoneFit(zones: ZoneIndex, zone: string, need: CoolingNeed, what: string, path: readonly (string | number)[], d: Diagnostics): void {
  const found = zones.get(zone);
  if (!found) {
    d.error('rackshift:ref/zone', [...path, 'zone'], `no zone "${zone}" (zones: ${[...zones.keys()].join(', ')})${didYouMean(zone, zones.keys())}`, { zone });
  } else if (!ZONE_ACCEPTS[found.z.type].includes(need)) {
    d.error('rackshift:cooling/type', [...path, 'zone'], `${what} needs ${need} cooling; zone ${zone} is ${found.z.type} (takes ${ZONE_ACCEPTS[found.z.type].join(', ')})`, { zone });
  }
}

export interface CoolingResult {
  readonly zones: ResolvedZone[];
  /** Facility kW of `itKW` in `zone`: IT × the zone's facility factor (unrounded). */
  readonly facilityKW: (itKW: number, zone: string) => number;
}

/** Loads, density and floor of every zone, once the pools and fleets in it are known. */
export function resolveZones(specs: readonly ZoneSpec[], pools: readonly PlacedPool[], fleets: readonly ResolvedFleet[], d: Diagnostics): CoolingResult {
  // Facility factor per zone, unrounded: a fixed overheadKW must add exactly that many kW.
  const zonePue = new Map<string, number>();
  const zones: ResolvedZone[] = specs.map((z, i) => {
    const path = ['spec', 'cooling', 'zones', i];
    const zonePools = pools.filter((p) => p.zone === z.name);
    const zoneFleets = fleets.filter((f) => f.zone === z.name);
    const itLoadKW = round(sum(zonePools.map((p) => p.itKW)) + sum(zoneFleets.map((f) => f.itKW)), 3);
    const maxRackKW = z.maxRackKW ?? COOLING_MAX_RACK_KW_DEFAULTS[z.type];
    let pue: number;
    let overheadKW: number;
    if (z.overheadKW !== undefined && z.pue !== undefined) {
      d.error('rackshift:cooling/overhead', path, `zone ${z.name} gives both pue and overheadKW; give one`);
    }
    if (z.overheadKW !== undefined) {
      overheadKW = z.overheadKW;
      zonePue.set(z.name, itLoadKW > 0 ? 1 + overheadKW / itLoadKW : 1);
      pue = round(zonePue.get(z.name)!);
    } else {
      pue = z.pue ?? COOLING_PUE_DEFAULTS[z.type];
      zonePue.set(z.name, pue);
      overheadKW = round(itLoadKW * (pue - 1), 3);
    }
    // IT power ends up as heat the zone must reject.
    const heatLoadKW = itLoadKW;
    if (heatLoadKW > z.capacityKW) {
      d.error('rackshift:cooling/capacity', [...path, 'capacityKW'], `zone ${z.name} must reject ${kw(heatLoadKW)} of heat but can reject ${kw(z.capacityKW)} (short ${kw(heatLoadKW - z.capacityKW)})`, { zone: z.name, short: heatLoadKW - z.capacityKW, unit: 'kW' });
    }
    checkRackDensity(z.name, maxRackKW, zonePools, d);
    const racksUsed = checkFloor(z, path, zonePools, zoneFleets, d);
    return {
      name: z.name,
      type: z.type,
      capacityKW: z.capacityKW,
      maxRackKW,
      pue,
      overheadKW,
      itLoadKW,
      heatLoadKW,
      headroomKW: round(z.capacityKW - heatLoadKW, 3),
      racks: z.racks,
      racksUsed,
      racksFree: z.racks - racksUsed,
      pools: zonePools.map((p) => p.name),
      fleets: zoneFleets.map((f) => f.name),
    };
  });
  return { zones, facilityKW: (itKW, zone) => itKW * (zonePue.get(zone) ?? 1) };
}
