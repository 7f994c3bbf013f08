/**
 * Kueue `Topology` per rack-scale pool, for topology-aware scheduling: levels from block
 * (a group of racks) to NVLink domain (one rack) to host, named by the node labels
 * ResolvedSite gives every tray. The pool's ResourceFlavors name it (`topologyName`), so a
 * job that asks for `kueue.x-k8s.io/podset-required-topology: <domain label>` is admitted only
 * when all its pods fit inside one NVLink domain.
 */
import type { ResolvedPool, ResolvedSite } from '../../constructs/resolved-site';
import { type K8sObject, ownerLabels } from './k8s-object';

/**
 * The Topology a pool's flavors name (`<site>.<pool>-nvlink`: cluster-scoped, so named per site
 * like the flavors); undefined for pools that are not rack-scale.
 */
export function topologyName(site: Pick<ResolvedSite, 'name'>, pool: Pick<ResolvedPool, 'name' | 'nvlink'>): string | undefined {
  return pool.nvlink ? `${site.name}.${pool.name}-nvlink` : undefined;
}

export function topologyObjects(site: ResolvedSite): K8sObject[] {
  return site.pools.flatMap((p) =>
    p.nvlink
      ? [
          {
            apiVersion: 'kueue.x-k8s.io/v1beta2',
            kind: 'Topology',
            metadata: { name: topologyName(site, p)!, labels: ownerLabels({ site: site.name, pool: p.name }) },
            spec: { levels: p.nvlink.levels.map((nodeLabel) => ({ nodeLabel })) },
          },
        ]
      : [],
  );
}
