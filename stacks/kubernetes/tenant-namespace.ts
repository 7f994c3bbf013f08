/**
 * A tenant's `Namespace`, with Pod Security Admission enforcing the tenant's level
 * (restricted unless the site says otherwise) and auditing and warning at the same level.
 */
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import type { INamespace } from 'kubernetes-models/v1';
import { type K8sObject, ownerLabels } from './k8s-object';

export function tenantNamespace(site: ResolvedSite, t: ResolvedTenant): K8sObject {
  const ns: INamespace & K8sObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: t.name,
      labels: {
        ...ownerLabels({ site: site.name, pool: t.pool, tenant: t.name }),
        'pod-security.kubernetes.io/enforce': t.podSecurity,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': t.podSecurity,
        'pod-security.kubernetes.io/warn': t.podSecurity,
      },
    },
  };
  return ns;
}
