/**
 * GPU systems (fact sheet §2.1 per-system table, §2.2 SuperPOD RAs).
 *
 * leadTimeWeeks — rackshift planning defaults in the 12–26 week band (no source in the
 * fact sheet): 12 for mature Hopper / PCIe, 16 for H200-class and MI300X, 20 for B200,
 * 26 for B300 and rack-scale NVL72.
 * bmcDriver — rackshift default Metal3 driver per vendor BMC (Dell → iDRAC, others Redfish).
 */
import type { GpuSystem } from './types';
import { byId } from './freeze';

const DGX_POWER = 'https://unanswered.io/guide/nvidia-dgx-power-consumption-watts';
const DGX_STORAGE = 'domain facts 2026-12 (additions): DGX storage, 2 × 1.92 TB M.2 NVMe OS (RAID-1) + 8 × 3.84 TB U.2 NVMe cache';
const DGX_H100_RA = 'https://unanswered.io/guide/nvidia-h100-gpu-density-per-node-rack';

const SYSTEM_LIST: readonly GpuSystem[] = [
  {
    id: 'dgx-h100',
    vendor: 'NVIDIA',
    displayName: 'NVIDIA DGX H100',
    gpu: 'h100-sxm',
    gpusPerNode: 8, // fact sheet §2.1
    nodeMaxKW: 10.2, // fact sheet §2.1 (unanswered.io DGX power guide)
    rackUnits: 8, // fact sheet §2.1
    recommendedNodesPerRack: 4, // fact sheet §2.2 (DGX H100 SuperPOD RA, 4 × 10.2 = 40.8 kW)
    cooling: 'air', // fact sheet §2.1 (1,105 CFM)
    cpuArch: 'x86_64',
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480C
    cpuThreads: 224, // domain facts 2026-12 (additions): a DGX H100/H200 shows 224 CPUs to Kubernetes (Hyper-Threading)
    storage: { os: { count: 2, sizeGB: 1920, formFactor: 'M.2' }, data: { count: 8, sizeGB: 3840, formFactor: 'U.2' }, source: DGX_STORAGE },
    memoryGiB: 2048, // vendor datasheet spec (not in fact sheet): 2 TB
    fabricNics: 8, // fact sheet §2.1 (8 × ConnectX-7)
    fabricGbps: 400, // fact sheet §2.1
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 12, // rackshift planning default
    source: `${DGX_POWER} ; ${DGX_H100_RA}`,
  },
  {
    id: 'dgx-h200',
    vendor: 'NVIDIA',
    displayName: 'NVIDIA DGX H200',
    gpu: 'h200-sxm',
    gpusPerNode: 8, // fact sheet §2.1
    nodeMaxKW: 10.2, // fact sheet §2.1 (14.3 kW only with the Custom Thermal Solution)
    rackUnits: 8, // fact sheet §2.1
    recommendedNodesPerRack: 4, // rackshift planning default, same RA layout as DGX H100 (fact sheet §2.2)
    cooling: 'air', // fact sheet §2.1
    cpuArch: 'x86_64',
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480C
    cpuThreads: 224, // domain facts 2026-12 (additions): a DGX H100/H200 shows 224 CPUs to Kubernetes (Hyper-Threading)
    storage: { os: { count: 2, sizeGB: 1920, formFactor: 'M.2' }, data: { count: 8, sizeGB: 3840, formFactor: 'U.2' }, source: DGX_STORAGE },
    memoryGiB: 2048, // vendor datasheet spec (not in fact sheet): 2 TB
    fabricNics: 8, // fact sheet §2.1 (8 × 400G compute)
    fabricGbps: 400, // fact sheet §2.1
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 16, // rackshift planning default
    source:
      'https://raw.githubusercontent.com/mlcommons/inference_results_v4.1/main/closed/NVIDIA/systems/H200-SXM-141GBx8_TRT_MaxQ.json ; DGX H200 datasheet as quoted by a catalog [secondary]',
  },
  {
    id: 'dgx-b200',
    vendor: 'NVIDIA',
    displayName: 'NVIDIA DGX B200',
    gpu: 'b200',
    gpusPerNode: 8, // fact sheet §2.1
    nodeMaxKW: 14.3, // fact sheet §2.1 (DGX B200 user guide, as quoted)
    rackUnits: 10, // fact sheet §2.1
    // derived: the B200 SuperPOD RA example gives ">25 kW" per rack (§2.2) → 2 × 14.3 = 28.6 kW
    recommendedNodesPerRack: 2,
    cooling: 'air', // fact sheet §2.1 (1,550 CFM)
    cpuArch: 'x86_64',
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8570
    cpuThreads: 224, // domain facts 2026-12 (additions): DGX B200 likewise (2 × 56 cores, Hyper-Threading)
    storage: { os: { count: 2, sizeGB: 1920, formFactor: 'M.2' }, data: { count: 8, sizeGB: 3840, formFactor: 'U.2' }, source: DGX_STORAGE },
    memoryGiB: 2048, // vendor datasheet spec (not in fact sheet): 2 TB (4 TB option)
    fabricNics: 8, // fact sheet §2.1 (8 × CX-7 NDR)
    fabricGbps: 400, // fact sheet §2.1
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 20, // rackshift planning default
    source:
      'https://docs.nvidia.com/dgx/dgxb200-user-guide/introduction-to-dgxb200.html ; https://raw.githubusercontent.com/mlcommons/inference_results_v6.0/main/closed/Nebius/systems/nebius_b200_n1.json',
  },
  {
    id: 'dgx-b300',
    vendor: 'NVIDIA',
    displayName: 'NVIDIA DGX B300',
    gpu: 'b300',
    gpusPerNode: 8, // fact sheet §2.2 (72 nodes per SU = 576 GPUs → 8 per node, derived)
    // Checked: fact sheet 2026-12 corrections report ≈ 14.5 kW per system (NVIDIA DGX B300 user
    // guide, as reported; the guide itself was not opened), above the RA's ~56 kW / 4 = 14 kW per
    // rack share (§2.2). Sized at the higher figure; 4 per rack = 58 kW.
    nodeMaxKW: 14.5,
    rackUnits: 10, // vendor datasheet spec (not in fact sheet)
    recommendedNodesPerRack: 4, // fact sheet §2.2 (B300 SuperPOD RA, AC / EIA racks)
    cooling: 'air', // vendor datasheet spec (not in fact sheet): air-cooled DGX; needs RDHx at 56 kW racks
    cpuArch: 'x86_64',
    cpuCores: 128, // vendor datasheet spec (not in fact sheet): 2 × Xeon 6776P
    cpuThreads: 256, // derived: cores × 2 (Hyper-Threading/SMT on, the BIOS default)
    memoryGiB: 2048, // vendor datasheet spec (not in fact sheet): 2 TB (4 TB option)
    fabricNics: 8, // vendor datasheet spec (not in fact sheet): 8 × ConnectX-8
    fabricGbps: 800, // vendor datasheet spec (not in fact sheet)
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 26, // rackshift planning default
    source:
      'https://docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300-xdr/latest/dgx-superpod-architecture.html',
  },
  {
    id: 'hgx-h100-air',
    vendor: 'Dell',
    displayName: 'Dell PowerEdge XE9680 (HGX H100 8-GPU)',
    gpu: 'h100-sxm',
    gpusPerNode: 8, // fact sheet §2.1
    // Planning figure, gap in sources: measured system max not found (6 PSUs / 19.2 kW installed,
    // 3+3); fact sheet says plan ≈10–11 kW like DGX → 11 kW.
    nodeMaxKW: 11,
    rackUnits: 6, // fact sheet §2.1
    recommendedNodesPerRack: 4, // rackshift planning default, mirrors the DGX H100 RA (fact sheet §2.2)
    cooling: 'air', // fact sheet §2.1 (XE9680L variant is DLC)
    cpuArch: 'x86_64',
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480+
    cpuThreads: 224, // derived: cores × 2 (Hyper-Threading/SMT on, the BIOS default)
    memoryGiB: 2048, // vendor datasheet spec (not in fact sheet): typical 2 TB config (max 4 TB)
    fabricNics: 8, // fact sheet §2.1 (8 × 400 Gb InfiniBand)
    fabricGbps: 400, // fact sheet §2.1
    bmcDriver: 'idrac-virtualmedia',
    leadTimeWeeks: 12, // rackshift planning default
    source:
      'https://www.storagereview.com/it/review/dell-poweredge-xe9680-the-ultimate-ai-powerhouse ; https://github.com/mlcommons/inference_results_v3.1/blob/main/closed/Dell/systems/XE9680_H100_SXM_80GBx8_TRT.json',
  },
  {
    id: 'supermicro-hgx-h200',
    vendor: 'Supermicro',
    displayName: 'Supermicro SYS-821GE-TNHR (HGX H200 8-GPU)',
    gpu: 'h200-sxm',
    gpusPerNode: 8, // fact sheet §2.1
    nodeMaxKW: 10.2, // planning figure, gap in sources: PSU rating not found; planned like DGX H200 (10.2 kW)
    rackUnits: 8, // fact sheet §2.1
    // derived: chassis targets 50–60 kW racks (fact sheet §2.1) → 4 × 10.2 = 40.8 kW fits; 5 would be 51 kW
    recommendedNodesPerRack: 4,
    cooling: 'air', // fact sheet §2.1
    cpuArch: 'x86_64',
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480+
    cpuThreads: 224, // derived: cores × 2 (Hyper-Threading/SMT on, the BIOS default)
    memoryGiB: 2048, // vendor datasheet spec (not in fact sheet): typical 2 TB config
    fabricNics: 8, // planning figure, gap in sources ("—" in fact sheet): 1 × 400G per GPU like HGX peers
    fabricGbps: 400, // planning figure, gap in sources
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 16, // rackshift planning default
    source: 'http://www.mynw.cn/news/484475.html',
  },
  {
    id: 'gb200-nvl72',
    vendor: 'NVIDIA',
    displayName: 'NVIDIA GB200 NVL72 (rack-scale)',
    gpu: 'gb200',
    gpusPerNode: 4, // fact sheet §2.1 (18 × 1U compute trays with 4 GPUs each)
    nodeMaxKW: 6.67, // derived: 120 kW / 18 trays = 6.666… → 6.67 (switch trays included)
    rackScale: { nodesPerRack: 18, rackKW: 120 }, // fact sheet §2.1 (~120 kW per rack, NVIDIA)
    recommendedNodesPerRack: 18, // fact sheet §2.1
    cooling: 'liquid', // fact sheet §2.1 (direct liquid cooling required)
    cpuArch: 'aarch64', // Grace CPUs are Arm Neoverse V2 (NVIDIA Grace CPU datasheet)
    cpuCores: 144, // vendor datasheet spec (not in fact sheet): 2 × Grace (72 Arm cores each) per tray
    cpuThreads: 144, // derived: Grace (Neoverse V2) has no SMT, one thread per core
    // One M.2 OS drive and E1.S cache drives per compute tray (DGX GB200 user guide, Storage).
    storage: { os: { count: 1, formFactor: 'M.2' }, data: { count: 4, formFactor: 'E1.S' }, source: 'https://docs.nvidia.com/dgx/dgxgb200-user-guide/storage.html (E1.S count: planning figure)' },
    redfishSystemId: 'System_0', // NVIDIA's OpenBMC on Grace trays (e.g. NVIDIA/nvidia-nvme-manager: /redfish/v1/Systems/System_0)
    memoryGiB: 894, // vendor datasheet spec (not in fact sheet): 2 × 480 GB LPDDR5X = 960 GB ≈ 894 GiB
    fabricNics: 4, // fact sheet §2.1 (per 4-GPU tray: 4 × ConnectX-7)
    fabricGbps: 400, // vendor datasheet spec (not in fact sheet): ConnectX-7 400G
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 26, // rackshift planning default
    source:
      'https://docs.nvidia.com/dgx/dgxgb200-user-guide/hardware.html ; https://www.supermicro.com/datasheet/datasheet_SuperCluster_GB200_NVL72.pdf ; https://docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-gb200/latest/dgx-superpod-architecture.html',
  },
  {
    id: 'gb300-nvl72',
    vendor: 'NVIDIA',
    displayName: 'NVIDIA GB300 NVL72 (rack-scale)',
    gpu: 'gb300',
    gpusPerNode: 4, // vendor datasheet spec (not in fact sheet): 18 trays × 4 GPUs = 72 (fact sheet §2.1)
    nodeMaxKW: 6.67, // derived: 120 kW / 18 trays = 6.666… → 6.67
    // fact sheet §2.1: ~120 kW typical; power shelves total 132 kW → use 120 (typical)
    rackScale: { nodesPerRack: 18, rackKW: 120 },
    recommendedNodesPerRack: 18, // vendor datasheet spec (not in fact sheet)
    cooling: 'liquid', // fact sheet §2.1
    cpuArch: 'aarch64', // Grace CPUs are Arm Neoverse V2 (NVIDIA Grace CPU datasheet)
    cpuCores: 144, // vendor datasheet spec (not in fact sheet): 2 × Grace per tray
    cpuThreads: 144, // derived: Grace (Neoverse V2) has no SMT, one thread per core
    redfishSystemId: 'System_0', // NVIDIA's OpenBMC on Grace trays (e.g. NVIDIA/nvidia-nvme-manager: /redfish/v1/Systems/System_0)
    memoryGiB: 894, // vendor datasheet spec (not in fact sheet): 2 × 480 GB LPDDR5X ≈ 894 GiB
    fabricNics: 4, // vendor datasheet spec (not in fact sheet): 4 × ConnectX-8 per tray
    fabricGbps: 800, // vendor datasheet spec (not in fact sheet)
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 26, // rackshift planning default
    source: 'https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters',
  },
  {
    id: 'l40s-8gpu',
    vendor: 'OEM',
    displayName: '8× NVIDIA L40S PCIe server (4U)',
    gpu: 'l40s',
    gpusPerNode: 8, // fact sheet §2.1
    // Planning figure, gap in sources: GPUs alone 8 × 350 W = 2.8 kW (derived) plus a 1.2 kW
    // allowance for CPUs, fans and PSU losses = 4.0 kW (a 12× L40S box is about 4.2 kW).
    nodeMaxKW: 4.0,
    rackUnits: 4, // fact sheet §2.1 (4U typical)
    recommendedNodesPerRack: 7, // derived: floor(30 kW air rack / 4.0 kW) = 7; rackshift planning default
    cooling: 'air', // fact sheet §2.1
    cpuArch: 'x86_64',
    cpuCores: 64, // vendor datasheet spec (not in fact sheet): typical 2 × 32-core Xeon
    cpuThreads: 128, // derived: cores × 2 (Hyper-Threading/SMT on, the BIOS default)
    memoryGiB: 1024, // vendor datasheet spec (not in fact sheet): typical 1 TB config
    fabricNics: 4, // planning figure, gap in sources ("—" in fact sheet)
    fabricGbps: 200, // planning figure, gap in sources
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 12, // rackshift planning default
    source:
      'https://ai-hpc.github.io/ai-hardware-engineer-roadmap/ ; https://ziash.github.io/nvidia-nca-aiio-study-guide/02-ai-infrastructure/03-power-and-cooling/',
  },
  {
    id: 'mi300x-8gpu',
    vendor: 'AMD',
    displayName: 'AMD Instinct MI300X 8-GPU platform (OAM/UBB)',
    gpu: 'mi300x',
    gpusPerNode: 8, // fact sheet §2.1
    // Planning figure, gap in sources: GPUs alone 8 × 750 W = 6.0 kW (derived); plan ~10 kW like HGX.
    nodeMaxKW: 10,
    rackUnits: 8, // fact sheet §2.1 (8U typical)
    recommendedNodesPerRack: 4, // rackshift planning default, mirrors the HGX/DGX RA layout (fact sheet §2.2)
    cooling: 'air', // fact sheet §2.1 (passive OAM)
    cpuArch: 'x86_64',
    cpuCores: 192, // vendor datasheet spec (not in fact sheet): 2 × EPYC 9654
    cpuThreads: 384, // derived: cores × 2 (Hyper-Threading/SMT on, the BIOS default)
    memoryGiB: 1536, // vendor datasheet spec (not in fact sheet): typical 1.5 TB config
    fabricNics: 8, // fact sheet §2.1 (8 × 400G)
    fabricGbps: 400, // fact sheet §2.1
    bmcDriver: 'redfish-virtualmedia',
    leadTimeWeeks: 16, // rackshift planning default
    source:
      'https://meterpreter.org/amd-confirms-instinct-mi300x-power-consumption-up-to-750w ; https://gpu.blog/gpus/instinct-mi300x-mi300x',
  },
];

export const GPU_SYSTEMS: Readonly<Record<string, GpuSystem>> = byId(SYSTEM_LIST);
