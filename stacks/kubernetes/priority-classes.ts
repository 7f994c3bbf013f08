/**
 * One `PriorityClass` (for pods) and one Kueue `WorkloadPriorityClass` (for queueing and
 * preemption) per distinct tenant priority, both named `<site>-priority-<value>`: both kinds
 * are cluster-scoped, and a site sharing a workload cluster with another must neither take
 * over nor prune the other's classes.
 */
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import type { IPriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1';
import { type K8sObject, ownerLabels } from './k8s-object';

export const priorityClassName = (site: string, t: Pick<ResolvedTenant, 'priority'>): string => `${site}-priority-${t.priority}`;

export function priorityClassObjects(site: ResolvedSite): K8sObject[] {
  const values = [...new Set(site.tenants.map((t) => t.priority))].sort((a, b) => a - b);
  return values.flatMap((value): K8sObject[] => {
    const name = priorityClassName(site.name, { priority: value });
    // Sorted, so reordering tenants in the site file changes nothing here.
    const users = site.tenants.filter((t) => t.priority === value).map((t) => t.name).sort().join(', ');
    const description = `rackshift tenant priority ${value} (${users})`;
    const labels = ownerLabels({ site: site.name });
    const pc: IPriorityClass & K8sObject = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name, labels },
      value,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description,
    };
    const wpc: K8sObject = { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'WorkloadPriorityClass', metadata: { name, labels }, value, description };
    return [pc, wpc];
  });
}
