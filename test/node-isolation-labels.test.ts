/**
 * Tenant isolation selects on node-restriction.kubernetes.io/ labels, which NodeRestriction
 * forbids a kubelet to set on itself: the flavors and templates select only on those, the
 * kubelet's join registers none of them, and deploy puts them on the joined Nodes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ISOLATION_LABELS, isKubeletForbiddenLabel } from '../constructs/platform';
import type { ResolvedSite } from '../constructs/resolved-site';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { nodeLabelFiles } from '../stacks/kubernetes/node-labels';
import { labelNodes, readNodeLabels, type NodeLabels } from '../deploy/node-labels';
import { KubeClient } from '../deploy/kube-client';
import { loadKubeConfig } from '../deploy/kubeconfig';
import { FakeKubeApi } from './support/fake-kube-api';
import { Capture } from './support/deploy-harness';
import { resolvedSite } from './helpers/sites';

const SITE = 'test/fixtures/k8s-small.yaml';
const SITE_L = ISOLATION_LABELS.site;
const POOL_L = ISOLATION_LABELS.pool;
const TENANT_L = ISOLATION_LABELS.tenant;

describe('isolation labels in what synth writes', () => {
  let site: ResolvedSite;
  beforeEach(async () => {
    site = await resolvedSite(SITE);
  });

  it('the labels use the protected prefix, and NodeRestriction would refuse each from a kubelet', () => {
    expect(Object.values(ISOLATION_LABELS)).toEqual(['node-restriction.kubernetes.io/rackshift-site', 'node-restriction.kubernetes.io/rackshift-pool', 'node-restriction.kubernetes.io/rackshift-tenant']);
    for (const k of Object.values(ISOLATION_LABELS)) expect(isKubeletForbiddenLabel(k), k).toBe(true);
    // The docs' subdomain form is protected too; rackshift.dev/ (and a look-alike) are not.
    expect(isKubeletForbiddenLabel('example.com.node-restriction.kubernetes.io/fips')).toBe(true);
    expect(isKubeletForbiddenLabel('rackshift.dev/tenant')).toBe(false);
    expect(isKubeletForbiddenLabel('evilnode-restriction.kubernetes.io/x')).toBe(false);
  });

  it('flavors and GPU templates select only on protected labels: a dedicated tenant on site, pool and tenant', () => {
    const objects = kubernetesObjects(site);
    const flavors = new Map(objects.filter((o) => o.kind === 'ResourceFlavor').map((f) => [f.metadata.name, (f.spec as { nodeLabels: Record<string, string> }).nodeLabels]));
    // mesa-small: pools h100 and h200; orbit is the only dedicated tenant (on h100).
    expect(flavors.get('mesa-small.h100')).toEqual({ [SITE_L]: 'mesa-small', [POOL_L]: 'h100' });
    expect(flavors.get('mesa-small.h200')).toEqual({ [SITE_L]: 'mesa-small', [POOL_L]: 'h200' });
    expect(flavors.get('mesa-small.h100.orbit')).toEqual({ [SITE_L]: 'mesa-small', [POOL_L]: 'h100', [TENANT_L]: 'orbit' });
    expect(flavors.size).toBe(3);
    const selectors = new Map(
      objects.filter((o) => o.kind === 'PodTemplate').map((o) => [o.metadata.namespace, (o as unknown as { template: { spec: { nodeSelector: Record<string, string> } } }).template.spec.nodeSelector]),
    );
    expect(selectors.get('orbit')).toEqual({ [POOL_L]: 'h100', [TENANT_L]: 'orbit' });
    expect(selectors.get('quill')).toEqual({ [POOL_L]: 'h100' });
    for (const [ns, sel] of selectors) for (const k of Object.keys(sel)) expect(isKubeletForbiddenLabel(k), `${ns}: ${k}`).toBe(true);
  });

  it("no node's kubelet labels include a protected one, so a kubelet registering them is never refused", () => {
    for (const n of site.pools.flatMap((p) => p.nodes)) {
      expect(Object.keys(n.labels).filter(isKubeletForbiddenLabel), n.name).toEqual([]);
      expect(Object.keys(n.isolationLabels).every(isKubeletForbiddenLabel), n.name).toBe(true);
    }
  });

  it('node-labels/<pool>.yaml holds each node\'s isolation labels: the tenant on its dedicated nodes only', () => {
    const files = new Map(nodeLabelFiles(site).map((f) => [f.path, f.content]));
    expect([...files.keys()]).toEqual(['node-labels/h100.yaml', 'node-labels/h200.yaml']);
    const docs = (p: string) => parseAllDocuments(files.get(p)!).map((d) => d.toJS() as { kind: string; metadata: { name: string; labels: Record<string, string> } });
    const h100 = docs('node-labels/h100.yaml');
    // h100: 6 nodes; orbit asks 16 GPUs on 8-GPU DGX H100s → 16 / 8 = 2 nodes, the lowest: 0001, 0002.
    expect(h100.map((d) => d.metadata.name)).toEqual(['h100-0001', 'h100-0002', 'h100-0003', 'h100-0004', 'h100-0005', 'h100-0006']);
    expect(h100.every((d) => d.kind === 'Node')).toBe(true);
    expect(h100[0]!.metadata.labels).toEqual({ [POOL_L]: 'h100', [SITE_L]: 'mesa-small', [TENANT_L]: 'orbit' });
    expect(h100[1]!.metadata.labels[TENANT_L]).toBe('orbit');
    expect(h100[2]!.metadata.labels).toEqual({ [POOL_L]: 'h100', [SITE_L]: 'mesa-small' });
    // h200: 4 nodes, shared tenants only: no tenant label anywhere.
    expect(docs('node-labels/h200.yaml').map((d) => Object.keys(d.metadata.labels).length)).toEqual([2, 2, 2, 2]);
  });
});

describe('deploy puts the isolation labels on joined Nodes', () => {
  let api: FakeKubeApi;
  let client: KubeClient;
  let site: ResolvedSite;
  let nodes: NodeLabels[];
  let out: Capture;

  /** A Node as its kubelet registers it: its own labels, no protected one. */
  const joinNode = (name: string, labels: Record<string, string> = {}) => api.update({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } }, 'kubelet');
  const labelsOf = (name: string) => (api.object('v1', 'Node', undefined, name)?.metadata.labels ?? {}) as Record<string, string>;
  const run = (extra: { dryRun?: boolean; nodes?: NodeLabels[] } = {}) => labelNodes({ site: 'mesa-small', nodes: extra.nodes ?? nodes, client, out, ...(extra.dryRun ? { dryRun: true } : {}) });

  beforeEach(async () => {
    api = await FakeKubeApi.start();
    client = await KubeClient.connect(loadKubeConfig({ kubeconfig: api.writeKubeconfig() }), { requestTimeoutMs: 5_000, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    site = await resolvedSite(SITE);
    const dir = mkdtempSync(join(tmpdir(), 'rackshift-node-labels-'));
    for (const f of nodeLabelFiles(site)) {
      mkdirSync(join(dir, 'mesa-small', 'node-labels'), { recursive: true });
      writeFileSync(join(dir, 'mesa-small', f.path), f.content);
    }
    nodes = await readNodeLabels(dir, 'mesa-small');
    out = new Capture();
  });
  afterEach(async () => {
    client.close();
    await api.close();
  });

  it('labels the joined nodes, leaves the rest for later, releases a node the site no longer has, and is idempotent', async () => {
    // 6 + 4 = 10 nodes in the site; 4 of h100's have joined (0001, 0002 are orbit's).
    expect(nodes.length).toBe(10);
    for (const i of [1, 2, 3, 4]) joinNode(`h100-000${i}`, { 'rackshift.dev/pool': 'h100' });
    // A node labelled for this site by an earlier deploy that the site no longer has (retired).
    joinNode('h100-0099');
    await labelNodes({ site: 'mesa-small', nodes: [{ name: 'h100-0099', labels: { [SITE_L]: 'mesa-small', [POOL_L]: 'h100', [TENANT_L]: 'orbit' }, source: 'earlier' }], client, out: new Capture() });
    // Another site's node in the same cluster.
    joinNode('west-0001', { [SITE_L]: 'west' });

    const r = await run();
    expect(r.labelled).toEqual(['h100-0001', 'h100-0002', 'h100-0003', 'h100-0004']);
    // 10 − 4 joined = 6 waiting: h100-0005, h100-0006 and the 4 of h200.
    expect(r.notJoined).toEqual(['h100-0005', 'h100-0006', 'h200-0001', 'h200-0002', 'h200-0003', 'h200-0004']);
    expect(r.released).toEqual(['h100-0099']);
    expect(labelsOf('h100-0001')).toEqual({ 'kubernetes.io/hostname': 'h100-0001', 'rackshift.dev/pool': 'h100', [SITE_L]: 'mesa-small', [POOL_L]: 'h100', [TENANT_L]: 'orbit' });
    expect(labelsOf('h100-0003')).toEqual({ 'kubernetes.io/hostname': 'h100-0003', 'rackshift.dev/pool': 'h100', [SITE_L]: 'mesa-small', [POOL_L]: 'h100' });
    expect(labelsOf('h100-0099')).toEqual({ 'kubernetes.io/hostname': 'h100-0099' });
    expect(labelsOf('west-0001')).toEqual({ 'kubernetes.io/hostname': 'west-0001', [SITE_L]: 'west' });
    // No Node was created for a node that has not joined.
    expect(api.object('v1', 'Node', undefined, 'h100-0005')).toBeUndefined();
    expect(out.text).toContain('mesa-small: node isolation labels: labelled 4, 0 unchanged, 1 released; 6 not joined yet (h100-0005, h100-0006, h200-0001, …)');

    const writes = api.writes().length;
    const again = await run();
    expect(again.unchanged.length).toBe(4);
    expect(again.labelled).toEqual([]);
    expect(api.writes().length).toBe(writes);
  });

  it('takes the tenant label off a node the tenant gave back, also when someone else set it too', async () => {
    joinNode('h100-0001');
    joinNode('h100-0002');
    await run();
    // An admin also set orbit's label on 0002 by hand (another field manager owns it too).
    api.update({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'h100-0002', labels: { [TENANT_L]: 'orbit' } } }, 'kubectl-label');
    const shared = nodes.map((n) => (n.labels[TENANT_L] ? { ...n, labels: { [SITE_L]: 'mesa-small', [POOL_L]: 'h100' } } : n));
    const r = await run({ nodes: shared });
    expect(r.labelled).toEqual(['h100-0001', 'h100-0002']);
    expect(labelsOf('h100-0001')[TENANT_L]).toBeUndefined();
    expect(labelsOf('h100-0002')[TENANT_L]).toBeUndefined();
    expect(labelsOf('h100-0002')[POOL_L]).toBe('h100');
  });

  it('a Node deleted between the list and its write is not created: it counts as not joined', async () => {
    joinNode('h100-0001');
    joinNode('h100-0003');
    // h100-0003 is removed (drained and deleted) just as its label write arrives.
    api.onRequest = (r) => {
      if (r.method === 'PATCH' && r.path === '/api/v1/nodes/h100-0003') api.deleteObject('v1', 'Node', undefined, 'h100-0003');
    };
    const r = await run();
    api.onRequest = undefined;
    expect(r.labelled).toEqual(['h100-0001']);
    expect(r.notJoined).toContain('h100-0003');
    // Server-side apply created it (201); deploy deleted it again at once.
    expect(api.object('v1', 'Node', undefined, 'h100-0003')).toBeUndefined();
    const deletes = api.requests.filter((q) => q.method === 'DELETE');
    expect(deletes.map((q) => q.path)).toEqual(['/api/v1/nodes/h100-0003']);
    expect(out.text).toContain('labelled 1, 0 unchanged, 0 released; 9 not joined yet');
  });

  it('a dry run changes nothing and says what it would do', async () => {
    joinNode('h100-0001');
    const r = await run({ dryRun: true });
    expect(r.labelled).toEqual(['h100-0001']);
    expect(labelsOf('h100-0001')).toEqual({ 'kubernetes.io/hostname': 'h100-0001' });
    expect(out.text).toContain('would label 1');
  });

  it("stops before writing when a node of the site is labelled for another site", async () => {
    joinNode('h100-0001');
    joinNode('h100-0003', { [SITE_L]: 'west' });
    const writes = api.writes().length;
    const err = await run().then(() => undefined, (e: unknown) => e as { lines: string[] });
    expect(err?.lines[0]).toBe('mesa-small: node labels not written: 1 Node is labelled for another site, and rackshift never moves a node between sites:');
    expect(err?.lines[1]).toBe(`  Node h100-0003 (mesa-small/node-labels/h100.yaml) carries ${SITE_L}=west`);
    expect(api.writes().length).toBe(writes);
    expect(labelsOf('h100-0001')[POOL_L]).toBeUndefined();
  });

  it('refuses a node-labels file that would write any other label, naming file and document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackshift-node-labels-'));
    mkdirSync(join(dir, 's', 'node-labels'), { recursive: true });
    writeFileSync(join(dir, 's', 'node-labels', 'p.yaml'), `---\napiVersion: v1\nkind: Node\nmetadata: { name: a, labels: { "${POOL_L}": p } }\n---\napiVersion: v1\nkind: Node\nmetadata: { name: b, labels: { rackshift.dev/pool: p } }\n`);
    const err = await readNodeLabels(dir, 's').then(() => undefined, (e: unknown) => e as { problems: string[] });
    expect(err?.problems).toEqual([`s/node-labels/p.yaml: document 2: labels must be strings under ${SITE_L}, ${POOL_L}, ${TENANT_L}`]);
  });
});
