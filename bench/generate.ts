/**
 * Generator of large, valid sites for benchmarks (and for tests that need scale).
 *
 * The site is sized from its loads, so it always resolves cleanly: feeds with headroom for
 * normal operation and for the 2N / N+1 tiers, one cooling hall per GPU pool with room for
 * its heat and racks, mining halls of at most 12,000 miners (air and hydro), networks large
 * enough for every pool's address block, and tenants (dedicated and shared) that fit their
 * pools. Deterministic: the same options give the same site.
 */
import { GPU_SYSTEMS, ASIC_MODELS, COOLING_PUE_DEFAULTS } from '../constructs/catalog';
import type { CoolingType, SiteSpecInput, Tier } from '../constructs/site-spec';

export interface GenerateOptions {
  /** GPU nodes across all pools (exact: the last pool kind takes what rack-scale rounding leaves). */
  readonly nodes: number;
  /** Miners installed across all fleets (before retirement). */
  readonly miners: number;
  /** Tenants across all pools (default: one per 250 nodes, at least 2 per pool). */
  readonly tenants?: number;
  /** Site name (default `bench-<nodes>`). */
  readonly name?: string;
}

/** Pool archetypes the generator cycles through: one rack-scale liquid, three air/rear-door. */
const POOL_KINDS: readonly { system: string; zoneType: CoolingType; maxRackKW: number; tier: Tier; share: number }[] = [
  { system: 'gb200-nvl72', zoneType: 'direct-liquid', maxRackKW: 150, tier: '2N', share: 0.3 },
  { system: 'dgx-b200', zoneType: 'air', maxRackKW: 30, tier: '2N', share: 0.25 },
  { system: 'dgx-h100', zoneType: 'rear-door', maxRackKW: 50, tier: 'N+1', share: 0.25 },
  { system: 'l40s-8gpu', zoneType: 'air', maxRackKW: 30, tier: 'N', share: 0.2 },
];

/** Mining archetypes, in turn: air S19 XP, hydro S21 XP Hydro, air S21, hydro M63S. */
const FLEET_KINDS: readonly { model: string; zoneType: CoolingType; curtailable: boolean }[] = [
  { model: 'antminer-s19-xp', zoneType: 'air', curtailable: true },
  { model: 'antminer-s21-xp-hydro', zoneType: 'hydro', curtailable: true },
  { model: 'antminer-s21', zoneType: 'air', curtailable: true },
  { model: 'whatsminer-m63s-hydro', zoneType: 'hydro', curtailable: true },
];

const MINERS_PER_HALL = 12_000;
/** Pools larger than this are split, as real sites split halls (and address blocks stay small). */
const MAX_POOL_NODES = 2_500;
/** Largest feed the generator declares, MW nameplate (a large substation transformer). */
const FEED_MW = 150;

