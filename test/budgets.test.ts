/**
 * Budgets of the small fixture (test/fixtures/small-site.yaml), computed by hand. Each figure
 * shows its arithmetic; the resolver must agree to the precision it rounds to.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../constructs/load';
import type { ResolvedSite } from '../constructs/resolved-site';
import { SMALL_SITE_FILE } from './helpers/fixture';

let site: ResolvedSite;
beforeAll(async () => {
  const loaded = await loadSite(SMALL_SITE_FILE);
  expect(loaded.diagnostics).toEqual([]);
  site = loaded.site!;
});

const feed = (name: string) => site.power.feeds.find((f) => f.name === name)!;
const tier = (t: string) => site.power.tiers.find((x) => x.tier === t)!;

describe('power feeds, derated', () => {
  it('derives capacity from kV × A × √3 × PF and derates by the continuous-load factor', () => {
    // feed-a2: √3 × 13.8 kV × 400 A × 0.95 = 1.7320508 × 5,244 = 9,082.875 kW = 9.0829 MW
    expect(feed('feed-a2').nameplateMW).toBeCloseTo(9.0829, 4);
    // usable = 9.082875 × 0.8 = 7.2663 MW
    expect(feed('feed-a2').usableMW).toBeCloseTo(7.2663, 4);
    // feed-a1 10 × 0.8 = 8; feed-b1 12 × 0.8 = 9.6; feed-b2 8 × 0.8 = 6.4
    expect([feed('feed-a1').usableMW, feed('feed-b1').usableMW, feed('feed-b2').usableMW]).toEqual([8, 9.6, 6.4]);
    // total nameplate 10 + 9.0829 + 12 + 8 = 39.0829; usable 8 + 7.2663 + 9.6 + 6.4 = 31.2663
    expect(site.power.totalNameplateMW).toBeCloseTo(39.0829, 4);
    expect(site.power.totalUsableMW).toBeCloseTo(31.2663, 4);
    // group a 8 + 7.2663 = 15.2663 (16 survive its loss); group b 9.6 + 6.4 = 16 (15.2663 survive)
    expect(site.power.groups).toEqual([
      { name: 'a', feeds: ['feed-a1', 'feed-a2'], usableMW: 15.2663, survivingMW: 16 },
      { name: 'b', feeds: ['feed-b1', 'feed-b2'], usableMW: 16, survivingMW: 15.2663 },
    ]);
  });
});

describe('loads with cooling overhead', () => {
  it('adds zone PUE, or a fixed overhead, to IT power', () => {
    // h100-a: 320 × 10.2 kW = 3,264 kW IT × PUE 1.2 (hall-rd) = 3,916.8 kW
    // nvl-a: 72 trays × 6.67 kW = 480.24 kW IT + 150 kW fixed overhead (hall-dlc) = 630.24 kW
    // l40s-a: 14 × 4.0 kW = 56 kW IT × PUE 1.3 (hall-air) = 72.8 kW
    // AI IT = 3,264 + 480.24 + 56 = 3,800.24 kW; facility = 3,916.8 + 630.24 + 72.8 = 4,619.84 kW
    expect(site.power.aiItMW).toBeCloseTo(3.80024, 4);
    expect(site.power.aiFacilityMW).toBeCloseTo(4.61984, 4);
    // hall-dlc's effective PUE = 1 + 150 / 480.24 = 1.31234
    const dlc = site.zones.find((z) => z.name === 'hall-dlc')!;
    expect(dlc.pue).toBeCloseTo(1.3123, 4);
    expect(dlc.overheadKW).toBe(150);
    // Mining (hall-air, PUE 1.3): s19xp (2,000 − 500 retired) × 3,010 W = 4,515 kW;
    // s19jpro 3,000 × 3,050 W = 9,150 kW; s21-firm 100 × 3,500 W = 350 kW. IT = 14,015 kW.
    // Facility = 14,015 × 1.3 = 18,219.5 kW.
    expect(site.power.miningItMW).toBeCloseTo(14.015, 4);
    expect(site.power.miningFacilityMW).toBeCloseTo(18.2195, 4);
    // Firm = AI 4,619.84 + non-curtailable s21-firm 350 × 1.3 = 455 → 5,074.84 kW
    expect(site.power.firmMW).toBeCloseTo(5.07484, 4);
    // Total = 4,619.84 + 18,219.5 = 22,839.34 kW; headroom = 31.2663 − 22.83934 = 8.42696 MW
    expect(site.power.totalLoadMW).toBeCloseTo(22.83934, 4);
    expect(site.power.normalHeadroomMW).toBeCloseTo(8.42696, 3);
    // hall-air heat: 14,015 kW mining + 56 kW l40s = 14,071 kW of 16,000 → 1,929 kW headroom
    const air = site.zones.find((z) => z.name === 'hall-air')!;
    expect(air.heatLoadKW).toBeCloseTo(14071, 3);
    expect(air.headroomKW).toBeCloseTo(1929, 3);
    // Racks: ceil(1,500/9) = 167 + ceil(3,000/9) = 334 + ceil(100/8) = 13 + ceil(14/7) = 2 → 516
    expect(air.racksUsed).toBe(516);
  });
});

describe('tier budgets', () => {
  it('N counts on every feed; N+1 on all but the largest feed; 2N on what survives the largest group', () => {
    // N: available = 31.2663; required = all pools 4.61984 + firm mining 0.455 = 5.07484
    expect(tier('N')).toMatchObject({ availableMW: 31.2663, requiredMW: 5.0748, headroomMW: 26.1915 });
    // N+1: largest feed is feed-b1 (9.6 usable) → 31.2663 − 9.6 = 21.6663;
    //      required = 2N and N+1 pools: 3.9168 + 0.63024 = 4.54704 → headroom 17.11926
    expect(tier('N+1')).toMatchObject({ availableMW: 21.6663, requiredMW: 4.547, headroomMW: 17.1193, worstLoss: 'feed feed-b1' });
    // 2N: largest group is b (16) → 31.2663 − 16 = 15.2663; required = h100-a 3.9168 → headroom 11.3495
    expect(tier('2N')).toMatchObject({ availableMW: 15.2663, requiredMW: 3.9168, headroomMW: 11.3495, worstLoss: 'group b' });
  });
});

describe('worst case: curtailed mining', () => {
  it('sheds the least efficient curtailable miners first, only as much as the loss needs', () => {
    // Losing group b leaves 15.2663 MW. Firm load 5.07484 MW keeps running; mining may use
    // 15.2663 − 5.07484 = 10.19146 MW. Curtailable mining draws s19xp 4,515 × 1.3 = 5,869.5 kW
    // + s19jpro 9,150 × 1.3 = 11,895 kW = 17,764.5 kW, so 17.7645 − 10.19146 = 7.57304 MW is shed.
    const w = site.power.worstCase;
    expect(w.lost).toBe('group b');
    expect(w.availableMW).toBeCloseTo(15.2663, 4);
    expect(w.miningRunningMW).toBeCloseTo(10.19146, 4);
    expect(w.miningCurtailedMW).toBeCloseTo(7.57304, 4);
    // Least efficient first: S19j Pro at 3,050 W / 100 TH = 30.5 J/TH before S19 XP at 21.5 J/TH,
    // though s19xp is declared first. Share of s19jpro shed = 7,573.04 / 11,895 = 0.636657;
    // IT shed = 9,150 × 0.636657 = 5,825.41 kW; hashrate = 3,000 × 100 TH × 0.636657 = 190,997 TH/s.
    expect(site.conversion.curtailedWorstCase).toHaveLength(1);
    const [shed] = site.conversion.curtailedWorstCase;
    expect(shed!.fleet).toBe('s19jpro');
    expect(shed!.itKW).toBeCloseTo(5825.41, 1);
    expect(shed!.hashrateTHs).toBeCloseTo(190997, -1);
    expect(w.miningCurtailedTHs).toBeCloseTo(190997, -1);
  });

  it('records what the conversion retired: units, MW and hashrate given up', () => {
    // s19xp retires 500 × 3,010 W = 1,505 kW and 500 × 140 TH = 70,000 TH/s.
    expect(site.conversion.retired).toEqual([
      { fleet: 's19xp', zone: 'hall-air', model: 'antminer-s19-xp', units: 500, itKW: 1505, hashrateTHs: 70000, forPools: ['l40s-a'], frees: 'power-cooling-floor' },
    ]);
    expect(site.conversion.retiredMW).toBeCloseTo(1.505, 4);
    // Running hashrate: 1,500 × 140 + 3,000 × 100 + 100 × 200 = 210,000 + 300,000 + 20,000 TH/s
    expect(site.totals.hashrateTHs).toBe(530000);
  });
});

describe('tenants', () => {
  it('gives dedicated tenants whole nodes and quotas from allocatable node shares', () => {
    const acme = site.tenants.find((t) => t.name === 'acme')!;
    // 1,024 GPUs / 8 per DGX H100 = 128 nodes: h100-a-0001 … h100-a-0128
    expect(acme.dedicatedNodes).toBe(128);
    expect(acme.nodeNames[0]).toBe('h100-a-0001');
    expect(acme.nodeNames.at(-1)).toBe('h100-a-0128');
    // Kubernetes counts logical CPUs: a DGX H100 has 2 × 56 cores with Hyper-Threading = 224.
    // quota: 128 nodes × (224 − max(2, ceil(224 × 0.03 = 6.72)) = 7 reserved) = 128 × 217 = 27,776 CPUs
    // (counting cores it was 128 × 108 = 13,824: half of each node unused);
    // memory 128 × floor(2,048 × 0.95) = 128 × 1,945 = 248,960 GiB
    expect(acme.quotaCpu).toBe(27776);
    expect(acme.quotaMemoryGiB).toBe(248960);
    // h100-a: 2,560 GPUs − 1,024 dedicated − 512 shared (bravo) = 1,024 unallocated
    expect(site.pools.find((p) => p.name === 'h100-a')!.unallocatedGpus).toBe(1024);
  });
});
