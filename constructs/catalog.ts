/**
 * Built-in hardware catalog: ASIC miners, GPU models, GPU systems and cooling defaults.
 *
 * Every figure has its source in a comment beside it. Sources are taken from the
 * project fact sheet (`/work/shared/reference/domain-facts.md`, §1 miners, §2 GPU
 * systems, §3 PUE tables, §4 cooling); "derived" means computed here from sourced
 * figures, with the arithmetic shown. Figures that are rackshift's own planning
 * choices are marked "rackshift planning default"; sites may override them.
 *
 * Everything exported here is deeply frozen: callers must copy, never mutate.
 */
import type { AsicModel, CoolingNeed, GpuModel, GpuSystem } from './catalog-types';

/** Kinds of cooling zone a site floor can have. */
export type ZoneType = 'air' | 'rear-door' | 'direct-liquid' | 'immersion' | 'hydro';

// ---------------------------------------------------------------------------
// Freezing helpers
// ---------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const key of Object.keys(value as object)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
    Object.freeze(value);
  }
  return value;
}

/** Builds an id-keyed record from entries and checks that the ids are unique. */
function byId<T extends { readonly id: string }>(entries: readonly T[]): Readonly<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const entry of entries) {
    if (Object.prototype.hasOwnProperty.call(out, entry.id)) throw new Error(`catalog: duplicate id ${entry.id}`);
    out[entry.id] = entry;
  }
  return deepFreeze(out);
}

// ---------------------------------------------------------------------------
// Cooling defaults (fact sheet §3 PUE tables and §4 cooling table)
// ---------------------------------------------------------------------------

/** Default PUE per zone type, used when a site gives none. */
export const COOLING_PUE_DEFAULTS: Readonly<Record<ZoneType, number>> = deepFreeze({
  // Air-cooled hashcenters 1.20–1.50 typical (https://d-central.tech/immersion-vs-air-cooling/);
  // hyperscale air 1.2–1.4 (§3 data-centre PUE table). Midpoint-ish planning value.
  air: 1.3,
  // Gap in sources: no RDHx-specific PUE. Planning figure between hyperscale air (1.2–1.4)
  // and hyperscale liquid (1.1–1.2) in the §3 data-centre PUE table.
  'rear-door': 1.2,
  // DLC ~1.1 (§3 data-centre PUE table, course deck citing Uptime 2024 / NREL / ASHRAE TC9.9).
  'direct-liquid': 1.1,
  // Single-phase immersion mining 1.03–1.10 (https://d-central.tech/immersion-vs-air-cooling/);
  // data-centre immersion ~1.02–1.03 (§3 table). Conservative planning value.
  immersion: 1.05,
  // Hydro (liquid) mining ~1.05 (https://drolin-box.com, 2026 hydro vs air post).
  hydro: 1.05,
});

/** Default maximum IT load per rack (kW) per zone type, used when a site gives none. */
export const COOLING_MAX_RACK_KW_DEFAULTS: Readonly<Record<ZoneType, number>> = deepFreeze({
  // Air practical limit ~30 kW per rack (ziash NVIDIA study guide:
  // https://ziash.github.io/nvidia-nca-aiio-study-guide/02-ai-infrastructure/03-power-and-cooling/).
  air: 30,
  // Active RDHx ~30–80 kW per rack, passive ~20–35 kW (Vertiv CoolLoop RDHx datasheet:
  // https://www.vertiv.com/48ea7e/globalassets/shared/vertiv-coolloop-rdhx-data-sheet-mka4l0ukrdhx.pdf).
  // 50 = rackshift planning default inside the active range.
  'rear-door': 50,
  // DLC ~100–200+ kW per rack (Vertiv high-density cooling WP, as quoted in the fact sheet);
  // GB200 NVL72 ~120–132 kW fits. 150 = planning value inside the range.
  'direct-liquid': 150,
  // Planning figure, gap in sources: only the ">80 kW ultra (DLC/immersion)" density tier
  // (course deck citing Uptime 2024 / OCP / Schneider) and the 720 kW per 40 ft mining
  // container (https://minerbase.com/en/service) are sourced; no per-rack immersion limit.
  immersion: 200,
  // Planning figure, gap in sources: no per-rack figure for hydro ASIC racks. 40 kW is a
  // rackshift planning default for a rack of hydro miners on one water manifold.
  hydro: 40,
});

