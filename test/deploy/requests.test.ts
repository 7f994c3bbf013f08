/**
 * What deploy asks the API server, counted by the in-process fake: whole listings per kind say
 * what exists, so an absent object is created without a dry run; an object whose live copy
 * still holds its applied configuration needs no request; anything else (a changed object,
 * one another writer edited, one applied before the hash was recorded) still gets its dry run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANNOTATION } from '../../deploy/applyset';
import { KubeClient } from '../../deploy/kube-client';
import type { KubeObject } from '../../deploy/kube-object';
import { loadKubeConfig } from '../../deploy/kubeconfig';
import { LIST_PAGE, appliesUnchanged, listAll, withAppliedHash } from '../../deploy/live-state';
import type { FakeKubeApi, RecordedRequest } from '../support/fake-kube-api';
import { KUEUE, hostObjects, tenantObjects } from '../support/deploy-fixtures';
import { errorText, runDeploy, startFakeCluster } from '../support/deploy-harness';

let api: FakeKubeApi;
let kubeconfig: string;

beforeEach(async () => {
  ({ api, kubeconfig } = await startFakeCluster());
});
afterEach(() => api.close());

const since = (n: number) => api.requests.slice(n);
const dryRuns = (rs: RecordedRequest[]) => rs.filter((r) => r.method === 'PATCH' && r.query.dryRun === 'All').map((r) => r.path);
/** PATCHes of the site's own objects (not rackshift-system's namespace, inventory or lock). */
const applies = (rs: RecordedRequest[]) => rs.filter((r) => r.method === 'PATCH' && r.query.dryRun !== 'All' && !r.path.includes('rackshift-system')).map((r) => r.path);
const lists = (rs: RecordedRequest[]) => rs.filter((r) => r.method === 'GET' && /\/(namespaces|resourcequotas|resourceflavors|clusterqueues|localqueues|baremetalhosts)$/.test(r.path)).map((r) => `${r.path}${r.query.labelSelector ? ' (labelled)' : ''}`);
/** GETs of one named object of the site (not discovery, CRDs, the lock or the inventory). */
const objectGets = (rs: RecordedRequest[]) => rs.filter((r) => r.method === 'GET' && (r.path === '/api/v1/namespaces/acme' || /\/(resourcequotas|resourceflavors|clusterqueues|localqueues|baremetalhosts)\/[^/]+$/.test(r.path))).map((r) => r.path);

describe('a first apply', () => {
  it('sends no dry run: the listings show every object absent, and each is applied once', async () => {
    const n = api.requests.length;
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(r)).toBe('');
    const rs = since(n);
    expect(dryRuns(rs)).toEqual([]);
    // tenantObjects: Namespace acme, ResourceQuota acme/gpu-quota, ResourceFlavor, ClusterQueue, LocalQueue acme/default.
    expect(applies(rs)).toHaveLength(5);
    expect(objectGets(rs)).toEqual([]);
    // Namespaces listed first; acme is not among them, so nothing is listed inside it; the two
    // cluster-scoped Kueue kinds are listed whole: 3 listings for 5 objects.
    expect(lists(rs)).toEqual(['/api/v1/namespaces', `/apis/${KUEUE}/clusterqueues`, `/apis/${KUEUE}/resourceflavors`]);
  });

  it('in a namespace that exists, lists the kind there once instead of asking per object', async () => {
    api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'metal3' } }, 'helm');
    // hostObjects: the Namespace metal3 (live, not rackshift's) and 3 BareMetalHosts in it.
    const objects = hostObjects(['gpu-001', 'gpu-002', 'gpu-003']);
    const n = api.requests.length;
    const r = await runDeploy(kubeconfig, objects);
    expect(errorText(r)).toBe('');
    const rs = since(n);
    // The namespace is live without the site's configuration: its one dry run; the hosts none.
    expect(dryRuns(rs)).toEqual(['/api/v1/namespaces/metal3']);
    expect(lists(rs)).toEqual(['/api/v1/namespaces', '/apis/metal3.io/v1alpha1/namespaces/metal3/baremetalhosts']);
    expect(applies(rs)).toHaveLength(4);
    expect(r.result!.created.map((x) => x.name)).toEqual(['gpu-001', 'gpu-002', 'gpu-003']);
    expect(r.result!.configured.map((x) => x.name)).toEqual(['metal3']);
  });

  it('--dry-run still asks the server about every object it can', async () => {
    api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'metal3' } }, 'helm');
    const n = api.requests.length;
    const r = await runDeploy(kubeconfig, hostObjects(['gpu-001', 'gpu-002']), { dryRun: true });
    expect(errorText(r)).toBe('');
    // 1 namespace + 2 hosts = 3 dry runs, and nothing written.
    expect(dryRuns(since(n))).toHaveLength(3);
    expect(api.writes()).toEqual([]);
  });
});

