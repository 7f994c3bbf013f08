/** The pieces of deploy on their own: manifest reading, ordering, backoff, durations, progress, ApplySet ids, kubeconfig. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../cli/duration';
import { applySetId, inventoryParent, parentFor, readInventory } from '../../deploy/applyset';
import { crdInstallHint, guessCrdName } from '../../deploy/crd-hints';
import { refOf, type KubeObject } from '../../deploy/kube-object';
import { loadKubeConfig } from '../../deploy/kubeconfig';
import { ManifestError, readSiteObjects } from '../../deploy/manifests';
import { compareForApply } from '../../deploy/order';
import { Progress } from '../../deploy/progress';
import { backoffDelay, retryRefusal } from '../../deploy/retry';
import { dependencyOrder, findStacks } from '../../deploy/engines/terraform';
import { Capture } from '../support/deploy-harness';

describe('readSiteObjects', () => {
  it('reads every object document under kubernetes/ and bare-metal/, and skips everything else', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rackshift-manifests-'));
    const site = join(out, 's1');
    mkdirSync(join(site, 'kubernetes', 'tenants'), { recursive: true });
    mkdirSync(join(site, 'bare-metal', 'cloud-init'), { recursive: true });
    mkdirSync(join(site, 'offers'), { recursive: true });
    writeFileSync(join(site, 'kubernetes', 'tenants', 'acme.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: acme\n---\n# a comment only\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: acme}\n');
    writeFileSync(join(site, 'kubernetes', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [tenants/acme.yaml]\n');
    writeFileSync(join(site, 'kubernetes', 'list.yml'), 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s, namespace: acme}}\n');
    writeFileSync(join(site, 'bare-metal', 'cloud-init', 'n1.yaml'), '#cloud-config\nhostname: n1\n');
    writeFileSync(join(site, 'bare-metal', 'hosts.yaml'), 'apiVersion: metal3.io/v1alpha1\nkind: BareMetalHost\nmetadata: {name: n1, namespace: metal3}\n');
    writeFileSync(join(site, 'offers', 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: not-applied}\n');
    const found = await readSiteObjects(out, 's1');
    expect(found.map((f) => `${f.source} ${f.object.kind}/${f.object.metadata.name}`)).toEqual([
      's1/bare-metal/hosts.yaml BareMetalHost/n1',
      's1/kubernetes/list.yml Secret/s',
      's1/kubernetes/tenants/acme.yaml Namespace/acme',
      's1/kubernetes/tenants/acme.yaml ConfigMap/c',
    ]);
  });

  it('reports every duplicate object and YAML error with its file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rackshift-manifests-'));
    mkdirSync(join(out, 's1', 'kubernetes'), { recursive: true });
    writeFileSync(join(out, 's1', 'kubernetes', 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: acme}\n');
    writeFileSync(join(out, 's1', 'kubernetes', 'b.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: acme}\n');
    writeFileSync(join(out, 's1', 'kubernetes', 'c.yaml'), 'key: [unclosed\n');
    const err = await readSiteObjects(out, 's1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).problems[0]).toBe('s1/kubernetes/b.yaml: Namespace acme is also in s1/kubernetes/a.yaml');
    expect((err as ManifestError).problems[1]).toMatch(/^s1\/kubernetes\/c\.yaml: /);
  });
});

describe('apply order', () => {
  it('puts CRDs, namespaces and cluster-scoped kinds first, custom resources last, queues after flavors', () => {
    const o = (apiVersion: string, kind: string, name: string, namespace?: string) => refOf({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } } as KubeObject);
    const refs = [
      { ref: o('kueue.x-k8s.io/v1beta2', 'LocalQueue', 'q', 'a'), namespaced: true },
      { ref: o('kueue.x-k8s.io/v1beta2', 'ClusterQueue', 'a'), namespaced: false },
      { ref: o('v1', 'ResourceQuota', 'r', 'a'), namespaced: true },
      { ref: o('kueue.x-k8s.io/v1beta2', 'ResourceFlavor', 'f'), namespaced: false },
      { ref: o('rbac.authorization.k8s.io/v1', 'ClusterRole', 'cr'), namespaced: false },
      { ref: o('v1', 'Namespace', 'a'), namespaced: false },
      { ref: o('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'x.y'), namespaced: false },
    ];
    expect(refs.sort(compareForApply((x) => x)).map((x) => x.ref.kind)).toEqual(['CustomResourceDefinition', 'Namespace', 'ClusterRole', 'ResourceQuota', 'ResourceFlavor', 'ClusterQueue', 'LocalQueue']);
  });
});

describe('backoff', () => {
  it('doubles from the base up to the cap, jittering the upper half, and honours Retry-After', () => {
    const policy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 2000 };
    // attempt n waits between base·2^(n−1)/2 and base·2^(n−1): 125–250, 250–500, 500–1000, 1000–2000, then capped at 2000.
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, undefined, () => 0))).toEqual([125, 250, 500, 1000, 1000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, undefined, () => 1))).toEqual([250, 500, 1000, 2000, 2000]);
    expect(backoffDelay(policy, 1, 1500, () => 0)).toBe(1500);
    // A Retry-After beyond the cap still wins: the server said when it will be back (the budget bounds it).
    expect(backoffDelay(policy, 1, 60_000, () => 0)).toBe(60_000);
  });

  it('stops retrying when the tries or the time budget are spent, saying which', () => {
    const policy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 2000, budgetMs: 30_000 };
    expect(retryRefusal(policy, 5, 10_000, 2000)).toBeUndefined();
    expect(retryRefusal(policy, 6, 10_000, 2000)).toBe('6 tries');
    // 29 s spent + a 2 s wait would end past the 30 s budget.
    expect(retryRefusal(policy, 3, 29_000, 2000)).toBe('3 tries in 29s; the retry budget is 30s');
  });
});

describe('durations', () => {
  it('reads kubectl-style durations', () => {
    expect(parseDuration('30s', '--x')).toBe(30_000);
    expect(parseDuration('1m30s', '--x')).toBe(90_000);
    expect(parseDuration('500ms', '--x')).toBe(500);
    expect(parseDuration('2', '--x')).toBe(2000);
    expect(() => parseDuration('5 m', '--timeout')).toThrow('--timeout 5 m: expected a duration');
  });
});

describe('progress', () => {
  it('rewrites one status line on a terminal and keeps lasting lines above it', () => {
    const c = new Capture();
    const p = new Progress(c, true);
    p.tick(1, 3, 'apply Namespace acme');
    p.line('created Namespace acme (3 ms)');
    p.tick(2, 3, 'apply ResourceQuota acme/q');
    p.end();
    expect(c.text).toBe('[1/3] apply Namespace acme\r\x1b[2Kcreated Namespace acme (3 ms)\n[1/3] apply Namespace acme\r\x1b[2K[2/3] apply ResourceQuota acme/q\r\x1b[2K');
  });

  it('prints only lasting lines elsewhere (CI, pipes)', () => {
    const c = new Capture();
    const p = new Progress(c, false);
    p.tick(1, 3, 'apply Namespace acme');
    p.line('created Namespace acme (3 ms)');
    p.end();
    expect(c.text).toBe('created Namespace acme (3 ms)\n');
  });
});

describe('ApplySet parent', () => {
  it('has the KEP-3659 id and round-trips its inventory', () => {
    const parent = parentFor('permian-1');
    // base64url(sha256("applyset-permian-1.rackshift-system.ConfigMap.")), computed independently with node:crypto.
    expect(applySetId(parent.ref)).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
    expect(parent.id).toBe(applySetId({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'rackshift-system', name: 'applyset-permian-1' }));
    expect(parentFor('other').id).not.toBe(parent.id);
    const refs = [
      { apiVersion: 'v1', kind: 'Namespace', name: 'acme' },
      { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'LocalQueue', namespace: 'acme', name: 'default' },
    ];
    const cm = inventoryParent('permian-1', parent, { objects: refs, groupKinds: ['Namespace', 'LocalQueue.kueue.x-k8s.io'], namespaces: ['acme'] }, 'applied');
    expect(cm.metadata.annotations).toEqual({
      'applyset.kubernetes.io/tooling': 'rackshift/0.1.0',
      'applyset.kubernetes.io/contains-group-kinds': 'LocalQueue.kueue.x-k8s.io,Namespace',
      'applyset.kubernetes.io/additional-namespaces': 'acme',
      'rackshift.dev/inventory-state': 'applied',
    });
    expect(readInventory(cm).objects).toEqual([refs[1], refs[0]]);
  });

  it('gzips a list too long for a ConfigMap, and reads it back', () => {
    const parent = parentFor('big');
    // 20k nodes: a BareMetalHost and a user-data Secret each.
    const refs = Array.from({ length: 20_000 }, (_, i) => `node-${String(i).padStart(5, '0')}`).flatMap((n) => [
      { apiVersion: 'metal3.io/v1alpha1', kind: 'BareMetalHost', namespace: 'metal3', name: n },
      { apiVersion: 'v1', kind: 'Secret', namespace: 'metal3', name: `${n}-user-data` },
    ]);
    const cm = inventoryParent('big', parent, { objects: refs, groupKinds: ['BareMetalHost.metal3.io', 'Secret'], namespaces: ['metal3'] }, 'applied');
    expect(cm.data).toBeUndefined();
    const size = JSON.stringify(cm).length;
    expect(size).toBeLessThan(1024 * 1024);
    expect(readInventory(cm).objects).toHaveLength(40_000);
    expect(readInventory(cm).objects[0]).toEqual({ apiVersion: 'metal3.io/v1alpha1', kind: 'BareMetalHost', namespace: 'metal3', name: 'node-00000' });
  });
});

describe('CRD hints', () => {
  it('names the CRD the API server would and where to get it', () => {
    expect(guessCrdName('kueue.x-k8s.io', 'ClusterQueue')).toBe('clusterqueues.kueue.x-k8s.io');
    expect(guessCrdName('metal3.io', 'BareMetalHost')).toBe('baremetalhosts.metal3.io');
    expect(guessCrdName('nvidia.com', 'ClusterPolicy')).toBe('clusterpolicies.nvidia.com');
    expect(crdInstallHint('example.com')).toBe('install the operator or CRD bundle that provides the example.com API');
  });
});

describe('loadKubeConfig', () => {
  const write = (dir: string, name: string, contexts: string[], current?: string) => {
    const file = join(dir, name);
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\nclusters:\n${contexts.map((c) => `- name: ${c}\n  cluster: {server: "https://${c}.example:6443/"}\n`).join('')}users:\n- name: u\n  user: {token: t}\ncontexts:\n${contexts.map((c) => `- name: ${c}\n  context: {cluster: ${c}, user: u}\n`).join('')}${current ? `current-context: ${current}\n` : ''}`,
    );
    return file;
  };

  it('merges KUBECONFIG files, first file wins the current context, --context switches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackshift-kc-'));
    const a = write(dir, 'a', ['a1'], 'a1');
    const b = write(dir, 'b', ['b1'], 'b1');
    const env = { KUBECONFIG: `${a}:${b}` };
    expect(loadKubeConfig({ env })).toMatchObject({ context: 'a1', server: 'https://a1.example:6443' });
    expect(loadKubeConfig({ env, context: 'b1' })).toMatchObject({ context: 'b1', server: 'https://b1.example:6443' });
  });

  it('uses ~/.kube/config when KUBECONFIG is unset, and says when there is no current context', () => {
    const home = mkdtempSync(join(tmpdir(), 'rackshift-home-'));
    mkdirSync(join(home, '.kube'));
    write(join(home, '.kube'), 'config', ['x', 'y']);
    expect(() => loadKubeConfig({ env: {}, home })).toThrow(`${join(home, '.kube', 'config')} has no current context; pass --context NAME (contexts: x, y)`);
    expect(loadKubeConfig({ env: {}, home, context: 'y' }).context).toBe('y');
  });

  it('says which file is missing', () => {
    expect(() => loadKubeConfig({ kubeconfig: '/nonexistent/kc' })).toThrow('kubeconfig /nonexistent/kc does not exist (from --kubeconfig)');
    expect(() => loadKubeConfig({ env: { KUBECONFIG: '/nonexistent/a:/nonexistent/b' } })).toThrow('no kubeconfig: KUBECONFIG=/nonexistent/a:/nonexistent/b names no existing file');
  });
});

describe('terraform stacks', () => {
  it('follow the cdktf manifest: each stack after those it depends on', async () => {
    expect(dependencyOrder({ stacks: { 'a-tenancy': { dependencies: ['z-crds'], workingDirectory: 'stacks/a-tenancy' }, 'z-crds': { workingDirectory: 'stacks/z-crds' } } })).toEqual(['stacks/z-crds', 'stacks/a-tenancy']);
    expect(() => dependencyOrder({ stacks: { a: { dependencies: ['b'] }, b: { dependencies: ['a'] } } })).toThrow('stacks depend on each other in a cycle: a -> b -> a');
    const out = mkdtempSync(join(tmpdir(), 'rackshift-tf-'));
    mkdirSync(join(out, 's1', 'terraform', 'stacks', 's1'), { recursive: true });
    writeFileSync(join(out, 's1', 'terraform', 'stacks', 's1', 'cdk.tf.json'), '{}');
    writeFileSync(join(out, 's1', 'terraform', 'manifest.json'), JSON.stringify({ stacks: { s1: { dependencies: [], workingDirectory: 'stacks/s1' } } }));
    mkdirSync(join(out, 's2', 'terraform'), { recursive: true });
    writeFileSync(join(out, 's2', 'terraform', 'cdk.tf.json'), '{}');
    expect(await findStacks(out, ['s1', 's2'])).toEqual([join(out, 's1', 'terraform', 'stacks', 's1'), join(out, 's2', 'terraform')]);
  });
});
