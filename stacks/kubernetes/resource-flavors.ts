/**
 * Kueue `ResourceFlavor`s: one per GPU pool, plus one per dedicated tenant. A flavor's
 * nodeLabels are the nodes' isolation labels (node-restriction.kubernetes.io/, which rackshift
 * deploy sets and a kubelet cannot) and its tolerations the taints the kubelet registers, so
 * workloads Kueue admits to a flavor land on exactly those nodes.
 *
 * The pool flavor tolerates only the pool taint, so it never reaches a dedicated tenant's
 * nodes (they carry a tenant taint too); a dedicated tenant's flavor selects its nodes by
 * the tenant label.
 *
 * Neither tolerates the GPU taint (Kueue copies flavor tolerations into every pod it admits,
 * CPU-only ones included; see gpu-templates.ts). Flavors of rack-scale pools name the pool's
 * Topology, so Kueue places their workloads by NVLink domain.
 *
 * Flavors are cluster-scoped and several sites may share one workload cluster, so each is
 * named after its site, and selects that site's nodes only (two sites may both call a pool
 * `h100-a`).
 */
import type { ResolvedSite, ResolvedTenant, Taint } from '../../constructs/resolved-site';
import { ISOLATION_LABELS } from '../../constructs/platform';
import { type K8sObject, type Owner, ownerLabels } from './k8s-object';
import { topologyName } from './topology';

/** A pool's flavor: `<site>.<pool>`. */
export function poolFlavorName(site: string, pool: string): string {
  return `${site}.${pool}`;
}

/** Flavor a tenant's quota is on: its own when dedicated (`<site>.<pool>.<tenant>`), the pool's when shared. */
export function flavorName(site: string, t: Pick<ResolvedTenant, 'name' | 'pool' | 'isolation'>): string {
  // A dot cannot occur in a site, pool or tenant name, so names with two and three parts never collide.
  return t.isolation === 'dedicated' ? `${poolFlavorName(site, t.pool)}.${t.name}` : poolFlavorName(site, t.pool);
}

export function resourceFlavorObjects(site: ResolvedSite): K8sObject[] {
  const pools = new Map(site.pools.map((p) => [p.name, p]));
  const poolFlavors = site.pools.map((p) =>
    flavor(poolFlavorName(site.name, p.name), { site: site.name, pool: p.name }, p.isolationLabels, p.taints.filter((t) => t !== p.gpuTaint), topologyName(site, p)),
  );
  const tenantFlavors = site.tenants
    .filter((t) => t.isolation === 'dedicated')
    .map((t) => flavor(flavorName(site.name, t), { site: site.name, pool: t.pool, tenant: t.name }, { [ISOLATION_LABELS.site]: site.name, ...t.nodeSelector }, t.tolerations, topologyName(site, pools.get(t.pool)!)));
  return [...poolFlavors, ...tenantFlavors];
}

function flavor(name: string, owner: Owner, nodeLabels: Readonly<Record<string, string>>, taints: readonly Taint[], topology: string | undefined): K8sObject {
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'ResourceFlavor',
    metadata: { name, labels: ownerLabels(owner) },
    spec: {
      nodeLabels: { ...nodeLabels },
      tolerations: taints.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect })),
      ...(topology ? { topologyName: topology } : {}),
    },
  };
}
