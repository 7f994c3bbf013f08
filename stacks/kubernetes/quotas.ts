/**
 * A tenant's `ResourceQuota` (GPUs, CPU and memory requests: the pool's per-node shape ×
 * the tenant's share, as ResolvedSite computed it) and `LimitRange` (defaults, so pods
 * without requests still count against the quota, and a per-container ceiling of one node's
 * allocatable CPU and memory).
 */
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import type { ILimitRange, IResourceQuota } from 'kubernetes-models/v1';
import { gib, type K8sObject, ownerLabels } from './k8s-object';

export function tenantQuotaObjects(site: ResolvedSite, t: ResolvedTenant): K8sObject[] {
  const pool = site.pools.find((p) => p.name === t.pool)!;
  const labels = ownerLabels({ site: site.name, pool: t.pool, tenant: t.name });
  const quota: IResourceQuota & K8sObject = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'rackshift-quota', namespace: t.name, labels },
    spec: {
      hard: {
        // In the units the nodes advertise: MIG instances on MIG pools, amd.com/gpu on AMD.
        [`requests.${t.quotaGpuResource}`]: String(t.quotaGpuUnits),
        'requests.cpu': String(t.quotaCpu),
        'requests.memory': gib(t.quotaMemoryGiB),
      },
    },
  };
  const node = { cpu: String(pool.perNode.cpu), memory: gib(pool.perNode.memoryGiB) };
  const limits: ILimitRange & K8sObject = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'rackshift-limits', namespace: t.name, labels },
    spec: {
      limits: [
        {
          type: 'Container',
          // Requests for containers that give none, so they still count against the quota.
          defaultRequest: { cpu: '500m', memory: '1Gi' },
          // The default limit is the ceiling (what the API server would fill in; written out so
          // Terraform and Pulumi see no drift): a smaller one would reject pods that request more.
          default: node,
          max: node,
        },
      ],
    },
  };
  return [quota, limits];
}
