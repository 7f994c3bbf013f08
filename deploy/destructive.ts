/**
 * Deletions that destroy more than configuration and so need --allow-destroy: a tenant
 * namespace (takes every object in it), a Kueue queue that still holds workloads, and a
 * Metal3 BareMetalHost (deprovisions the machine) or a Node.
 */
import type { KubeObject } from './kube-object';

export function destroyReason(live: KubeObject): string | undefined {
  switch (live.kind) {
    case 'Namespace':
      return 'deletes the namespace and everything in it';
    case 'BareMetalHost':
      return 'deprovisions the machine';
    case 'Node':
      return 'removes the node from the cluster';
    case 'ClusterQueue':
    case 'LocalQueue': {
      const s = (live.status ?? {}) as Record<string, unknown>;
      // Admitted workloads are a subset of those reserving quota; pending ones wait for quota.
      const count = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
      const n = count('pendingWorkloads') + Math.max(count('reservingWorkloads'), count('admittedWorkloads'));
      return n > 0 ? `still holds ${n} workload${n === 1 ? '' : 's'}` : undefined;
    }
    default:
      return undefined;
  }
}
