import { describe, it, expect } from 'vitest';
import {
  ASIC_MODELS,
  GPU_MODELS,
  GPU_SYSTEMS,
  COOLING_PUE_DEFAULTS,
  COOLING_MAX_RACK_KW_DEFAULTS,
  ZONE_ACCEPTS,
  asicModel,
  gpuModel,
  gpuSystem,
  rackKW,
  type ZoneType,
} from '../constructs/catalog';
import type { CoolingNeed, GpuSystem } from '../constructs/catalog';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ZONES: readonly ZoneType[] = ['air', 'rear-door', 'direct-liquid', 'immersion', 'hydro'];

/** Relative difference |a − b| / b. */
const rel = (a: number, b: number) => Math.abs(a - b) / b;

function sys(id: string): GpuSystem {
  const s = gpuSystem(id);
  if (!s) throw new Error(`missing system ${id}`);
  return s;
}

describe('ASIC models', () => {
  const asics = Object.values(ASIC_MODELS);

  it('has at least 8 models, including the required ones', () => {
    expect(asics.length).toBeGreaterThanOrEqual(8);
    for (const id of [
      'antminer-s19j-pro',
      'antminer-s19-xp',
      'antminer-s19-xp-hydro',
      'antminer-s21',
      'antminer-s21-pro',
      'antminer-s21-xp',
      'antminer-s21-hydro',
      'antminer-s21-plus-hydro',
      'antminer-s21-xp-hydro',
      'whatsminer-m50s',
      'whatsminer-m60s',
      'whatsminer-m63s-hydro',
      'avalon-a1466',
    ]) {
      expect(asicModel(id), id).toBeDefined();
    }
  });

  // Nameplates carry about ±5 % tolerance (fact sheet §1), so wall W and TH/s × J/TH as
  // published may disagree by a few percent (S19 XP: 140 × 21.5 = 3010 W exactly; others within 6 %).
  // Allow 6 %: nameplate ±5 % plus rounding of the published J/TH.
  it('wallW ≈ hashrateTHs × efficiencyJTH within 6 % for every model', () => {
    for (const a of asics) {
      expect(rel(a.hashrateTHs * a.efficiencyJTH, a.wallW), a.id).toBeLessThanOrEqual(0.06);
    }
  });

  it('hand-computed identities', () => {
    // Corrected (fact sheet 2026-12): S19j Pro 100 TH/s at 3,050 W = 30.5 J/TH.
    const s19j = asicModel('antminer-s19j-pro')!;
    expect([s19j.hashrateTHs, s19j.wallW, s19j.efficiencyJTH]).toEqual([100, 3050, 30.5]);
    expect(s19j.hashrateTHs * s19j.efficiencyJTH).toBe(s19j.wallW);
    const s21 = asicModel('antminer-s21')!;
    expect(s21.hashrateTHs * s21.efficiencyJTH).toBe(3500); // 200 TH × 17.5 J/TH
    expect(s21.wallW).toBe(3500);
    const s21xp = asicModel('antminer-s21-xp')!;
    expect(s21xp.hashrateTHs * s21xp.efficiencyJTH).toBeCloseTo(3645, 6); // 270 × 13.5
    const m63 = asicModel('whatsminer-m63s-hydro')!;
    expect(m63.hashrateTHs * m63.efficiencyJTH).toBeCloseTo(7215, 6); // 390 × 18.5
    // §1.2 derived: 1 MW ÷ 3.5 kW = 285 whole S21s
    expect(Math.floor(1000 / (s21.wallW / 1000))).toBe(285);
  });

  it('ids match keys, are DNS-1123 labels, and figures are positive', () => {
    for (const [key, a] of Object.entries(ASIC_MODELS)) {
      expect(a.id).toBe(key);
      expect(a.id).toMatch(DNS1123_LABEL);
      expect(a.id.length).toBeLessThanOrEqual(63);
      expect(a.hashrateTHs).toBeGreaterThan(0);
      expect(a.wallW).toBeGreaterThan(0);
      expect(Number.isInteger(a.unitsPerRack) && a.unitsPerRack > 0).toBe(true);
      expect(a.source.length).toBeGreaterThan(0);
    }
  });

  it('a default rack of miners fits the rack limit of its own cooling zone', () => {
    for (const a of asics) {
      const zone: ZoneType = a.cooling === 'hydro' ? 'hydro' : a.cooling === 'immersion' ? 'immersion' : 'air';
      expect((a.unitsPerRack * a.wallW) / 1000, a.id).toBeLessThanOrEqual(COOLING_MAX_RACK_KW_DEFAULTS[zone]);
    }
  });

  it('hydro models are marked hydro, air models air', () => {
    for (const a of asics) {
      expect(a.cooling, a.id).toBe(a.id.includes('hydro') ? 'hydro' : 'air');
    }
  });
});