describe('a no-op re-apply', () => {
  it('sends no PATCH and no per-object GET: one listing per kind and namespace', async () => {
    expect(errorText(await runDeploy(kubeconfig, tenantObjects()))).toBe('');
    const n = api.requests.length;
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(r)).toBe('');
    expect(r.result!.unchanged).toHaveLength(5);
    const rs = since(n);
    expect(rs.filter((x) => x.method !== 'GET')).toEqual([]);
    expect(objectGets(rs)).toEqual([]);
    // Namespaces, then ResourceQuota and LocalQueue in acme, then the two cluster-scoped kinds: 5.
    expect(lists(rs).sort()).toEqual(
      ['/api/v1/namespaces', '/api/v1/namespaces/acme/resourcequotas', `/apis/${KUEUE}/clusterqueues`, `/apis/${KUEUE}/namespaces/acme/localqueues`, `/apis/${KUEUE}/resourceflavors`].sort(),
    );
  });

  it('a Secret written as stringData is unchanged against the data the server stores it as', async () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'user-data', namespace: 'acme' }, type: 'Opaque', stringData: { userData: '#cloud-config\n' } };
    expect(errorText(await runDeploy(kubeconfig, [...tenantObjects(), secret]))).toBe('');
    // Stored as data: base64('#cloud-config\n') = 'I2Nsb3VkLWNvbmZpZwo='.
    expect(api.object('v1', 'Secret', 'acme', 'user-data')).toMatchObject({ data: { userData: 'I2Nsb3VkLWNvbmZpZwo=' } });
    expect(api.object('v1', 'Secret', 'acme', 'user-data')!.stringData).toBeUndefined();
    const n = api.requests.length;
    const r = await runDeploy(kubeconfig, [...tenantObjects(), secret]);
    expect(r.result!.unchanged).toHaveLength(6);
    expect(since(n).filter((x) => x.method !== 'GET')).toEqual([]);
  });

  it('dry-runs only the objects whose configuration changed', async () => {
    await runDeploy(kubeconfig, tenantObjects('acme', 64));
    const n = api.requests.length;
    const r = await runDeploy(kubeconfig, tenantObjects('acme', 128));
    expect(errorText(r)).toBe('');
    // 64 → 128 GPUs changes the quota and the ClusterQueue's nominal quota; the other 3 are not asked about.
    expect(dryRuns(since(n)).sort()).toEqual(['/api/v1/namespaces/acme/resourcequotas/gpu-quota', `/apis/${KUEUE}/clusterqueues/acme`]);
    expect(r.result!.configured.map((x) => x.kind).sort()).toEqual(['ClusterQueue', 'ResourceQuota']);
  });

  it('an object another writer changed gets its dry run, and the conflict is found before any write', async () => {
    await runDeploy(kubeconfig, tenantObjects());
    api.update({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'gpu-quota', namespace: 'acme' }, spec: { hard: { 'requests.nvidia.com/gpu': '32' } } }, 'kubectl-edit');
    const writes = api.writes().length;
    const n = api.requests.length;
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(dryRuns(since(n))).toEqual(['/api/v1/namespaces/acme/resourcequotas/gpu-quota']);
    expect(errorText(r)).toContain('.spec.hard.requests.nvidia.com/gpu: conflict with "kubectl-edit"');
    expect(api.writes()).toHaveLength(writes);
  });

  it('an object applied before the hash was recorded is dry-run once, then records it', async () => {
    // As an earlier rackshift left it: the site's labels, no hash annotation.
    const first = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(first)).toBe('');
    const cq = api.object(KUEUE, 'ClusterQueue', undefined, 'acme')!;
    const { [ANNOTATION.appliedHash]: _h, ...rest } = (cq.metadata.annotations ?? {}) as Record<string, string>;
    api.update({ apiVersion: KUEUE, kind: 'ClusterQueue', metadata: { name: 'acme', annotations: { ...rest, [ANNOTATION.appliedHash]: 'from-an-older-run' } } }, 'rackshift');
    let n = api.requests.length;
    const second = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(second)).toBe('');
    expect(dryRuns(since(n))).toEqual([`/apis/${KUEUE}/clusterqueues/acme`]);
    expect(second.result!.configured.map((x) => x.name)).toEqual(['acme']);
    n = api.requests.length;
    const third = await runDeploy(kubeconfig, tenantObjects());
    expect(dryRuns(since(n))).toEqual([]);
    expect(third.result!.unchanged).toHaveLength(5);
  });
});

