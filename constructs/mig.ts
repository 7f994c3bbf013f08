/**
 * What Kubernetes counts when a pool uses MIG. With the `single` strategy the device plugin
 * advertises every MIG instance as one `nvidia.com/gpu`; with `mixed` it advertises
 * `nvidia.com/mig-<profile>`. Quotas in physical GPUs would then be far too small, so the
 * resolver turns a tenant's GPUs into the units the node really advertises.
 */
import type { GpuModel } from './catalog';

/**
 * Instances of `profile` that fit on one GPU of a 7-slice MIG GPU (H100, H200, B200).
 * Source: NVIDIA MIG User Guide, "Supported MIG profiles" (e.g. H100 80GB: 1g.10gb ×7,
 * 1g.20gb ×4, 2g.20gb ×3, 3g.40gb ×2, 4g.40gb ×1, 7g.80gb ×1; H200 and B200 alike).
 * Undefined when the GPU does not list the profile.
 */
export function migInstancesPerGpu(gpu: GpuModel, profile: string): number | undefined {
  if (!gpu.migProfiles.includes(profile)) return undefined;
  const parsed = /^(\d)g\.(\d+)gb$/.exec(profile);
  if (!parsed) return undefined;
  const slices = Number(parsed[1]);
  if (slices === 1) {
    // The 1g profile with the least memory fits 7 times; the 1g profile with twice the memory, 4.
    const oneSliceMemory = gpu.migProfiles.filter((p) => p.startsWith('1g.')).map((p) => Number(/(\d+)gb$/.exec(p)?.[1]));
    return Number(parsed[2]) === Math.min(...oneSliceMemory) ? 7 : 4;
  }
  return ({ 2: 3, 3: 2, 4: 1, 7: 1 } as Record<number, number>)[slices];
}
