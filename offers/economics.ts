/**
 * Offer economics: the mining margin given up, the AI margin gained, conversion capex, the
 * monthly cash flow of both paths over the term, the payback month and the value over the
 * term. Every input is an Assumption with its value and where it came from (command line,
 * offer, site file, or a default with its fact-sheet source), and all of them are printed.
 */
import type { EconomicsSpecT, RevenueModel } from '../constructs/site-spec';

/** Hours and days in an average month (8,760 h and 365 d a year, over 12). */
export const HOURS_PER_MONTH = 8760 / 12;
export const DAYS_PER_MONTH = 365 / 12;

export interface Assumption {
  readonly key: string;
  readonly label: string;
  readonly value: number | string;
  readonly unit: string;
  readonly source: string;
}

/** Default $/GPU-hour by GPU model: midpoints of the fact sheet's test base rates (§5.4). */
const GPU_HOUR_DEFAULTS: Readonly<Record<string, { price: number; source: string }>> = {
  'h100-sxm': { price: 2.5, source: 'domain-facts §5.4: H100 test base rate $2.00–3.00 (midpoint)' },
  'h200-sxm': { price: 3.5, source: 'domain-facts §5.4: H200 test base rate $2.50–4.50 (midpoint)' },
  b200: { price: 5.0, source: 'domain-facts §5.4: B200 test base rate $4.00–6.00 (midpoint)' },
  gb200: { price: 4.54, source: 'domain-facts §5.4: Spheron $9.08 per GB200 superchip ÷ 2 GPUs (derived)' },
  mi300x: { price: 1.78, source: 'domain-facts §5.4: MI300X $1.71–1.85 (midpoint)' },
};

export const ECONOMICS_DEFAULTS = {
  hashpricePerPHDay: { value: 39.53, source: 'domain-facts §5.1: Hashrate Index, 2026-01-12 ($35–45 base range)' },
  powerPricePerMWh: { value: 40, source: 'domain-facts §5.2: $30–50/MWh all-in for large Texas miners (midpoint)' },
  colocationPerKWMonth: { value: 140, source: 'domain-facts §5.3: $120–160/kW-month of critical IT for powered-shell leases (midpoint)' },
  utilisation: { value: 0.85, source: 'rackshift planning default (no sourced figure)' },
  capexPerMW: { value: 9_000_000, source: 'domain-facts §5.5: $8–10 M/MW critical IT (TeraWulf Lake Mariner), $9–11 M (Cipher Barber Lake)' },
  hardwarePerGpu: { value: 0, source: 'default: GPU hardware not included (give hardwarePerGpu when the site buys the systems)' },
} as const;

/** Layers of economics inputs, first wins: command line, offer, site file. */
export type EconomicsLayer = { readonly from: string; readonly values: EconomicsSpecT };

export interface EconomicsInput {
  readonly layers: readonly EconomicsLayer[];
  /** Feeds' own energy prices, for the default power price: usable MW and $/MWh. */
  readonly feedPrices: readonly { readonly name: string; readonly usableMW: number; readonly pricePerMWh?: number }[];
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
  const pick = <K extends keyof EconomicsSpecT>(key: K): { value: EconomicsSpecT[K]; from: string } | undefined => {
    for (const layer of input.layers) {
      const v = layer.values[key];
      if (v !== undefined) return { value: v, from: layer.from };
    }
    return undefined;
  };
  const num = (key: keyof typeof ECONOMICS_DEFAULTS, label: string, unit: string): number => {
    const given = pick(key);
    const value = given ? (given.value as number) : ECONOMICS_DEFAULTS[key].value;
    assumptions.push({ key, label, value, unit, source: given ? given.from : ECONOMICS_DEFAULTS[key].source });
    return value;
  };

  const hashprice = num('hashpricePerPHDay', 'Hashprice', 'USD/PH/day');
  let powerPrice: number;
  const givenPower = pick('powerPricePerMWh');
  const priced = input.feedPrices.filter((f) => f.pricePerMWh !== undefined);
  if (givenPower) {
    powerPrice = givenPower.value!;
    assumptions.push({ key: 'powerPricePerMWh', label: 'Power price', value: powerPrice, unit: 'USD/MWh', source: givenPower.from });
  } else if (priced.length > 0) {
    // Usable-MW-weighted average of the feeds' own prices.
    const mwSum = priced.reduce((a, f) => a + f.usableMW, 0);
    powerPrice = round(priced.reduce((a, f) => a + f.usableMW * f.pricePerMWh!, 0) / mwSum, 2);
    assumptions.push({ key: 'powerPricePerMWh', label: 'Power price', value: powerPrice, unit: 'USD/MWh', source: `site feeds (${priced.map((f) => `${f.name} $${f.pricePerMWh}`).join(', ')}), weighted by usable MW` });
  } else {
    powerPrice = num('powerPricePerMWh', 'Power price', 'USD/MWh');
  }

  const givenModel = pick('revenueModel');
  const model: RevenueModel = givenModel?.value ?? (pick('gpuHourPrice') && !pick('colocationPerKWMonth') ? 'gpu-hour' : 'colocation');
  assumptions.push({
    key: 'revenueModel',
    label: 'AI revenue model',
    value: model,
    unit: '',
    source: givenModel ? givenModel.from : model === 'gpu-hour' ? 'default: only a GPU-hour price is given' : 'default: colocation, the lease model of every miner-to-HPC deal in domain-facts §5.3',
  });

  let aiRevenue: number;
  let aiPower: number;
  if (model === 'colocation') {
    const rate = num('colocationPerKWMonth', 'Colocation rate', 'USD/kW-month of critical IT');
    // Colocation: IT kW × $/kW-month; the tenant pays its metered power on top (pass-through).
    aiRevenue = input.itMW * 1000 * rate;
    aiPower = 0;
    assumptions.push({ key: 'powerPassThrough', label: 'AI power cost', value: 'passed through to the tenant', unit: '', source: 'colocation leases bill power on top of the $/kW-month rate' });
  } else {
    const given = pick('gpuHourPrice');
    const fallback = GPU_HOUR_DEFAULTS[input.gpuModel];
    if (!given && !fallback) {
      throw new EconomicsInputError(`no default $/GPU-hour for ${input.gpuModel}; give gpuHourPrice (--gpu-hour-price) or use colocation`);
    }
    const price = given ? given.value! : fallback!.price;
    assumptions.push({ key: 'gpuHourPrice', label: 'GPU-hour price', value: price, unit: 'USD/GPU-hour', source: given ? given.from : fallback!.source });
    const util = num('utilisation', 'Utilisation (GPU-hours sold)', 'fraction');
    aiRevenue = input.gpus * price * util * HOURS_PER_MONTH;
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

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
