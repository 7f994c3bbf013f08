/**
 * The CRDs' own CEL rules (x-kubernetes-validations), evaluated as the API server evaluates
 * them: every object both example sites synthesize passes every rule of its CRD; for every
 * kind rackshift writes whose CRD has rules, breaking one is caught with that rule's message;
 * rules that compare with oldSelf are evaluated against a live object, and counted as not
 * evaluated without one; and no rule of those CRDs calls a function the environment lacks.
 */
import { describe, expect, it } from 'vitest';
import { loadSite } from '../constructs/load';
import { formatDiagnostic } from '../constructs/diagnostics';
import type { ResolvedSite } from '../constructs/resolved-site';
import { bareMetalTarget } from '../stacks/bare-metal';
import { manifestsTarget } from '../stacks/kubernetes/manifests';
import {
  allRules,
  CelRules,
  functionsCalled,
  NO_LIVE_OBJECT,
  ObjectValidator,
  objectsInOutput,
  unboundFunctions,
  type KubernetesObject,
} from '../stacks/validation';
import { escapedName } from '../stacks/validation/cel/values';
import { withDefaults } from '../stacks/validation/cel/defaults';
import { fullInventoryCsv, writeSmallSite } from './helpers/bare-metal-site';
import { loadCrds } from './helpers/crds';
import { resolvedSite } from './helpers/sites';

const crds = loadCrds();
const EXAMPLES = ['sites/permian-1.yaml', 'sites/red-river.yaml'];

/** Every Kubernetes object a site writes (kubernetes/ and bare-metal/), as the files hold them. */
async function writtenObjects(site: ResolvedSite): Promise<KubernetesObject[]> {
  const ctx = { siteFile: site.sourceFile };
  const files = [...(await manifestsTarget.render(site, ctx)), ...(await bareMetalTarget.render(site, ctx))];
  return objectsInOutput(files).map((f) => f.object);
}

const rendered = new Map<string, Promise<KubernetesObject[]>>();
/** An example site's objects, rendered once for the whole file. */
function exampleObjects(file: string): Promise<KubernetesObject[]> {
  let p = rendered.get(file);
  if (!p) rendered.set(file, (p = resolvedSite(file).then(writtenObjects)));
  return p;
}

/** A site with the opt-in Tinkerbell backend, so Hardware objects are written too. */
async function tinkerbellObjects(): Promise<KubernetesObject[]> {
  const loaded = await loadSite(writeSmallSite({ inventory: { name: 'delivery.csv', text: fullInventoryCsv() }, backends: ['tinkerbell'] }));
  if (!loaded.site) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return writtenObjects(loaded.site);
}

const clone = <T>(x: T): T => structuredClone(x);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('CEL rules on the example sites', () => {
  it.for(EXAMPLES)('every object of %s passes its CRD structural schema and every CEL rule', async (file, { skip }) => {
    if (!crds) return skip();
    const objects = await exampleObjects(file);
    const validator = new ObjectValidator(crds.catalog);
    const bad = objects.flatMap((o) => validator.validate(o).map((p) => `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${p.path}: ${p.message}`));
    expect(bad).toEqual([]);
    // Rules really ran, and the only ones skipped are the oldSelf ones (no live object here).
    expect(validator.cel.evaluated).toBeGreaterThan(0);
    expect(new Set(validator.cel.skipped.map((s) => s.why))).toEqual(new Set([NO_LIVE_OBJECT]));
    expect(validator.cel.skipped.every((s) => /\boldSelf\b/.test(s.rule))).toBe(true);
  });
});

/**
 * One broken object per kind whose CRD (the version rackshift writes) has rules, each with
 * the message of the rule it breaks. `live`, when given, is the object as the cluster has it.
 */
interface Break {
  readonly kind: string;
  readonly message: string;
  readonly breakIt: (o: Any) => void;
  readonly live?: (o: Any) => Any;
}

