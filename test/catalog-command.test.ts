/** `rackshift catalog` and the schema's catalog suggestions (issue 17). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ASIC_MODELS, GPU_SYSTEMS } from '../constructs/catalog';
import { REPO, runMain } from './helpers/cli';
import { mutate } from './helpers/fixture';

describe('rackshift catalog', () => {
  it('lists every built-in id with its figures and source, planning figures marked', async () => {
    const r = await runMain(['catalog']);
    expect(r.code).toBe(0);
    for (const id of [...Object.keys(ASIC_MODELS), ...Object.keys(GPU_SYSTEMS)]) expect(r.stdout).toContain(`  ${id} `);
    const h100 = r.stdout.split('\n').find((l) => l.trim().startsWith('dgx-h100 '))!;
    expect(h100).toContain('nodeMaxKW=10.2');
    expect(h100).toContain('leadTimeWeeks=12 (planning figure)');
    expect(h100).toContain(`source: ${GPU_SYSTEMS['dgx-h100']!.source}`);
  });

  it('filters by kind and writes JSON', async () => {
    const r = await runMain(['catalog', '--kind', 'asic', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { kind: string; id: string; figures: Record<string, unknown>; source: string }[];
    expect(new Set(rows.map((x) => x.kind))).toEqual(new Set(['asic']));
    expect(rows.map((x) => x.id)).toEqual(Object.keys(ASIC_MODELS).sort());
    const s21 = rows.find((x) => x.id === 'antminer-s21')!;
    expect(s21.figures).toMatchObject({ hashrateTHs: ASIC_MODELS['antminer-s21']!.hashrateTHs, wallW: ASIC_MODELS['antminer-s21']!.wallW });
    expect(s21.source).toBe(ASIC_MODELS['antminer-s21']!.source);
  });

  it('refuses an unknown kind with a suggestion, exit 2', async () => {
    const r = await runMain(['catalog', '--kind', 'sytem']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--kind must be one of asic, system, gpu; got "sytem"; did you mean "system"?');
  });
});

describe('site.schema.json catalog ids', () => {
  const schema = JSON.parse(readFileSync(join(REPO, 'site.schema.json'), 'utf8'));
  const validate = new Ajv2020({ strict: false }).compile(schema);

  it('offers the built-in ids for fleets and pools', () => {
    const spec = schema.properties.spec.properties;
    expect(spec.mining.properties.fleets.items.properties.model.anyOf[0].enum).toEqual(Object.keys(ASIC_MODELS).sort());
    expect(spec.gpuPools.items.properties.system.anyOf[0].enum).toEqual(Object.keys(GPU_SYSTEMS).sort());
  });

  it('still accepts a site\'s own catalog id', () => {
    const site = parse(mutate([['model: antminer-s19-xp,', 'model: our-own-miner,']]));
    expect(validate(site), JSON.stringify(validate.errors)).toBe(true);
  });
});
