/** site.schema.json is what `rackshift schema` prints today, and example sites point editors at it. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runMain } from './helpers/cli';

describe('site.schema.json', () => {
  it('is fresh (run `npm run schema` when this fails)', async () => {
    const r = await runMain(['schema']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(REPO, 'site.schema.json'), 'utf8')).toBe(r.stdout);
  });

  it('is a strict draft 2020-12 schema of the site file', async () => {
    const schema = JSON.parse((await runMain(['schema'])).stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']));
  });

  const examples = readdirSync(join(REPO, 'sites')).filter((f) => /\.ya?ml$/.test(f));
  it.each(examples)('sites/%s starts with the yaml-language-server modeline pointing at the schema', (name) => {
    const file = join(REPO, 'sites', name);
    const first = readFileSync(file, 'utf8').split('\n')[0]!;
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, first).not.toBeNull();
    expect(resolve(dirname(file), m![1]!)).toBe(join(REPO, 'site.schema.json'));
    expect(existsSync(join(REPO, 'site.schema.json'))).toBe(true);
  });
});