const BREAKS: readonly Break[] = [
  {
    kind: 'ClusterQueue',
    message: 'reclaimWithinCohort=Never and borrowWithinCohort.Policy!=Never',
    breakIt: (o) => {
      o.spec.preemption.reclaimWithinCohort = 'Never';
      o.spec.preemption.borrowWithinCohort = { policy: 'LowerPriority' };
    },
  },
  {
    kind: 'Cohort',
    message: 'flavors must have the same number of resources as the coveredResources',
    breakIt: (o) => {
      o.spec.resourceGroups = [{ coveredResources: ['cpu', 'memory'], flavors: [{ name: 'f', resources: [{ name: 'cpu', nominalQuota: '1' }] }] }];
    },
  },
  {
    kind: 'ResourceFlavor',
    message: "a value must be empty when 'operator' is 'Exists'",
    breakIt: (o) => {
      o.spec.tolerations[0].operator = 'Exists';
    },
  },
  {
    kind: 'Hardware',
    message: 'TFTPServerName and BootFileName must both be specified or both be empty',
    breakIt: (o) => {
      o.spec.interfaces[0].dhcp.tftp_server_name = '10.0.0.1';
      delete o.spec.interfaces[0].dhcp.boot_file_name;
    },
  },
  {
    kind: 'Topology',
    message: 'the kubernetes.io/hostname label can only be used at the lowest level of topology',
    breakIt: (o) => {
      o.spec.levels = [o.spec.levels[2], o.spec.levels[0], o.spec.levels[1]];
    },
  },
  {
    kind: 'ComputeDomain',
    message: 'A computeDomain.spec is immutable',
    breakIt: () => {},
    live: (o) => ({ ...o, spec: { ...o.spec, channel: { ...o.spec.channel, resourceClaimTemplate: { name: 'renamed' } } } }),
  },
  {
    kind: 'LocalQueue',
    message: 'field is immutable',
    breakIt: () => {},
    live: (o) => ({ ...o, spec: { ...o.spec, clusterQueue: `${o.spec.clusterQueue}-before` } }),
  },
];

describe('each kind rackshift writes: one broken CEL rule is caught with its message', () => {
  it('covers every written kind whose CRD has rules, and only kinds without rules are left out', async ({ skip }) => {
    if (!crds) return skip();
    const objects = [...(await exampleObjects('sites/permian-1.yaml')), ...(await exampleObjects('sites/red-river.yaml')), ...(await tinkerbellObjects())];
    const withRules = new Set<string>();
    const without = new Set<string>();
    for (const o of objects) {
      const m = crds.catalog.match(o.apiVersion, o.kind);
      if (!m) continue; // a built-in kind
      (m.version.schema && allRules(m.version.schema).length > 0 ? withRules : without).add(o.kind);
    }
    expect([...withRules].sort()).toEqual(BREAKS.map((b) => b.kind).sort());
    // These CRDs declare no CEL rule at all: their structural schema is all there is to check.
    // (HostFirmwareSettings, written for pools that set BIOS values, has none either: see the audit below.)
    expect([...without].sort()).toEqual(['Application', 'BareMetalHost', 'ClusterPolicy', 'WorkloadPriorityClass']);
  });

  it.for(BREAKS)('$kind: "$message"', async (b, { skip }) => {
    if (!crds) return skip();
    const pool = b.kind === 'Hardware' ? await tinkerbellObjects() : [...(await exampleObjects('sites/red-river.yaml'))];
    const original = pool.find((o) => o.kind === b.kind);
    if (b.kind === 'Cohort') expect(original, 'red-river writes a Cohort').toBeDefined();
    const object = clone(original!) as Any;
    const live = b.live?.(clone(original!));
    // Unbroken, the object passes (against the live object too, for the oldSelf rules).
    expect(crds.validate(object, b.live ? object : undefined)).toEqual([]);
    b.breakIt(object);
    const problems = crds.validate(object, live);
    expect(problems.length, problems.join('\n')).toBeGreaterThan(0);
    expect(problems.every((p) => p.endsWith(`: ${b.message}`)), problems.join('\n')).toBe(true);
  });
});

describe('rules that compare with the live object (oldSelf)', () => {
  it('are evaluated against it, and counted as not evaluated without one', async ({ skip }) => {
    if (!crds) return skip();
    const objects = await exampleObjects('sites/red-river.yaml');
    const lq = objects.find((o) => o.kind === 'LocalQueue')!;
    const schema = crds.catalog.match(lq.apiVersion, lq.kind)!.version.schema!;
    const rules = new CelRules();
    const fresh = rules.check(lq, schema);
    expect(fresh.problems).toEqual([]);
    expect(fresh.skipped).toEqual([{ path: 'spec.clusterQueue', rule: 'self == oldSelf', why: NO_LIVE_OBJECT }]);
    const same = rules.check(lq, schema, lq);
    expect(same).toMatchObject({ problems: [], skipped: [] });
    expect(same.evaluated).toBe(1);
    const moved = rules.check(lq, schema, { ...lq, spec: { clusterQueue: 'another' } });
    expect(moved.problems).toEqual([{ path: 'spec.clusterQueue', message: 'field is immutable' }]);
  });
});

