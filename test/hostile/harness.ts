/**
 * The hostile-input harness: plants a value into one field of the clean site
 * (test/fixtures/hostile/clean.yaml), loads and renders it in-process, and reduces every
 * generated file to its structure — dnsmasq directives and their field counts, Kea JSON keys,
 * iPXE commands, YAML keys (cloud-config inside user-data included), Markdown blocks, table
 * cells and raw HTML tags, HTML tags — so a test can say "same structure as the clean site, or
 * refused at load with one line naming file:line and the field".
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pair, parse, parseAllDocuments, parseDocument, Scalar, YAMLMap } from 'yaml';
import { formatDiagnostic, formatPath, type Diagnostic } from '../../constructs/diagnostics';
import { synthesize } from '../../synth/synthesize';
import { summaryTarget } from '../../stacks/summary';
import { bareMetalTarget } from '../../stacks/bare-metal';
import { offersTarget } from '../../stacks/offers';
import { manifestsTarget } from '../../stacks/kubernetes/manifests';
import type { Target } from '../../stacks/target';
import { buildPlan } from '../../plan/build-plan';
import { renderMarkdown } from '../../plan/markdown';
import type { SiteSummary } from '../../plan/site-summary';
import { PAYLOADS } from './payloads';

export const HOSTILE_DIR = fileURLToPath(new URL('../fixtures/hostile', import.meta.url));
export const CLEAN_TEXT = readFileSync(join(HOSTILE_DIR, 'clean.yaml'), 'utf8');

export type Path = readonly (string | number)[];
type TargetName = 'bare-metal' | 'kubernetes' | 'offers' | 'summary';
const TARGETS: Record<TargetName, Target> = { summary: summaryTarget, 'bare-metal': bareMetalTarget, kubernetes: manifestsTarget, offers: offersTarget };

export interface Field {
  readonly path: Path;
  /** The targets the field's value reaches (summary.json, and the plan built from it, always render). */
  readonly reaches: readonly TargetName[];
  /** The value is a mapping key (a BIOS attribute name), not a value. */
  readonly key?: boolean;
}

/** Every free-text or name-like field of the site format that the clean site carries. */
export const FIELDS: readonly Field[] = [
  { path: ['metadata', 'description'], reaches: [] },
  { path: ['metadata', 'region'], reaches: [] },
  { path: ['spec', 'networks', 'domain'], reaches: ['bare-metal'] },
  { path: ['spec', 'networks', 'ntp', 0], reaches: ['bare-metal'] },
  { path: ['spec', 'networks', 'ntp', 1], reaches: ['bare-metal'] },
  { path: ['spec', 'networks', 'dns', 0], reaches: ['bare-metal'] },
  { path: ['spec', 'networks', 'provisioning', 'gateway'], reaches: ['bare-metal'] },
  { path: ['spec', 'networks', 'provisioning', 'interface'], reaches: ['bare-metal'] },
  { path: ['spec', 'networks', 'provisioning', 'cidr'], reaches: ['bare-metal'] },
  { path: ['spec', 'provisioning', 'bootServerUrl'], reaches: ['bare-metal'] },
  { path: ['spec', 'tenants', 0, 'admins', 0], reaches: ['kubernetes'] },
  { path: ['spec', 'catalog', 'systems', 0, 'vendor'], reaches: ['bare-metal', 'offers'] },
  { path: ['spec', 'catalog', 'systems', 0, 'source'], reaches: ['offers'] },
  { path: ['spec', 'catalog', 'asics', 0, 'vendor'], reaches: ['offers'] },
  { path: ['spec', 'catalog', 'asics', 0, 'source'], reaches: ['offers'] },
  { path: ['spec', 'gpuPools', 0, 'bios', 'LogicalProc'], reaches: ['bare-metal'] },
  { path: ['spec', 'gpuPools', 0, 'bios'], reaches: ['bare-metal'], key: true },
  { path: ['spec', 'gitops', 'repoURL'], reaches: ['kubernetes'] },
  { path: ['spec', 'gitops', 'targetRevision'], reaches: ['kubernetes'] },
  { path: ['spec', 'gitops', 'path'], reaches: ['kubernetes'] },
  { path: ['spec', 'clusters', 'management'], reaches: ['bare-metal', 'kubernetes'] },
  { path: ['spec', 'warningsAcknowledged', 0], reaches: [] },
];

