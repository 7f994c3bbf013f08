/**
 * Injection into each generated format, from the hostile corpus (test/fixtures/hostile/): every
 * payload in every free-text or name-like field either is refused at load with one line naming
 * file:line and the field, or leaves every generated file with the clean site's structure —
 * dnsmasq directives, Kea JSON keys, iPXE commands, YAML keys (user-data's cloud-config
 * included), Markdown blocks and table cells, HTML tags. The real daemons check the configs
 * where installed. The writers' own guards are tested on values that bypass load.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../constructs/diagnostics';
import type { ResolvedSite } from '../../constructs/resolved-site';
import { loadSite } from '../../constructs/load';
import { dnsmasqFile } from '../../stacks/bare-metal/dnsmasq';
import { ipxeFiles } from '../../stacks/bare-metal/ipxe';
import { userDataFiles } from '../../stacks/bare-metal/cloud-init';
import { UnrepresentableValue } from '../../stacks/bare-metal/encode';
import { markdownCell, markdownText } from '../../lib/markdown';
import { hasTool, run } from '../helpers/tools';
import { CLEAN_TEXT, corpusText, dnsmasqDirectives, type Field, fieldName, FIELDS, HOSTILE_DIR, markdownBlocks, plant, refusalProblem, render, structure, type Rendered } from './harness';
import { PAYLOADS } from './payloads';

let clean: Rendered;
/** The clean site rendered with the targets a field reaches (the plan counts the files it is given). */
const cleanFor = new Map<string, Promise<Rendered>>();
function cleanWith(reaches: Field['reaches']): Promise<Rendered> {
  const key = reaches.join(',');
  if (!cleanFor.has(key)) cleanFor.set(key, render(CLEAN_TEXT, reaches));
  return cleanFor.get(key)!;
}
beforeAll(async () => {
  clean = await render(CLEAN_TEXT);
  expect(clean.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
}, 120_000);

describe('hostile corpus', () => {
  it('is current: each file is its payload planted into every field of clean.yaml', () => {
    for (const name of Object.keys(PAYLOADS)) expect(readFileSync(join(HOSTILE_DIR, `${name}.yaml`), 'utf8'), `${name}.yaml (npx tsx test/hostile/write-corpus.ts)`).toBe(corpusText(name));
  });

  it('each corpus file is refused at load, one line per field that cannot carry the payload, naming file:line and field', async () => {
    for (const name of ['newline-directive', 'ipxe-lines', 'yaml-break', 'esc-sequences', 'nul-byte', 'bidi-override', 'c1-csi']) {
      const loaded = await loadSite(join(HOSTILE_DIR, `${name}.yaml`));
      const lines = loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
      // Control characters are in every one of these payloads: no field may carry them.
      // The BIOS key field replaces the map its value field sits in.
      const keys = FIELDS.filter((f) => f.key).map((f) => fieldName(f).replace('.<key>', '.'));
      for (const f of FIELDS.filter((x) => !keys.some((k) => fieldName(x).startsWith(k)))) {
        const at = fieldName(f).replace('.<key>', '');
        expect(lines.some((l) => l.includes(` ${at}`) && /hostile[/\\][a-z0-9-]+\.yaml:\d+:\d+ /.test(l)), `${name}: ${at} refused (${lines.join(' / ')})`).toBe(true);
      }
      for (const l of lines) expect(l, `${name}: one printable line`).toMatch(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/);
    }
  }, 120_000);
});

describe('each payload in each field: refused at load, or the generated files keep their structure', () => {
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    it(name, async () => {
      const accepted: string[] = [];
      for (const f of FIELDS) {
        const r = await render(plant(f, payload), f.reaches);
        if (!r.files) {
          expect(refusalProblem(r, f), `${fieldName(f)} = ${JSON.stringify(payload)}`).toBeUndefined();
          continue;
        }
        accepted.push(fieldName(f));
        const base = await cleanWith(f.reaches);
        expect(structure(r.files, f.key), `${fieldName(f)} = ${JSON.stringify(payload)}`).toEqual(structure(base.files!, f.key));
      }
      // A control character is never accepted anywhere; markup and separators only as text.
      if (/[\u0000-\u001f\u007f-\u009f\u202e]/.test(payload)) expect(accepted).toEqual([]);
    }, 300_000);
  }

  it('markup lands in the offer and the plan as text: escaped, never as HTML, a cell or a line', async () => {
    const vendor = ['spec', 'catalog', 'systems', 0, 'vendor'] as const;
    const r = await render(plant({ path: vendor, reaches: ['offers'] }, '<script>x</script> | `a'), ['offers', 'bare-metal']);
    const md = r.files!.get('offers/ask-1.md')!;
    // Prose: no tag, no code span opened; the pipe is text outside a table.
    expect(md).toContain('**Ask:** 8 GPUs on &lt;script&gt;x&lt;/script&gt; | \\`a my-box');
    expect(md).not.toContain('<script>');
    expect(r.files!.get('offers/ask-1.html')!).not.toContain('<script>');
    expect(r.files!.get('bare-metal/ipxe/gpu-a.ipxe')!).toContain('(<script>x</script> | `a my-box)');
  }, 120_000);
});