describe('GPU models', () => {
  it('has the required models with ids matching keys', () => {
    for (const id of ['h100-sxm', 'h200-sxm', 'b200', 'b300', 'gb200', 'l40s', 'mi300x']) {
      expect(gpuModel(id), id).toBeDefined();
    }
    for (const [key, g] of Object.entries(GPU_MODELS)) {
      expect(g.id).toBe(key);
      expect(g.id).toMatch(DNS1123_LABEL);
      expect(g.tdpW).toBeGreaterThan(0);
      expect(g.memoryGB).toBeGreaterThan(0);
    }
  });

  it('fact-sheet TDPs', () => {
    expect(gpuModel('h100-sxm')!.tdpW).toBe(700);
    expect(gpuModel('h200-sxm')!.tdpW).toBe(700);
    expect(gpuModel('b200')!.tdpW).toBe(1000);
    expect(gpuModel('b300')!.tdpW).toBe(1400);
    expect(gpuModel('l40s')!.tdpW).toBe(350);
    expect(gpuModel('mi300x')!.tdpW).toBe(750);
  });

  it('MIG profiles: NVIDIA-only, well-formed, and the largest one spans the GPU memory', () => {
    expect(gpuModel('h100-sxm')!.migProfiles).toContain('7g.80gb');
    expect(gpuModel('h200-sxm')!.migProfiles).toContain('7g.141gb');
    expect(gpuModel('b200')!.migProfiles).toContain('7g.180gb');
    expect(gpuModel('l40s')!.migProfiles).toEqual([]);
    expect(gpuModel('mi300x')!.migProfiles).toEqual([]);
    for (const g of Object.values(GPU_MODELS)) {
      if (g.resourceName === 'amd.com/gpu') expect(g.migProfiles).toEqual([]);
      for (const p of g.migProfiles) {
        expect(p, `${g.id} ${p}`).toMatch(/^[1-7]g\.\d+gb$/);
        const gb = Number(/\.(\d+)gb$/.exec(p)![1]);
        expect(gb, `${g.id} ${p}`).toBeLessThanOrEqual(g.memoryGB);
      }
      if (g.migProfiles.length > 0) {
        const full = g.migProfiles.find((p) => p.startsWith('7g.'));
        expect(full, g.id).toBeDefined();
        // the 7-slice profile reaches within 10 % of the board (driver reserves a little)
        expect(Number(/\.(\d+)gb$/.exec(full!)![1]) / g.memoryGB, g.id).toBeGreaterThan(0.9);
      }
    }
  });

  it('resource names and product labels', () => {
    expect(gpuModel('h100-sxm')!.productLabel).toBe('NVIDIA-H100-80GB-HBM3');
    expect(gpuModel('h200-sxm')!.productLabel).toBe('NVIDIA-H200');
    expect(gpuModel('b200')!.productLabel).toBe('NVIDIA-B200');
    expect(gpuModel('gb200')!.productLabel).toBe('NVIDIA-GB200');
    expect(gpuModel('l40s')!.productLabel).toBe('NVIDIA-L40S');
    expect(gpuModel('mi300x')!.resourceName).toBe('amd.com/gpu');
    for (const g of Object.values(GPU_MODELS)) {
      // label values: ≤ 63 chars of [A-Za-z0-9._-], alphanumeric at both ends
      expect(g.productLabel).toMatch(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/);
    }
  });
});

