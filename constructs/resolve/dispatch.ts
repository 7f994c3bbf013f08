/**
 * The dispatchable part of a site, resolved once: which load may shift between mining and AI,
 * how much of it there is, and the limits it keeps. `rackshift dispatch` reads only this (and
 * prices); it never re-derives a budget.
 *
 * Firm load is everything dispatch must never touch: every GPU pool except the capacity of
 * interruptible tenants, and fleets marked `curtailable: false`.
 */
import type { Diagnostics } from '../diagnostics';
import { mw } from '../diagnostics';
import type { DispatchSpecT } from '../dispatch-spec';
import { ECONOMICS_DEFAULTS } from '../economics-defaults';
import type { EconomicsSpecT } from '../site-spec';
import type { PowerBudget, ResolvedFleet, ResolvedPool, ResolvedTenant, ResolvedZone } from '../resolved-site';

export interface DispatchFleet {
  readonly name: string;
  readonly model: string;
  readonly efficiencyJTH: number;
  /** Miners that may run (installed − retired). */
  readonly units: number;
  /** Facility kW one miner draws (wall power × its zone's PUE). */
  readonly unitFacilityKW: number;
  readonly unitTHs: number;
  /** units × unitFacilityKW, MW. */
  readonly fullMW: number;
  readonly rampMWPerHour?: number;
  readonly minRunIntervals: number;
  readonly minRestIntervals: number;
}

export interface DispatchAi {
  readonly tenant: string;
  readonly pool: string;
  readonly gpu: string;
  readonly gpus: number;
  /** Facility MW of the tenant's share of the pool (its nodes × node kW × zone PUE). */
  readonly fullMW: number;
  readonly utilisation: number;
  readonly gpuHourPrice?: number;
  readonly minRunIntervals: number;
  readonly minRestIntervals: number;
}

export interface ResolvedDispatch {
  readonly settlementPoint?: string;
  /** The most facility MW the site may draw: usable feed capacity, or less under contract. */
  readonly capMW: number;
  /** Load dispatch never curtails, facility MW. */
  readonly firmMW: number;
  readonly poolFee: number;
  readonly uptime: number;
  readonly fleets: readonly DispatchFleet[];
  readonly interruptible: readonly DispatchAi[];
}

interface DispatchInputs {
  readonly spec: DispatchSpecT | undefined;
  /** The site's economics: pool fee and uptime mean the same in dispatch as in the summary. */
  readonly economics: Pick<EconomicsSpecT, 'poolFee' | 'miningUptime'> | undefined;
  readonly power: Pick<PowerBudget, 'totalUsableMW' | 'firmMW'>;
  readonly zones: readonly ResolvedZone[];
  readonly fleets: readonly ResolvedFleet[];
  readonly pools: readonly ResolvedPool[];
  readonly tenants: readonly ResolvedTenant[];
}

const round = (x: number, digits = 6) => Number(x.toFixed(digits));

export function resolveDispatch(inputs: DispatchInputs, d: Diagnostics): ResolvedDispatch {
  const spec = inputs.spec ?? { fleets: [], interruptible: [] };
  const base = ['spec', 'dispatch'];
  const pue = new Map(inputs.zones.map((z) => [z.name, z.pue]));
  const limits = new Map<string, DispatchSpecT['fleets'][number]>();
  spec.fleets.forEach((f, i) => {
    const fleet = inputs.fleets.find((x) => x.name === f.fleet);
    if (!fleet) d.error('rackshift:ref/fleet', [...base, 'fleets', i, 'fleet'], `no mining fleet "${f.fleet}" (fleets: ${inputs.fleets.map((x) => x.name).join(', ') || 'none'})`);
    else if (!fleet.curtailable) d.error('rackshift:dispatch/firm-fleet', [...base, 'fleets', i, 'fleet'], `fleet ${f.fleet} is firm (curtailable: false); dispatch never shifts firm load`);
    if (limits.has(f.fleet)) d.error('rackshift:dispatch/duplicate', [...base, 'fleets', i, 'fleet'], `fleet ${f.fleet} is listed twice`);
    limits.set(f.fleet, f);
  });

  const fleets: DispatchFleet[] = inputs.fleets
    .filter((f) => f.curtailable && f.running > 0)
    .map((f) => {
      const lim = limits.get(f.name);
      const unitFacilityKW = round((f.model.wallW / 1000) * (pue.get(f.zone) ?? 1));
      return {
        name: f.name,
        model: f.model.id,
        efficiencyJTH: f.model.efficiencyJTH,
        units: f.running,
        unitFacilityKW,
        unitTHs: f.model.hashrateTHs,
        fullMW: round((f.running * unitFacilityKW) / 1000),
        ...(lim?.rampMWPerHour !== undefined ? { rampMWPerHour: lim.rampMWPerHour } : {}),
        minRunIntervals: lim?.minRunIntervals ?? 1,
        minRestIntervals: lim?.minRestIntervals ?? 1,
      };
    });

  const seen = new Set<string>();
  const interruptible: DispatchAi[] = [];
  spec.interruptible.forEach((a, i) => {
    const path = [...base, 'interruptible', i, 'tenant'];
    const t = inputs.tenants.find((x) => x.name === a.tenant);
    if (seen.has(a.tenant)) d.error('rackshift:dispatch/duplicate', path, `tenant ${a.tenant} is listed twice`);
    seen.add(a.tenant);
    if (!t) return d.error('rackshift:ref/tenant', path, `no tenant "${a.tenant}" (tenants: ${inputs.tenants.map((x) => x.name).join(', ') || 'none'})`);
    const pool = inputs.pools.find((p) => p.name === t.pool);
    if (!pool) return;
    const nodes = t.isolation === 'dedicated' ? t.dedicatedNodes : t.quotaGpus / pool.perNode.gpus;
    interruptible.push({
      tenant: t.name,
      pool: pool.name,
      gpu: pool.gpu.id,
      gpus: t.quotaGpus,
      fullMW: round((nodes * pool.nodeKW * (pue.get(pool.zone) ?? 1)) / 1000),
      utilisation: a.utilisation,
      ...(a.gpuHourPrice !== undefined ? { gpuHourPrice: a.gpuHourPrice } : {}),
      minRunIntervals: a.minRunIntervals,
      minRestIntervals: a.minRestIntervals,
    });
  });

  // Non-curtailable fleets and AI pools are firm; interruptible tenants' share comes off it.
  const firmMW = round(inputs.power.firmMW - interruptible.reduce((s, a) => s + a.fullMW, 0));
  const capMW = round(Math.min(inputs.power.totalUsableMW, spec.contractedMW ?? Infinity));
  if (spec.contractedMW !== undefined && spec.contractedMW < firmMW) {
    d.error('rackshift:dispatch/contract', [...base, 'contractedMW'], `the contract allows ${mw(spec.contractedMW)} but firm load needs ${mw(firmMW)} (short ${mw(firmMW - spec.contractedMW)})`);
  }
  return {
    ...(spec.settlementPoint ? { settlementPoint: spec.settlementPoint } : {}),
    capMW,
    firmMW,
    poolFee: spec.poolFee ?? inputs.economics?.poolFee ?? ECONOMICS_DEFAULTS.poolFee.value,
    uptime: spec.uptime ?? inputs.economics?.miningUptime ?? ECONOMICS_DEFAULTS.miningUptime.value,
    fleets,
    interruptible,
  };
}
