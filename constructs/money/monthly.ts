/**
 * One month of mining and one month of AI capacity, the formulas the site summary and the
 * offers both use (so a site and an offer can never price the same load differently).
 */
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from '../economics-defaults';
import type { RevenueModel } from '../site-spec';

export interface MiningPrices {
  readonly hashpricePerPHDay: number;
  readonly miningUptime: number;
  readonly poolFee: number;
  readonly powerPricePerMWh: number;
  readonly curtailmentCreditPerMWh: number;
  readonly miningOpexPerKWMonth: number;
}

export interface MiningLoad {
  readonly hashratePHs: number;
  readonly itKW: number;
  readonly facilityMW: number;
  /** The part of facilityMW that may be curtailed (earns demand-response and 4CP credits). */
  readonly curtailableFacilityMW: number;
}

export interface MiningMonth {
  readonly revenue: number;
  readonly poolFees: number;
  readonly powerCost: number;
  readonly credits: number;
  readonly opex: number;
  readonly margin: number;
}

/**
 * revenue = PH/s × hashprice × days × uptime; pool fees = revenue × fee;
 * power = facility MW × 730 h × uptime × $/MWh; credits = curtailable MW × 730 h × uptime × credit;
 * opex = IT kW × $/kW-month; margin = revenue − fees − power + credits − opex.
 */
export function miningMonth(load: MiningLoad, p: MiningPrices): MiningMonth {
  const revenue = load.hashratePHs * p.hashpricePerPHDay * DAYS_PER_MONTH * p.miningUptime;
  const poolFees = revenue * p.poolFee;
  const hours = HOURS_PER_MONTH * p.miningUptime;
  const powerCost = load.facilityMW * hours * p.powerPricePerMWh;
  const credits = load.curtailableFacilityMW * hours * p.curtailmentCreditPerMWh;
  const opex = load.itKW * p.miningOpexPerKWMonth;
  return { revenue, poolFees, powerCost, credits, opex, margin: revenue - poolFees - powerCost + credits - opex };
}

export interface AiPrices {
  readonly model: RevenueModel;
  /** USD/kW-month (colocation) or USD/GPU-hour (gpu-hour). */
  readonly rate: number;
  readonly utilisation: number;
  readonly powerPricePerMWh: number;
  readonly opexShareOfRevenue: number;
  readonly opexPerKWMonth: number;
}

/** What earns: the contracted kW and GPUs (not the installed ones); what costs: the installed load. */
export interface AiLoad {
  readonly contractedKW: number;
  readonly contractedGpus: number;
  readonly itKW: number;
  readonly facilityMW: number;
}

export interface AiMonth {
  readonly revenue: number;
  /** Power the site pays for the AI load (before anything billed on). */
  readonly powerCost: number;
  /** Power billed on to colocation tenants: their contracted share of the AI power. */
  readonly powerBilled: number;
  readonly opex: number;
  readonly margin: number;
}

/**
 * colocation: revenue = contracted kW × $/kW-month, the contracted share of power billed on;
 * gpu-hour: revenue = contracted GPUs × $/GPU-hour × utilisation × 730 h, the site pays power.
 * opex = revenue × share + IT kW × $/kW-month; margin = revenue + billed − power − opex.
 */
export function aiMonth(load: AiLoad, p: AiPrices): AiMonth {
  const revenue = p.model === 'colocation' ? load.contractedKW * p.rate : load.contractedGpus * p.rate * p.utilisation * HOURS_PER_MONTH;
  const powerCost = load.facilityMW * HOURS_PER_MONTH * p.powerPricePerMWh;
  const share = load.itKW > 0 ? Math.min(1, load.contractedKW / load.itKW) : 0;
  const powerBilled = p.model === 'colocation' ? powerCost * share : 0;
  const opex = revenue * p.opexShareOfRevenue + load.itKW * p.opexPerKWMonth;
  return { revenue, powerCost, powerBilled, opex, margin: revenue + powerBilled - powerCost - opex };
}
