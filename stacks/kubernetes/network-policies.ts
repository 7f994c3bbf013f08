/**
 * A tenant's `NetworkPolicy`s: deny all ingress and egress by default, then allow traffic
 * within the namespace and DNS lookups to the cluster DNS in kube-system.
 */
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { type K8sObject, ownerLabels } from './k8s-object';

export function tenantNetworkPolicies(site: ResolvedSite, t: ResolvedTenant): K8sObject[] {
  const labels = ownerLabels({ site: site.name, pool: t.pool, tenant: t.name });
  const policy = (name: string, spec: INetworkPolicy['spec']): INetworkPolicy & K8sObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: t.name, labels },
    spec,
  });
  return [
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
  ];
}
