/**
 * A tenant's `ResourceQuota` (GPUs, CPU and memory requests: the pool's per-node shape ×
 * the tenant's share, as ResolvedSite computed it) and `LimitRange` (defaults, so pods
 * without requests still count against the quota, and a per-container ceiling of one node's
 * allocatable CPU and memory).
 */
import type { ResolvedPool, ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import type { ILimitRange, IResourceQuota } from 'kubernetes-models/v1';
import { hasComputeDomain } from './compute-domains';
import { gib, type K8sObject, ownerLabels } from './k8s-object';

/**
 * DRA device quotas (`<DeviceClass>.deviceclass.resource.k8s.io/devices`), on NVIDIA pools: whole
 * GPUs claimed through the DRA driver's `gpu.nvidia.com` class count against the same share
 * as the device plugin's (so enabling DRA GPU allocation cannot bypass the quota), and a
 * tenant with a ComputeDomain gets at most one IMEX channel per node it owns (the channel is
 * per node). MIG pools get no DRA GPU count: `mig.nvidia.com` devices are instances of any
 * size, so a count would not bound the tenant's share of GPUs.
 */
export function draDeviceQuota(pool: Pick<ResolvedPool, 'gpuResource' | 'mig'>, t: ResolvedTenant): Record<string, string> {
  if (!pool.gpuResource.name.startsWith('nvidia.com/')) return {};
  const key = (deviceClass: string) => `${deviceClass}.deviceclass.resource.k8s.io/devices`;
  return {
    ...(pool.mig ? {} : { [key('gpu.nvidia.com')]: String(t.quotaGpus) }),
    ...(hasComputeDomain(t) ? { [key('compute-domain-default-channel.nvidia.com')]: String(t.dedicatedNodes) } : {}),
  };
}

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
        ...draDeviceQuota(pool, t),
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
