/**
 * Kueue `ResourceFlavor`s: one per GPU pool, plus one per dedicated tenant. A flavor's
 * nodeLabels and tolerations are the labels and taints ResolvedSite gives the nodes (the
 * same ones the bare-metal target puts in kubelet args), so workloads Kueue admits to a
 * flavor land on exactly those nodes.
 *
 * The pool flavor tolerates only the pool taint, so it never reaches a dedicated tenant's
 * nodes (they carry a tenant taint too); a dedicated tenant's flavor selects its nodes by
 * the tenant label.
 *
 * Flavors are cluster-scoped and several sites may share one workload cluster, so each is
 * named after its site, and selects that site's nodes only (two sites may both call a pool
 * `h100-a`).
 */
import type { ResolvedSite, ResolvedTenant, Taint } from '../../constructs/resolved-site';
import { LABELS } from '../../constructs/platform';
import { type K8sObject, type Owner, ownerLabels } from './k8s-object';

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
  const poolFlavors = site.pools.map((p) =>
    flavor(poolFlavorName(site.name, p.name), { site: site.name, pool: p.name }, { [LABELS.site]: site.name, [LABELS.pool]: p.labels[LABELS.pool]! }, p.taints),
  );
  const tenantFlavors = site.tenants
    .filter((t) => t.isolation === 'dedicated')
    .map((t) => flavor(flavorName(site.name, t), { site: site.name, pool: t.pool, tenant: t.name }, { [LABELS.site]: site.name, ...t.nodeSelector }, t.tolerations));
  return [...poolFlavors, ...tenantFlavors];
}

function flavor(name: string, owner: Owner, nodeLabels: Readonly<Record<string, string>>, taints: readonly Taint[]): K8sObject {
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'ResourceFlavor',
    metadata: { name, labels: ownerLabels(owner) },
    spec: {
      nodeLabels: { ...nodeLabels },
      tolerations: taints.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect })),
    },
  };
}
