/**
 * The site's Kueue `Cohort`, when the site lets tenants borrow idle GPUs: every tenant's
 * ClusterQueue joins it; only tenants that allow borrowing may take more than their quota.
 */
import type { ResolvedSite } from '../../constructs/resolved-site';
import { type K8sObject, ownerLabels } from './k8s-object';

export function cohortObjects(site: ResolvedSite): K8sObject[] {
  if (!site.cohort) return [];
  return [{ apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'Cohort', metadata: { name: site.cohort.name, labels: ownerLabels({ site: site.name }) }, spec: {} }];
}
