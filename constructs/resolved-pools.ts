/** The GPU part of ResolvedSite: pools, their nodes, and the tenants on them (see resolved-site.ts). */
import type { GpuModel, GpuSystem } from './catalog';
import type { Isolation, Tier } from './site-spec';

export interface NodeAddresses {
  readonly bmc?: string;
  readonly provisioning?: string;
  readonly node?: string;
}

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface ResolvedNode {
  /** Stable name: `<pool>-<index, 4 digits>`, e.g. `h100-a-0007`. */
  readonly name: string;
  readonly pool: string;
  /** 1-based, never reused within a pool. */
  readonly index: number;
  /** Rack name `<pool>-r<rack, 3 digits>` and slot (1-based) in it. */
  readonly rack: string;
  readonly slot: number;
  /** Tenant that owns the node (dedicated isolation), if any. */
  readonly tenant?: string;
  readonly addresses: NodeAddresses;
  /** Kubernetes node labels the kubelet registers (--node-labels): informational, never selected on for isolation. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * ISOLATION_LABELS (site, pool, and the owning tenant): what ResourceFlavors and tenant
   * templates select on. A kubelet may not set them, so rackshift deploy puts them on the Node.
   */
  readonly isolationLabels: Readonly<Record<string, string>>;
  /** Registered by the kubelet at join; NodeRestriction forbids it to change them afterwards. */
  readonly taints: readonly Taint[];
}

/**
 * The NVLink domains of a rack-scale pool (GB200/GB300 NVL72): each rack is one domain of
 * `nodesPerDomain` trays, and `racksPerBlock` racks form a block (a scalable unit of the
 * reference architecture), the level above domains in the pool's Kueue Topology.
 */
export interface ResolvedNvlink {
  readonly gpusPerDomain: number;
  readonly nodesPerDomain: number;
  readonly domains: number;
  readonly racksPerBlock: number;
  readonly blocks: number;
  /** Node labels of the Topology levels, top down: block, domain (the rack), hostname. */
  readonly levels: readonly string[];
}

export interface ResolvedPool {
  readonly name: string;
  readonly system: GpuSystem;
  readonly gpu: GpuModel;
  readonly zone: string;
  readonly tier: Tier;
  readonly nodesPerRack: number;
  /** Active nodes (declared nodes minus retired indices). */
  readonly nodeCount: number;
  readonly gpuCount: number;
  /** Power per node after any cap, kW. */
  readonly nodeKW: number;
  readonly powerCapKW?: number;
  /**
   * Power limit per GPU, W, that keeps a capped node inside powerCapKW (set with
   * `nvidia-smi -pl`): (cap − the node's non-GPU power) / GPUs, at most the GPU's TDP.
   */
  readonly gpuPowerLimitW?: number;
  /** Where the NVIDIA driver comes from (pool setting): the GPU Operator's container or the node image. */
  readonly driver: import('./site-spec').GpuDriverModel;
  readonly rackKW: number;
  readonly racks: number;
  readonly itKW: number;
  readonly facilityKW: number;
  /** Per-node allocatable shape used for quotas. */
  readonly perNode: { readonly gpus: number; readonly cpu: number; readonly memoryGiB: number };
  /** Labels every node of the pool carries (kubelet-registered, informational). */
  readonly labels: Readonly<Record<string, string>>;
  /** ISOLATION_LABELS every node of the pool carries (site and pool): the pool flavor's nodeLabels. */
  readonly isolationLabels: Readonly<Record<string, string>>;
  /** Taints every node of the pool carries (gpuTaint among them). */
  readonly taints: readonly Taint[];
  /**
   * The taint that keeps CPU-only pods off GPU nodes: its key is the GPU resource name, so
   * only pods that ask for GPUs tolerate it (tenant GPU templates and the GPU Operator's
   * operands; Kubernetes' ExtendedResourceToleration admission adds it to pods requesting the
   * resource). ResourceFlavors never tolerate it: Kueue would give that to every admitted pod.
   */
  readonly gpuTaint: Taint;
  /** Rack-scale systems only: the pool's NVLink domains. */
  readonly nvlink?: ResolvedNvlink;
  readonly mig?: { readonly strategy: 'single' | 'mixed'; readonly profile?: string };
  /**
   * The extended resource a node of this pool advertises for its GPUs and how many units one
   * physical GPU counts for: `nvidia.com/gpu` × 1 without MIG, × 7 with MIG single 1g.10gb,
   * `nvidia.com/mig-1g.10gb` × 7 with MIG mixed, `amd.com/gpu` × 1 on AMD.
   */
  readonly gpuResource: { readonly name: string; readonly perGpu: number };
  readonly bios?: Readonly<Record<string, string>>;
  /** First address offset (in each network) of the pool's block, and the block size. */
  readonly addressBlock: { readonly offset: number; readonly size: number };
  readonly nodes: readonly ResolvedNode[];
  /** GPUs not given to any tenant. */
  readonly unallocatedGpus: number;
}

export interface ResolvedTenant {
  readonly name: string;
  readonly pool: string;
  /** GPUs the tenant asked for. */
  readonly gpus: number;
  readonly isolation: Isolation;
  /** Dedicated: whole nodes given (ceil(gpus / gpusPerNode); on rack-scale pools, whole domains' nodes); shared: 0. */
  readonly dedicatedNodes: number;
  /** Dedicated tenants on rack-scale pools: whole NVLink domains given (ceil(gpus / gpusPerDomain)). */
  readonly nvlinkDomains?: number;
  /** Physical GPUs the tenant's quota grants: its ask. */
  readonly quotaGpus: number;
  /** The same quota in the units the pool's nodes advertise (see ResolvedPool.gpuResource). */
  readonly quotaGpuResource: string;
  readonly quotaGpuUnits: number;
  readonly quotaCpu: number;
  readonly quotaMemoryGiB: number;
  readonly nodeNames: readonly string[];
  readonly admins: readonly string[];
  readonly priority: number;
  readonly podSecurity: 'privileged' | 'baseline' | 'restricted';
  readonly borrowing: boolean;
  /** ISOLATION_LABELS that select the tenant's nodes (the pool's, plus the tenant's when dedicated). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Tolerations the tenant's pods need for those nodes. */
  readonly tolerations: readonly Taint[];
}
