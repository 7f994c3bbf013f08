/** GPU models (fact sheet §2.1 per-GPU TDP table). */
import type { GpuModel } from './types';
import { byId } from './freeze';

const MIG_GUIDE = 'https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html';

const GPU_LIST: readonly GpuModel[] = [
  {
    id: 'h100-sxm',
    displayName: 'NVIDIA H100 SXM 80GB',
    tdpW: 700, // https://huggingface.co/hardware/h100
    resourceName: 'nvidia.com/gpu',
    productLabel: 'NVIDIA-H100-80GB-HBM3', // GPU feature discovery label value
    memoryGB: 80, // vendor datasheet spec (not in fact sheet)
    // vendor spec (not in fact sheet): NVIDIA MIG user guide, 80 GB profiles
    migProfiles: ['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
    // domain facts 2026-12 (additions): `nvidia-smi -q -d POWER` Min/Max Power Limit ≈ 200–700 W
    powerLimitW: { min: 200, max: 700, source: 'domain facts 2026-12: H100 SXM power limit range (nvidia-smi -q -d POWER)' },
    source: `https://huggingface.co/hardware/h100 ; ${MIG_GUIDE}`,
  },
  {
    id: 'h200-sxm',
    displayName: 'NVIDIA H200 SXM 141GB',
    tdpW: 700, // MLPerf H200 JSON (mlcommons inference_results_v4.1 H200-SXM-141GBx8_TRT_MaxQ.json)
    resourceName: 'nvidia.com/gpu',
    productLabel: 'NVIDIA-H200',
    memoryGB: 141, // fact sheet §2.1 (DGX H200 row)
    // vendor spec (not in fact sheet): NVIDIA MIG user guide, H200 profiles
    migProfiles: ['1g.18gb', '1g.35gb', '2g.35gb', '3g.71gb', '4g.71gb', '7g.141gb'],
    source:
      'https://raw.githubusercontent.com/mlcommons/inference_results_v4.1/main/closed/NVIDIA/systems/H200-SXM-141GBx8_TRT_MaxQ.json',
  },
  {
    id: 'b200',
    displayName: 'NVIDIA B200 180GB',
    tdpW: 1000, // Nebius MLPerf JSON (inference_results_v6.0 nebius_b200_n1.json)
    resourceName: 'nvidia.com/gpu',
    productLabel: 'NVIDIA-B200',
    memoryGB: 180, // vendor datasheet spec (not in fact sheet); NVIDIA MIG supported-GPUs table: 180GB
    // vendor spec (not in fact sheet): NVIDIA MIG user guide, B200 profiles
    migProfiles: ['1g.23gb', '1g.45gb', '2g.45gb', '3g.90gb', '4g.90gb', '7g.180gb'],
    source:
      'https://raw.githubusercontent.com/mlcommons/inference_results_v6.0/main/closed/Nebius/systems/nebius_b200_n1.json',
  },
  {
    id: 'b300',
    displayName: 'NVIDIA B300 (Blackwell Ultra) 288GB',
    tdpW: 1400, // https://huggingface.co/hardware/b300
    resourceName: 'nvidia.com/gpu',
    // Label as reported by GPU feature discovery on HGX/DGX B300 (not in fact sheet; confirm on a node).
    productLabel: 'NVIDIA-B300-SXM6-AC',
    memoryGB: 288, // vendor datasheet spec (not in fact sheet)
    // vendor spec (not in fact sheet): B300 profiles as published for AWS P6-B300 / GPU Operator
    migProfiles: ['1g.34gb', '1g.67gb', '2g.67gb', '3g.135gb', '4g.135gb', '7g.269gb'],
    source: 'https://huggingface.co/hardware/b300',
  },
  {
    id: 'gb200',
    displayName: 'NVIDIA GB200 (Blackwell GPU in a Grace Blackwell superchip) 186GB',
    // Not in fact sheet: vendor spec, 1,200 W class per Blackwell GPU in GB200.
    // Cross-check (derived): 72 × 1.2 kW = 86.4 kW of GPU TDP inside the ~120 kW NVL72 rack.
    tdpW: 1200,
    resourceName: 'nvidia.com/gpu',
    productLabel: 'NVIDIA-GB200',
    // mlcommons inference_results_v6.1 Crusoe GB200-NVL72_GB200-186GB system JSON (fact sheet §2.1)
    memoryGB: 186,
    // vendor spec (not in fact sheet): NVIDIA MIG user guide, GB200 profiles (7g size varies by driver)
    migProfiles: ['1g.23gb', '1g.47gb', '2g.47gb', '3g.93gb', '4g.93gb', '7g.186gb'],
    source:
      'https://raw.githubusercontent.com/mlcommons/inference_results_v6.1/main/closed/Crusoe/systems/GB200-NVL72_GB200-186GB_aarch64x16_Dynamo.json ; TDP: vendor spec (not in fact sheet)',
  },
  {
    id: 'gb300',
    displayName: 'NVIDIA GB300 (Blackwell Ultra GPU in a Grace Blackwell superchip) 288GB',
    tdpW: 1400, // https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters (B300 GPUs, 1.4 kW each)
    resourceName: 'nvidia.com/gpu',
    productLabel: 'NVIDIA-GB300', // expected GFD label (not in fact sheet; confirm on a node)
    memoryGB: 288, // vendor datasheet spec (not in fact sheet)
    // vendor spec (not in fact sheet): GB300 profiles; sizes vary with driver version
    migProfiles: ['1g.35gb', '1g.70gb', '2g.70gb', '3g.139gb', '4g.139gb', '7g.278gb'],
    source: 'https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters',
  },
  {
    id: 'l40s',
    displayName: 'NVIDIA L40S 48GB (PCIe)',
    tdpW: 350, // ziash NVIDIA study guide; ai-hpc L40S-x12 page
    resourceName: 'nvidia.com/gpu',
    productLabel: 'NVIDIA-L40S',
    memoryGB: 48, // vendor datasheet spec (not in fact sheet)
    migProfiles: [], // L40S does not support MIG
    source:
      'https://ziash.github.io/nvidia-nca-aiio-study-guide/02-ai-infrastructure/03-power-and-cooling/ ; https://ai-hpc.github.io/ai-hardware-engineer-roadmap/',
  },
  {
    id: 'mi300x',
    displayName: 'AMD Instinct MI300X 192GB (OAM)',
    tdpW: 750, // meterpreter.org AMD MI300X power article
    resourceName: 'amd.com/gpu',
    // Value of `amd.com/gpu.product-name` set by the ROCm node labeller (not in fact sheet).
    productLabel: 'AMD_Instinct_MI300X_OAM',
    memoryGB: 192, // fact sheet §2.1 (MI300X row)
    migProfiles: [], // MIG is NVIDIA-only
    source:
      'https://meterpreter.org/amd-confirms-instinct-mi300x-power-consumption-up-to-750w ; https://gpu.blog/gpus/instinct-mi300x-mi300x',
  },
];

export const GPU_MODELS: Readonly<Record<string, GpuModel>> = byId(GPU_LIST);
