/**
 * Property (fast-check, fixed seed, 200 cases a field): random strings made of newlines, CR,
 * NUL, ESC sequences, C1 and bidi controls, quotes, `<script>`, table pipes, backticks,
 * `${…}`, `{{…}}`, separators and plain characters, planted into every free-text and
 * name-like field of the clean site. Each is either refused at load with one printable line
 * naming site.yaml:line and the field, or every generated file parses to the same directives
 * and keys as the clean site's (test/hostile/harness.ts reduces each format to its structure).
 *
 * Fast by construction: the schema check runs on the real planted text; an accepted value of a
 * field the resolver passes through unchanged is put into the resolved site in place of a
 * marker (the writers then see exactly that value) and only the writers run. Fields the
 * resolver computes from (CIDR, gateway, boot URL, repository URL, cluster context) are
 * resolved in full, and random strings rarely pass their shape.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, SiteError, type Diagnostic } from '../../constructs/diagnostics';
import { parseSiteText } from '../../constructs/site-file';
import { resolveSite } from '../../constructs/resolve';
import type { ResolvedSite } from '../../constructs/resolved-site';
import { summaryTarget } from '../../stacks/summary';
import { bareMetalTarget } from '../../stacks/bare-metal';
import { manifestsTarget, renderArgoCdApplication, renderManifests } from '../../stacks/kubernetes/manifests';
import { tenantRbacObjects } from '../../stacks/kubernetes/rbac';
import type { OutputFile } from '../../stacks/target';
import { sizeOffer, type OfferResult } from '../../offers/size';
import { offerMarkdown } from '../../offers/markdown';
import { offerHtml } from '../../offers/html';
import { buildPlan } from '../../plan/build-plan';
import { renderMarkdown } from '../../plan/markdown';
import type { SiteSummary } from '../../plan/site-summary';
import { fieldName, FIELDS, plant, structure, type Field } from './harness';

const SEED = 20_261_202;
const RUNS = 200;
const FILE = 'site.yaml';
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Fields the resolver computes from: an accepted value is resolved in full, not substituted. */
const COMPUTED = new Set(['spec.networks.provisioning.cidr', 'spec.networks.provisioning.gateway', 'spec.provisioning.bootServerUrl', 'spec.gitops.repoURL', 'spec.clusters.management', 'spec.networks.dns[0]', 'spec.networks.ntp[0]', 'spec.networks.ntp[1]']);

/** A marker each pass-through field can hold, replaced by the random value after resolving. */
function markerFor(f: Field): string {
  const name = fieldName(f);
  if (name.endsWith('domain')) return 'zqmarkerqz.example.net';
  return f.key ? 'ZqMarkerQz' : 'zqmarkerqz';
}

const FRAGMENTS = ['\n', '\r\n', '\r', '\u0000', '\u001b[2J', '\u001b]0;t\u0007', '\u0085', '\u2028', '\u202e', '\u009b', '\t', '"', "'", '<script>', '</script>', '<img src=x>', '|', '||', '`', '```', '${net0/mac}', '${', '}', '{{ x }}', '$(id)', ',', '#', ';', '&', ' ', ': ', '- ', '---', '\\', 'dhcp-script=/tmp/x', '#!ipxe', 'a', 'Z', '9', '.', '-', '_', 'é', '🙂'];
const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.fullUnicodeString({ minLength: 1, maxLength: 16 }) },
);

/**
 * Replaces the marker in every string (and key) of a plain-data value. Objects without the
 * marker stay the very same objects, and an object shared in the model stays shared: the
 * renderers compare some by identity (a pool's GPU taint among its taints).
 */
function substitute<T>(root: T, marker: string, value: string): T {
  const memo = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(marker) ? v.split(marker).join(value) : v;
    if (v === null || typeof v !== 'object') return v;
    if (memo.has(v)) return memo.get(v);
    let out: unknown = v;
    if (Array.isArray(v)) {
      const items = v.map(walk);
      if (items.some((x, i) => x !== v[i])) out = items;
    } else if (Object.getPrototypeOf(v) === Object.prototype) {
      const entries = Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)] as const);
      if (entries.some(([k, x]) => !(k in v) || x !== (v as Record<string, unknown>)[k])) out = Object.fromEntries(entries);
    }
    memo.set(v, out);
    return out;
  };
  return walk(root) as T;
}

/** The files a field's value reaches (summary.json and the plan always), rendered in-process. */
async function renderResolved(f: Field, site: ResolvedSite, offer: OfferResult | undefined): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const targets = [summaryTarget, ...(f.reaches.includes('bare-metal') ? [bareMetalTarget] : [])];
  for (const t of targets) for (const out of await t.render(site, { siteFile: FILE })) files.set(out.path, out.content);
  if (f.reaches.includes('kubernetes')) for (const out of kubernetesFiles(f, site)) files.set(out.path, out.content);
  if (offer && f.reaches.includes('offers')) {
    files.set('offers/ask-1.md', offerMarkdown(offer, 'internal'));
    files.set('offers/ask-1.customer.md', offerMarkdown(offer, 'customer'));
    files.set('offers/ask-1.html', offerHtml(offer, 'internal'));
  }
  // The plan comment shows what reached the generated files; a field that reaches only summary.json is done.
  if (f.reaches.length === 0) return files;
  const summary = JSON.parse(files.get('summary.json')!) as SiteSummary;
  const rest = new Map([...files].filter(([p]) => p !== 'summary.json'));
  files.set('plan.md', renderMarkdown(buildPlan(new Map(), new Map([[site.name, { name: site.name, summary, files: rest }]]), { base: 'base', head: 'head' })));
  return files;
}

