/**
 * Shapes of hardware catalog entries. The figures themselves live in
 * `catalog.ts`, each with its source beside it.
 */

/** How a piece of hardware must be cooled. */
export type CoolingNeed = 'air' | 'liquid' | 'hydro' | 'immersion';

export interface AsicModel {
  /** Catalog id, DNS-1123 style, e.g. `antminer-s21-xp`. */
  readonly id: string;
  readonly vendor: string;
  readonly displayName: string;
  /** Nameplate hashrate, TH/s. */
  readonly hashrateTHs: number;
  /** Nameplate power at the wall, W. */
  readonly wallW: number;
  /** Efficiency, J/TH (wallW / hashrateTHs, as published). */
  readonly efficiencyJTH: number;
  readonly cooling: CoolingNeed;
  /** Miners that fit one rack position (shelf or rack) on the floor; a site may override per fleet. */
  readonly unitsPerRack: number;
  /** Where the figures come from. */
  readonly source: string;
}

export interface GpuModel {
  readonly id: string;
  readonly displayName: string;
  /** Thermal design power per GPU, W. */
  readonly tdpW: number;
  /** Extended resource name the device plugin advertises. */
  readonly resourceName: 'nvidia.com/gpu' | 'amd.com/gpu';
  /** Label value of `nvidia.com/gpu.product` (or the AMD equivalent) on nodes. */
  readonly productLabel: string;
  readonly memoryGB: number;
  /** MIG profiles the GPU supports (NVIDIA only), e.g. `1g.10gb`. Empty when MIG is unsupported. */
  readonly migProfiles: readonly string[];
  /** Range the driver accepts for `nvidia-smi --power-limit` (Min/Max Power Limit), W, where sourced. */
  readonly powerLimitW?: { readonly min: number; readonly max: number; readonly source: string };
  readonly source: string;
}

/** CPU architecture of a system's host processors: picks the boot files and Tinkerbell's arch. */
export type CpuArch = 'x86_64' | 'aarch64';

/** A set of identical drives. `sizeGB` in decimal GB, as sold (1.92 TB = 1920). */
export interface DriveSet {
  readonly count: number;
  readonly sizeGB?: number;
  readonly formFactor: 'M.2' | 'U.2' | 'E1.S';
}
export interface SystemStorage {
  readonly os: DriveSet;
  /** Data/cache drives next to the OS drives (what a size-only root-device hint would also match). */
  readonly data?: DriveSet;
  readonly source: string;
}

export interface GpuSystem {
  readonly id: string;
  readonly vendor: string;
  readonly displayName: string;
  /** GPU model id (key of GPU_MODELS). */
  readonly gpu: string;
  /** GPUs in one Kubernetes node (for rack-scale systems: one compute tray). */
  readonly gpusPerNode: number;
  /** Maximum power of one node at the wall, kW (rack-scale: rack kW / nodes per rack, switches included). */
  readonly nodeMaxKW: number;
  /** Rack units of one node; `undefined` for rack-scale systems. */
  readonly rackUnits?: number;
  /** Rack-scale systems (GB200 NVL72): the rack is the unit; nodes per rack are fixed. */
  readonly rackScale?: { readonly nodesPerRack: number; readonly rackKW: number };
  /** Nodes per rack recommended by the vendor reference architecture (non rack-scale). */
  readonly recommendedNodesPerRack: number;
  readonly cooling: CoolingNeed;
  /** Host CPU architecture (GB200/GB300 trays: Grace, aarch64). */
  readonly cpuArch: CpuArch;
  /** CPU cores and memory of one node. */
  readonly cpuCores: number;
  /**
   * Logical CPUs (hardware threads) of one node: what the kubelet advertises as `cpu`, so what
   * quotas count. Cores × 2 on x86 with Hyper-Threading/SMT on; Grace has no SMT.
   */
  readonly cpuThreads: number;
  /** Local drives as shipped, where the vendor documents them: which are the OS drives. */
  readonly storage?: SystemStorage;
  /** Redfish ComputerSystem id of the system's BMC, where it is not the vendor's usual one. */
  readonly redfishSystemId?: string;
  readonly memoryGiB: number;
  /** Compute-fabric NICs per node and their speed. */
  readonly fabricNics: number;
  readonly fabricGbps: number;
  /** Default BMC protocol for Metal3: redfish-virtualmedia, idrac-virtualmedia, ipmi, ... */
  readonly bmcDriver: 'redfish-virtualmedia' | 'idrac-virtualmedia' | 'ilo5-virtualmedia' | 'ipmi';
  /** Weeks from order to delivery that sizing assumes for this system. */
  readonly leadTimeWeeks: number;
  readonly source: string;
}