describe('the CEL environment', () => {
  it('the rules of every CRD rackshift writes call only CEL standard size() besides the has/all/filter macros', ({ skip }) => {
    if (!crds) return skip();
    const kinds = ['ClusterQueue', 'Cohort', 'LocalQueue', 'ResourceFlavor', 'Topology', 'WorkloadPriorityClass', 'BareMetalHost', 'HostFirmwareSettings', 'ClusterPolicy', 'Application', 'ComputeDomain'];
    const groups: Record<string, string> = {
      BareMetalHost: 'metal3.io/v1alpha1',
      HostFirmwareSettings: 'metal3.io/v1alpha1',
      ClusterPolicy: 'nvidia.com/v1',
      Application: 'argoproj.io/v1alpha1',
      Hardware: 'tinkerbell.org/v1alpha1',
      ComputeDomain: 'resource.nvidia.com/v1beta1',
    };
    const rules = [...kinds, 'Hardware'].flatMap((k) => {
      const m = crds.catalog.match(groups[k] ?? 'kueue.x-k8s.io/v1beta2', k)!;
      return allRules(m.version.schema!).map((r) => r.rule.rule);
    });
    expect(rules.length).toBeGreaterThan(10);
    expect(rules.flatMap(unboundFunctions)).toEqual([]);
    expect([...new Set(rules.flatMap(functionsCalled))].sort()).toEqual(['size']);
  });

  it('a rule calling a function it lacks is reported as not evaluated, never passed', () => {
    const schema = { type: 'object', properties: { url: { type: 'string', 'x-kubernetes-validations': [{ rule: "isURL(self) && url(self).getScheme() == 'https'", message: 'https only' }] } } };
    const out = new CelRules().check({ url: 'ftp://x' }, schema);
    expect(out.problems).toEqual([]);
    expect(out.evaluated).toBe(0);
    expect(out.skipped).toEqual([{ path: 'url', rule: "isURL(self) && url(self).getScheme() == 'https'", why: "not evaluated: calls getScheme, isURL, url, which rackshift's CEL environment does not implement" }]);
  });

  it('fills in schema defaults before the rules read them, as the API server does', () => {
    const schema = {
      type: 'object',
      properties: {
        ff: {
          type: 'object',
          properties: { preference: { type: 'string' }, whenCanBorrow: { type: 'string', default: 'MayStopSearch' } },
          'x-kubernetes-validations': [{ rule: "!has(self.preference) || self.whenCanBorrow == 'TryNextFlavor'", message: 'needs TryNextFlavor' }],
        },
      },
    };
    expect(withDefaults({ ff: { preference: 'x' } }, schema)).toEqual({ ff: { preference: 'x', whenCanBorrow: 'MayStopSearch' } });
    expect(new CelRules().check({ ff: { preference: 'x' } }, schema).problems).toEqual([{ path: 'ff', message: 'needs TryNextFlavor' }]);
    expect(new CelRules().check({ ff: { preference: 'x', whenCanBorrow: 'TryNextFlavor' } }, schema).problems).toEqual([]);
  });

  it('types numbers by the schema and escapes property names as Kubernetes does', () => {
    const schema = {
      type: 'object',
      properties: { 'max-nodes': { type: 'integer' }, ratio: { type: 'number' } },
      'x-kubernetes-validations': [{ rule: 'self.max__dash__nodes == 3 && self.ratio == 0.5', message: 'typed' }],
    };
    expect(new CelRules().check({ 'max-nodes': 3, ratio: 0.5 }, schema).problems).toEqual([]);
    expect(new CelRules().check({ 'max-nodes': 4, ratio: 0.5 }, schema).problems).toEqual([{ path: '(root)', message: 'typed' }]);
    expect(['a.b', 'x/y', 'in', 'a__b', 'ok_1', '9lives'].map(escapedName)).toEqual(['a__dot__b', 'x__slash__y', '__in__', 'a__underscores__b', 'ok_1', undefined]);
  });
});