/**
 * Which hardware cooling needs a zone type can host.
 * - air and rear-door zones only move air (an RDHx cools the rack exhaust, not the chips).
 * - direct-liquid halls also accept air-cooled gear: DLC racks stay hybrid — the cold
 *   plates take the GPUs/CPUs while the hall keeps air handling for the rest of the rack
 *   (NICs, PSUs, switches; GB200 NVL72 is "DLC plus air for the rest", fact sheet §2.1).
 * - immersion tanks and hydro loops only take hardware built for them.
 */
export const ZONE_ACCEPTS: Readonly<Record<ZoneType, readonly CoolingNeed[]>> = deepFreeze({
  air: ['air'],
  'rear-door': ['air'],
  'direct-liquid': ['liquid', 'air'],
  immersion: ['immersion'],
  hydro: ['hydro'],
});

// ---------------------------------------------------------------------------
// ASIC miners (fact sheet §1.1; nameplate at the wall, ±5 % hashrate, ±5–10 % power)
// ---------------------------------------------------------------------------
//
// unitsPerRack — rackshift planning default, overridable per fleet. Rule (derived):
// floor(COOLING_MAX_RACK_KW_DEFAULTS[zone] / wall kW), so a rack of catalog miners never
// exceeds the catalog's own rack limit: air racks ≤ 30 kW, hydro racks ≤ 40 kW.

const MININGSTORE_S19 =
  'https://miningstore.com/understanding-the-bitcoin-mining-rig-market/the-definitive-guide-to-antminer-s19-series-bitcoin-miners/';

