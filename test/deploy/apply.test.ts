/**
 * deploy's server-side apply engine against the in-process fake API server: first apply,
 * re-apply, change, conflict, prune, refused prune, dry run, missing CRD, transient errors,
 * timeouts, interruption and resume.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LABEL, SYSTEM_NAMESPACE, parentFor } from '../../deploy/applyset';
import type { KubeObject } from '../../deploy/kube-object';
import { FakeKubeApi } from '../support/fake-kube-api';
import { KUEUE, METAL3, hostObjects, installOperators, tenantObjects } from '../support/deploy-fixtures';
import { errorText, runDeploy, startFakeCluster } from '../support/deploy-harness';

let api: FakeKubeApi;
let kubeconfig: string;

beforeEach(async () => {
  ({ api, kubeconfig } = await startFakeCluster());
});
afterEach(() => api.close());

const quota = () => api.object('v1', 'ResourceQuota', 'acme', 'gpu-quota') as KubeObject & { spec: { hard: Record<string, string> } };
const inventory = () => api.object('v1', 'ConfigMap', SYSTEM_NAMESPACE, 'applyset-permian-1') as KubeObject & { data: { objects: string } };
const writtenPaths = () => api.writes().map((r) => `${r.method} ${r.path}`);
const configMap = (name: string, ns = 'acme'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { k: name } });

describe('first apply', () => {
  it('creates every object in dependency order, labelled, with the inventory written', async () => {
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(r.error).toBeUndefined();
    expect(r.result!.created).toHaveLength(5);
    // Namespace first, then namespaced built-ins, then Kueue's cluster-scoped kinds, then LocalQueue.
    expect(writtenPaths().filter((p) => !p.includes(SYSTEM_NAMESPACE) && !p.endsWith(`/namespaces/${SYSTEM_NAMESPACE}`))).toEqual([
      'PATCH /api/v1/namespaces/acme',
      'PATCH /api/v1/namespaces/acme/resourcequotas/gpu-quota',
      `PATCH /apis/${KUEUE}/resourceflavors/h100-acme`,
      `PATCH /apis/${KUEUE}/clusterqueues/acme`,
      `PATCH /apis/${KUEUE}/namespaces/acme/localqueues/default`,
    ]);
    const q = quota();
    expect(q.metadata.labels).toMatchObject({ [LABEL.managedBy]: 'rackshift', [LABEL.site]: 'permian-1', [LABEL.partOf]: parentFor('permian-1').id });
    expect((q.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}:${m.operation}`)).toEqual(['rackshift:Apply']);
    expect(inventory().data.objects.trim().split('\n')).toEqual([
      `${KUEUE} ClusterQueue - acme`,
      `${KUEUE} LocalQueue acme default`,
      `${KUEUE} ResourceFlavor - h100-acme`,
      'v1 Namespace - acme',
      'v1 ResourceQuota acme gpu-quota',
    ]);
    expect(inventory().metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toBe('ClusterQueue.kueue.x-k8s.io,LocalQueue.kueue.x-k8s.io,Namespace,ResourceFlavor.kueue.x-k8s.io,ResourceQuota');
    expect(r.out).toContain('+ create    Namespace acme');
    expect(r.out).toContain('permian-1: 5 created, 0 configured, 0 unchanged, 0 pruned');
    expect(r.err).toContain('created ResourceQuota acme/gpu-quota');
  });

  it('applies custom resources only after their CRD, in the same set, is established', async () => {
    await api.close();
    api = await FakeKubeApi.start({ crdEstablishAfterGets: 2 });
    kubeconfig = api.writeKubeconfig();
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.rackshift.dev' },
      spec: { group: 'example.rackshift.dev', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] },
    };
    const widget: KubeObject = { apiVersion: 'example.rackshift.dev/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'acme' }, spec: { size: 1 } };
    const r = await runDeploy(kubeconfig, [widget, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme' } }, crd]);
    expect(errorText(r)).toBe('');
    const seq = api.requests.map((x) => `${x.method} ${x.path}`);
    const crdEstablished = seq.lastIndexOf('GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.rackshift.dev');
    expect(crdEstablished).toBeGreaterThan(seq.indexOf('PATCH /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.rackshift.dev'));
    expect(seq.indexOf('PATCH /apis/example.rackshift.dev/v1/namespaces/acme/widgets/w')).toBeGreaterThan(crdEstablished);
    expect(r.err).toMatch(/ready CustomResourceDefinition widgets\.example\.rackshift\.dev: Established/);
    expect(api.object('example.rackshift.dev/v1', 'Widget', 'acme', 'w')).toBeDefined();
  });
});

describe('a site without Kubernetes objects', () => {
  it('leaves no trace in the cluster until it has some, and prunes everything when it has none again', async () => {
    const empty = await runDeploy(kubeconfig, []);
    expect(errorText(empty)).toBe('');
    expect(api.writes()).toEqual([]);
    await runDeploy(kubeconfig, [configMap('settings', 'default')]);
    const none = await runDeploy(kubeconfig, []);
    expect(none.result!.pruned.map((x) => x.name)).toEqual(['settings']);
    expect(inventory().data.objects).toBe('');
  });
});

describe('re-apply and change', () => {
  it('a second run with the same objects changes nothing and writes nothing', async () => {
    await runDeploy(kubeconfig, tenantObjects());
    const rv = quota().metadata.resourceVersion;
    api.requests.length = 0;
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(r.result!.unchanged).toHaveLength(5);
    expect(r.result!.created).toHaveLength(0);
    expect(writtenPaths().filter((p) => !p.startsWith('PATCH'))).toEqual([]);
    expect(quota().metadata.resourceVersion).toBe(rv);
    expect(r.out).toContain('0 to create, 0 to configure, 0 to prune, 5 unchanged');
  });

  it('a changed object is configured and only it', async () => {
    await runDeploy(kubeconfig, tenantObjects('acme', 64));
    const r = await runDeploy(kubeconfig, tenantObjects('acme', 128));
    expect(r.result!.configured.map((x) => x.kind).sort()).toEqual(['ClusterQueue', 'ResourceQuota']);
    expect(r.result!.unchanged).toHaveLength(3);
    expect(r.out).toContain('~ configure ResourceQuota acme/gpu-quota');
    expect(quota().spec.hard['requests.nvidia.com/gpu']).toBe('128');
    expect(quota().metadata.generation).toBe(2);
  });
});

describe('conflicts', () => {
  it('reports each conflicting field with its manager and changes nothing; --force-conflicts takes ownership', async () => {
    await runDeploy(kubeconfig, tenantObjects('acme', 64));
    api.update({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'gpu-quota', namespace: 'acme' }, spec: { hard: { 'requests.nvidia.com/gpu': '32' } } }, 'kubectl-edit');
    api.requests.length = 0;
    const r = await runDeploy(kubeconfig, tenantObjects('acme', 64));
    expect(errorText(r)).toContain('permian-1/kubernetes/tenants.yaml: ResourceQuota acme/gpu-quota: 1 field owned by another manager (rerun with --force-conflicts to take ownership):');
    expect(errorText(r)).toContain('.spec.hard.requests.nvidia.com/gpu: conflict with "kubectl-edit" using v1');
    expect(api.writes()).toEqual([]);
    expect(quota().spec.hard['requests.nvidia.com/gpu']).toBe('32');

    const forced = await runDeploy(kubeconfig, tenantObjects('acme', 64), { forceConflicts: true });
    expect(errorText(forced)).toBe('');
    expect(forced.out).toContain('~ configure ResourceQuota acme/gpu-quota  (takes over .spec.hard.requests.nvidia.com/gpu from kubectl-edit)');
    expect(quota().spec.hard['requests.nvidia.com/gpu']).toBe('64');
    const managers = (quota().metadata.managedFields as { manager: string }[]).map((m) => m.manager);
    expect(managers).toEqual(['rackshift']);
  });
});

describe('pruning', () => {
  it('deletes what rackshift applied before and no longer synthesizes, and nothing else', async () => {
    await runDeploy(kubeconfig, [...tenantObjects(), configMap('old-settings')]);
    // Not rackshift's: no labels; and another site's object with its own ApplySet id.
    api.update(configMap('hand-made'), 'kubectl');
    api.update({ ...configMap('other-site'), metadata: { name: 'other-site', namespace: 'acme', labels: { [LABEL.managedBy]: 'rackshift', [LABEL.partOf]: parentFor('other').id } } }, 'rackshift');
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(r)).toBe('');
    expect(r.result!.pruned.map((x) => `${x.kind} ${x.namespace}/${x.name}`)).toEqual(['ConfigMap acme/old-settings']);
    expect(r.out).toContain('- prune     ConfigMap acme/old-settings');
    expect(api.object('v1', 'ConfigMap', 'acme', 'old-settings')).toBeUndefined();
    expect(api.object('v1', 'ConfigMap', 'acme', 'hand-made')).toBeDefined();
    expect(api.object('v1', 'ConfigMap', 'acme', 'other-site')).toBeDefined();
    expect(inventory().data.objects).not.toContain('old-settings');
    expect(r.out).toMatch(/0 created, 0 configured, 5 unchanged, 1 pruned/);
  });

  it('finds labelled objects of the kinds it applies even when the inventory object was lost', async () => {
    const oldQuota: KubeObject = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'old-quota', namespace: 'acme' }, spec: { hard: { pods: '10' } } };
    await runDeploy(kubeconfig, [...tenantObjects(), oldQuota]);
    await runDeleteInventory();
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(r.result!.pruned.map((x) => x.name)).toEqual(['old-quota']);
  });

  it('refuses destructive deletes without --allow-destroy, before changing anything', async () => {
    await runDeploy(kubeconfig, [...tenantObjects('acme'), ...tenantObjects('beta'), ...hostObjects(['gpu-001', 'gpu-002'])]);
    api.setStatus(KUEUE, 'ClusterQueue', undefined, 'beta', { pendingWorkloads: 2, reservingWorkloads: 1, admittedWorkloads: 1 });
    api.requests.length = 0;
    // beta leaves, gpu-002 is decommissioned, and acme grows (a change that must not happen either).
    const next = [...tenantObjects('acme', 128), ...hostObjects(['gpu-001'])];
    const r = await runDeploy(kubeconfig, next);
    const text = errorText(r);
    expect(text).toContain('permian-1: deploy stopped before changing anything: pruning would destroy 3 objects:');
    expect(text).toContain('Namespace beta: deletes the namespace and everything in it');
    // 2 pending + 1 reserving (the admitted one is among those reserving) = 3.
    expect(text).toContain('ClusterQueue beta: still holds 3 workloads');
    expect(text).toContain('BareMetalHost metal3/gpu-002: deprovisions the machine');
    expect(text).not.toContain('LocalQueue beta/default:');
    expect(text).toContain('rerun with --allow-destroy');
    expect(api.writes()).toEqual([]);
    expect(quota().spec.hard['requests.nvidia.com/gpu']).toBe('64');

    const allowed = await runDeploy(kubeconfig, next, { allowDestroy: true });
    expect(errorText(allowed)).toBe('');
    expect(allowed.result!.pruned.map((x) => `${x.kind} ${x.name}`).sort()).toEqual([
      'BareMetalHost gpu-002',
      'ClusterQueue beta',
      'LocalQueue default',
      'Namespace beta',
      'ResourceFlavor h100-beta',
      'ResourceQuota gpu-quota',
    ]);
    expect(api.object('v1', 'Namespace', undefined, 'beta')).toBeUndefined();
    expect(api.object(METAL3, 'BareMetalHost', 'metal3', 'gpu-001')).toBeDefined();
    // Deleted in reverse order: custom resources before the namespace that holds them.
    const deletes = api.writes().filter((w) => w.method === 'DELETE').map((w) => w.path);
    expect(deletes.indexOf('/api/v1/namespaces/beta')).toBe(deletes.length - 1);
  });
});

describe('dry run', () => {
  it('plans with server-side dry runs and changes nothing', async () => {
    await runDeploy(kubeconfig, [...tenantObjects('acme', 64), configMap('old-settings')]);
    // Status is the (fake) controllers' to change; everything else must stay as it was.
    const snapshot = () => JSON.stringify(api.all().map(({ status: _s, ...o }) => o));
    const before = snapshot();
    api.requests.length = 0;
    const r = await runDeploy(kubeconfig, [...tenantObjects('acme', 128), configMap('new-settings')], { dryRun: true });
    expect(errorText(r)).toBe('');
    expect(api.writes()).toEqual([]);
    expect(api.requests.filter((x) => x.method === 'PATCH').every((x) => x.query.dryRun === 'All')).toBe(true);
    expect(snapshot()).toBe(before);
    expect(r.out).toContain('+ create    ConfigMap acme/new-settings');
    expect(r.out).toContain('~ configure ResourceQuota acme/gpu-quota');
    expect(r.out).toContain('- prune     ConfigMap acme/old-settings');
    expect(r.out).toContain('permian-1: dry run (server-side), nothing changed: would create 1, configure 2, prune 1; 3 unchanged');
  });
});

describe('missing CRDs', () => {
  it('names every missing CRD, the objects needing it and how to install it, before changing anything', async () => {
    await api.close();
    api = await FakeKubeApi.start();
    installOperators(api, { metal3: true });
    kubeconfig = api.writeKubeconfig();
    const r = await runDeploy(kubeconfig, [...tenantObjects(), ...hostObjects(['gpu-001'])]);
    const text = errorText(r);
    expect(text).toContain('CRD clusterqueues.kueue.x-k8s.io (kueue.x-k8s.io/v1beta2) is not installed in the cluster; install Kueue: https://kueue.sigs.k8s.io/docs/installation/ — needed by 1 object: permian-1/kubernetes/tenants.yaml: ClusterQueue acme');
    expect(text).toContain('CRD localqueues.kueue.x-k8s.io');
    expect(text).toContain('CRD resourceflavors.kueue.x-k8s.io');
    expect(text).not.toContain('baremetalhosts');
    expect(api.writes()).toEqual([]);
  });

  it('says when the CRD is installed but does not serve the version', async () => {
    await api.close();
    api = await FakeKubeApi.start();
    api.installCrd('kueue.x-k8s.io', 'ClusterQueue', 'clusterqueues', 'Cluster', ['v1beta1']);
    kubeconfig = api.writeKubeconfig();
    const r = await runDeploy(kubeconfig, tenantObjects().filter((o) => o.kind === 'ClusterQueue'));
    expect(errorText(r)).toContain('CRD clusterqueues.kueue.x-k8s.io is installed but does not serve kueue.x-k8s.io/v1beta2 (it serves kueue.x-k8s.io/v1beta1)');
  });
});

describe('transient errors, timeouts and waits', () => {
  it('retries 5xx, 429 and dropped connections with backoff, then succeeds', async () => {
    api.fault({ method: 'PATCH', path: '/resourcequotas/', dryRun: false, kind: 'status', status: 503, times: 2 });
    api.fault({ method: 'PATCH', path: '/clusterqueues/', dryRun: false, kind: 'status', status: 429, retryAfter: 0, times: 1 });
    api.fault({ method: 'PATCH', path: '/localqueues/', dryRun: false, kind: 'drop', times: 1 });
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(r)).toBe('');
    expect(r.result!.created).toHaveLength(5);
    expect(r.err).toContain('retry PATCH /api/v1/namespaces/acme/resourcequotas/gpu-quota after 503 ServiceUnavailable (try 2)');
    expect(r.err).toContain('retry PATCH /api/v1/namespaces/acme/resourcequotas/gpu-quota after 503 ServiceUnavailable (try 3)');
    expect(r.err).toContain(`retry PATCH /apis/${KUEUE}/clusterqueues/acme after 429 TooManyRequests (try 2)`);
    expect(r.err).toMatch(/retry PATCH \/apis\/kueue\.x-k8s\.io\/v1beta2\/namespaces\/acme\/localqueues\/default after socket hang up/);
  });

  it('gives up after the last try, naming the object and the reason', async () => {
    api.fault({ method: 'PATCH', path: '/resourcequotas/', dryRun: false, kind: 'status', status: 500, times: Infinity });
    const r = await runDeploy(kubeconfig, tenantObjects(), { attempts: 3 });
    expect(errorText(r)).toContain('permian-1: apply ResourceQuota acme/gpu-quota (permian-1/kubernetes/tenants.yaml) failed: 500 InternalError: injected fault');
    expect(errorText(r)).toContain('1 of 5 objects applied; fix the cause and run rackshift deploy again');
  });

  it('does not retry a rejection (4xx) and reports the API reason', async () => {
    await runDeploy(kubeconfig, tenantObjects());
    api.requests.length = 0;
    api.fault({ method: 'PATCH', path: '/resourcequotas/', kind: 'status', status: 422, times: Infinity });
    const r = await runDeploy(kubeconfig, tenantObjects('acme', 128));
    expect(errorText(r)).toBe('permian-1: the API server rejected the plan; nothing was changed:\n  permian-1/kubernetes/tenants.yaml: ResourceQuota acme/gpu-quota: 422 Invalid: injected fault');
    expect(api.writes()).toEqual([]);
    expect(api.requests.filter((x) => x.path.includes('resourcequotas') && x.method === 'PATCH')).toHaveLength(1);
  });

  it('times out a request that never answers', async () => {
    api.fault({ method: 'PATCH', path: '/resourcequotas/', dryRun: false, kind: 'hang', times: Infinity });
    const r = await runDeploy(kubeconfig, tenantObjects(), { requestTimeoutMs: 100, attempts: 2 });
    expect(errorText(r)).toContain('apply ResourceQuota acme/gpu-quota (permian-1/kubernetes/tenants.yaml) failed: cannot reach the Kubernetes API server at');
    expect(errorText(r)).toContain('no response within 0.1s (2 tries)');
  });

  it('--wait waits for namespaces Active and ClusterQueues Active', async () => {
    await api.close();
    api = await FakeKubeApi.start({ clusterQueueActiveAfterGets: 3 });
    installOperators(api);
    kubeconfig = api.writeKubeconfig();
    const r = await runDeploy(kubeconfig, tenantObjects(), { wait: true });
    expect(errorText(r)).toBe('');
    expect(r.err).toMatch(/ready Namespace acme: Active/);
    expect(r.err).toMatch(/ready ClusterQueue acme: Active/);
    expect(r.out).toMatch(/, wait \d/);
  });

  it('--wait times out with the condition it waited for', async () => {
    await api.close();
    api = await FakeKubeApi.start({ clusterQueueActiveAfterGets: Infinity });
    installOperators(api);
    kubeconfig = api.writeKubeconfig();
    const r = await runDeploy(kubeconfig, tenantObjects(), { wait: true, waitTimeoutMs: 150 });
    expect(errorText(r)).toBe('permian-1: timed out after 0.15s waiting for ClusterQueue acme to be Active (False: Pending: waiting for the controller)');
  });
});

describe('interruption', () => {
  it('a run that lost its connection mid-way is finished by the next, which still prunes what it applied', async () => {
    await runDeploy(kubeconfig, [...tenantObjects(), configMap('old-settings')]);
    api.fault({ method: 'PATCH', path: '/clusterqueues/', dryRun: false, kind: 'drop', times: Infinity });
    const broken = await runDeploy(kubeconfig, [...tenantObjects('acme', 128), configMap('new-settings')], { attempts: 2 });
    expect(errorText(broken)).toContain('apply ClusterQueue acme');
    // new-settings was applied; old-settings not yet pruned; the inventory lists both.
    expect(api.object('v1', 'ConfigMap', 'acme', 'new-settings')).toBeDefined();
    expect(api.object('v1', 'ConfigMap', 'acme', 'old-settings')).toBeDefined();
    expect(inventory().metadata.annotations?.['rackshift.dev/inventory-state']).toBe('applying');
    expect(inventory().data.objects).toContain('new-settings');
    expect(inventory().data.objects).toContain('old-settings');
    api.faults.length = 0;
    // The next run no longer has either ConfigMap: both go, including the one the broken run made.
    const resumed = await runDeploy(kubeconfig, tenantObjects('acme', 128));
    expect(errorText(resumed)).toBe('');
    expect(resumed.result!.configured.map((x) => x.kind)).toEqual(['ClusterQueue']);
    expect(resumed.result!.pruned.map((x) => x.name).sort()).toEqual(['new-settings', 'old-settings']);
    expect(inventory().metadata.annotations?.['rackshift.dev/inventory-state']).toBe('applied');
  });

  it('Ctrl-C stops between objects; running again finishes the job', async () => {
    const ctl = new AbortController();
    api.onRequest = (req) => {
      if (req.method === 'PATCH' && req.path.includes('/clusterqueues/') && req.query.dryRun !== 'All') ctl.abort(new Error('SIGINT'));
    };
    const first = await runDeploy(kubeconfig, tenantObjects(), { signal: ctl.signal });
    expect(errorText(first)).toMatch(/^permian-1: interrupted after \d of 5 objects; run rackshift deploy again to finish/);
    expect(api.object(KUEUE, 'LocalQueue', 'acme', 'default')).toBeUndefined();
    api.onRequest = undefined;
    const second = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(second)).toBe('');
    expect(second.result!.created.length + second.result!.unchanged.length + second.result!.configured.length).toBe(5);
    expect(api.object(KUEUE, 'LocalQueue', 'acme', 'default')).toBeDefined();
  });
});

async function runDeleteInventory(): Promise<void> {
  const res = await fetch(`${api.url}/api/v1/namespaces/${SYSTEM_NAMESPACE}/configmaps/applyset-permian-1`, { method: 'DELETE', headers: { Authorization: 'Bearer fake-token' } });
  expect(res.status).toBe(200);
}