describe('GPU systems', () => {
  const systems = Object.values(GPU_SYSTEMS);

  it('has at least 8 systems, including the required ones', () => {
    expect(systems.length).toBeGreaterThanOrEqual(8);
    for (const id of [
      'dgx-h100',
      'dgx-h200',
      'dgx-b200',
      'dgx-b300',
      'hgx-h100-air',
      'supermicro-hgx-h200',
      'gb200-nvl72',
      'gb300-nvl72',
      'l40s-8gpu',
      'mi300x-8gpu',
    ]) {
      expect(gpuSystem(id), id).toBeDefined();
    }
  });

  it('ids match keys and are DNS-1123 labels; every gpu exists in GPU_MODELS', () => {
    for (const [key, s] of Object.entries(GPU_SYSTEMS)) {
      expect(s.id).toBe(key);
      expect(s.id).toMatch(DNS1123_LABEL);
      expect(GPU_MODELS[s.gpu], `${s.id} → ${s.gpu}`).toBeDefined();
      expect(s.gpusPerNode).toBeGreaterThan(0);
      expect(s.cpuCores).toBeGreaterThan(0);
      expect(s.memoryGiB).toBeGreaterThan(0);
      expect(s.leadTimeWeeks).toBeGreaterThanOrEqual(12);
      expect(s.leadTimeWeeks).toBeLessThanOrEqual(26);
    }
  });

  it('a node draws more than its GPUs alone (TDP sum < nodeMaxKW)', () => {
    for (const s of systems) {
      const gpuKW = (s.gpusPerNode * GPU_MODELS[s.gpu]!.tdpW) / 1000;
      expect(gpuKW, s.id).toBeLessThan(s.nodeMaxKW);
    }
  });

  it('rack-scale systems: nodeMaxKW × nodesPerRack ≈ rackKW, no rack units, liquid cooled', () => {
    const rackScale = systems.filter((s) => s.rackScale);
    expect(rackScale.map((s) => s.id).sort()).toEqual(['gb200-nvl72', 'gb300-nvl72']);
    for (const s of rackScale) {
      const { nodesPerRack, rackKW: kw } = s.rackScale!;
      expect(rel(s.nodeMaxKW * nodesPerRack, kw), s.id).toBeLessThan(0.01);
      expect(s.rackUnits).toBeUndefined();
      expect(s.cooling).toBe('liquid');
      expect(s.recommendedNodesPerRack).toBe(nodesPerRack);
      expect(s.gpusPerNode * nodesPerRack).toBe(72); // NVL72
    }
  });

  it('non-rack-scale systems have rack units', () => {
    for (const s of systems.filter((x) => !x.rackScale)) {
      expect(s.rackUnits, s.id).toBeGreaterThan(0);
    }
  });

  it('hand-computed figures', () => {
    expect(rackKW(sys('dgx-h100'), 4)).toBe(40.8); // 4 × 10.2
    expect(rackKW(sys('dgx-h100'), 2)).toBe(20.4); // 2 × 10.2
    expect(rackKW(sys('dgx-h100'), 1)).toBe(10.2);
    expect(rackKW(sys('dgx-b300'), 4)).toBe(58); // 4 × 14.5 (≈14.5 kW per system as reported; the RA rack is ~56 kW)
    expect(rackKW(sys('dgx-b200'), 2)).toBe(28.6); // 2 × 14.3 (">25 kW" RA example)
    expect(rackKW(sys('gb200-nvl72'), 18)).toBe(120);
    expect(rackKW(sys('gb200-nvl72'), 3)).toBe(120); // rack-scale ignores the node count
    expect(rackKW(sys('gb300-nvl72'), 18, 1)).toBe(120); // …and the cap
    expect(rackKW(sys('dgx-h100'), 4, 8)).toBe(32); // capped: 4 × min(10.2, 8)
    expect(rackKW(sys('dgx-h100'), 4, 12)).toBe(40.8); // cap above max has no effect
    expect(sys('gb200-nvl72').nodeMaxKW).toBe(6.67); // 120 / 18 rounded to 2 decimals
    expect(sys('dgx-b300').nodeMaxKW).toBe(14.5); // checked: ≈14.5 kW per system (fact sheet 2026-12 corrections)
    // §6 derived: 200 MW ÷ 10.2 kW = 19,607 DGX nodes = 156,856 GPUs (whole nodes)
    expect(Math.floor(200_000 / sys('dgx-h100').nodeMaxKW)).toBe(19_607);
    // 200 MW ÷ 120 kW = 1,666 NVL72 racks = 119,952 GPUs
    const racks = Math.floor(200_000 / rackKW(sys('gb200-nvl72'), 18));
    expect(racks).toBe(1_666);
    expect(racks * 18 * sys('gb200-nvl72').gpusPerNode).toBe(119_952);
  });

  it('rackKW rejects nonsense input', () => {
    expect(() => rackKW(sys('dgx-h100'), -1)).toThrow(RangeError);
    expect(() => rackKW(sys('dgx-h100'), Number.NaN)).toThrow(RangeError);
    expect(() => rackKW(sys('dgx-h100'), 4, -2)).toThrow(RangeError);
  });

  it('vendor defaults: Dell uses iDRAC, MI300X advertises amd.com/gpu', () => {
    expect(sys('hgx-h100-air').bmcDriver).toBe('idrac-virtualmedia');
    expect(GPU_MODELS[sys('mi300x-8gpu').gpu]!.resourceName).toBe('amd.com/gpu');
  });
});