export const fieldName = (f: Field) => formatPath(f.key ? [...f.path, '<key>'] : f.path);

/** Stands for the planted value in a field's template; replaced by the value, double-quoted. */
const TOKEN = 'QQPLANTEDQQ';
const templates = new Map<string, string>();

/** The clean site with `value` in the field (a BIOS key field gets `{ <value>: Enabled }`). */
export function plant(field: Field, value: string, text = CLEAN_TEXT): string {
  const key = `${text === CLEAN_TEXT ? '' : text}\u0000${fieldName(field)}`;
  let template = templates.get(key);
  if (template === undefined) {
    const doc = parseDocument(text);
    const scalar = new Scalar(TOKEN);
    scalar.type = 'QUOTE_DOUBLE';
    doc.setIn(field.path, field.key ? mapOf(scalar) : scalar);
    template = doc.toString({ lineWidth: 0 });
    if (text === CLEAN_TEXT) templates.set(key, template);
  }
  return template.replace(`"${TOKEN}"`, () => yamlQuoted(value));
}

/**
 * A YAML double-quoted scalar of `s`: JSON's escapes are YAML's too; characters JSON leaves
 * raw that YAML must not see raw (DEL, C1, NEL, line separators, BOM) are escaped as well, so
 * every control character is written as an escape a reader can see.
 */
export function yamlQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function mapOf(key: Scalar): YAMLMap {
  const map = new YAMLMap();
  map.flow = true;
  map.items.push(new Pair(key, new Scalar('Enabled')));
  return map;
}

/** Plants a value into every field at once (the corpus files). */
export function plantAll(value: string, fields: readonly Field[] = FIELDS): string {
  let text = CLEAN_TEXT;
  for (const f of fields) text = plant(f, value, text);
  return text;
}

export interface Rendered {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Generated files (and plan.md, the plan comment of the site as added), when the site loaded. */
  readonly files?: ReadonlyMap<string, string>;
}

/** Writes the site (with the clean inventory beside it), loads and renders the targets the field reaches. */
export async function render(text: string, reaches: readonly TargetName[] = ['bare-metal', 'kubernetes', 'offers']): Promise<Rendered> {
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-hostile-'));
  copyFileSync(join(HOSTILE_DIR, 'inventory.csv'), join(dir, 'inventory.csv'));
  const file = join(dir, 'site.yaml');
  writeFileSync(file, text);
  const r = await synthesize([file], [summaryTarget, ...reaches.map((t) => TARGETS[t])]);
  if (!r.ok) return { file, diagnostics: r.diagnostics };
  const site = r.sites[0]!;
  const files = new Map(site.files.map((f) => [f.path, f.content]));
  const summary = JSON.parse(files.get('summary.json')!) as SiteSummary;
  const rest = new Map([...files].filter(([p]) => p !== 'summary.json'));
  const plan = buildPlan(new Map(), new Map([[site.site.name, { name: site.site.name, summary, files: rest }]]), { base: 'base', head: 'head' });
  files.set('plan.md', renderMarkdown(plan));
  return { file, diagnostics: r.diagnostics, files };
}

/** The shape of a parsed value: keys (sorted), list lengths and value types, no values. */
export function keyShape(v: unknown, anonymousKeys = false): unknown {
  if (Array.isArray(v)) return v.map((x) => keyShape(x, anonymousKeys));
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [anonymousKeys ? '*' : k, keyShape(x, anonymousKeys)] as const);
    return anonymousKeys ? entries.map(([, x]) => x) : entries.sort(([a], [b]) => a.localeCompare(b));
  }
  // cloud-init user-data inside a Secret: its own YAML document.
  if (typeof v === 'string' && v.startsWith('#cloud-config\n')) return { cloudConfig: yamlShape(v, anonymousKeys), lines: v.split('\n').length };
  return typeof v;
}

function yamlShape(text: string, anonymousKeys: boolean): unknown {
  const docs = parseAllDocuments(text);
  return docs.map((d) => (d.errors.length > 0 ? `YAML error: ${d.errors[0]!.message}` : keyShape(d.toJS(), anonymousKeys)));
}

