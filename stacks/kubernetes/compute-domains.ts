/**
 * NVIDIA ComputeDomains (resource.nvidia.com/v1beta1, the DRA driver's CRD) for multi-node
 * NVLink: one per dedicated tenant on a rack-scale pool, in the tenant's namespace. The DRA
 * driver writes the ResourceClaimTemplate the domain names; a pod that claims a channel from
 * it gets the IMEX channel, and the driver runs IMEX on exactly the nodes such pods land on.
 *
 * numNodes is 0: with the driver's default IMEXDaemonsWithDNSNames the domain is elastic,
 * and jobs of any size (up to the tenant's domains) share it. A tenant that wants one IMEX
 * domain per job creates its own ComputeDomains (its Role allows them; docs/kubernetes.md).
 */
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import { type K8sObject, ownerLabels } from './k8s-object';

export const COMPUTE_DOMAIN_VERSION = 'resource.nvidia.com/v1beta1';

/** Whether the tenant gets a ComputeDomain: dedicated, on a rack-scale pool. */
export function hasComputeDomain(t: Pick<ResolvedTenant, 'nvlinkDomains'>): boolean {
  return (t.nvlinkDomains ?? 0) > 0;
}

export const computeDomainName = (t: Pick<ResolvedTenant, 'name'>): string => `${t.name}-nvlink`;
/** The ResourceClaimTemplate the DRA driver creates for the domain's channel; pods name it. */
export const channelClaimTemplateName = (t: Pick<ResolvedTenant, 'name'>): string => `${t.name}-nvlink-channel`;

export function computeDomainObjects(site: ResolvedSite, t: ResolvedTenant): K8sObject[] {
  if (!hasComputeDomain(t)) return [];
  return [
    {
      apiVersion: COMPUTE_DOMAIN_VERSION,
      kind: 'ComputeDomain',
      metadata: { name: computeDomainName(t), namespace: t.name, labels: ownerLabels({ site: site.name, pool: t.pool, tenant: t.name }) },
      spec: {
        numNodes: 0,
        channel: { allocationMode: 'Single', resourceClaimTemplate: { name: channelClaimTemplateName(t) } },
      },
    },
  ];
}