describe('the real daemons accept the generated configs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rackshift-hostile-tools-'));
    writeFileSync(join(dir, 'dnsmasq.conf'), clean.files!.get('bare-metal/dnsmasq.conf')!);
    writeFileSync(join(dir, 'kea.json'), clean.files!.get('bare-metal/kea-dhcp4.json')!);
  });

  it('dnsmasq --test', () => {
    if (!hasTool('dnsmasq')) return;
    const r = run('dnsmasq', ['--test', '-C', join(dir, 'dnsmasq.conf')]);
    expect(r.status, r.output).toBe(0);
  });

  it('kea-dhcp4 -t', () => {
    if (!hasTool('kea-dhcp4')) return;
    const r = run('kea-dhcp4', ['-t', join(dir, 'kea.json')]);
    expect(r.status, r.output).toBe(0);
  });

  it('dnsmasq --test alone does not catch an injected directive; the directive parse does', () => {
    if (!hasTool('dnsmasq')) return;
    const conf = clean.files!.get('bare-metal/dnsmasq.conf')!;
    const injected = conf.replace('option:domain-name,test.example.net', 'option:domain-name,x\ndhcp-script=/tmp/pwn');
    writeFileSync(join(dir, 'injected.conf'), injected);
    expect(run('dnsmasq', ['--test', '-C', join(dir, 'injected.conf')]).status).toBe(0);
    expect(dnsmasqDirectives(injected)).not.toEqual(dnsmasqDirectives(conf));
    expect(dnsmasqDirectives(injected)).toContain('dhcp-script ×1');
  });
});

describe('writers refuse what their format cannot carry, even past load', () => {
  /** The clean site with one value changed after load, as a construct built in code could. */
  async function tampered(change: (s: ResolvedSite) => ResolvedSite): Promise<ResolvedSite> {
    const dir = mkdtempSync(join(tmpdir(), 'rackshift-hostile-'));
    writeFileSync(join(dir, 'site.yaml'), CLEAN_TEXT.replace('  inventory: { file: inventory.csv }\n', ''));
    const loaded = await loadSite(join(dir, 'site.yaml'));
    return change(loaded.site!);
  }

  it('dnsmasq: a domain with a newline or a comma', async () => {
    for (const domain of ['x\ndhcp-script=/tmp/pwn', 'a.net,b.net']) {
      const site = await tampered((s) => ({ ...s, networks: { ...s.networks, domain } }));
      expect(() => dnsmasqFile(site)).toThrow(UnrepresentableValue);
    }
  });

  it('iPXE and cloud-init: a system name that would add a line', async () => {
    const site = await tampered((s) => ({ ...s, pools: s.pools.map((p) => ({ ...p, system: { ...p.system, displayName: 'Acme\nshell' } })) }));
    expect(() => ipxeFiles(site)).toThrow(/iPXE script: cannot write pool comment ".*Acme\\nshell/);
    // User-data is rendered as it is written (stacks/target.ts lazyFile): reading the content renders it.
    expect(() => userDataFiles(site).map((f) => f.content)).toThrow(UnrepresentableValue);
  });

  it('iPXE: a boot URL with a blank or an expansion', async () => {
    for (const url of ['http://10.11.0.2:6180 || shell', 'http://${next-server}']) {
      const site = await tampered((s) => ({ ...s, provisioning: { ...s.provisioning, bootServerUrl: url } }));
      expect(() => ipxeFiles(site)).toThrow(UnrepresentableValue);
    }
  });
});

describe('terminal and Markdown encoding', () => {
  it('a diagnostic quoting ESC, NUL, a newline or a bidi override prints as one escaped line', () => {
    const line = formatDiagnostic({ severity: 'error', rule: 'rackshift:schema/unknown-key', path: 'spec.\u001b[2Jx', message: 'unknown field "a\nb\u0000\u202e"', file: 'site.yaml', line: 3, column: 1 });
    expect(line).toBe('site.yaml:3:1 spec.\\x1b[2Jx: unknown field "a\\nb\\0\\u202e"');
  });

  it('Markdown text: no raw HTML, no line break, no stray backtick; cells escape pipes; code spans kept', () => {
    expect(markdownText('<b>x</b>\n# y `z` w`')).toBe('&lt;b&gt;x&lt;/b&gt; # y `z` w\\`');
    expect(markdownCell('a | `b|c`')).toBe('a \\| `b\\|c`');
    expect(markdownBlocks(`| ${markdownCell('x | y\nz')} |`)).toEqual(['row ×3']);
  });
});
