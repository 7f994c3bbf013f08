/**
 * The canonical Kubernetes object list of a site: every object the three emitters render
 * (manifests, Terraform, Pulumi), in one deterministic order.
 */
import type { ResolvedSite } from '../../constructs/resolved-site';
import { cohortObjects } from './cohort';
import { gpuOperatorObjects } from './gpu-operator';
import { type K8sObject, objectKey } from './k8s-object';
import { tenantNetworkPolicies } from './network-policies';
import { priorityClassObjects } from './priority-classes';
import { tenantQueueObjects } from './queues';
import { tenantQuotaObjects } from './quotas';
import { tenantRbacObjects } from './rbac';
import { resourceFlavorObjects } from './resource-flavors';
import { tenantNamespace } from './tenant-namespace';
import { topologyObjects } from './topology';
import { computeDomainObjects } from './compute-domains';
import { gpuTemplateObjects } from './gpu-templates';

/** Apply order within a group: what others depend on first (namespaces before their contents, flavors before queues). */
const KIND_ORDER = [
  'Namespace',
  'PriorityClass',
  'ConfigMap',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ResourceQuota',
  'LimitRange',
  'NetworkPolicy',
  'ClusterPolicy',
  'WorkloadPriorityClass',
  'Topology',
  'ResourceFlavor',
  'Cohort',
  'ClusterQueue',
  'LocalQueue',
  'ComputeDomain',
  'PodTemplate',
];

export function kubernetesObjects(site: ResolvedSite): K8sObject[] {
  const objects: K8sObject[] = [
    ...gpuOperatorObjects(site),
    ...priorityClassObjects(site),
    ...cohortObjects(site),
    ...topologyObjects(site),
    ...resourceFlavorObjects(site),
    ...site.tenants.flatMap((t) => [
      tenantNamespace(site, t),
      ...tenantQuotaObjects(site, t),
      ...tenantNetworkPolicies(site, t),
      ...tenantRbacObjects(site, t),
      ...tenantQueueObjects(site, t),
      ...computeDomainObjects(site, t),
      ...gpuTemplateObjects(site, t),
    ]),
  ];
  const keys = new Set<string>();
  for (const o of objects) {
    const key = objectKey(o);
    if (keys.has(key)) throw new Error(`internal: two objects named ${key}`);
    keys.add(key);
  }
  return objects.sort(compareObjects);
}

export function compareObjects(a: K8sObject, b: K8sObject): number {
  return (
    rank(a.kind) - rank(b.kind) ||
    cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    cmp(a.metadata.name, b.metadata.name)
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  if (i < 0) throw new Error(`internal: no apply order for kind ${kind}`);
  return i;
}