/**
 * The Kubernetes files a field reaches, through the target's own writers: admin groups the
 * tenants' RBAC, gitops the Argo CD Application, the cluster context every file. Rendering
 * only those keeps 200 cases a field fast.
 */
function kubernetesFiles(f: Field, site: ResolvedSite): readonly OutputFile[] {
  const name = fieldName(f);
  if (name.includes('.admins[')) return renderManifests(site, site.tenants.flatMap((t) => tenantRbacObjects(site, t)));
  if (name.startsWith('spec.gitops.')) return renderArgoCdApplication(site);
  return manifestsTarget.render(site, { siteFile: FILE }) as readonly OutputFile[];
}

/** Parses and resolves site text; the diagnostics when it is refused. */
function resolveText(text: string): { site?: ResolvedSite; spec?: ReturnType<typeof parseSiteText>['spec']; errors: readonly Diagnostic[] } {
  const parsed = parseSiteText(text, FILE);
  if (parsed.diagnostics.errors.length > 0) return { errors: parsed.diagnostics.errors };
  try {
    return { site: resolveSite(parsed.spec!, { file: FILE, diagnostics: parsed.diagnostics }), spec: parsed.spec, errors: [] };
  } catch (e) {
    if (e instanceof SiteError) return { errors: e.diagnostics.filter((d) => d.severity === 'error') };
    throw e;
  }
}

const PRINTABLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;

interface Base {
  readonly site: ResolvedSite;
  readonly offer: OfferResult;
  readonly shape: Record<string, unknown>;
}
const bases = new Map<string, Base>();

/** The clean site with the field's marker (or its clean value), resolved, sized and rendered once. */
async function baseFor(f: Field, text: string): Promise<Base> {
  const key = text;
  const have = bases.get(key);
  if (have) return have;
  const r = resolveText(text);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const offer = sizeOffer({ spec: r.spec!, before: r.site! }, r.spec!.spec.offers[0]!);
  const base = { site: r.site!, offer, shape: structure(await renderResolved(f, r.site!, offer), f.key) };
  bases.set(key, base);
  return base;
}

describe('property: random hostile strings in every free-text field', () => {
  let counts: Record<string, { refused: number; accepted: number }>;
  beforeAll(() => {
    counts = {};
  });

  for (const f of FIELDS) {
    it(`${fieldName(f)}: refused at load in one line, or the same structure`, async () => {
      const computed = COMPUTED.has(fieldName(f));
      const marker = markerFor(f);
      const base = computed ? undefined : await baseFor(f, plant(f, marker));
      const tally = (counts[fieldName(f)] = { refused: 0, accepted: 0 });
      await fc.assert(
        fc.asyncProperty(hostile, async (value) => {
          const text = plant(f, value);
          const parsed = parseSiteText(text, FILE);
          let errors: readonly Diagnostic[] = parsed.diagnostics.errors;
          let site: ResolvedSite | undefined;
          let offer: OfferResult | undefined;
          if (errors.length === 0 && computed) {
            const r = resolveText(text);
            errors = r.errors;
            site = r.site;
            if (site) offer = sizeOffer({ spec: r.spec!, before: site }, r.spec!.spec.offers[0]!);
          }
          if (errors.length > 0) {
            tally.refused++;
            const lines = errors.map(formatDiagnostic);
            for (const l of lines) expect(l).toMatch(PRINTABLE_LINE);
            const name = fieldName(f).replace('.<key>', '');
            const mine = errors.find((d) => d.path.startsWith(name));
            expect(mine, `${JSON.stringify(value)}: no error names ${name}: ${lines.join(' / ')}`).toBeDefined();
            expect(formatDiagnostic(mine!)).toMatch(new RegExp(`^${FILE}:${mine!.line}:\\d+ `));
            return;
          }
          tally.accepted++;
          if (!computed) {
            site = substitute(base!.site, marker, value);
            offer = substitute(base!.offer, marker, value);
          }
          const shape = structure(await renderResolved(f, site!, offer), f.key);
          // A computed field is compared with the clean site's value of the same kind (an NTP address or name).
          const reference = base ?? (await baseFor(f, plant(f, cleanValue(f, value))));
          expect(shape, JSON.stringify(value)).toEqual(reference.shape);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(tally.refused + tally.accepted).toBe(RUNS);
    }, 120_000);
  }
});

/** The clean site's own value of a computed field (its structure is what a valid value must keep). */
function cleanValue(f: Field, like: string): string {
  if (fieldName(f).includes('.ntp[')) return IPV4.test(like) ? '10.10.0.3' : 'time.example.net';
  const values: Record<string, string> = {
    'spec.networks.provisioning.cidr': '10.11.0.0/24',
    'spec.networks.provisioning.gateway': '10.11.0.1',
    'spec.provisioning.bootServerUrl': 'http://10.11.0.2:6180',
    'spec.gitops.repoURL': 'https://git.example.net/org/sites.git',
    'spec.clusters.management': 'mgmt',
    'spec.networks.dns[0]': '10.10.0.2',
  };
  return values[fieldName(f)]!;
}
