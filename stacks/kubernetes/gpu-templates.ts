/**
 * Each tenant's `gpu-job` PodTemplate: the pod spec a GPU job starts from. It is the one
 * place (with the GPU Operator's operands) that tolerates the pool's GPU taint, which keeps
 * CPU-only pods off GPU nodes and so out of NVLink domains; the tenant's ResourceFlavor
 * deliberately does not, since Kueue copies flavor tolerations into every pod it admits.
 *
 * On a rack-scale pool it also asks Kueue for one NVLink domain per pod set
 * (`podset-required-topology` at the domain level) and, for dedicated tenants, claims the
 * IMEX channel of the tenant's ComputeDomain. As written it lists the GPUs it got
 * (`nvidia-smi -L`), which makes it a smoke test of a tray; tenants replace image and command.
 */
import type { IPodTemplate, IToleration } from 'kubernetes-models/v1';
import type { ResolvedPool, ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import { channelClaimTemplateName, hasComputeDomain } from './compute-domains';
import { type K8sObject, ownerLabels } from './k8s-object';

export const GPU_TEMPLATE = 'gpu-job';
/** Kueue's annotation for a pod set that must fit in one value of a topology level. */
export const REQUIRED_TOPOLOGY = 'kueue.x-k8s.io/podset-required-topology';
/** NVIDIA's CUDA base image (multi-arch, so it runs on Grace trays too). */
export const SMOKE_IMAGE = 'nvcr.io/nvidia/cuda:12.8.0-base-ubuntu24.04';
const CHANNEL_CLAIM = 'nvlink-channel';

/** The tolerations a GPU pod of the tenant needs: its pool's and tenant's taints, and the GPU taint. */
export function gpuPodTolerations(pool: ResolvedPool, t: ResolvedTenant): IToleration[] {
  return [
    ...t.tolerations.map((x): IToleration => ({ key: x.key, operator: 'Equal', value: x.value, effect: x.effect })),
    { key: pool.gpuTaint.key, operator: 'Exists', effect: pool.gpuTaint.effect },
  ];
}

export function gpuTemplateObjects(site: ResolvedSite, t: ResolvedTenant): K8sObject[] {
  const pool = site.pools.find((p) => p.name === t.pool)!;
  const gpus = Math.min(pool.perNode.gpus * pool.gpuResource.perGpu, t.quotaGpuUnits);
  const claim = hasComputeDomain(t);
  const template: IPodTemplate & K8sObject = {
    apiVersion: 'v1',
    kind: 'PodTemplate',
    metadata: { name: GPU_TEMPLATE, namespace: t.name, labels: ownerLabels({ site: site.name, pool: t.pool, tenant: t.name }) },
    template: {
      metadata: pool.nvlink ? { annotations: { [REQUIRED_TOPOLOGY]: pool.nvlink.levels[1]! } } : {},
      spec: {
        restartPolicy: 'Never',
        nodeSelector: { ...t.nodeSelector },
        tolerations: gpuPodTolerations(pool, t),
        ...(claim ? { resourceClaims: [{ name: CHANNEL_CLAIM, resourceClaimTemplateName: channelClaimTemplateName(t) }] } : {}),
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'main',
            image: SMOKE_IMAGE,
            command: ['nvidia-smi', '-L'],
            resources: { limits: { [pool.gpuResource.name]: String(gpus) }, ...(claim ? { claims: [{ name: CHANNEL_CLAIM }] } : {}) },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    },
  };
  return [template];
}
