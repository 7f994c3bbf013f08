/**
 * bare-metal/inventory.json: what the provisioning files cover and what waits for the
 * delivery inventory, per pool, with the pending node names.
 */
import type { ResolvedSite } from '../../constructs/resolved-site';
import { stableJson } from '../../lib/json';
import { bmcSecretName, FILES } from './conventions';
import type { OutputFile } from '../target';

export function statusFile(site: ResolvedSite): OutputFile {
  const pending = new Set(site.inventory.pending);
  const hostsByPool = new Map<string, number>();
  for (const h of site.inventory.hosts) hostsByPool.set(h.pool, (hostsByPool.get(h.pool) ?? 0) + 1);
  const status = {
    site: site.name,
    inventory: site.inventory.file ?? null,
    hosts: site.inventory.hosts.length,
    pendingNodes: site.inventory.pending.length,
    // The BMC Secrets are Metal3's; Tinkerbell's Hardware names no BMC.
    ...(site.provisioning.backends.includes('metal3') ? { bmcCredentials: `create Secret ${bmcSecretName('<node>')} (keys username, password) in namespace ${site.provisioning.metal3Namespace} for each host from your secret store; rackshift never writes them` } : {}),
    pools: site.pools.map((p) => ({
      name: p.name,
      nodes: p.nodeCount,
      hosts: hostsByPool.get(p.name) ?? 0,
      pending: p.nodes.filter((n) => pending.has(n.name)).map((n) => n.name),
    })),
  };
  return { path: FILES.status, content: stableJson(status) };
}
