/**
 * A tenant's Kueue queues: a `ClusterQueue` holding the tenant's quota on its flavor (GPUs,
 * CPU, memory from ResolvedSite), selecting only the tenant's namespace, in the site cohort
 * when there is one; and the `LocalQueue` in the namespace that jobs name.
 *
 * Borrowing: tenants that allow it may use idle quota of other queues in the cohort on the
 * same flavor (a shared pool); others get borrowingLimit 0. Dedicated tenants lend nothing,
 * since no other queue can run on their nodes.
 */
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import { gib, type K8sObject, ownerLabels } from './k8s-object';
import { flavorName } from './resource-flavors';

/** Resources a tenant's queue covers, in the order Kueue requires flavors to list them. */
export function queueResources(t: Pick<ResolvedTenant, 'quotaGpuResource'>): string[] {
  return ['cpu', 'memory', t.quotaGpuResource];
}
export const localQueueName = (t: Pick<ResolvedTenant, 'name'>): string => t.name;
/** A tenant's ClusterQueue: named after the tenant (a tenant's name is unique in its cluster, being its namespace). */
export const clusterQueueName = (t: Pick<ResolvedTenant, 'name'>): string => t.name;

export function tenantQueueObjects(site: ResolvedSite, t: ResolvedTenant): K8sObject[] {
  const labels = ownerLabels({ site: site.name, pool: t.pool, tenant: t.name });
  const nominal: Record<string, string> = {
    cpu: String(t.quotaCpu),
    memory: gib(t.quotaMemoryGiB),
    [t.quotaGpuResource]: String(t.quotaGpuUnits),
  };
  const inCohort = site.cohort !== undefined;
  const limits = (r: string) => ({
    ...(inCohort && !t.borrowing ? { borrowingLimit: '0' } : {}),
    ...(inCohort && t.isolation === 'dedicated' ? { lendingLimit: '0' } : {}),
    name: r,
    nominalQuota: nominal[r],
  });
  const clusterQueue: K8sObject = {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'ClusterQueue',
    metadata: { name: clusterQueueName(t), labels },
    spec: {
      ...(site.cohort ? { cohortName: site.cohort.name } : {}),
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': t.name } },
      queueingStrategy: 'BestEffortFIFO',
      preemption: {
        withinClusterQueue: 'LowerPriority',
        // Lent quota comes back when its owner needs it, whatever the borrower's priority.
        reclaimWithinCohort: inCohort ? 'Any' : 'Never',
        borrowWithinCohort: { policy: 'Never' },
      },
      resourceGroups: [{ coveredResources: queueResources(t), flavors: [{ name: flavorName(site.name, t), resources: queueResources(t).map(limits) }] }],
    },
  };
  const localQueue: K8sObject = {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'LocalQueue',
    metadata: { name: localQueueName(t), namespace: t.name, labels },
    spec: { clusterQueue: clusterQueueName(t) },
  };
  return [clusterQueue, localQueue];
}
