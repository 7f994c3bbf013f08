/**
 * The resolver's what-if: a hypothetical pool goes through the same functions as synth, and
 * the answer is typed (facts, not messages). Figures are worked by hand from the small site
 * (test/fixtures/small-site.yaml) and the catalog: dgx-h100 draws 10.2 kW per node.
 */
import { describe, expect, it } from 'vitest';
import { gpuSystem } from '../constructs/catalog';
import { densestPlacement, resolveSite, resolveWhatIf } from '../constructs/resolve';
import { parseSiteText } from '../constructs/site-file';
import { SMALL_SITE } from './helpers/fixture';

const spec = parseSiteText(SMALL_SITE, 'small-site.yaml').spec!;
const site = resolveSite(spec);
const zone = (name: string) => site.zones.find((z) => z.name === name)!;

describe('resolveWhatIf', () => {
  it('resolves a pool that fits, with its rack power and racks as synth would compute them', () => {
    const r = resolveWhatIf(spec, { pool: { system: 'dgx-h100', nodes: 8, nodesPerRack: 4, zone: 'hall-rd', tier: 'N' } });
    expect(r.resolves).toBe(true);
    expect(r.poolName).toBe('offer');
    // 4 nodes × 10.2 kW = 40.8 kW a rack; 8 nodes / 4 = 2 racks; 8 × 10.2 = 81.6 kW IT.
    expect(r.pool).toMatchObject({ name: 'offer', rackKW: 40.8, racks: 2, itKW: 81.6, zone: 'hall-rd' });
    // hall-rd had 320 / 4 = 80 racks used; now 82.
    expect(r.site.zones.find((z) => z.name === 'hall-rd')!.racksUsed).toBe(zone('hall-rd').racksUsed + 2);
    // The pool's facility kW uses the zone's PUE 1.2: 81.6 × 1.2 = 97.92.
    expect(r.pool!.facilityKW).toBe(97.92);
  });

  it('reports a floor shortfall as typed facts, with the evaluated figures still there', () => {
    // hall-rd: 90 positions, 80 used; 44 nodes at 4 a rack need 11 more: 91, short 1.
    const r = resolveWhatIf(spec, { pool: { system: 'dgx-h100', nodes: 44, nodesPerRack: 4, zone: 'hall-rd', tier: 'N' }, lean: true });
    expect(r.resolves).toBe(false);
    const floor = r.physics.find((e) => e.rule === 'rackshift:floor/racks');
    expect(floor?.facts).toEqual({ zone: 'hall-rd', short: 1, unit: 'racks' });
    expect(r.site.zones.find((z) => z.name === 'hall-rd')!.racksUsed).toBe(91);
  });

  it('retires miners on top of the site and says what they drew and hashed', () => {
    // antminer-s19-xp: 3,010 W and 140 TH/s each; 100 more retired = 301 kW and 14,000 TH/s.
    const r = resolveWhatIf(spec, { pool: { system: 'dgx-h100', nodes: 4, zone: 'hall-rd', tier: 'N' }, retire: new Map([['s19xp', 100]]) });
    expect(r.retirements).toEqual([expect.objectContaining({ fleet: 's19xp', zone: 'hall-air', units: 100, itKW: 301, hashrateTHs: 14000 })]);
    expect(r.site.fleets.find((f) => f.name === 's19xp')!.retired).toBe(600); // 500 declared + 100
  });

  it('names a tier shortfall by tier and pool', () => {
    // 2N: losing group a leaves group b (12 + 8 MW) × 0.8 = 16 MW; 2,000 nodes × 10.2 kW × 1.2 ≈ 24.5 MW more cannot fit.
    const r = resolveWhatIf(spec, { pool: { system: 'dgx-h100', nodes: 2000, nodesPerRack: 4, zone: 'hall-rd', tier: '2N' }, lean: true });
    const tier = r.physics.find((e) => e.rule === 'rackshift:power/tier-2n');
    expect(tier?.facts).toMatchObject({ tier: '2N', pool: 'offer', unit: 'MW' });
    expect(tier!.facts!.short).toBeGreaterThan(0);
  });

  it('takes a free name when the site already has a pool called offer', () => {
    const named = { ...spec, spec: { ...spec.spec, gpuPools: [...spec.spec.gpuPools, { ...spec.spec.gpuPools[0]!, name: 'offer', addressOffset: 1024 }] } };
    expect(resolveWhatIf(named, { pool: { system: 'dgx-h100', nodes: 4, zone: 'hall-rd', tier: 'N' }, lean: true }).poolName).toBe('offer-2');
  });
});

describe('densestPlacement', () => {
  it('racks as densely as the zone takes, at most the catalog recommendation', () => {
    const h100 = gpuSystem('dgx-h100')!;
    // hall-air takes 30 kW a rack: floor(30 / 10.2) = 2 nodes, 20.4 kW.
    expect(densestPlacement(zone('hall-air'), h100)).toEqual({ zone: 'hall-air', nodesPerRack: 2, rackKW: 20.4 });
    // hall-rd takes 45 kW: floor(45 / 10.2) = 4, the recommendation; 40.8 kW.
    expect(densestPlacement(zone('hall-rd'), h100)).toEqual({ zone: 'hall-rd', nodesPerRack: 4, rackKW: 40.8 });
  });

  it('says which rule refuses a zone that cannot take the system', () => {
    expect(densestPlacement(zone('hall-air'), gpuSystem('gb200-nvl72')!)).toMatchObject({ rule: 'rackshift:cooling/type' });
  });
});
