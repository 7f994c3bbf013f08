/**
 * Stand-in targets for plan tests and the plan benchmark: small Kubernetes-shaped and
 * bare-metal-shaped outputs rendered from a ResolvedSite, so `plan` has objects to diff while
 * the real kubernetes/ and bare-metal/ targets are built elsewhere. They follow the real
 * layout (DIR/<site>/kubernetes/*.yaml, DIR/<site>/bare-metal/…) and real kinds, but are test
 * fixtures only: nothing in the product imports them.
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
      files.push({ path: 'kubernetes/kustomization.yaml', content: stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files.map((f) => f.path.replace(/^kubernetes\//, '')).sort() }) });
      return files;
    },
  };
  const bareMetal: Target = {
    name: 'fixture-bare-metal',
    render(site: ResolvedSite): OutputFile[] {
      const files: OutputFile[] = [];
      for (const p of site.pools) {
        const hosts = p.nodes.map((n) => ({
          apiVersion: 'metal3.io/v1alpha1',
          kind: 'BareMetalHost',
          metadata: { name: n.name, namespace: 'metal3', labels: n.labels },
          spec: { online: true, bmc: { address: `redfish://${n.addresses.bmc ?? 'pending'}/redfish/v1/Systems/1`, credentialsName: `${n.name}-bmc` }, bootMACAddress: 'pending' },
        }));
        files.push({ path: `bare-metal/hosts/${p.name}.yaml`, content: yamlStream(hosts) });
      }
      const dhcp = site.pools.flatMap((p) => p.nodes.map((n) => `dhcp-host=${n.name},${n.addresses.provisioning ?? ''}`));
      const auth = secrets ? [`auth-secret=${secrets.password}`] : [];
      files.push({ path: 'bare-metal/dnsmasq.conf', content: `${[`domain=${site.networks.domain ?? 'local'}`, ...auth, ...dhcp].join('\n')}\n` });
      return files;
    },
  };
  return [...TARGETS, kubernetes, bareMetal];
}