const ASIC_LIST: readonly AsicModel[] = [
  {
    id: 'antminer-s19j-pro',
    vendor: 'Bitmain',
    displayName: 'Antminer S19j Pro (100T bin)',
    hashrateTHs: 100, // fact sheet §1.1 (bins 96/100/104)
    wallW: 3050, // fact sheet §1.1 (100T bin)
    efficiencyJTH: 30.5, // fact sheet 2026-12 corrections: 3,050 W ÷ 100 TH/s = 30.5 J/TH (29.5 belongs to other bins)
    cooling: 'air',
    unitsPerRack: 9, // derived: floor(30 / 3.05) = 9; rackshift planning default, overridable per fleet
    source: `${MININGSTORE_S19} ; nhamilton1/asics-tools src/utils/asic-queries/asicWattList.ts`,
  },
  {
    id: 'antminer-s19-xp',
    vendor: 'Bitmain',
    displayName: 'Antminer S19 XP',
    hashrateTHs: 140, // fact sheet §1.1
    wallW: 3010, // fact sheet §1.1
    efficiencyJTH: 21.5, // fact sheet §1.1
    cooling: 'air',
    unitsPerRack: 9, // derived: floor(30 / 3.01) = 9; rackshift planning default, overridable per fleet
    source: `${MININGSTORE_S19} ; nhamilton1/asics-tools src/utils/asic-queries/asicWattList.ts`,
  },
  {
    id: 'antminer-s19-xp-hydro',
    vendor: 'Bitmain',
    displayName: 'Antminer S19 XP Hydro',
    hashrateTHs: 255, // fact sheet §1.1 (range 255–257) [secondary]
    wallW: 5300, // fact sheet §1.1 (range 5300–5346) [secondary]
    efficiencyJTH: 20.8, // fact sheet §1.1 (~20.8)
    cooling: 'hydro',
    unitsPerRack: 7, // derived: floor(40 / 5.3) = 7; rackshift planning default, overridable per fleet
    source: 'public GitHub calculator catalogs [secondary, repo path not resolved] (fact sheet §1.1)',
  },
  {
    id: 'antminer-s21',
    vendor: 'Bitmain',
    displayName: 'Antminer S21',
    hashrateTHs: 200, // hackernoon BTCWire S21 review
    wallW: 3500, // kookoo55/miningftw reports/DATA_SNAPSHOT.md
    efficiencyJTH: 17.5, // hackernoon BTCWire S21 review
    cooling: 'air',
    unitsPerRack: 8, // derived: floor(30 / 3.5) = 8; rackshift planning default, overridable per fleet
    source: 'https://hackernoon.com/ (BTCWire S21 review, 2024-03-11) ; kookoo55/miningftw reports/DATA_SNAPSHOT.md',
  },
  {
    id: 'antminer-s21-pro',
    vendor: 'Bitmain',
    displayName: 'Antminer S21 Pro',
    hashrateTHs: 234, // antminer-s21-pro-profitability.pages.dev [secondary]
    wallW: 3510, // kookoo55/miningftw reports/DATA_SNAPSHOT.md (other page: 3531) [secondary]
    efficiencyJTH: 15.0, // fact sheet §1.1
    cooling: 'air',
    unitsPerRack: 8, // derived: floor(30 / 3.51) = 8; rackshift planning default, overridable per fleet
    source: 'https://antminer-s21-pro-profitability.pages.dev ; kookoo55/miningftw reports/DATA_SNAPSHOT.md [secondary]',
  },
  {
    id: 'antminer-s21-xp',
    vendor: 'Bitmain',
    displayName: 'Antminer S21 XP',
    hashrateTHs: 270, // btcminermarketplace [secondary]
    wallW: 3645, // btcminermarketplace [secondary]
    efficiencyJTH: 13.5, // btcminermarketplace [secondary]
    cooling: 'air',
    unitsPerRack: 8, // derived: floor(30 / 3.645) = 8; rackshift planning default, overridable per fleet
    source: 'https://btcminermarketplace.com/how-to-calculate-roi-for-bitcoin-miner-s21-xp [secondary]',
  },
  {
    id: 'antminer-s21-hydro',
    vendor: 'Bitmain',
    displayName: 'Antminer S21 Hydro',
    hashrateTHs: 335, // btcminerguide [secondary]
    wallW: 5360, // btcminerguide [secondary]
    efficiencyJTH: 16.0, // btcminerguide [secondary]
    cooling: 'hydro',
    unitsPerRack: 7, // derived: floor(40 / 5.36) = 7; rackshift planning default, overridable per fleet
    source: 'https://btcminerguide.com/?p=4017 [secondary]',
  },
  {
    id: 'antminer-s21-plus-hydro',
    vendor: 'Bitmain',
    displayName: 'Antminer S21+ Hydro',
    hashrateTHs: 319, // top-crypto-mining-asics [secondary]
    wallW: 4785, // top-crypto-mining-asics [secondary]
    efficiencyJTH: 15.0, // top-crypto-mining-asics [secondary]
    cooling: 'hydro',
    unitsPerRack: 8, // derived: floor(40 / 4.785) = 8; rackshift planning default, overridable per fleet
    source: 'https://top-crypto-mining-asics.com/?p=4692 [secondary]',
  },
  {
    id: 'antminer-s21-xp-hydro',
    vendor: 'Bitmain',
    displayName: 'Antminer S21 XP Hydro',
    hashrateTHs: 473, // fact sheet §1.1 (one catalog lists 500) [secondary]
    wallW: 5676, // fact sheet §1.1 [secondary]
    efficiencyJTH: 12.0, // fact sheet §1.1 (other catalogs 11–13) [secondary]
    cooling: 'hydro',
    unitsPerRack: 7, // derived: floor(40 / 5.676) = 7; rackshift planning default, overridable per fleet
    source: 'public GitHub miner catalogs [secondary, repo path not resolved] (fact sheet §1.1)',
  },
  {
    id: 'whatsminer-m50s',
    vendor: 'MicroBT',
    displayName: 'Whatsminer M50S',
    hashrateTHs: 126, // fact sheet §1.1 [secondary]
    wallW: 3276, // fact sheet §1.1 [secondary]
    efficiencyJTH: 26, // fact sheet §1.1 [secondary]
    cooling: 'air',
    unitsPerRack: 9, // derived: floor(30 / 3.276) = 9; rackshift planning default, overridable per fleet
    source: 'public GitHub miner catalog [secondary, repo path not resolved] (fact sheet §1.1)',
  },
  {
    id: 'whatsminer-m60s',
    vendor: 'MicroBT',
    displayName: 'Whatsminer M60S',
    hashrateTHs: 184, // auldsyababua/og-ai-inference-research (typical; range 170–186)
    wallW: 3404, // derived: 184 × 18.5 = 3404, inside the published 3145–3441 W range
    efficiencyJTH: 18.5, // auldsyababua/og-ai-inference-research
    cooling: 'air',
    unitsPerRack: 8, // derived: floor(30 / 3.404) = 8; rackshift planning default, overridable per fleet
    source: 'auldsyababua/og-ai-inference-research data/miners/Whatsminer-Miner-Library.md',
  },
  {
    id: 'whatsminer-m63s-hydro',
    vendor: 'MicroBT',
    displayName: 'Whatsminer M63S (Hydro)',
    hashrateTHs: 390, // fact sheet §1.1 [secondary, one entry "pending verification"]
    wallW: 7215, // fact sheet §1.1 [secondary]
    efficiencyJTH: 18.5, // fact sheet §1.1 [secondary]
    cooling: 'hydro',
    unitsPerRack: 5, // derived: floor(40 / 7.215) = 5; rackshift planning default, overridable per fleet
    source: 'public GitHub calculator catalogs [secondary, repo path not resolved] (fact sheet §1.1)',
  },
  {
    id: 'avalon-a1466',
    vendor: 'Canaan',
    displayName: 'Avalon A1466',
    hashrateTHs: 150, // d-central
    wallW: 3230, // d-central (±10 %)
    efficiencyJTH: 21.5, // derived: 3230 / 150 = 21.5
    cooling: 'air',
    unitsPerRack: 9, // derived: floor(30 / 3.23) = 9; rackshift planning default, overridable per fleet
    source: 'https://d-central.tech/fr/asic-troubleshooting/avalon-1466-low-hashrate/',
  },
];