export function generateSite(opts: GenerateOptions): SiteSpecInput {
  const name = opts.name ?? `bench-${opts.nodes}`;
  const zones: NonNullable<SiteSpecInput['spec']['cooling']>['zones'] = [];
  const pools: NonNullable<SiteSpecInput['spec']['gpuPools']> = [];
  const fleets: NonNullable<NonNullable<SiteSpecInput['spec']['mining']>['fleets']> = [];
  let firm2nMW = 0; // facility MW of 2N pools
  let firmN1MW = 0; // facility MW of N+1 and 2N pools
  let totalMW = 0; // facility MW of everything

  // ---- GPU pools, one hall each -----------------------------------------------------------
  let poolSerial = 0;
  let addressOffset = 0;
  let nodesLeft = opts.nodes;
  POOL_KINDS.forEach((kind, k) => {
    const system = GPU_SYSTEMS[kind.system]!;
    const perRack = system.rackScale?.nodesPerRack ?? system.recommendedNodesPerRack;
    // The last kind takes what is left, so the site has exactly `nodes` nodes.
    let remaining = k === POOL_KINDS.length - 1 ? nodesLeft : Math.min(nodesLeft, Math.round(opts.nodes * kind.share));
    if (system.rackScale) remaining = Math.floor(remaining / perRack) * perRack;
    nodesLeft -= remaining;
    while (remaining > 0) {
      let nodes = Math.min(remaining, MAX_POOL_NODES);
      if (system.rackScale) nodes = Math.min(remaining, Math.floor(MAX_POOL_NODES / perRack) * perRack);
      remaining -= nodes;
      poolSerial++;
      const poolName = `${kind.system.replace(/-8gpu$/, '')}-${poolSerial}`;
      const hall = `gpu-hall-${poolSerial}`;
      const racks = Math.ceil(nodes / perRack);
      const itKW = nodes * system.nodeMaxKW;
      const pue = COOLING_PUE_DEFAULTS[kind.zoneType];
      zones.push({
        name: hall,
        type: kind.zoneType,
        capacityKW: Math.ceil(itKW * 1.15),
        maxRackKW: kind.maxRackKW,
        pue,
        racks: Math.ceil(racks * 1.1) + 2,
      });
      // Pin each block (as a real site should) so the generated site has no warnings.
      pools.push({ name: poolName, system: kind.system, nodes, zone: hall, tier: kind.tier, addressOffset });
      addressOffset += Math.max(16, nextPow2(nodes));
      const facilityMW = (itKW * pue) / 1000;
      totalMW += facilityMW;
      if (kind.tier === '2N') firm2nMW += facilityMW;
      if (kind.tier !== 'N') firmN1MW += facilityMW;
    }
  });

  // ---- mining halls -----------------------------------------------------------------------
  let minersLeft = opts.miners;
  let hallSerial = 0;
  while (minersLeft > 0) {
    const kind = FLEET_KINDS[hallSerial % FLEET_KINDS.length]!;
    hallSerial++;
    const count = Math.min(minersLeft, MINERS_PER_HALL);
    minersLeft -= count;
    const model = ASIC_MODELS[kind.model]!;
    const hall = `mining-hall-${hallSerial}`;
    // A fifth of each air fleet has been retired to make room for GPUs.
    const retire = kind.zoneType === 'air' ? Math.floor(count / 5) : 0;
    const itKW = ((count - retire) * model.wallW) / 1000;
    const pue = COOLING_PUE_DEFAULTS[kind.zoneType];
    zones.push({
      name: hall,
      type: kind.zoneType,
      capacityKW: Math.ceil(itKW * 1.1) + 10,
      pue,
      racks: Math.ceil(count / model.unitsPerRack) + 10,
    });
    fleets.push({ name: `${kind.model.replace(/^(antminer|whatsminer)-/, '')}-${hallSerial}`, model: kind.model, count, retire, zone: hall, curtailable: kind.curtailable });
    totalMW += (itKW * pue) / 1000;
  }

  // ---- feeds: two groups, each able to carry every 2N load alone ----------------------------
  // usable per group ≥ 2N load (2N survives a group), total usable ≥ all load (normal
  // operation), and total − one feed ≥ N+1 load; 25 % margin on each.
  const usablePerGroup = Math.max((totalMW / 2) * 1.25, firm2nMW * 1.25, firmN1MW * 1.25, 1);
  const nameplatePerGroup = usablePerGroup / 0.8;
  const feedsPerGroup = Math.max(2, Math.ceil(nameplatePerGroup / FEED_MW));
  const feedMW = Math.ceil((nameplatePerGroup / feedsPerGroup) * 10) / 10;
  const feeds: SiteSpecInput['spec']['power']['feeds'] = [];
  for (const group of ['a', 'b']) {
    for (let i = 1; i <= feedsPerGroup; i++) feeds.push({ name: `sub-${group}${i}`, capacityMW: feedMW, group, pricePerMWh: 42 });
  }

  // ---- tenants ------------------------------------------------------------------------------
  const tenantTarget = Math.max(pools.length * 2, opts.tenants ?? Math.ceil(opts.nodes / 250));
  const tenantsPerPool = Math.max(2, Math.floor(tenantTarget / pools.length));
  const tenants: NonNullable<SiteSpecInput['spec']['tenants']> = [];
  let tenantSerial = 0;
  for (const p of pools) {
    const system = GPU_SYSTEMS[p.system]!;
    const gpn = system.gpusPerNode;
    // Dedicated tenants share 60 % of the nodes; shared tenants ask for 30 % of what is left.
    const dedicatedCount = tenantsPerPool - 1;
    // On rack-scale pools a dedicated tenant gets whole racks (NVLink domains), pinned at a rack start.
    const unit = system.rackScale?.nodesPerRack ?? 1;
    const nodesEach = Math.max(unit, Math.floor((p.nodes * 0.6) / dedicatedCount / unit) * unit);
    for (let i = 0; i < dedicatedCount && nodesEach * (i + 1) <= p.nodes; i++) {
      tenantSerial++;
      tenants.push({
        name: `tenant-${tenantSerial}`,
        pool: p.name,
        gpus: nodesEach * gpn,
        isolation: 'dedicated',
        admins: [`tenant-${tenantSerial}-admins`],
        priority: 100 + (tenantSerial % 5) * 10,
        // Pinned, as a real site should be: another tenant's change never moves these nodes.
        firstNode: i * nodesEach + 1,
      });
    }
    const freeNodes = p.nodes - Math.min(p.nodes, nodesEach * dedicatedCount);
    const sharedGpus = Math.floor(freeNodes * gpn * 0.3);
    if (sharedGpus > 0) {
      tenantSerial++;
      tenants.push({ name: `tenant-${tenantSerial}`, pool: p.name, gpus: sharedGpus, isolation: 'shared', admins: [`tenant-${tenantSerial}-admins`], borrowing: true });
    }
  }

  // ---- networks: one CIDR per kind, big enough for every pool's block ------------------------
  const blocks = pools.reduce((n, p) => n + Math.max(16, nextPow2(p.nodes)), 0);
  const reserved = 64;
  const prefix = Math.min(24, 32 - Math.ceil(Math.log2(blocks + reserved + 2)));
  if (prefix < 10) throw new RangeError(`generateSite: ${opts.nodes} nodes need more than a /10 per network`);

  return {
    apiVersion: 'rackshift.dev/v1alpha1',
    kind: 'Site',
    metadata: { name, region: 'us-tx-ercot', description: `Generated benchmark site: ${opts.nodes} GPU nodes, ${opts.miners} miners` },
    spec: {
      power: { feeds, continuousLoadFactor: 0.8 },
      cooling: { zones },
      mining: { fleets },
      gpuPools: pools,
      tenants,
      networks: {
        bmc: { cidr: `10.0.0.0/${prefix}`, reserved, vlan: 100 },
        provisioning: { cidr: `10.64.0.0/${prefix}`, reserved, vlan: 101 },
        node: { cidr: `10.128.0.0/${prefix}`, reserved, vlan: 102 },
        dns: ['10.0.0.2', '10.0.0.3'],
        ntp: [`time.${name}.example.net`],
        domain: `${name}.example.net`,
      },
      cohort: {},
      economics: { hashpricePerPHDay: 40, powerPricePerMWh: 42, gpuHourPrice: 2.5, utilisation: 0.85, colocationPerKWMonth: 150, capexPerMW: 9_000_000 },
    },
  };
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
