/**
 * Extra targets for plan tests and the plan benchmark, added to the real TARGETS: a Node
 * object per node with its kubelet labels (the real targets put node labels only inside
 * user-data, which is a Secret and so redacted), optional planted secrets, and a plain-text
 * config. They write to paths no real target uses. Test fixtures only: nothing in the product
 * imports them.
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
  const nodes: Target = {
    name: 'fixture-nodes',
    render(site: ResolvedSite): OutputFile[] {
      const files: OutputFile[] = [];
      for (const p of site.pools) {
        // Node objects carry the labels kubelet registers (pool, zone, rack, tenant, MIG config).
        const list = p.nodes.map((n) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels }, spec: n.taints.length ? { taints: n.taints } : {} }));
        files.push({ path: `kubernetes/fixture-nodes/${p.name}.yaml`, content: yamlStream(list) });
      }
      if (secrets) {
        const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-auth', namespace: 'rackshift-system' }, type: 'Opaque', stringData: { password: secrets.password, 'tls.key': secrets.pem ?? '' } };
        const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'agent', namespace: 'rackshift-system' }, data: { apiToken: secrets.password, authHeader: secrets.bearer ?? '', endpoint: 'https://api.example.net' } };
        files.push({ path: 'kubernetes/fixture-system.yaml', content: yamlStream([secret, config]) });
      }
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
  return [...TARGETS, nodes, agent];
}