export const ASIC_MODELS: Readonly<Record<string, AsicModel>> = byId(ASIC_LIST);

// ---------------------------------------------------------------------------
// GPU models (fact sheet §2.1 per-GPU TDP table)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// GPU systems (fact sheet §2.1 per-system table, §2.2 SuperPOD RAs)
// ---------------------------------------------------------------------------
//
// leadTimeWeeks — rackshift planning defaults in the 12–26 week band (no source in the
// fact sheet): 12 for mature Hopper / PCIe, 16 for H200-class and MI300X, 20 for B200,
// 26 for B300 and rack-scale NVL72.
// bmcDriver — rackshift default Metal3 driver per vendor BMC (Dell → iDRAC, others Redfish).

const DGX_POWER = 'https://unanswered.io/guide/nvidia-dgx-power-consumption-watts';
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
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480C
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
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480C
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
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8570
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
    cpuCores: 128, // vendor datasheet spec (not in fact sheet): 2 × Xeon 6776P
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
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480+
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
    cpuCores: 112, // vendor datasheet spec (not in fact sheet): 2 × Xeon Platinum 8480+
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
    cpuCores: 144, // vendor datasheet spec (not in fact sheet): 2 × Grace (72 Arm cores each) per tray
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
    cpuCores: 144, // vendor datasheet spec (not in fact sheet): 2 × Grace per tray
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
    cpuCores: 64, // vendor datasheet spec (not in fact sheet): typical 2 × 32-core Xeon
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
    cpuCores: 192, // vendor datasheet spec (not in fact sheet): 2 × EPYC 9654
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

// ---------------------------------------------------------------------------
// Look-ups and helpers
// ---------------------------------------------------------------------------

function lookup<T>(table: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, id) ? table[id] : undefined;
}

export function asicModel(id: string): AsicModel | undefined {
  return lookup(ASIC_MODELS, id);
}

export function gpuModel(id: string): GpuModel | undefined {
  return lookup(GPU_MODELS, id);
}

export function gpuSystem(id: string): GpuSystem | undefined {
  return lookup(GPU_SYSTEMS, id);
}

/**
 * IT power of one rack, kW.
 * - Rack-scale systems (NVL72): the fixed rack figure; `nodesPerRack` and the cap are ignored
 *   because the rack is sold and powered as one unit.
 * - Others: nodesPerRack × min(nodeMaxKW, nodeCapKW), where nodeCapKW is an optional
 *   per-node power cap (e.g. a power-capped fleet).
 * Rounded to 3 decimals to drop float noise (4 × 10.2 = 40.8).
 */
export function rackKW(system: GpuSystem, nodesPerRack: number, nodeCapKW?: number): number {
  if (system.rackScale) return system.rackScale.rackKW;
  if (!Number.isFinite(nodesPerRack) || nodesPerRack < 0) {
    throw new RangeError(`rackKW: nodesPerRack must be a finite number ≥ 0, got ${nodesPerRack}`);
  }
  if (nodeCapKW !== undefined && (!Number.isFinite(nodeCapKW) || nodeCapKW < 0)) {
    throw new RangeError(`rackKW: nodeCapKW must be a finite number ≥ 0, got ${nodeCapKW}`);
  }
  const perNode = nodeCapKW === undefined ? system.nodeMaxKW : Math.min(system.nodeMaxKW, nodeCapKW);
  return Math.round(nodesPerRack * perNode * 1000) / 1000;
}
