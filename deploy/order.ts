/**
 * The order that works on an empty cluster: CRDs, then namespaces, then other cluster-scoped
 * kinds, then namespaced kinds, custom resources after built-ins. Pruning deletes in reverse.
 */
import { groupOf, type ObjectRef } from './kube-object';

/** Kinds whose relative order matters: what an object refers to comes before it. */
const KIND_ORDER = [
  'CustomResourceDefinition',
  'Namespace',
  'PriorityClass',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'ResourceQuota',
  'LimitRange',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'Role',
  'RoleBinding',
  'NetworkPolicy',
  'Service',
  // Kueue: topologies before the flavors that name them, flavors and cohorts before the queues
  // that name them, cluster queues before local ones.
  'Topology',
  'ResourceFlavor',
  'Cohort',
  'WorkloadPriorityClass',
  'ClusterQueue',
  'LocalQueue',
];

/** Built-in API groups (not served by CRDs). */
export const BUILT_IN_GROUP = /(^$|\.k8s\.io$|^apps$|^batch$|^policy$|^autoscaling$)/;

export function applyRank(ref: ObjectRef, namespaced: boolean): number {
  if (ref.kind === 'CustomResourceDefinition') return 0;
  if (ref.kind === 'Namespace') return 1;
  const custom = !BUILT_IN_GROUP.test(groupOf(ref.apiVersion));
  return 2 + (namespaced ? 1 : 0) + (custom ? 2 : 0);
}

export function compareForApply<T>(key: (t: T) => { ref: ObjectRef; namespaced: boolean }): (a: T, b: T) => number {
  return (x, y) => {
    const a = key(x);
    const b = key(y);
    return (
      applyRank(a.ref, a.namespaced) - applyRank(b.ref, b.namespaced) ||
      kindIndex(a.ref.kind) - kindIndex(b.ref.kind) ||
      cmp(a.ref.kind, b.ref.kind) ||
      cmp(a.ref.namespace ?? '', b.ref.namespace ?? '') ||
      cmp(a.ref.name, b.ref.name)
    );
  };
}

function kindIndex(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