/** dnsmasq.conf as its directives: the option name and how many comma-separated fields it has. */
export function dnsmasqDirectives(conf: string): string[] {
  return conf.split('\n').map((l) => (l.startsWith('#') ? '#' : l === '' ? '' : `${l.split('=')[0]} ×${l.split(',').length}`));
}

/** An iPXE script as its commands (first word of each line; comments as "#", the signature kept). */
export function ipxeCommands(script: string): string[] {
  return script.split('\n').map((l, i) => (i === 0 ? l : l.startsWith('#') ? '#' : (l.split(' ')[0] ?? '')));
}

/** Markdown as blocks: per line its kind, a table row's cell count and the raw HTML tags outside code spans. */
export function markdownBlocks(md: string): string[] {
  let fence: string | undefined; // inside a fenced block everything is literal text
  return md.split('\n').map((line) => {
    const ticks = /^(`{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (ticks !== undefined && ticks.length >= fence.length && line.trim() === ticks) fence = undefined;
      return fence === undefined ? 'fence end' : 'code';
    }
    if (ticks !== undefined) {
      fence = ticks;
      return 'fence';
    }
    const plain = line.replace(/`[^`]*`/g, '``');
    const tags = (plain.match(/<\/?[A-Za-z!][^>]*>/g) ?? []).map((t) => t.replace(/^(<\/?[A-Za-z!-]+).*$/, '$1'));
    const kind = /^#+ /.test(line) ? `h${line.indexOf(' ')}` : line.startsWith('|') ? `row ×${plain.split(/(?<!\\)\|/).length}` : /^(- |> |```)/.test(line) ? line.slice(0, 2) : line === '' ? '' : 'p';
    return tags.length > 0 ? `${kind} ${tags.join('')}` : kind;
  });
}

/** HTML as its element tags in order (inline bold and code spans left out: a value's own ** may bold it). */
export function htmlTags(html: string): string[] {
  return (html.match(/<\/?[a-zA-Z][a-zA-Z0-9]*/g) ?? []).filter((t) => !/^<\/?(strong|code)$/.test(t));
}

/** Every generated file reduced to its structure. */
export function structure(files: ReadonlyMap<string, string>, anonymousKeys = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith('.conf')) out[path] = dnsmasqDirectives(content);
    else if (path.endsWith('.ipxe')) out[path] = ipxeCommands(content);
    else if (path.endsWith('.json')) out[path] = keyShape(JSON.parse(content), anonymousKeys);
    else if (path.endsWith('.yaml')) out[path] = yamlShape(content, anonymousKeys);
    else if (path.endsWith('.md')) out[path] = markdownBlocks(content);
    else if (path.endsWith('.html')) out[path] = htmlTags(content);
    else out[path] = content.split('\n').length;
  }
  return out;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Why a load result is not a proper refusal of `field`, or undefined when it is: an error
 * placed at `file:line`, naming the field, printed as one line with no control character.
 */
export function refusalProblem(r: Rendered, field: Field): string | undefined {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return 'no error';
  for (const d of errors) {
    const line = formatDiagnostic(d);
    if (CONTROL.test(line)) return `error line carries a control character: ${JSON.stringify(line)}`;
  }
  const name = formatPath(field.path);
  const mine = errors.find((d) => d.path === name || d.path.startsWith(`${name}.`) || d.path.startsWith(`${name}[`));
  if (!mine) return `no error names ${name}: ${errors.map(formatDiagnostic).join(' / ')}`;
  const line = formatDiagnostic(mine);
  if (!mine.line || !mine.file?.endsWith('site.yaml') || !line.startsWith(`${mine.file}:${mine.line}:`)) return `error not placed at file:line: ${line}`;
  return undefined;
}

/** A corpus file: the payload planted into every field, under a header saying so. */
export function corpusText(name: string): string {
  const value = PAYLOADS[name]!;
  return `# Hostile corpus (test/hostile/write-corpus.ts writes it): ${JSON.stringify(value)} planted into every\n# free-text and name-like field of clean.yaml. Load must refuse each field that cannot carry it.\n${plantAll(value).replace(/^(#.*\n)+/, '')}`;
}

/** A YAML value as the site file shows it, for messages. */
export const show = (s: string) => JSON.stringify(s);
export { parse };
