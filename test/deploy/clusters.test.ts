/**
 * Clusters in the model, deployed: two in-process API servers as a management and a workload
 * cluster; both example sites in one cluster (shared GPU Operator config, re-deploy a no-op,
 * a priority change on one site leaving the other alone); sites that may not share a cluster.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runDeployCommand } from '../../cli/commands/deploy';
import { formatDiagnostic } from '../../constructs/diagnostics';
import { synthesize } from '../../synth/synthesize';
import { FakeKubeApi } from '../support/fake-kube-api';
import { installOperators } from '../support/deploy-fixtures';
import { Capture } from '../support/deploy-harness';
import { REPO } from '../helpers/cli';
import { SMALL_SITE, mutate, tempDir } from '../helpers/fixture';

const PERMIAN = readFileSync(join(REPO, 'sites', 'permian-1.yaml'), 'utf8');
const RED_RIVER = readFileSync(join(REPO, 'sites', 'red-river.yaml'), 'utf8');

type Obj = ReturnType<FakeKubeApi['all']>[number];
const labels = (o: Obj) => (o.metadata.labels ?? {}) as Record<string, string>;
/** What a site put there: not the cluster's own namespaces, not rackshift's bookkeeping in rackshift-system. */
const deployed = (api: FakeKubeApi) => api.all().filter((o) => labels(o)['app.kubernetes.io/managed-by'] === 'rackshift' && o.metadata.namespace !== 'rackshift-system' && o.metadata.name !== 'rackshift-system');

/** A folder holding copies of the example sites (with permian-1's inventory), to edit. */
function fleetDir(edit: { permian?: string; redRiver?: string } = {}): string {
  const dir = tempDir('rackshift-fleet-');
  mkdirSync(join(dir, 'sites'));
  cpSync(join(REPO, 'sites', 'inventory'), join(dir, 'sites', 'inventory'), { recursive: true });
  writeFileSync(join(dir, 'sites', 'permian-1.yaml'), edit.permian ?? PERMIAN);
  writeFileSync(join(dir, 'sites', 'red-river.yaml'), edit.redRiver ?? RED_RIVER);
  return dir;
}

async function deploy(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runDeployCommand(args, { stdout, stderr, env: { RACKSHIFT_API_RETRY_BASE_MS: '1', ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** `<unit>: 0 created, 3 configured, …` lines of a run, by unit. */
function summaries(stdout: string): Record<string, { created: number; configured: number; unchanged: number; pruned: number }> {
  const out: Record<string, { created: number; configured: number; unchanged: number; pruned: number }> = {};
  for (const m of stdout.matchAll(/^(\S+): (\d+) created, (\d+) configured, (\d+) unchanged, (\d+) pruned/gm)) {
    out[m[1]!] = { created: Number(m[2]), configured: Number(m[3]), unchanged: Number(m[4]), pruned: Number(m[5]) };
  }
  return out;
}

/** A kubeconfig with one context per fake API server. */
function kubeconfigFor(dir: string, servers: Record<string, FakeKubeApi>): string {
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: Object.entries(servers).map(([name, api]) => ({ name, cluster: { server: api.url } })),
      users: [{ name: 'admin', user: { token: 'fake-token' } }],
      contexts: Object.keys(servers).map((name) => ({ name, context: { cluster: name, user: 'admin', namespace: 'default' } })),
      'current-context': Object.keys(servers)[0],
    }),
  );
  return file;
}

const namespace = (api: FakeKubeApi, name: string) => api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'kubectl');

