/**
 * ASIC miners (fact sheet §1.1; nameplate at the wall, ±5 % hashrate, ±5–10 % power).
 *
 * unitsPerRack — rackshift planning default, overridable per fleet. Rule (derived):
 * floor(COOLING_MAX_RACK_KW_DEFAULTS[zone] / wall kW), so a rack of catalog miners never
 * exceeds the catalog's own rack limit: air racks ≤ 30 kW, hydro racks ≤ 40 kW.
 */
import type { AsicModel } from './types';
import { byId } from './freeze';

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