describe('live-state', () => {
  it('pages a listing: 1,001 ConfigMaps in pages of 500 are 3 requests', async () => {
    for (let i = 0; i < 1_001; i++) api.update({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}`, namespace: 'default' } }, 'kubectl');
    const client = await KubeClient.connect(loadKubeConfig({ kubeconfig }));
    try {
      const n = api.requests.length;
      const items = await listAll(client, '/api/v1/namespaces/default/configmaps');
      expect(LIST_PAGE).toBe(500);
      // 500 + 500 + 1 = 1,001.
      expect(items).toHaveLength(1_001);
      expect(new Set(items.map((o) => o.metadata.name)).size).toBe(1_001);
      expect(since(n).map((r) => r.query.limit)).toEqual(['500', '500', '500']);
    } finally {
      client.close();
    }
  });

  it('an object is unchanged only when the hash matches and every desired field holds', () => {
    const desired = withAppliedHash({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x', labels: { a: '1' } }, data: { k: 'v' } });
    const hash = desired.metadata.annotations![ANNOTATION.appliedHash]!;
    const live = (o: { metadata?: Record<string, unknown>; data?: unknown }): KubeObject =>
      ({ ...structuredClone(desired), ...o, metadata: { ...structuredClone(desired.metadata), resourceVersion: '7', uid: 'u', ...o.metadata } }) as KubeObject;
    expect(appliesUnchanged(live({}), desired)).toBe(true);
    // Extra fields in maps (another writer's, defaults) do not matter.
    expect(appliesUnchanged(live({ metadata: { labels: { a: '1', b: '2' } } }), desired)).toBe(true);
    expect(appliesUnchanged(live({ data: { k: 'edited' } }), desired)).toBe(false);
    expect(appliesUnchanged(live({ metadata: { labels: {} } }), desired)).toBe(false);
    expect(appliesUnchanged(live({ metadata: { annotations: {} } }), desired)).toBe(false);
    expect(appliesUnchanged(live({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } }), desired)).toBe(false);
    // Lists must be equal: an atomic list is replaced whole on apply.
    const withList = withAppliedHash({ ...desired, spec: { items: [{ a: 1 }] } });
    expect(appliesUnchanged({ ...withList, spec: { items: [{ a: 1 }] } }, withList)).toBe(true);
    expect(appliesUnchanged({ ...withList, spec: { items: [{ a: 1, b: 2 }] } }, withList)).toBe(false);
    // The hash covers the configuration, not its own annotation: recomputing gives the same.
    expect(withAppliedHash(desired).metadata.annotations![ANNOTATION.appliedHash]).toBe(hash);
    expect(withAppliedHash({ ...desired, data: { k: 'w' } }).metadata.annotations![ANNOTATION.appliedHash]).not.toBe(hash);
  });
});
