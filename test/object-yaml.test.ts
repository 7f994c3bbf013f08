/**
 * stacks/kubernetes/object-yaml.ts writes what the `yaml` package writes, byte for byte: for
 * every Kubernetes object the example sites and a generated campus site produce, and for
 * values chosen to trip a hand-written YAML writer.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateSite } from '../bench/generate';
import { loadSite } from '../constructs/load';
import { sortKeys } from '../lib/json';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { yamlDocument } from '../stacks/kubernetes/object-yaml';
import { REPO } from './helpers/cli';
import { resolveText } from './helpers/fixture';
import { join } from 'node:path';

const library = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

describe('yamlDocument', () => {
  it('matches the library on every object of the example sites and a generated 3,000-node site', async () => {
    const sites = [
      (await loadSite(join(REPO, 'sites', 'permian-1.yaml'))).site!,
      (await loadSite(join(REPO, 'sites', 'red-river.yaml'))).site!,
      resolveText(stringify(generateSite({ nodes: 3_000, miners: 1_000 }))),
    ];
    let objects = 0;
    for (const site of sites) {
      for (const o of kubernetesObjects(site)) {
        const { apiVersion, kind, metadata, ...rest } = o;
        const value = { apiVersion, kind, metadata: sortKeys(metadata), ...(sortKeys(rest) as object) };
        expect(yamlDocument(value), `${kind} ${metadata.name}`).toBe(library(value));
        objects++;
      }
    }
    expect(objects).toBeGreaterThan(300); // 353 when written
  });

  it('matches the library on awkward scalars, keys and nesting', () => {
    const value = {
      strings: ['yes', 'no', 'on', 'null', '~', '', '0600', '1.5', '1e3', '0x1F', '02:00:00:01:00:01', 'a: b', 'x #y', '-dash', '- item', '? q', 'trailing:', 'redfish://10.0.0.1/v1', '.inf', '-.Inf', '.NaN', 'ünï', '"q"', "it's", `both " and '`, '---', '...', '%TAG', '@at', '`tick', 'tab\there', 'esc\u001b', ' lead', 'trail ', '*star', '&amp', '!bang', '|pipe', '>gt', '[x]', '{y}', 'a,b', 'true', 'False', 'NULL', '12:30', '2026-12-02', '+1', '-0', '0o17', 'x'.repeat(300)],
      numbers: [0, -0, 1.25, -3, 1e21, 5e-7, Number.MAX_SAFE_INTEGER],
      flags: [true, false, null],
      empty: { list: [], map: {} },
      nested: [{ a: 1, b: [['x', 'y'], [], {}] }, [{ c: 'd', e: [{ f: [] }] }], [[['deep']]]],
      'key: odd': 'v',
      '0600': 'numeric key',
      'true': 'bool key',
      '': 'empty key',
      'with space': { 'rackshift.dev/pool': 'a', 'nvidia.com/gpu': 8 },
      skipped: undefined,
    };
    expect(yamlDocument(value)).toBe(library(value));
    expect(yamlDocument([value, 'top'])).toBe(library([value, 'top']));
  });

  it('leaves what it does not write itself to the library, with the same result', () => {
    const multiLine = { data: { 'config.yaml': 'a: 1\nb:\n  - 2\n', 'noEnd': 'x\ny', 'lead': '  x\ny\n' } };
    const odd = { n: [Infinity, -Infinity, NaN], holes: [1, , 3], undef: [undefined], date: new Date(0), big: 10n };
    for (const v of [multiLine, odd, 'scalar', 3, null, [], {}]) expect(yamlDocument(v)).toBe(library(v));
  });
});
