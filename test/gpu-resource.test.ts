/**
 * Quotas count what nodes advertise: MIG instances on MIG pools (NVIDIA MIG User Guide:
 * H100 80GB 1g.10gb ×7, 1g.20gb ×4, 2g.20gb ×3, 3g.40gb ×2, 4g.40gb ×1, 7g.80gb ×1), the
 * MIG resource name under the mixed strategy, and amd.com/gpu on AMD systems.
 */
import { describe, expect, it } from 'vitest';
import { GPU_MODELS } from '../constructs/catalog';
import { migInstancesPerGpu } from '../constructs/mig';
import { mutate, resolveErrors, resolveText } from './helpers/fixture';

const H100 = '- { name: h100-a, system: dgx-h100, nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N }';
const ACME = '- { name: acme, pool: h100-a, gpus: 1024, isolation: dedicated, admins: [acme-admins] }';

describe('GPU resources and MIG', () => {
  it('counts MIG instances per GPU as NVIDIA publishes them', () => {
    const h100 = GPU_MODELS['h100-sxm']!;
    expect(['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'].map((p) => migInstancesPerGpu(h100, p))).toEqual([7, 4, 3, 2, 1, 1]);
    expect(migInstancesPerGpu(GPU_MODELS['h200-sxm']!, '1g.18gb')).toBe(7);
    expect(migInstancesPerGpu(h100, '1g.18gb')).toBeUndefined();
  });

  it('MIG single: the quota is in nvidia.com/gpu instances (1,024 GPUs × 7 = 7,168)', () => {
    const site = resolveText(mutate([[H100, H100.replace('tier: 2N }', 'tier: 2N, mig: { strategy: single, profile: 1g.10gb } }')]]));
    const acme = site.tenants.find((t) => t.name === 'acme')!;
    expect([acme.quotaGpus, acme.quotaGpuResource, acme.quotaGpuUnits]).toEqual([1024, 'nvidia.com/gpu', 7168]);
  });

  it('MIG mixed with a profile: the quota is in nvidia.com/mig-<profile> (1,024 × 3 = 3,072)', () => {
    const site = resolveText(mutate([[H100, H100.replace('tier: 2N }', 'tier: 2N, mig: { strategy: mixed, profile: 2g.20gb } }')]]));
    const acme = site.tenants.find((t) => t.name === 'acme')!;
    expect([acme.quotaGpuResource, acme.quotaGpuUnits]).toEqual(['nvidia.com/mig-2g.20gb', 3072]);
    // The MIG manager cuts the pool's GPUs into that profile, the units the quota counts (not a balanced mix).
    const pool = site.pools.find((p) => p.name === 'h100-a')!;
    expect(pool.labels['nvidia.com/mig.config']).toBe('all-2g.20gb');
    expect(pool.labels['nvidia.com/device-plugin.config']).toBe('mig-mixed');
  });

  it('AMD systems quota amd.com/gpu', () => {
    const site = resolveText(
      mutate([
        [H100, H100.replace('system: dgx-h100', 'system: mi300x-8gpu')],
        [ACME, ACME],
      ]),
    );
    const acme = site.tenants.find((t) => t.name === 'acme')!;
    expect([acme.quotaGpuResource, acme.quotaGpuUnits]).toEqual(['amd.com/gpu', 1024]);
  });

  it('rejects a profile the GPU lacks and MIG on a GPU without it, listing what exists', () => {
    const errors = resolveErrors(mutate([[H100, H100.replace('tier: 2N }', 'tier: 2N, mig: { strategy: single, profile: 1g.18gb } }')]]));
    const mig = errors.find((d) => d.rule === 'rackshift:pool/mig')!;
    expect(mig.path).toBe('spec.gpuPools[0].mig.profile');
    expect(mig.message).toMatch(/has no MIG profile "1g\.18gb" \(profiles: 1g\.10gb, 1g\.20gb, 2g\.20gb, 3g\.40gb, 4g\.40gb, 7g\.80gb\)/);
  });
});
