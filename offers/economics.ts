/**
 * Offer economics: the mining margin given up, the AI margin gained, conversion capex, the
 * monthly cash flow of both paths over the term, the payback month and the value over the
 * term. Every input is an Assumption with its value and where it came from (command line,
 * offer, site file, or a default with its fact-sheet source), and all of them are printed.
 */
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from '../constructs/economics-defaults';
import {
  gpuHourPriceAssumption,
  numberAssumption,
  powerPriceAssumption,
  revenueModelAssumption,
  type Assumption,
  type EconomicsLayer,
  type FeedPrice,
} from '../constructs/economics-assumptions';
import type { RevenueModel } from '../constructs/site-spec';

export type { Assumption, EconomicsLayer };

export interface EconomicsInput {
  readonly layers: readonly EconomicsLayer[];
  /** Feeds' own energy prices, for the default power price: usable MW and $/MWh. */
  readonly feedPrices: readonly FeedPrice[];
  readonly gpuModel: string;
  readonly gpus: number;
  /** The offer's critical IT and facility load (IT × zone PUE), MW. */
  readonly itMW: number;
  readonly facilityMW: number;
  /** Mining given up: hashrate and facility MW (IT × its zone's PUE) of the retired miners. */
  readonly retiredTHs: number;
  readonly retiredFacilityMW: number;
  readonly buildWeeks: number;
  readonly termMonths: number;
}

export interface MonthlyFlow {
  /** 0 = signing (capex), 1… months after the start. */
  readonly month: number;
  readonly mining: number;
  readonly ai: number;
  /** Cumulative (ai − mining) up to and including this month. */
  readonly cumulativeDelta: number;
}

export interface Economics {
  readonly revenueModel: RevenueModel;
  readonly assumptions: readonly Assumption[];
  readonly mining: { readonly revenuePerMonth: number; readonly powerCostPerMonth: number; readonly marginPerMonth: number; readonly retiredPHs: number };
  readonly ai: { readonly revenuePerMonth: number; readonly powerCostPerMonth: number; readonly marginPerMonth: number };
  readonly capex: number;
  /** Whole months from the start until the AI capacity earns (build time rounded up). */
  readonly buildMonths: number;
  readonly horizonMonths: number;
  readonly monthly: readonly MonthlyFlow[];
  /** First month whose cumulative (AI − mining) is ≥ 0, counted from the start; absent when never within the horizon. */
  readonly paybackMonth?: number;
  /** Σ (AI − mining) over the horizon, capex included, undiscounted. */
  readonly valueOverTerm: number;
  readonly miningOverTerm: number;
  readonly aiOverTerm: number;
}

export class EconomicsInputError extends Error {}

export function computeEconomics(input: EconomicsInput): Economics {
  const assumptions: Assumption[] = [];
  const num = (key: Parameters<typeof numberAssumption>[1], label: string, unit: string): number => {
    const a = numberAssumption(input.layers, key, label, unit);
    assumptions.push(a);
    return a.value as number;
  };

  const hashprice = num('hashpricePerPHDay', 'Hashprice', 'USD/PH/day');
  const power = powerPriceAssumption(input.layers, input.feedPrices);
  assumptions.push(power);
  const powerPrice = power.value as number;
  const revenueModel = revenueModelAssumption(input.layers);
  assumptions.push(revenueModel);
  const model = revenueModel.value;

  let aiRevenue: number;
  let aiPower: number;
  if (model === 'colocation') {
    const rate = num('colocationPerKWMonth', 'Colocation rate', 'USD/kW-month of critical IT');
    // Colocation: IT kW × $/kW-month; the tenant pays its metered power on top (pass-through).
    aiRevenue = input.itMW * 1000 * rate;
    aiPower = 0;
    assumptions.push({ key: 'powerPassThrough', label: 'AI power cost', value: 'passed through to the tenant', unit: '', source: 'colocation leases bill power on top of the $/kW-month rate' });
  } else {
    const price = gpuHourPriceAssumption(input.layers, input.gpuModel);
    if (!price) {
      throw new EconomicsInputError(`no default $/GPU-hour for ${input.gpuModel}; give gpuHourPrice (--gpu-hour-price) or use colocation`);
    }
    assumptions.push(price);
    const util = num('utilisation', 'Utilisation (GPU-hours sold)', 'fraction');
    aiRevenue = input.gpus * price.value * util * HOURS_PER_MONTH;
    // The site pays for power; nodes are counted at their maximum draw (conservative).
    aiPower = input.facilityMW * HOURS_PER_MONTH * powerPrice;
    assumptions.push({ key: 'aiPowerDraw', label: 'AI power draw', value: 'nodes at maximum power, × zone PUE', unit: '', source: 'conservative: catalog nodeMaxKW' });
  }
  const capexPerMW = num('capexPerMW', 'Conversion capex', 'USD/MW of critical IT');
  const hardwarePerGpu = num('hardwarePerGpu', 'GPU hardware capex', 'USD/GPU');
  const capex = capexPerMW * input.itMW + hardwarePerGpu * input.gpus;

  // Mining given up: PH/s × $/PH/day × days per month, less the power those miners drew.
  const retiredPHs = input.retiredTHs / 1000;
  const miningRevenue = retiredPHs * hashprice * DAYS_PER_MONTH;
  const miningPower = input.retiredFacilityMW * HOURS_PER_MONTH * powerPrice;
  const miningMargin = miningRevenue - miningPower;
  const aiMargin = aiRevenue - aiPower;

  const buildMonths = Math.ceil((input.buildWeeks * 7) / DAYS_PER_MONTH - 1e-9);
  const horizon = buildMonths + input.termMonths;
  assumptions.push({ key: 'termMonths', label: 'Term (service months after ready)', value: input.termMonths, unit: 'months', source: 'offer' });
  assumptions.push({ key: 'timing', label: 'Cash-flow timing', value: 'capex at signing (month 0); miners stop at the start; AI earns from the month after the build', unit: '', source: 'rackshift convention (conservative)' });

  const monthly: MonthlyFlow[] = [];
  let cumulative = -capex;
  monthly.push({ month: 0, mining: 0, ai: -capex, cumulativeDelta: cumulative });
  let payback: number | undefined = capex === 0 && miningMargin <= 0 ? 0 : undefined;
  for (let m = 1; m <= horizon; m++) {
    const ai = m > buildMonths ? aiMargin : 0;
    cumulative += ai - miningMargin;
    monthly.push({ month: m, mining: miningMargin, ai, cumulativeDelta: cumulative });
    if (payback === undefined && cumulative >= 0 && m > buildMonths) payback = m;
  }
  const miningOverTerm = miningMargin * horizon;
  const aiOverTerm = aiMargin * input.termMonths - capex;
  return {
    revenueModel: model,
    assumptions,
    mining: { revenuePerMonth: miningRevenue, powerCostPerMonth: miningPower, marginPerMonth: miningMargin, retiredPHs },
    ai: { revenuePerMonth: aiRevenue, powerCostPerMonth: aiPower, marginPerMonth: aiMargin },
    capex,
    buildMonths,
    horizonMonths: horizon,
    monthly,
    ...(payback !== undefined ? { paybackMonth: payback } : {}),
    valueOverTerm: aiOverTerm - miningOverTerm,
    miningOverTerm,
    aiOverTerm,
  };
}
