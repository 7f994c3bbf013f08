/**
 * Rack-scale NVLink systems (GB200/GB300 NVL72): a rack is one NVLink domain. red-river's
 * GB200 pool gets a Kueue Topology that its flavors name, and ComputeDomains for its
 * dedicated tenants; orion-labs' 2,880 GPUs are exactly 40 whole domains; asks that are not
 * whole domains are rounded with a warning; every GPU node is tainted so that only GPU pods
 * (the tenants' GPU templates, the GPU Operator's operands) can land there; and the
 * manifests folder still builds with `kubectl kustomize`.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { formatDiagnostic } from '../constructs/diagnostics';
import { loadSite } from '../constructs/load';
import { LABELS } from '../constructs/platform';
import type { ResolvedSite } from '../constructs/resolved-site';
import { bareMetalTarget } from '../stacks/bare-metal';
import type { K8sObject } from '../stacks/kubernetes/k8s-object';
import { renderManifests } from '../stacks/kubernetes/manifests';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { hasTool, run } from './helpers/tools';
import { resolvedSite } from './helpers/sites';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const spec = (o: K8sObject): Any => (o as Any).spec;
const ofKind = (objects: readonly K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

let redRiver: ResolvedSite;
let objects: K8sObject[];
beforeAll(async () => {
  redRiver = await resolvedSite('sites/red-river.yaml');
  objects = kubernetesObjects(redRiver);
});

describe('red-river: the GB200 pool is NVLink-aware', () => {
  it('has one Topology, block → NVLink domain (rack) → host, and every GB200 flavor names it', () => {
    expect(ofKind(objects, 'Topology').map((t) => [t.metadata.name, spec(t).levels])).toEqual([
      ['red-river.gb200-a-nvlink', [{ nodeLabel: LABELS.block }, { nodeLabel: LABELS.rack }, { nodeLabel: 'kubernetes.io/hostname' }]],
    ]);
    const flavors = ofKind(objects, 'ResourceFlavor').map((f) => [f.metadata.name, spec(f).topologyName]);
    expect(flavors).toEqual([
      ['red-river.b200-a', undefined],
      ['red-river.b200-a.halcyon', undefined],
      ['red-river.b200-b', undefined],
      ['red-river.gb200-a', 'red-river.gb200-a-nvlink'],
      ['red-river.gb200-a.kestrel-ai', 'red-river.gb200-a-nvlink'],
      ['red-river.gb200-a.orion-labs', 'red-river.gb200-a-nvlink'],
    ]);
    // Every tray carries each level's label, so Kueue can place it in the Topology.
    const gb200 = redRiver.pools.find((p) => p.name === 'gb200-a')!;
    expect(gb200.nodes.every((n) => gb200.nvlink!.levels.slice(0, 2).every((l) => n.labels[l]))).toBe(true);
  });

  it('writes a ComputeDomain for each dedicated GB200 tenant (orion-labs, kestrel-ai), and its Role may use DRA claims', () => {
    const domains = ofKind(objects, 'ComputeDomain');
    expect(domains.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['kestrel-ai/kestrel-ai-nvlink', 'orion-labs/orion-labs-nvlink']);
    expect(domains.map((d) => d.apiVersion)).toEqual(['resource.nvidia.com/v1beta1', 'resource.nvidia.com/v1beta1']);
    expect(spec(domains[1]!)).toEqual({ numNodes: 0, channel: { allocationMode: 'Single', resourceClaimTemplate: { name: 'orion-labs-nvlink-channel' } } });
    const allows = (ns: string, group: string, resource: string) =>
      ofKind(objects, 'Role')
        .filter((r) => r.metadata.namespace === ns && r.metadata.name === 'tenant-admin')
        .some((r) => (r as Any).rules.some((x: Any) => x.apiGroups.includes(group) && x.resources.includes(resource) && x.verbs.includes('create')));
    for (const t of ['orion-labs', 'kestrel-ai']) {
      expect(allows(t, 'resource.nvidia.com', 'computedomains')).toBe(true);
      expect(allows(t, 'resource.k8s.io', 'resourceclaims')).toBe(true);
      expect(allows(t, 'resource.k8s.io', 'resourceclaimtemplates')).toBe(true);
    }
    // Shared GB200 tenants and B200 tenants get neither a ComputeDomain nor the rules.
    for (const t of ['summit-inference', 'halcyon', 'tessera']) expect(allows(t, 'resource.nvidia.com', 'computedomains')).toBe(false);
  });

  it("the tenants' GPU templates claim the domain's IMEX channel and ask Kueue for one NVLink domain", () => {
    const template = (ns: string) => ofKind(objects, 'PodTemplate').find((p) => p.metadata.namespace === ns) as Any;
    const orion = template('orion-labs').template;
    expect(orion.metadata.annotations).toEqual({ 'kueue.x-k8s.io/podset-required-topology': LABELS.rack });
    expect(orion.spec.resourceClaims).toEqual([{ name: 'nvlink-channel', resourceClaimTemplateName: 'orion-labs-nvlink-channel' }]);
    expect(orion.spec.containers[0].resources).toEqual({ limits: { 'nvidia.com/gpu': '4' }, claims: [{ name: 'nvlink-channel' }] });
    // A shared GB200 tenant still asks for one domain, without a channel; a B200 tenant for neither.
    expect(template('summit-inference').template.metadata.annotations).toEqual({ 'kueue.x-k8s.io/podset-required-topology': LABELS.rack });
    expect(template('summit-inference').template.spec.resourceClaims).toBeUndefined();
    expect(template('halcyon').template.metadata).toEqual({});
  });

  it("orion-labs' 2,880 GPUs are exactly 40 whole NVLink domains: racks 1–40, blocks 1–5", () => {
    // By hand: a GB200 NVL72 rack is 18 trays × 4 GPUs = 72 GPUs, one NVLink domain.
    // 2,880 ÷ 72 = 40 domains exactly (72 × 40 = 2,880), so nothing is rounded.
    // 40 domains × 18 trays = 720 nodes: gb200-a-0001 … gb200-a-0720, racks r001 … r040.
    // Blocks are 8 racks (one GB200 SuperPOD scalable unit): racks 1–40 are blocks b01 … b05.
    const orion = redRiver.tenants.find((t) => t.name === 'orion-labs')!;
    expect(orion.nvlinkDomains).toBe(40);
    expect(orion.dedicatedNodes).toBe(720);
    expect(orion.nodeNames[0]).toBe('gb200-a-0001');
    expect(orion.nodeNames[719]).toBe('gb200-a-0720');
    const pool = redRiver.pools.find((p) => p.name === 'gb200-a')!;
    expect(pool.nvlink).toEqual({ gpusPerDomain: 72, nodesPerDomain: 18, domains: 72, racksPerBlock: 8, blocks: 9, levels: [LABELS.block, LABELS.rack, 'kubernetes.io/hostname'] });
    const mine = pool.nodes.filter((n) => n.tenant === 'orion-labs');
    const racks = new Set(mine.map((n) => n.rack));
    expect(racks.size).toBe(40);
    expect([...racks][0]).toBe('gb200-a-r001');
    expect([...racks][39]).toBe('gb200-a-r040');
    expect([...new Set(mine.map((n) => n.labels[LABELS.block]))]).toEqual(['gb200-a-b01', 'gb200-a-b02', 'gb200-a-b03', 'gb200-a-b04', 'gb200-a-b05']);
    // Each of those racks is wholly orion-labs': no other owner and no unowned tray in it.
    for (const r of racks) expect(pool.nodes.filter((n) => n.rack === r).every((n) => n.tenant === 'orion-labs')).toBe(true);
    // kestrel-ai: 1,152 ÷ 72 = 16 domains, from node 721 (the first tray of rack 41): 16 × 18 = 288 nodes.
    const kestrel = redRiver.tenants.find((t) => t.name === 'kestrel-ai')!;
    expect([kestrel.nvlinkDomains, kestrel.dedicatedNodes, kestrel.nodeNames[0], kestrel.nodeNames.at(-1)]).toEqual([16, 288, 'gb200-a-0721', 'gb200-a-1008']);
    // Channels: one per node the tenant owns.
    const quota = ofKind(objects, 'ResourceQuota').find((q) => q.metadata.namespace === 'orion-labs')!;
    expect(spec(quota).hard['compute-domain-default-channel.nvidia.com.deviceclass.resource.k8s.io/devices']).toBe('720');
    expect(spec(quota).hard['gpu.nvidia.com.deviceclass.resource.k8s.io/devices']).toBe('2880');
    // No rounding warning for either: both asks are whole domains.
    expect(redRiver.warnings.filter((w) => w.rule === 'rackshift:tenant/whole-domains')).toEqual([]);
  });
});

/** A small rack-scale site: `pool` nodes of GB200 NVL72, tenants as given, an inventory for every tray. */
function nvlSite(o: { nodes?: number; tenants: string; inventory?: boolean; retire?: readonly number[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-nvl-'));
  const nodes = o.nodes ?? 36;
  if (o.inventory) {
    mkdirSync(join(dir, 'inventory'));
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    // One M.2 OS drive per tray, named so the OS cannot land on a data drive.
    const rows = ['serial,pool,rack,slot,vendor,bmcMac,bmcAddress,bootMac,osDriveSerials'];
    for (let i = 1; i <= nodes; i++) rows.push(`NV${i},nvl,${Math.ceil(i / 18)},${((i - 1) % 18) + 1},NVIDIA,02:00:00:00:00:${hex(i)},dhcp,02:00:00:01:00:${hex(i)},M2-NV${i}`);
    writeFileSync(join(dir, 'inventory', 'nvl.csv'), `${rows.join('\n')}\n`);
  }
  const file = join(dir, 'site.yaml');
  writeFileSync(
    file,
    `apiVersion: rackshift.dev/v1alpha1
kind: Site
metadata: { name: nvl-test }
spec:
  power:
    feeds:
      - { name: a, capacityMW: 10, group: a }
      - { name: b, capacityMW: 10, group: b }
  cooling:
    zones:
      - { name: dlc, type: direct-liquid, capacityKW: 5000, maxRackKW: 140, pue: 1.1, racks: 20 }
  gpuPools:
    - { name: nvl, system: gb200-nvl72, nodes: ${nodes}, zone: dlc, tier: N+1${o.retire ? `, retire: [${o.retire.join(', ')}]` : ''} }
  tenants:
${o.tenants}
  networks:
    bmc: { cidr: 10.10.0.0/24 }
    provisioning: { cidr: 10.11.0.0/24 }
    node: { cidr: 10.12.0.0/24 }
    domain: nvl.example.net
${o.inventory ? '  inventory: { file: inventory/nvl.csv }\n' : ''}`,
  );
  return file;
}

/** The kubeadm JoinConfiguration inside a node's user-data Secret. */
function joinConfig(secret: Any): Any {
  const userData = parse(secret.stringData.userData) as Any;
  return parse(userData.write_files.find((w: Any) => w.path.endsWith('rackshift-join.yaml')).content);
}
const joinTaints = (secret: Any): Any[] => joinConfig(secret).nodeRegistration.taints;

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
async function load(file: string) {
  tmpDirs.push(dirname(file));
  return loadSite(file);
}

describe('whole domains', () => {
  it('a dedicated ask that is not a whole number of domains rounds up with a warning giving the numbers', async () => {
    const l = await load(nvlSite({ tenants: '    - { name: t1, pool: nvl, gpus: 100, isolation: dedicated }' }));
    expect(l.site, l.diagnostics.map(formatDiagnostic).join('\n')).toBeDefined();
    // 100 GPUs ÷ 72 per domain = 1.39 → 2 domains = 144 GPUs (44 idle) = 36 trays.
    expect(l.diagnostics.filter((x) => x.rule === 'rackshift:tenant/whole-domains').map((x) => x.message)).toEqual([
      "dedicated tenants on NVIDIA GB200 NVL72 (rack-scale) take whole NVLink domains (72 GPUs each): t1's 100 GPUs round up to 2 domains (144 GPUs; 44 idle)",
    ]);
    const t1 = l.site!.tenants[0]!;
    expect([t1.nvlinkDomains, t1.dedicatedNodes, t1.quotaGpus]).toEqual([2, 36, 100]);
  });

  it('a pinned first node inside a rack, and a pool of part racks, are errors naming the numbers', async () => {
    const l = await load(nvlSite({ nodes: 40, tenants: '    - { name: t1, pool: nvl, gpus: 72, isolation: dedicated, firstNode: 5 }' }));
    expect(l.site).toBeUndefined();
    const byRule = Object.fromEntries(l.diagnostics.filter((x) => x.severity === 'error').map((x) => [x.rule, x.message]));
    expect(byRule['rackshift:pool/partial-rack']).toBe('rack-scale pools are placed in whole racks: 40 nodes is 2.22 NVIDIA GB200 NVL72 (rack-scale) racks of 18 trays (use 36 or 54)');
    expect(byRule['rackshift:tenant/domain-start']).toBe('t1 gets whole NVLink domains, so firstNode must be the first tray of a rack (1, 19, 37, …); 5 is tray 5 of the rack that starts at node 1');
  });
});

describe('a rack is never split', () => {
  it('a retired tray inside a tenant\'s range would push it into the next rack: an error naming the rack and owners', async () => {
    // 54 trays = 3 racks; tray 5 retired. t1 (72 GPUs = 1 domain = 18 trays) takes the lowest
    // active trays, 1–4 and 6–19, so tray 19 of rack 2 would be t1's and trays 20–36 nobody's.
    const l = await load(nvlSite({ nodes: 54, retire: [5], tenants: '    - { name: t1, pool: nvl, gpus: 72, isolation: dedicated }' }));
    expect(l.site).toBeUndefined();
    expect(l.diagnostics.filter((x) => x.rule === 'rackshift:tenant/split-domain').map((x) => x.message)).toEqual([
      "rack 2 of nvl (nodes 19–36) is one NVLink domain but would be split between t1 and the shared pool; dedicated tenants get whole racks (pin firstNode at a rack start, and keep retired trays out of tenants' ranges)",
    ]);
  });
});

describe('CPU-only pods cannot land on GPU nodes', () => {
  it("every GPU node's cloud-init joins with the GPU taint, and its BareMetalHost carries rack and block labels", async () => {
    const l = await load(nvlSite({ tenants: '    - { name: t1, pool: nvl, gpus: 72, isolation: dedicated }', inventory: true }));
    expect(l.site, l.diagnostics.map(formatDiagnostic).join('\n')).toBeDefined();
    const site = l.site!;
    const files = await bareMetalTarget.render(site, { siteFile: site.sourceFile });
    const docs = (prefix: string) => files.filter((f) => f.path.startsWith(prefix)).flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Any));
    const secrets = docs('bare-metal/user-data/');
    const hosts = docs('bare-metal/metal3/').filter((d) => d.kind === 'BareMetalHost');
    expect(secrets).toHaveLength(36);
    expect(hosts).toHaveLength(36);
    for (const s of secrets) {
      const join = joinConfig(s);
      expect(join.nodeRegistration.taints).toContainEqual(GPU_TAINT);
      const labels = join.nodeRegistration.kubeletExtraArgs[0].value as string;
      expect(labels).toMatch(new RegExp(`${LABELS.block}=nvl-b01`));
      expect(labels).toMatch(new RegExp(`${LABELS.rack}=nvl-r00[12]`));
    }
    for (const h of hosts) {
      expect(h.metadata.labels[LABELS.block]).toBe('nvl-b01');
      expect(h.metadata.labels[LABELS.rack]).toMatch(/^nvl-r00[12]$/);
    }
  });

  it('on red-river every GPU node (all pools) carries the GPU taint in its kubeadm join', async () => {
    const files = await bareMetalTarget.render(redRiver, { siteFile: redRiver.sourceFile });
    const secrets = files.filter((f) => f.path.startsWith('bare-metal/user-data/')).flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Any));
    // 1,296 GB200 trays + 384 + 128 DGX B200 = 1,808 nodes.
    expect(secrets).toHaveLength(1808);
    // Each pool's taint is keyed by the GPU resource its nodes advertise (b200-b runs MIG mixed:
    // nvidia.com/mig-3g.90gb), so only pods asking for that resource tolerate it.
    const poolOf = (secret: string) => redRiver.pools.find((p) => secret.startsWith(`${p.name}-`))!;
    const untainted = secrets.filter((s) => {
      const want = poolOf(s.metadata.name).gpuTaint;
      return !joinTaints(s).some((t: Any) => t.key === want.key && t.value === want.value && t.effect === want.effect);
    });
    expect(untainted.map((s) => s.metadata.name)).toEqual([]);
    expect(redRiver.pools.every((p) => p.nodes.every((n) => n.taints.includes(p.gpuTaint)))).toBe(true);
  });

  it('only tenant GPU templates (and the GPU Operator operands) tolerate it; flavors, whose tolerations Kueue gives every admitted pod, never do', async () => {
    const sites = [redRiver, await resolvedSite('sites/permian-1.yaml')];
    for (const site of sites) {
      const all = kubernetesObjects(site);
      const tolerating: string[] = [];
      const walk = (o: K8sObject, v: unknown, path: string) => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(o, x, `${path}[${i}]`));
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (k === 'tolerations' && Array.isArray(x) && x.some((t: Any) => site.pools.some((p) => t.key === p.gpuTaint.key))) tolerating.push(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name} ${path}.${k}`);
            else walk(o, x, `${path}.${k}`);
          }
        }
      };
      for (const o of all) walk(o, o, '');
      const expected = [
        'ClusterPolicy /cluster-policy .spec.daemonsets.tolerations',
        ...site.tenants.map((t) => `PodTemplate ${t.name}/gpu-job .template.spec.tolerations`),
      ];
      expect(tolerating.sort()).toEqual(expected.sort());
      // A CPU-only pod admitted through any flavor gets only the flavor's tolerations: no GPU node takes it.
      for (const f of ofKind(all, 'ResourceFlavor')) {
        const tol = spec(f).tolerations as Any[];
        const reachable = site.pools.flatMap((p) => p.nodes).filter((n) => n.taints.every((t) => tol.some((x) => x.key === t.key && x.value === t.value && x.effect === t.effect)));
        expect(reachable, f.metadata.name).toEqual([]);
      }
    }
  });
});

describe('kubectl kustomize', () => {
  it.for(['sites/red-river.yaml', 'sites/permian-1.yaml'])('builds the manifests folder of %s into every object', async (file, { skip }) => {
    if (!hasTool('kubectl')) return skip();
    const site = file === 'sites/red-river.yaml' ? redRiver : await resolvedSite(file);
    const dir = mkdtempSync(join(tmpdir(), 'rackshift-kustomize-'));
    tmpDirs.push(dir);
    for (const f of renderManifests(site)) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const r = run('kubectl', ['kustomize', join(dir, 'kubernetes')]);
    expect(r.status, r.output).toBe(0);
    const built = parseAllDocuments(r.output).map((d) => d.toJS() as K8sObject);
    const expected = kubernetesObjects(site);
    expect(built).toHaveLength(expected.length);
    expect(new Set(built.map((o) => o.kind))).toEqual(new Set(expected.map((o) => o.kind)));
    if (file === 'sites/red-river.yaml') expect(built.filter((o) => ['Topology', 'ComputeDomain'].includes(o.kind))).toHaveLength(3);
  });
});
