/**
 * Tenant isolation as the real authorizer decides it (SubjectAccessReview), for every tenant of
 * both example sites after deploying them: the tenant's admin group can do everything its Role
 * grants in its own namespace and cannot read another tenant's secrets or create pods in
 * another tenant's namespace; the tenant's CI ServiceAccount can do exactly what its Role
 * allows and nothing beside it. On the local control plane also NodeRestriction: a node's
 * credentials cannot change another node, nor the taints tenant isolation rests on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import { ISOLATION_LABELS } from '../../constructs/platform';
import { KubeApiError, KubeClient } from '../../deploy/kube-client';
import type { KubeObject } from '../../deploy/kube-object';
import { loadKubeConfig } from '../../deploy/kubeconfig';
import { errorText, runDeploy } from '../support/deploy-harness';
import { EXAMPLE_SITES, adminClient, clusterFor, siteObjects } from '../support/control-plane/cluster-env';
import { TEST_NODES } from '../support/control-plane/local-cluster';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface Subject {
  user: string;
  groups: string[];
}
interface Access {
  namespace: string;
  verb: string;
  group: string;
  resource: string;
}

const describeAccess = (a: Access) => `${a.verb} ${a.group ? `${a.group}/` : ''}${a.resource} in ${a.namespace}`;

/** Every (group, resource, verb) a Role's rules name, in `namespace`. */
function grantsOf(rules: Rule[], namespace: string): Access[] {
  return rules.flatMap((r) => r.apiGroups.flatMap((group) => r.resources.flatMap((resource) => r.verbs.map((verb) => ({ namespace, verb, group, resource })))));
}

for (const name of EXAMPLE_SITES) describe.runIf(!!clusterFor(name))(`tenant isolation of ${name} by SubjectAccessReview`, () => {
  const kubeconfigPath = () => clusterFor(name)!.kubeconfig;
  let client: KubeClient;
  let site: ResolvedSite;
  let objects: KubeObject[];

  async function allowed(who: Subject, a: Access): Promise<boolean> {
    const [resource, subresource] = a.resource.split('/');
    const r = await client.request<{ status: { allowed: boolean } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: who.user, groups: who.groups, resourceAttributes: { namespace: a.namespace, verb: a.verb, group: a.group, resource, subresource } } },
    });
    return r.body.status.allowed;
  }

  /** The accesses among `list` whose answer is not `expected` (empty when all are as expected). */
  async function notAsExpected(who: Subject, list: Access[], expected: boolean): Promise<string[]> {
    const answers = await Promise.all(list.map((a) => allowed(who, a)));
    return list.filter((_, i) => answers[i] !== expected).map(describeAccess);
  }

  const roleRules = (t: ResolvedTenant, name: string) => (objects.find((o) => o.kind === 'Role' && o.metadata.namespace === t.name && o.metadata.name === name) as unknown as { rules: Rule[] }).rules;
  const admin = (t: ResolvedTenant): Subject => ({ user: `rackshift-e2e-${t.admins[0]}-member`, groups: [t.admins[0]!, 'system:authenticated'] });
  const ci = (t: ResolvedTenant): Subject => ({ user: `system:serviceaccount:${t.name}:ci`, groups: ['system:serviceaccounts', `system:serviceaccounts:${t.name}`, 'system:authenticated'] });
  const other = (t: ResolvedTenant) => site.tenants[(site.tenants.indexOf(t) + 1) % site.tenants.length]!;

  beforeAll(async () => {
    ({ site, objects } = await siteObjects(name));
    client = await adminClient(kubeconfigPath());
    const r = await runDeploy(kubeconfigPath(), objects, { site: site.name, waitTimeoutMs: 90_000, pollMs: 250 });
    if (errorText(r)) throw new Error(`deploying ${name}: ${errorText(r)}`);
    expect(site.tenants.length).toBeGreaterThan(1);
  });
  afterAll(() => client?.close());

  it("every tenant's admin group can do all its Role grants in its own namespace", async () => {
    for (const t of site.tenants) {
      const grants = grantsOf(roleRules(t, 'tenant-admin'), t.name);
      expect(grants.length).toBeGreaterThan(20);
      expect(await notAsExpected(admin(t), grants, true), t.name).toEqual([]);
    }
  });

  it("no tenant's admin group can read another tenant's secrets or create pods or jobs in its namespace", async () => {
    for (const t of site.tenants) {
      const o = other(t).name;
      const denied: Access[] = [
        { namespace: o, verb: 'get', group: '', resource: 'secrets' },
        { namespace: o, verb: 'list', group: '', resource: 'secrets' },
        { namespace: o, verb: 'create', group: '', resource: 'pods' },
        { namespace: o, verb: 'create', group: 'batch', resource: 'jobs' },
        { namespace: o, verb: 'create', group: '', resource: 'pods/exec' },
        // Nor change its own guard rails.
        { namespace: t.name, verb: 'update', group: '', resource: 'resourcequotas' },
        { namespace: t.name, verb: 'delete', group: 'networking.k8s.io', resource: 'networkpolicies' },
        { namespace: t.name, verb: 'update', group: 'kueue.x-k8s.io', resource: 'clusterqueues' },
      ];
      expect(await notAsExpected(admin(t), denied, false), `${t.name} against ${o}`).toEqual([]);
    }
  });

  it("every tenant's CI ServiceAccount can do what its Role allows, and nothing beside it", async () => {
    for (const t of site.tenants) {
      const rules = roleRules(t, 'ci-deployer');
      const grants = grantsOf(rules, t.name);
      expect(await notAsExpected(ci(t), grants, true), t.name).toEqual([]);
      // Everything the Role does not name, in its own namespace and in another tenant's.
      const granted = new Set(grants.map(describeAccess));
      const probes: Access[] = [
        ...['get', 'list', 'create'].map((verb) => ({ namespace: t.name, verb, group: '', resource: 'secrets' })),
        ...['create', 'delete'].map((verb) => ({ namespace: t.name, verb, group: '', resource: 'pods' })),
        { namespace: t.name, verb: 'create', group: '', resource: 'pods/exec' },
        { namespace: t.name, verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
        { namespace: t.name, verb: 'update', group: '', resource: 'resourcequotas' },
        { namespace: t.name, verb: 'delete', group: '', resource: 'namespaces' },
        ...grants.map((g) => ({ ...g, namespace: other(t).name })),
      ].filter((a) => !granted.has(describeAccess(a)));
      expect(probes.length).toBeGreaterThan(10);
      expect(await notAsExpected(ci(t), probes, false), t.name).toEqual([]);
    }
  });
});

