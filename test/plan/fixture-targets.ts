/**
 * Stand-in targets for plan tests and the plan benchmark, added to the real TARGETS: a small
 * Kubernetes-shaped output (tenancy objects and a Node per node, with its labels) while the
 * real kubernetes/ target is built elsewhere, and a plain-text config. They follow the real
 * layout (DIR/<site>/kubernetes/*.yaml) and real kinds, but are test fixtures only: nothing in
 * the product imports them.
 */
import { stringify } from 'yaml';
import type { ResolvedSite } from '../../constructs/resolved-site';
import { TARGETS, type OutputFile, type Target } from '../../stacks';

function yamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { sortMapEntries: true })).join('---\n');
}

export interface FixtureSecrets {
  /** Planted in a Secret's stringData, in a ConfigMap key named like a secret, and in dnsmasq.conf. */
  readonly password: string;
  readonly pem?: string;
  readonly bearer?: string;
}

export function fixtureTargets(secrets?: FixtureSecrets): Target[] {
  const kubernetes: Target = {
    name: 'fixture-kubernetes',
    render(site: ResolvedSite): OutputFile[] {
      const files: OutputFile[] = [];
      for (const t of site.tenants) {
        const objects: unknown[] = [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.name, labels: { 'rackshift.dev/tenant': t.name, 'pod-security.kubernetes.io/enforce': t.podSecurity } } },
          { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'gpu-quota', namespace: t.name }, spec: { hard: { 'requests.nvidia.com/gpu': String(t.quotaGpus), 'requests.cpu': String(t.quotaCpu), 'requests.memory': `${t.quotaMemoryGiB}Gi` } } },
          { apiVersion: 'kueue.x-k8s.io/v1beta1', kind: 'ClusterQueue', metadata: { name: t.name }, spec: { cohort: site.cohort?.name, resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: t.pool, resources: [{ name: 'nvidia.com/gpu', nominalQuota: t.quotaGpus }] }] }] } },
          { apiVersion: 'kueue.x-k8s.io/v1beta1', kind: 'LocalQueue', metadata: { name: 'default', namespace: t.name }, spec: { clusterQueue: t.name } },
        ];
        files.push({ path: `kubernetes/tenants/${t.name}.yaml`, content: yamlStream(objects) });
      }
      if (secrets) {
        const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-auth', namespace: 'rackshift-system' }, type: 'Opaque', stringData: { password: secrets.password, 'tls.key': secrets.pem ?? '' } };
        const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'agent', namespace: 'rackshift-system' }, data: { apiToken: secrets.password, authHeader: secrets.bearer ?? '', endpoint: 'https://api.example.net' } };
        files.push({ path: 'kubernetes/system.yaml', content: yamlStream([secret, config]) });
      }
      for (const p of site.pools) {
        // Node objects carry the labels kubelet registers (pool, zone, rack, tenant, MIG config).
        const nodes = p.nodes.map((n) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels }, spec: n.taints.length ? { taints: n.taints } : {} }));
        files.push({ path: `kubernetes/nodes/${p.name}.yaml`, content: yamlStream(nodes) });
      }
      files.push({ path: 'kubernetes/kustomization.yaml', content: stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files.map((f) => f.path.replace(/^kubernetes\//, '')).sort() }) });
      return files;
    },
  };
  const agent: Target = {
    name: 'fixture-agent',
    render(site: ResolvedSite): OutputFile[] {
      // A plain-text config, so the plan's line diff and line redaction have something to read.
      const lines = [`site=${site.name}`, 'endpoint=https://api.example.net', ...(secrets ? [`auth-secret=${secrets.password}`] : []), ...site.pools.map((p) => `pool=${p.name},nodes=${p.nodeCount}`)];
      return [{ path: 'agent/agent.conf', content: `${lines.join('\n')}\n` }];
    },
  };
  return [...TARGETS, kubernetes, agent];
}
