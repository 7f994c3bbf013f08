/**
 * Tenancy guarantees of the Kubernetes objects: isolation (default-deny, namespace-scoped
 * RBAC, flavors that reach only the right nodes), quotas equal to what tenants asked and
 * within the pool, and labels for pruning; plus a snapshot of a small site's manifests.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { LABELS } from '../constructs/platform';
import type { ResolvedNode, ResolvedSite } from '../constructs/resolved-site';
import type { K8sObject } from '../stacks/kubernetes/k8s-object';
import { renderManifests } from '../stacks/kubernetes/manifests';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { resolvedSite } from './helpers/sites';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const spec = (o: K8sObject): Spec => o.spec as Spec;
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

/**
 * Nodes a flavor's GPU pods may land on: labels match its nodeLabels and every taint is
 * tolerated, by the flavor or (the GPU taint only) by the pod's own GPU toleration.
 */
function nodesReachedBy(flavor: K8sObject, site: ResolvedSite): string[] {
  const { nodeLabels, tolerations } = spec(flavor) as { nodeLabels: Record<string, string>; tolerations: { key: string; value: string; effect: string }[] };
  const gpuTaints = new Set(site.pools.map((p) => p.gpuTaint));
  const tolerated = (n: ResolvedNode) => n.taints.every((t) => gpuTaints.has(t) || tolerations.some((x) => x.key === t.key && x.value === t.value && x.effect === t.effect));
  return site.pools
    .flatMap((p) => p.nodes)
    // A joined node's labels: what its kubelet registers, plus the isolation labels deploy sets.
    .filter((n) => Object.entries(nodeLabels).every(([k, v]) => ({ ...n.labels, ...n.isolationLabels })[k] === v) && tolerated(n))
    .map((n) => n.name);
}

const SITES = ['sites/permian-1.yaml', 'test/fixtures/k8s-small.yaml'];

