/**
 * Errors that say how to fix (issue 17): "did you mean" for keys, enum values, catalog ids,
 * zones and pools, and schema errors reported together with the semantic errors of the rest
 * of the file. Mutations of test/fixtures/small-site.yaml (line numbers as in the fixture).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../constructs/diagnostics';
import { loadSite } from '../constructs/load';
import { mutate, resolveErrors, tempDir, writeSite } from './helpers/fixture';

async function problems(text: string): Promise<string[]> {
  const file = writeSite(tempDir(), 'site', text);
  const loaded = await loadSite(file);
  return loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic({ ...d, file: 'site.yaml' }));
}

describe('did you mean', () => {
  it('an unknown key that is a known one with the wrong case', async () => {
    const lines = await problems(mutate([['maxRackKW: 30', 'maxRackKw: 30']]));
    expect(lines).toContain('site.yaml:19:57 spec.cooling.zones[0].maxRackKw: unknown field "maxRackKw"; did you mean "maxRackKW"?');
  });

  it('an enum value with a typo', async () => {
    const lines = await problems(mutate([['type: rear-door', 'type: rear-dor']]));
    expect(lines).toContain('site.yaml:20:26 spec.cooling.zones[1].type: must be one of "air", "rear-door", "direct-liquid", "immersion", "hydro"; got "rear-dor"; did you mean "rear-door"?');
  });

  it('a catalog id with a typo', () => {
    const [e] = resolveErrors(mutate([['model: antminer-s19-xp,', 'model: antminer-s19xp,']]));
    expect(e?.rule).toBe('rackshift:catalog/unknown-asic');
    expect(e?.message).toMatch(/^unknown miner model "antminer-s19xp" \(catalog: .*\); did you mean "antminer-s19-xp"\?$/);
  });

  it('a zone and a pool with a typo', () => {
    const errors = resolveErrors(mutate([['zone: hall-rd, tier: 2N', 'zone: hall-r, tier: 2N'], ['pool: nvl-a, gpus: 144', 'pool: nvla, gpus: 144']]));
    expect(errors.find((e) => e.rule === 'rackshift:ref/zone')?.message).toBe('no zone "hall-r" (zones: hall-air, hall-rd, hall-dlc); did you mean "hall-rd"?');
    expect(errors.find((e) => e.rule === 'rackshift:ref/pool')?.message).toBe('no GPU pool "nvla" (pools: h100-a, nvl-a, l40s-a); did you mean "nvl-a"?');
  });

  it('nothing when no known name is close', () => {
    const [e] = resolveErrors(mutate([['zone: hall-rd, tier: 2N', 'zone: basement, tier: 2N']]));
    expect(e?.message).toBe('no zone "basement" (zones: hall-air, hall-rd, hall-dlc)');
  });
});

describe('schema and semantic errors in one pass', () => {
  it('reports an unknown key and a tenant on a missing pool together', async () => {
    const lines = await problems(mutate([['racks: 8 }', 'racks: 8, colour: blue }'], ['pool: nvl-a, gpus: 144', 'pool: h100-z, gpus: 144']]));
    expect(lines).toEqual([
      'site.yaml:21:93 spec.cooling.zones[2].colour: unknown field "colour"',
      'site.yaml:34:21 spec.tenants[2].pool: no GPU pool "h100-z" (pools: h100-a, nvl-a, l40s-a); did you mean "h100-a"?',
    ]);
  });

  it('sets a pool with a bad value aside, places the others\' errors at their own lines, and says nothing of what depended on it', async () => {
    // nvl-a (gpuPools[1]) has a bad tier: it is set aside, so its tenant nova is not reported.
    // l40s-a (gpuPools[2]) with 70 nodes a rack is far over hall-air's 30 kW a rack.
    const lines = await problems(mutate([['tier: N+1', 'tier: N+2'], ['nodesPerRack: 7', 'nodesPerRack: 70']]));
    expect(lines[0]).toMatch(/^site\.yaml:29:\d+ spec\.gpuPools\[1\]\.tier: must be one of "N", "N\+1", "2N"; got "N\+2"/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^site\.yaml:30:\d+ spec\.gpuPools\[2\]\.nodesPerRack: racks of l40s-a draw /)]);
    expect(lines.join('\n')).not.toContain('nova');
  });

  it('leaves semantics out when the broken field is not in a list', async () => {
    const lines = await problems(mutate([['continuousLoadFactor: 0.8', 'continuousLoadFactor: 8'], ['pool: nvl-a, gpus: 144', 'pool: h100-z, gpus: 144']]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('spec.power.continuousLoadFactor');
  });
});