describe('a management and a workload cluster', () => {
  let mgmt: FakeKubeApi;
  let work: FakeKubeApi;
  beforeEach(async () => {
    // Each cluster has only its own operators: an object sent to the wrong one would fail discovery.
    mgmt = await FakeKubeApi.start();
    installOperators(mgmt, { metal3: true });
    namespace(mgmt, 'baremetal-operator-system');
    work = await FakeKubeApi.start();
    installOperators(work, { kueue: true, gpuOperator: true });
    namespace(work, 'gpu-operator');
  });
  afterEach(async () => {
    await mgmt.close();
    await work.close();
  });

  const check = (site: string, withHosts = false) => {
    const m = deployed(mgmt);
    const w = deployed(work);
    expect(m.length).toBeGreaterThan(0);
    for (const o of m) expect(['BareMetalHost', 'Secret', 'HostFirmwareSettings']).toContain(o.kind);
    if (withHosts) expect(m.filter((o) => o.kind === 'BareMetalHost').length).toBeGreaterThan(0);
    expect(m.every((o) => o.metadata.namespace === 'baremetal-operator-system')).toBe(true);
    const workKinds = new Set(w.map((o) => o.kind));
    for (const k of ['Namespace', 'ResourceQuota', 'NetworkPolicy', 'Role', 'ClusterQueue', 'LocalQueue', 'ResourceFlavor', 'ClusterPolicy', 'ConfigMap']) expect(workKinds).toContain(k);
    expect(workKinds.has('BareMetalHost') || workKinds.has('Secret')).toBe(false);
    // One ApplySet per site and cluster: each cluster's inventory lists only what it received.
    const inventory = (api: FakeKubeApi, name: string) => ((api.object('v1', 'ConfigMap', 'rackshift-system', name)?.data ?? {}) as { objects?: string }).objects ?? '';
    expect(inventory(mgmt, `applyset-${site}`).split('\n').filter(Boolean).every((l) => / (BareMetalHost|Secret) baremetal-operator-system /.test(l))).toBe(true);
    expect(inventory(work, `applyset-${site}`)).not.toMatch(/BareMetalHost|Secret/);
    expect(inventory(work, 'applyset-cluster.shared').trim().split('\n')).toEqual(['nvidia.com/v1 ClusterPolicy - cluster-policy', 'v1 ConfigMap gpu-operator rackshift-device-plugin-config']);
    expect(mgmt.object('v1', 'ConfigMap', 'rackshift-system', 'applyset-cluster.shared')).toBeUndefined();
  };

  it('by flag: the management cluster receives only bare-metal objects (permian-1\'s BareMetalHosts), the workload cluster only tenancy', { timeout: 120_000 }, async () => {
    const dir = fleetDir();
    const kubeconfig = kubeconfigFor(dir, { mgmt, work });
    const r = await deploy([join(dir, 'sites', 'permian-1.yaml'), '--out', join(dir, 'out'), '--kubeconfig', kubeconfig, '--management-context', 'mgmt', '--workload-context', 'work']);
    expect(r.stderr).not.toContain('rackshift deploy:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`deploying to context mgmt (${mgmt.url}) for permian-1 (management)`);
    expect(r.stdout).toContain(`deploying to context work (${work.url}) for permian-1 (workload)`);
    check('permian-1', true);
    const clusters = JSON.parse(readFileSync(join(dir, 'out', 'permian-1', 'clusters.json'), 'utf8'));
    expect(clusters.management).toEqual({ context: 'mgmt', folders: ['bare-metal'] });
    expect(clusters.workload).toEqual({ context: 'work', folders: ['kubernetes', 'node-labels'], shared: { files: ['kubernetes/shared.yaml'], sites: ['permian-1'] } });
  });

  it('by the site file (spec.clusters), with the environment overriding it', async () => {
    const dir = tempDir();
    const kubeconfig = kubeconfigFor(dir, { mgmt, work, elsewhere: work });
    const site = join(dir, 'small-1.yaml');
    writeFileSync(site, mutate([['  networks:\n', '  clusters: { management: mgmt, workload: elsewhere }\n  networks:\n']], SMALL_SITE));
    const r = await deploy([site, '--out', join(dir, 'out'), '--kubeconfig', kubeconfig], { RACKSHIFT_WORKLOAD_CONTEXT: 'work' });
    expect(r.stderr).not.toContain('rackshift deploy:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`deploying to context work (${work.url}) for small-1 (workload)`);
    check('small-1');
  });

  it('one context for both stays valid: one ApplySet holds all of the site', async () => {
    const dir = tempDir();
    const both = await FakeKubeApi.start();
    installOperators(both);
    for (const n of ['baremetal-operator-system', 'gpu-operator']) namespace(both, n);
    try {
      const kubeconfig = kubeconfigFor(dir, { both });
      const site = join(dir, 'small-1.yaml');
      writeFileSync(site, mutate([['  networks:\n', '  clusters: { management: both, workload: both }\n  networks:\n']], SMALL_SITE));
      const r = await deploy([site, '--out', join(dir, 'out'), '--kubeconfig', kubeconfig]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`deploying to context both (${both.url})\n`);
      const kinds = new Set(deployed(both).map((o) => o.kind));
      expect(kinds).toContain('Secret');
      expect(kinds).toContain('ClusterQueue');
      const inventory = String((both.object('v1', 'ConfigMap', 'rackshift-system', 'applyset-small-1')!.data as { objects: string }).objects);
      expect(inventory).toMatch(/ Secret baremetal-operator-system /);
      expect(inventory).toMatch(/ ClusterQueue - /);
    } finally {
      await both.close();
    }
  });

  it('a context name that is not one is a usage error', async () => {
    await expect(deploy([join(REPO, 'test', 'fixtures', 'small-site.yaml'), '--workload-context', 'bad name\n'])).rejects.toThrow('--workload-context "bad name\\n": not a kubeconfig context name');
  });
});

describe('both example sites in one cluster', { timeout: 240_000 }, () => {
  let api: FakeKubeApi;
  let kubeconfig: string;
  let dir: string;
  beforeEach(async () => {
    api = await FakeKubeApi.start();
    installOperators(api);
    for (const n of ['baremetal-operator-system', 'gpu-operator']) namespace(api, n);
    dir = fleetDir();
    kubeconfig = api.writeKubeconfig(dir);
  });
  afterEach(async () => {
    await api.close();
  });

  const run = (sitesDir = join(dir, 'sites'), extra: string[] = []) => deploy([sitesDir, '--out', join(dir, 'out'), '--kubeconfig', kubeconfig, ...extra]);
  const obj = (apiVersion: string, kind: string, ns: string | undefined, name: string) => api.object(apiVersion, kind, ns, name) as (Obj & { spec: Record<string, unknown>; data: Record<string, string> }) | undefined;

  it('deployed twice: the second run configures and prunes nothing, and both sites\' MIG settings are in the shared GPU Operator config', async () => {
    const first = await run();
    expect(first.stderr).not.toContain('rackshift deploy:');
    expect(first.code).toBe(0);
    const second = await run();
    expect(second.code).toBe(0);
    const s = summaries(second.stdout);
    expect(Object.keys(s).sort()).toEqual(['cluster.shared', 'permian-1', 'red-river']);
    for (const [unit, n] of Object.entries(s)) expect({ unit, created: n.created, configured: n.configured, pruned: n.pruned }).toEqual({ unit, created: 0, configured: 0, pruned: 0 });

    // Written by hand from the site files: permian-1's h200-a uses MIG single (1g.18gb),
    // red-river's b200-b MIG mixed (3g.90gb); nodes without a MIG pool get `default`.
    const config = obj('v1', 'ConfigMap', 'gpu-operator', 'rackshift-device-plugin-config')!;
    expect(config.data).toEqual({
      default: 'version: v1\nflags:\n  migStrategy: none\n',
      'mig-mixed': 'version: v1\nflags:\n  migStrategy: mixed\n',
      'mig-single': 'version: v1\nflags:\n  migStrategy: single\n',
    });
    const policy = obj('nvidia.com/v1', 'ClusterPolicy', undefined, 'cluster-policy')!;
    // One cluster-wide strategy: mixed as soon as one pool is mixed; nodes pick theirs by config label.
    expect(policy.spec.mig).toEqual({ strategy: 'mixed' });
    expect(policy.spec.migManager).toEqual({ enabled: true });
    expect(policy.spec.devicePlugin).toEqual({ enabled: true, config: { name: 'rackshift-device-plugin-config', default: 'default' } });
    for (const o of [config, policy]) {
      expect(o.metadata.annotations).toEqual({ 'rackshift.dev/shared-by': 'permian-1,red-river', 'rackshift.dev/applied-hash': expect.stringMatching(/^[\w-]{43}$/) });
      expect(labels(o)['rackshift.dev/site']).toBe('cluster.shared');
    }
    // The nodes ask for those configs: every MIG pool's label names a key that is there.
    for (const [site, pool, key] of [['permian-1', 'h200-a', 'mig-single'], ['red-river', 'b200-b', 'mig-mixed']] as const) {
      const flavor = obj('kueue.x-k8s.io/v1beta2', 'ResourceFlavor', undefined, `${site}.${pool}`)!;
      expect((flavor.spec.nodeLabels as Record<string, string>)['node-restriction.kubernetes.io/rackshift-site']).toBe(site);
      expect(Object.keys(config.data)).toContain(key);
    }
    // Each site's cluster-scoped classes under its own name and label.
    for (const [name, site] of [['permian-1-priority-200', 'permian-1'], ['red-river-priority-200', 'red-river'], ['red-river-priority-300', 'red-river']]) {
      expect(labels(obj('scheduling.k8s.io/v1', 'PriorityClass', undefined, name!)!)['rackshift.dev/site']).toBe(site);
    }
  });

  it('a priority change on one site prunes nothing the other site uses', async () => {
    expect((await run()).code).toBe(0);
    const before = new Map(deployed(api).filter((o) => labels(o)['rackshift.dev/site'] === 'red-river').map((o) => [`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o.metadata.resourceVersion]));
    // acme-ai moves from priority 200 to 250; red-river keeps using 200 for halcyon and kestrel-ai.
    const changed = fleetDir({ permian: PERMIAN.replace('admins: [acme-admins], priority: 200 }', 'admins: [acme-admins], priority: 250 }') });
    const r = await run(join(changed, 'sites'));
    expect(r.stderr).not.toContain('rackshift deploy:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- prune     PriorityClass permian-1-priority-200');
    expect(r.stdout).toContain('- prune     WorkloadPriorityClass permian-1-priority-200');
    const s = summaries(r.stdout);
    expect(s['permian-1']!.pruned).toBe(2);
    expect(s['red-river']).toMatchObject({ created: 0, configured: 0, pruned: 0 });
    expect(s['cluster.shared']).toMatchObject({ created: 0, configured: 0, pruned: 0 });
    const after = new Map(deployed(api).filter((o) => labels(o)['rackshift.dev/site'] === 'red-river').map((o) => [`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o.metadata.resourceVersion]));
    expect(after).toEqual(before);
    expect(obj('scheduling.k8s.io/v1', 'PriorityClass', undefined, 'red-river-priority-200')).toBeDefined();
    expect(obj('scheduling.k8s.io/v1', 'PriorityClass', undefined, 'permian-1-priority-250')).toBeDefined();
  });

  it('deploying one site alone does not drop the other\'s settings from the shared config', async () => {
    expect((await run()).code).toBe(0);
    const alone = await run(join(dir, 'sites', 'permian-1.yaml'));
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain("rackshift deploy: cluster.shared: deploy stopped before changing anything: the cluster's shared objects hold settings of sites this run leaves out:");
    expect(alone.stderr).toContain('ClusterPolicy cluster-policy (permian-1/kubernetes/shared.yaml) holds the settings of "red-river" too, which this run does not deploy');
    expect(obj('v1', 'ConfigMap', 'gpu-operator', 'rackshift-device-plugin-config')!.data['mig-mixed']).toBeDefined();
  });
});

describe('sites that may not share a workload cluster', () => {
  it('a tenant name two sites of one cluster use is refused at synth, naming both places', async () => {
    const dir = fleetDir({ redRiver: RED_RIVER.replace('- { name: halcyon, pool: b200-a', '- { name: acme-ai, pool: b200-a') });
    const r = await synthesize([join(dir, 'sites')], undefined, { cwd: dir });
    expect(r.ok).toBe(false);
    const lines = r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    // line:column of the tenant's `name:` key in each file.
    const at = (text: string) => {
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.includes('{ name: acme-ai'));
      return `${i + 1}:${lines[i]!.indexOf('name: acme-ai') + 1}`;
    };
    expect(lines).toEqual([
      `sites/red-river.yaml:${at(readFileSync(join(dir, 'sites', 'red-river.yaml'), 'utf8'))} spec.tenants[3].name: tenant "acme-ai" is also a tenant of site permian-1 (sites/permian-1.yaml:${at(PERMIAN)}), and both sites deploy into the cluster of the deploy context: its namespace and ClusterQueue would be one; rename one of them`,
    ]);
  });

  it('the same tenant name in two different workload clusters is fine', async () => {
    const dir = fleetDir({ redRiver: RED_RIVER.replace('- { name: halcyon, pool: b200-a', '- { name: acme-ai, pool: b200-a').replace('  networks:\n', '  clusters: { workload: oklahoma-gpu }\n  networks:\n') });
    const r = await synthesize([join(dir, 'sites')], undefined, { cwd: dir });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    const permian = r.sites.find((s) => s.site.name === 'permian-1')!;
    expect(permian.site.clusters.workload.sites).toEqual(['permian-1']);
  });

  it('one cohort name in two sites of one cluster is refused, naming both', async () => {
    const dir = fleetDir({ permian: PERMIAN.replace('  cohort: {}', '  cohort: { name: red-river-gpus }') });
    const r = await synthesize([join(dir, 'sites')], undefined, { cwd: dir });
    const lines = r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sites\/red-river\.yaml:\d+:\d+ spec\.cohort\.name: cohort "red-river-gpus" is also site permian-1's \(sites\/permian-1\.yaml:\d+:\d+\), and both sites deploy into the cluster of the deploy context/);
  });
});