describe.each(SITES)('tenancy of %s', (file) => {
  const load = async () => {
    const site = await resolvedSite(file);
    return { site, objects: kubernetesObjects(site) };
  };

  it('every tenant namespace denies all ingress and egress by default and allows only same-namespace and DNS', async () => {
    const { site, objects } = await load();
    for (const t of site.tenants) {
      const policies = ofKind(objects, 'NetworkPolicy').filter((o) => o.metadata.namespace === t.name);
      const deny = policies.find((p) => spec(p).ingress === undefined && spec(p).egress === undefined);
      expect(deny, t.name).toBeDefined();
      expect(spec(deny!)).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      // Every allow rule stays inside the namespace, except egress to kube-dns on port 53.
      for (const p of policies) {
        for (const rule of spec(p).ingress ?? []) expect(rule.from).toEqual([{ podSelector: {} }]);
        for (const rule of spec(p).egress ?? []) {
          if (rule.ports) {
            expect(rule.ports.map((x: { port: number }) => x.port)).toEqual([53, 53]);
            expect(rule.to).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }]);
          } else expect(rule.to).toEqual([{ podSelector: {} }]);
        }
      }
    }
  });

  it('tenant admins and CI can run the training jobs Kueue admits (JobSet, PyTorchJob, MPIJob, RayJob)', async () => {
    const { site, objects } = await load();
    const can = (role: Record<string, unknown>, group: string, resource: string, verb: string) =>
      (role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]).some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const t of site.tenants) {
      for (const name of ['tenant-admin', 'ci-deployer']) {
        const role = ofKind(objects, 'Role').find((r) => r.metadata.namespace === t.name && r.metadata.name === name)!;
        expect(can(role, 'jobset.x-k8s.io', 'jobsets', 'create')).toBe(true);
        expect(can(role, 'kubeflow.org', 'pytorchjobs', 'create')).toBe(true);
        expect(can(role, 'kubeflow.org', 'mpijobs', 'delete')).toBe(true);
        expect(can(role, 'ray.io', 'rayjobs', 'create')).toBe(true);
      }
    }
  });

  it('tenant RBAC is namespace-scoped: Roles only, no wildcard, no cluster-scoped resources, no RBAC or policy edits', async () => {
    const { site, objects } = await load();
    const tenantNames = new Set(site.tenants.map((t) => t.name));
    expect(objects.filter((o) => ['ClusterRole', 'ClusterRoleBinding'].includes(o.kind))).toEqual([]);
    const CLUSTER_SCOPED = ['nodes', 'namespaces', 'persistentvolumes', 'clusterroles', 'clusterrolebindings', 'customresourcedefinitions', 'priorityclasses', 'clusterqueues', 'resourceflavors', 'cohorts', 'storageclasses'];
    for (const role of ofKind(objects, 'Role')) {
      expect(tenantNames.has(role.metadata.namespace!)).toBe(true);
      for (const rule of role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]) {
        expect(rule.apiGroups).not.toContain('*');
        expect(rule.resources).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
        expect(rule.apiGroups).not.toContain('rbac.authorization.k8s.io');
        for (const r of rule.resources) expect(CLUSTER_SCOPED).not.toContain(r.split('/')[0]);
        // Quotas, limits and network policies may be read, never changed (that would undo isolation).
        if (rule.resources.some((r) => ['resourcequotas', 'limitranges', 'networkpolicies'].includes(r))) expect(rule.verbs).toEqual(['get', 'list', 'watch']);
      }
    }
    for (const b of ofKind(objects, 'RoleBinding')) {
      const ns = b.metadata.namespace!;
      expect((b.roleRef as { kind: string }).kind).toBe('Role');
      expect(objects.some((o) => o.kind === 'Role' && o.metadata.namespace === ns && o.metadata.name === (b.roleRef as { name: string }).name)).toBe(true);
      for (const s of b.subjects as { kind: string; namespace?: string }[]) if (s.kind === 'ServiceAccount') expect(s.namespace).toBe(ns);
    }
    for (const t of site.tenants) {
      const admin = ofKind(objects, 'RoleBinding').find((b) => b.metadata.namespace === t.name && b.metadata.name === 'tenant-admin');
      expect((admin?.subjects as { name: string }[] | undefined)?.map((s) => s.name) ?? []).toEqual([...t.admins].sort());
    }
  });

  it('quota GPUs equal the tenant ask (in MIG instances on MIG pools); ClusterQueue GPUs per flavor never exceed the pool', async () => {
    const { site, objects } = await load();
    // Hand-computed for permian-1: acme-ai 4,096 and borealis-labs 1,020 H100s (no MIG: one unit
    // per GPU); nimbus-research 1,536 H200s on MIG single 1g.18gb, 7 instances per GPU → 10,752.
    const handComputed: Record<string, string> = { 'acme-ai': '4096', 'borealis-labs': '1020', 'nimbus-research': '10752' };
    for (const t of site.tenants) {
      const pool = site.pools.find((p) => p.name === t.pool)!;
      const expected = site.name === 'permian-1' ? handComputed[t.name]! : String(t.gpus * pool.gpuResource.perGpu);
      const rq = ofKind(objects, 'ResourceQuota').find((o) => o.metadata.namespace === t.name)!;
      expect(spec(rq).hard[`requests.${pool.gpuResource.name}`]).toBe(expected);
      const cq = ofKind(objects, 'ClusterQueue').find((o) => o.metadata.name === t.name)!;
      const gpu = spec(cq).resourceGroups[0].flavors[0].resources.find((r: { name: string }) => r.name === pool.gpuResource.name);
      expect(gpu.nominalQuota).toBe(expected);
      expect(spec(cq).namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': t.name } });
    }
    const flavorPool = new Map(ofKind(objects, 'ResourceFlavor').map((f) => [f.metadata.name, f.metadata.labels[LABELS.pool]!]));
    const gpusByPool = new Map<string, number>();
    for (const cq of ofKind(objects, 'ClusterQueue')) {
      for (const f of spec(cq).resourceGroups[0].flavors) {
        const pool = flavorPool.get(f.name)!;
        const { name, perGpu } = site.pools.find((p) => p.name === pool)!.gpuResource;
        const gpus = Number(f.resources.find((r: { name: string }) => r.name === name).nominalQuota) / perGpu;
        gpusByPool.set(pool, (gpusByPool.get(pool) ?? 0) + gpus);
      }
    }
    for (const [pool, gpus] of gpusByPool) expect(gpus).toBeLessThanOrEqual(site.pools.find((p) => p.name === pool)!.gpuCount);
  });

  it("dedicated tenants' flavors reach exactly their nodes; pool flavors never reach a dedicated node", async () => {
    const { site, objects } = await load();
    const flavors = new Map(ofKind(objects, 'ResourceFlavor').map((f) => [f.metadata.name, f]));
    for (const t of site.tenants.filter((x) => x.isolation === 'dedicated')) {
      expect(nodesReachedBy(flavors.get(`${site.name}.${t.pool}.${t.name}`)!, site).sort()).toEqual([...t.nodeNames].sort());
    }
    for (const p of site.pools) {
      expect(nodesReachedBy(flavors.get(`${site.name}.${p.name}`)!, site)).toEqual(p.nodes.filter((n) => !n.tenant).map((n) => n.name));
    }
  });

  it('every object carries site and managed-by labels (the shared GPU Operator objects: the sites sharing them); tenant objects carry tenant and pool', async () => {
    const { site, objects } = await load();
    for (const o of objects) {
      expect(o.metadata.labels['app.kubernetes.io/managed-by']).toBe('rackshift');
      if (['ClusterPolicy', 'ConfigMap'].includes(o.kind)) {
        expect(o.metadata.labels[LABELS.site]).toBeUndefined();
        expect(o.metadata.annotations?.['rackshift.dev/shared-by']).toBe(site.name);
        continue;
      }
      expect(o.metadata.labels[LABELS.site]).toBe(site.name);
      if (o.metadata.namespace && o.metadata.namespace !== 'gpu-operator') {
        const t = site.tenants.find((x) => x.name === o.metadata.namespace)!;
        expect(o.metadata.labels[LABELS.tenant]).toBe(t.name);
        expect(o.metadata.labels[LABELS.pool]).toBe(t.pool);
      }
    }
  });

  it('kustomization.yaml lists every manifest file, and every file parses to the object list', async () => {
    const { site, objects } = await load();
    const files = renderManifests(site, objects);
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    const kustomization = parse(byPath.get('kubernetes/kustomization.yaml')!);
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f.path !== 'kubernetes/kustomization.yaml').map((f) => f.path.slice('kubernetes/'.length)).sort());
    const parsed = kustomization.resources.flatMap((r: string) => parseAllDocuments(byPath.get(`kubernetes/${r}`)!).map((d) => d.toJS()));
    expect(parsed.length).toBe(objects.length);
    expect(new Set(parsed)).toEqual(new Set(objects.map((o) => JSON.parse(JSON.stringify(o)))));
  });
});