const local = clusterFor(EXAMPLE_SITES[0])?.local;
describe.runIf(!!local)('NodeRestriction on the local control plane', () => {
  it("a node's credentials register its own Node but cannot change another node, nor its own taints", async () => {
    const [self, victim] = TEST_NODES;
    const loaded = loadKubeConfig({ kubeconfig: local!.nodeKubeconfigs[self]! });
    const node = await KubeClient.connect(loaded, { requestTimeoutMs: 10_000, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const admin = await adminClient(local!.kubeconfig);
    try {
      await admin.request({ method: 'POST', path: '/api/v1/nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: victim, labels: { 'rackshift.dev/tenant': 'someone' } } } });
      await node.request({ method: 'POST', path: '/api/v1/nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: self } } });
      const refused = await node
        .request({ method: 'PATCH', path: `/api/v1/nodes/${victim}`, contentType: 'application/merge-patch+json', body: { metadata: { labels: { 'rackshift.dev/tenant': 'attacker' } } } })
        .then(() => undefined, (e: unknown) => e);
      expect(refused).toBeInstanceOf(KubeApiError);
      expect((refused as KubeApiError).status).toBe(403);
      expect((refused as KubeApiError).apiMessage).toContain(`node "${self}" is not allowed to modify node "${victim}"`);
      // A node may change its own rackshift.dev labels (NodeRestriction guards only its own
      // prefixes), so those are informational; isolation rests on the taints, which it cannot
      // change, and on node-restriction.kubernetes.io/ labels, which it cannot set.
      const retaint = await node
        .request({ method: 'PATCH', path: `/api/v1/nodes/${self}`, contentType: 'application/merge-patch+json', body: { spec: { taints: [{ key: 'rackshift.dev/tenant', value: 'attacker', effect: 'NoSchedule' }] } } })
        .then(() => undefined, (e: unknown) => e);
      expect((retaint as KubeApiError).apiMessage).toContain(`node "${self}" is not allowed to modify taints`);
      // Nor the labels tenant isolation selects on: NodeRestriction refuses node-restriction.kubernetes.io/ from a node.
      const relabel = await node
        .request({ method: 'PATCH', path: `/api/v1/nodes/${self}`, contentType: 'application/merge-patch+json', body: { metadata: { labels: { [ISOLATION_LABELS.tenant]: 'attacker' } } } })
        .then(() => undefined, (e: unknown) => e);
      expect(relabel).toBeInstanceOf(KubeApiError);
      expect((relabel as KubeApiError).status).toBe(403);
      expect((relabel as KubeApiError).apiMessage).toContain(ISOLATION_LABELS.tenant);
    } finally {
      node.close();
      admin.close();
    }
  });
});
