/** Cooling defaults per zone type (fact sheet §3 PUE tables and §4 cooling table). */
import type { CoolingNeed } from './types';
import { deepFreeze } from './freeze';

/** Kinds of cooling zone a site floor can have. */
export type ZoneType = 'air' | 'rear-door' | 'direct-liquid' | 'immersion' | 'hydro';
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
