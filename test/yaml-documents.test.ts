/**
 * lib/yaml-documents.ts reads back what synth wrote with js-yaml (for speed). It must read every
 * document exactly as the `yaml` package does (the reference here, and what synth's own writer
 * is checked against), and refuse what synth never writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { toYamlStream, type YamlValue } from '../stacks/bare-metal/block-yaml';
import { yamlDocument } from '../stacks/kubernetes/object-yaml';
import { ManifestError, readSiteObjects } from '../deploy/manifests';
import { readYamlDocuments, readYamlDocument, YamlReadError } from '../lib/yaml-documents';
import { synthesize } from '../synth/synthesize';
import { tempDir } from './helpers/fixture';

const reference = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe('readYamlDocuments', () => {
  it('reads every YAML file synth writes for both example sites as the yaml package does', { timeout: 60_000 }, async () => {
    const { sites } = await synthesize(['sites']);
    let files = 0;
    let documents = 0;
    for (const s of sites) {
      for (const f of s.files) {
        if (!/\.ya?ml$/.test(f.path)) continue;
        const ours = readYamlDocuments(f.content);
        expect(ours, `${s.site.name}/${f.path}`).toEqual(reference(f.content));
        files++;
        documents += ours.length;
      }
    }
    // Both sites write Kubernetes, bare-metal (Metal3 hosts, cloud-init Secrets) and node-label
    // files: far more than a handful, so the comparison is not vacuous.
    expect(files).toBeGreaterThan(30);
    expect(documents).toBeGreaterThan(3000);
  });

  it('keeps the YAML 1.2 core schema: dates, yes/on and octal-looking text are what yaml reads', () => {
    const text = 'date: 2026-11-24\nyes: yes\non: on\nmode: 0755\noctal: 0o14\nnull1: ~\nfloat: 1e3\ninf: .inf\nempty:\n';
    expect(readYamlDocuments(text)).toEqual(reference(text));
    expect(readYamlDocument(text)).toMatchObject({ date: '2026-11-24', yes: 'yes', mode: 755, octal: 12, null1: null, empty: null });
  });

  it('refuses an anchor (and so any alias), on a map, a list or a scalar, naming its line', () => {
    const bomb = 'a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n';
    expect(() => readYamlDocuments(bomb)).toThrow(YamlReadError);
    expect(() => readYamlDocuments(bomb)).toThrow(/an anchor \(&a\) on line 1/);
    expect(() => readYamlDocuments('---\nok: 1\n---\nx:\n  y: &s long\nz: *s\n')).toThrow(/an anchor \(&s\) on line 5/);
    expect(() => readYamlDocument('m: &m {k: v}\nn: *m\n')).toThrow(/&m/);
  });

  it('refuses a duplicate key and broken syntax with the line', () => {
    expect(() => readYamlDocuments('a: 1\nb: 2\na: 3\n')).toThrow(/duplicated mapping key \(line 3\)/);
    const e = (() => {
      try {
        readYamlDocuments('a: [1,\n');
      } catch (err) {
        return err as YamlReadError;
      }
    })();
    expect(e).toBeInstanceOf(YamlReadError);
    expect(e!.line).toBe(2);
  });
});

describe('synth\'s writers and this reader, on random values (fast-check, fixed seed)', () => {
  // Strings built from what trips YAML: indicators, quotes, special words, numbers, line breaks,
  // controls (C0, C1, NEL, separators, BOM) and any Unicode. Keys too.
  const FRAGMENTS = ['\n', '\r\n', '\r', '\t', '\u0000', '\u001b', '\u0085', '\u2028', '\ufeff', '\u00a0', ' ', ': ', ' #', '- ', '---', '...', '"', "'", '\\', '&a', '*a', '!t', '%', '@', '`', '|', '>', '?', '{', '}', '[', ']', ',', 'yes', 'no', 'on', 'null', '~', 'true', '.inf', '.nan', '0x1F', '0o17', '0755', '1e3', '-0', '+1', '1_000', '12:30', '2026-12-02', 'a', 'Z', '9', 'é', '🙂'];
  const text = fc.oneof({ weight: 4, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map((a) => a.join('')) }, { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 12 }) });
  const leaf = fc.oneof(text, fc.integer({ min: -1e9, max: 1e9 }), fc.boolean(), fc.constant(null));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
  })).map;
  // Only own, enumerable keys count (fc.dictionary can make "__proto__").
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

  it('the Kubernetes writer: read back is the value, as the yaml package reads it', () => {
    // Except a key that starts with U+FEFF: the yaml package (whose bytes this writer keeps)
    // writes it bare, where readers take it for a byte order mark. Kubernetes object keys come
    // from rackshift's code (label keys, resource names), never from site text.
    const bomKey = (v: unknown): boolean => !!v && typeof v === 'object' && Object.entries(v).some(([k, x]) => k.startsWith('\ufeff') || bomKey(x));
    fc.assert(
      fc.property(value.filter((v) => !bomKey(v)), (v) => {
        const text = yamlDocument(v);
        const back = readYamlDocuments(text);
        expect(back).toEqual([plain(v)]);
        expect(back).toEqual(reference(text));
      }),
      { seed: 20_261_202, numRuns: 300 },
    );
  });

  it('the bare-metal block writer: read back is the value, as the yaml package reads it', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), (vs) => {
        const text = toYamlStream(vs as YamlValue[]);
        const back = readYamlDocuments(text);
        expect(back).toEqual(vs.map(plain));
        expect(back).toEqual(reference(text));
      }),
      { seed: 20_261_202, numRuns: 300 },
    );
  });
});

describe('deploy reading an output folder', () => {
  it('names the file of a document synth could not have written, and reads the rest of the folder first', async () => {
    const out = tempDir();
    mkdirSync(join(out, 'site-1', 'kubernetes'), { recursive: true });
    writeFileSync(join(out, 'site-1', 'kubernetes', 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: a\n');
    writeFileSync(join(out, 'site-1', 'kubernetes', 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  name: c\n');
    const err = await readSiteObjects(out, 'site-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).problems).toEqual([
      'site-1/kubernetes/a.yaml: an anchor (&m) on line 3: rackshift writes none, so this is not synth\'s output',
      'site-1/kubernetes/b.yaml: duplicated mapping key (line 5)',
    ]);
  });
});