describe('mesa-small in detail', () => {
  it('quotas are the per-node shape × the share, and borrowing follows the tenant', async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    const objects = kubernetesObjects(site);
    const hard = (ns: string) => spec(ofKind(objects, 'ResourceQuota').find((o) => o.metadata.namespace === ns)!).hard;
    // dgx-h100 / dgx-h200: 224 logical CPUs (2 × 56 cores, Hyper-Threading) − max(2, ⌈3 % × 224 = 6.72⌉ = 7)
    // = 217 allocatable; ⌊2048 GiB × 0.95⌋ = 1945 GiB.
    // orbit 16 GPUs = 2 nodes: 434 CPUs, 3890 GiB. quill 12 = 1.5 nodes: ⌊325.5⌋ = 325, ⌊2917.5⌋ = 2917.
    // rune 20 = 2.5 nodes: ⌊542.5⌋ = 542, ⌊4862.5⌋ = 4862. sable 8 = 1 node: 217, 1945.
    // The DRA device quota of NVIDIA's gpu.nvidia.com class is the same share as the device
    // plugin's; h200 (rune, sable) is a MIG pool, which gets none.
    const dra = (n: number) => ({ 'gpu.nvidia.com.deviceclass.resource.k8s.io/devices': String(n) });
    expect(hard('orbit')).toEqual({ 'requests.nvidia.com/gpu': '16', 'requests.cpu': '434', 'requests.memory': '3890Gi', ...dra(16) });
    expect(hard('quill')).toEqual({ 'requests.nvidia.com/gpu': '12', 'requests.cpu': '325', 'requests.memory': '2917Gi', ...dra(12) });
    expect(hard('rune')).toEqual({ 'requests.nvidia.com/gpu': '20', 'requests.cpu': '542', 'requests.memory': '4862Gi' });
    expect(hard('sable')).toEqual({ 'requests.nvidia.com/gpu': '8', 'requests.cpu': '217', 'requests.memory': '1945Gi' });
    const cq = (name: string) => spec(ofKind(objects, 'ClusterQueue').find((o) => o.metadata.name === name)!);
    expect(cq('rune').cohortName).toBe('mesa-gpus');
    expect(cq('rune').resourceGroups[0].flavors[0]).toEqual({
      name: 'mesa-small.h200',
      resources: [
        { name: 'cpu', nominalQuota: '542' },
        { name: 'memory', nominalQuota: '4862Gi' },
        { name: 'nvidia.com/gpu', nominalQuota: '20' },
      ],
    });
    // sable may not borrow; orbit (dedicated) neither borrows nor lends.
    expect(cq('sable').resourceGroups[0].flavors[0].resources[2]).toEqual({ name: 'nvidia.com/gpu', nominalQuota: '8', borrowingLimit: '0' });
    expect(cq('orbit').resourceGroups[0].flavors[0].resources[2]).toEqual({ name: 'nvidia.com/gpu', nominalQuota: '16', borrowingLimit: '0', lendingLimit: '0' });
    expect(ofKind(objects, 'Cohort').map((o) => o.metadata.name)).toEqual(['mesa-gpus']);
    // Pod Security: restricted by default, baseline where the tenant asks.
    const ns = (name: string) => ofKind(objects, 'Namespace').find((o) => o.metadata.name === name)!.metadata.labels;
    expect(ns('quill')['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns('rune')['pod-security.kubernetes.io/enforce']).toBe('baseline');
    // The LimitRange caps a container at one node's allocatable shape.
    const lr = spec(ofKind(objects, 'LimitRange').find((o) => o.metadata.namespace === 'orbit')!);
    // A container may use one node's allocatable logical CPUs: 217.
    expect(lr.limits[0].max).toEqual({ cpu: '217', memory: '1945Gi' });
    expect(lr.limits[0].default).toEqual(lr.limits[0].max);
    expect(lr.limits[0].defaultRequest).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  it('MIG: the mixed pool gets its device-plugin config, the whole-GPU pool the default', async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    const objects = kubernetesObjects(site);
    expect(site.pools.find((p) => p.name === 'h200')!.labels['nvidia.com/device-plugin.config']).toBe('mig-mixed');
    expect(site.pools.find((p) => p.name === 'h100')!.labels['nvidia.com/device-plugin.config']).toBeUndefined();
    const cm = ofKind(objects, 'ConfigMap')[0]!;
    expect(Object.keys(cm.data as object)).toEqual(['default', 'mig-mixed']);
    expect(parse((cm.data as Record<string, string>)['mig-mixed']!)).toEqual({ version: 'v1', flags: { migStrategy: 'mixed' } });
    const cp = spec(ofKind(objects, 'ClusterPolicy')[0]!);
    expect(cp.mig).toEqual({ strategy: 'mixed' });
    expect(cp.migManager).toEqual({ enabled: true });
    expect(cp.devicePlugin.config).toEqual({ name: 'rackshift-device-plugin-config', default: 'default' });
  });

  it('manifests snapshot', async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    const files = renderManifests(site);
    expect(files.map((f) => f.path)).toEqual([
      'kubernetes/shared.yaml',
      'kubernetes/cluster.yaml',
      'kubernetes/pools/h100.yaml',
      'kubernetes/pools/h200.yaml',
      'kubernetes/tenants/orbit.yaml',
      'kubernetes/tenants/quill.yaml',
      'kubernetes/tenants/rune.yaml',
      'kubernetes/tenants/sable.yaml',
      'kubernetes/kustomization.yaml',
    ]);
    expect(Object.fromEntries(files.map((f) => [f.path, f.content]))).toMatchSnapshot();
  });
});
