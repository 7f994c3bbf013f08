/**
 * Kueue `ResourceFlavor`s: one per GPU pool, plus one per dedicated tenant. A flavor's
 * nodeLabels and tolerations are the labels and taints ResolvedSite gives the nodes (the
 * same ones the bare-metal target puts in kubelet args), so workloads Kueue admits to a
 * flavor land on exactly those nodes.
 *
 * The pool flavor tolerates only the pool taint, so it never reaches a dedicated tenant's
 * nodes (they carry a tenant taint too); a dedicated tenant's flavor selects its nodes by
 * the tenant label.
 */
import type { ResolvedSite, ResolvedTenant, Taint } from '../../constructs/resolved-site';
import { LABELS } from '../../constructs/platform';
import { type K8sObject, type Owner, ownerLabels } from './k8s-object';

/** Flavor a tenant's quota is on: its own when dedicated, the pool's when shared. */
export function flavorName(t: Pick<ResolvedTenant, 'name' | 'pool' | 'isolation'>): string {
  // A dot cannot occur in a pool or tenant name, so `<pool>.<tenant>` never collides with a pool flavor.
  return t.isolation === 'dedicated' ? `${t.pool}.${t.name}` : t.pool;
}

export function resourceFlavorObjects(site: ResolvedSite): K8sObject[] {
  const poolFlavors = site.pools.map((p) =>
    flavor(p.name, { site: site.name, pool: p.name }, { [LABELS.pool]: p.labels[LABELS.pool]! }, p.taints),
  );
  const tenantFlavors = site.tenants
    .filter((t) => t.isolation === 'dedicated')
    .map((t) => flavor(flavorName(t), { site: site.name, pool: t.pool, tenant: t.name }, t.nodeSelector, t.tolerations));
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