describe('cooling defaults', () => {
  it('PUE defaults', () => {
    expect(COOLING_PUE_DEFAULTS).toEqual({
      air: 1.3,
      'rear-door': 1.2,
      'direct-liquid': 1.1,
      immersion: 1.05,
      hydro: 1.05,
    });
    for (const z of ZONES) expect(COOLING_PUE_DEFAULTS[z]).toBeGreaterThanOrEqual(1);
  });

  it('max rack kW defaults', () => {
    expect(COOLING_MAX_RACK_KW_DEFAULTS).toEqual({
      air: 30,
      'rear-door': 50,
      'direct-liquid': 150,
      immersion: 200,
      hydro: 40,
    });
  });

  it('zone acceptance', () => {
    expect(ZONE_ACCEPTS.air).toEqual(['air']);
    expect(ZONE_ACCEPTS['rear-door']).toEqual(['air']);
    expect(ZONE_ACCEPTS['direct-liquid']).toEqual(['liquid', 'air']);
    expect(ZONE_ACCEPTS.immersion).toEqual(['immersion']);
    expect(ZONE_ACCEPTS.hydro).toEqual(['hydro']);
    // every cooling need has at least one zone that takes it
    const needs: CoolingNeed[] = ['air', 'liquid', 'hydro', 'immersion'];
    for (const n of needs) expect(ZONES.some((z) => ZONE_ACCEPTS[z].includes(n)), n).toBe(true);
  });

  it('a GB200 NVL72 rack fits the direct-liquid default', () => {
    expect(rackKW(sys('gb200-nvl72'), 18)).toBeLessThanOrEqual(COOLING_MAX_RACK_KW_DEFAULTS['direct-liquid']);
  });
});

describe('immutability', () => {
  it('catalog objects are frozen', () => {
    for (const obj of [
      ASIC_MODELS,
      GPU_MODELS,
      GPU_SYSTEMS,
      COOLING_PUE_DEFAULTS,
      COOLING_MAX_RACK_KW_DEFAULTS,
      ZONE_ACCEPTS,
      ZONE_ACCEPTS.air,
      asicModel('antminer-s21'),
      gpuModel('h100-sxm'),
      gpuModel('h100-sxm')!.migProfiles,
      gpuSystem('gb200-nvl72'),
      gpuSystem('gb200-nvl72')!.rackScale,
    ]) {
      expect(Object.isFrozen(obj)).toBe(true);
    }
  });

  it('mutation attempts throw (ES modules are strict) and change nothing', () => {
    const s21 = asicModel('antminer-s21')!;
    expect(() => {
      (s21 as { wallW: number }).wallW = 1;
    }).toThrow(TypeError);
    expect(() => {
      (ASIC_MODELS as Record<string, unknown>)['fake'] = {};
    }).toThrow(TypeError);
    expect(() => {
      (gpuModel('h100-sxm')!.migProfiles as string[]).push('x');
    }).toThrow(TypeError);
    expect(asicModel('antminer-s21')!.wallW).toBe(3500);
    expect(asicModel('fake')).toBeUndefined();
  });

  it('look-ups do not resolve inherited property names', () => {
    expect(asicModel('constructor')).toBeUndefined();
    expect(gpuModel('toString')).toBeUndefined();
    expect(gpuSystem('__proto__')).toBeUndefined();
  });
});
