/**
 * The money of one conversion (an offer): what converting capacity to AI earns against the
 * mining it replaces, month by month over build + term, discounted. Inputs resolve through
 * economics-assumptions (command line, offer, site file, then sourced defaults) and every one
 * is listed with its source. The formulas (docs/offers.md):
 *
 *   mining given up(m) = PH/s × hashprice(m) × days × uptime × (1 − pool fee)
 *                        − facility MW × 730 h × uptime × $/MWh
 *                        + curtailable facility MW × 730 h × uptime × credit $/MWh − IT kW × mining opex
 *   AI(m > build)      = revenue − power (GPU-hour only) − revenue × opex share − IT kW × opex $/kW
 *   net(0) = −capex;  net(m) = AI(m) − mining given up(m)
 */
import { DAYS_PER_MONTH, DEFAULT_TERM_MONTHS, HALVING, HASHPRICE_AS_OF } from '../economics-defaults';
import { gpuHourPriceAssumption, numberAssumption, pickLayer, powerPriceAssumption, QUOTED, revenueModelAssumption, type Assumption, type EconomicsLayer, type FeedPrice } from '../economics-assumptions';
import type { RevenueModel } from '../site-spec';
import { irr, npv, paybackPeriod } from './dcf';
import { HARDWARE_PRICES } from '../catalog/hardware-prices';
import { projectHashprice } from './hashprice';
import { aiMonth, miningMonth, type AiMonth, type MiningMonth } from './monthly';
import { enUs } from '../../lib/number-format';

export type { AiMonth, MiningMonth };

export interface ConversionInput {
  readonly layers: readonly EconomicsLayer[];
  readonly feedPrices: readonly FeedPrice[];
  readonly systemId: string;
  readonly gpuModel: string;
  readonly nodes: number;
  readonly gpus: number;
  /** The offer's critical IT and facility load (IT × zone PUE), MW. */
  readonly itMW: number;
  readonly facilityMW: number;
  /** Mining given up: hashrate, IT and facility MW of the retired miners; the curtailable part earns credits. */
  readonly retiredTHs: number;
  readonly retiredItMW: number;
  readonly retiredFacilityMW: number;
  readonly retiredCurtailableFacilityMW: number;
  readonly buildWeeks: number;
  readonly termMonths: number;
  /** YYYY-MM the offer starts, and where that comes from. */
  readonly start?: { readonly month: string; readonly from: string };
}

/** The numbers the cash flows are computed from (what the sensitivity table moves). */
export interface ConversionParams {
  readonly model: RevenueModel;
  readonly hashpricePerPHDay: number;
  readonly powerPricePerMWh: number;
  /** USD/kW-month (colocation) or USD/GPU-hour (gpu-hour). */
  readonly rate: number;
  readonly utilisation: number;
  readonly facilityCapex: number;
  readonly hardwareCapex: number;
  readonly discountRate: number;
  readonly networkGrowthPerYear: number;
  readonly feeShare: number;
  readonly poolFee: number;
  readonly miningUptime: number;
  readonly curtailmentCreditPerMWh: number;
  readonly opexShareOfRevenue: number;
  readonly opexPerKWMonth: number;
  readonly miningOpexPerKWMonth: number;
  readonly asOf: string;
  readonly startMonth: string;
}

export interface MonthlyFlow {
  /** 0 = signing (capex), 1… months after the start. */
  readonly month: number;
  /** Calendar month, YYYY-MM (month 1 is the start month). */
  readonly date: string;
  readonly hashpricePerPHDay: number;
  /** Mining margin given up this month. */
  readonly mining: number;
  /** AI margin this month (−capex in month 0). */
  readonly ai: number;
  /** ai − mining. */
  readonly net: number;
  readonly cumulative: number;
}

export interface SensitivityRow {
  readonly key: 'hashprice' | 'powerPrice' | 'rate' | 'utilisation' | 'capex';
  readonly label: string;
  readonly low: { readonly value: number; readonly npv: number };
  readonly high: { readonly value: number; readonly npv: number };
}

export interface ConversionEconomics {
  readonly revenueModel: RevenueModel;
  readonly assumptions: readonly Assumption[];
  readonly params: ConversionParams;
  readonly capex: { readonly facility: number; readonly hardware: number; readonly total: number };
  /** Month 1 of mining given up and the first AI service month, itemised. */
  readonly miningFirstMonth: MiningMonth;
  readonly aiFirstMonth: AiMonth;
  readonly buildMonths: number;
  readonly termMonths: number;
  readonly horizonMonths: number;
  readonly halvingMonth: string;
  readonly monthly: readonly MonthlyFlow[];
  readonly discountRate: number;
  readonly npv: number;
  /** Annual IRR; absent when the flows never change sign. */
  readonly irr?: number;
  /** First month from which the cumulative net stays ≥ 0; absent when never within the horizon. */
  readonly paybackMonth?: number;
  readonly discountedPaybackMonth?: number;
  /** Σ net over the horizon, undiscounted, capex included; and its two sides. */
  readonly valueOverTerm: number;
  readonly miningOverTerm: number;
  readonly aiOverTerm: number;
  readonly sensitivity: readonly SensitivityRow[];
}

export class EconomicsInputError extends Error {}

/** Resolves every input (with its source) and computes the cash flows, DCF and sensitivity. */
export function conversionEconomics(input: ConversionInput): ConversionEconomics {
  const { params, assumptions } = resolveParams(input);
  const run = flowsOf(input, params);
  const npvOf = (p: ConversionParams) => npv(flowsOf(input, p).monthly.map((m) => m.net), p.discountRate);
  const flows = run.monthly.map((m) => m.net);
  const it = irr(flows);
  const payback = paybackPeriod(flows);
  const discounted = paybackPeriod(flows, params.discountRate);
  return {
    revenueModel: params.model,
    assumptions,
    params,
    capex: { facility: params.facilityCapex, hardware: params.hardwareCapex, total: params.facilityCapex + params.hardwareCapex },
    miningFirstMonth: run.miningFirstMonth,
    aiFirstMonth: run.aiFirstMonth,
    buildMonths: run.buildMonths,
    termMonths: input.termMonths,
    horizonMonths: run.monthly.length - 1,
    halvingMonth: HALVING.value,
    monthly: run.monthly,
    discountRate: params.discountRate,
    npv: npv(flows, params.discountRate),
    ...(it !== undefined ? { irr: it } : {}),
    ...(payback !== undefined ? { paybackMonth: payback } : {}),
    ...(discounted !== undefined ? { discountedPaybackMonth: discounted } : {}),
    valueOverTerm: flows.reduce((a, b) => a + b, 0),
    miningOverTerm: run.monthly.reduce((a, m) => a + m.mining, 0),
    aiOverTerm: run.monthly.reduce((a, m) => a + m.ai, 0),
    sensitivity: sensitivity(params, npvOf),
  };
}

/** Each input moved 20 % down and up (utilisation capped at 1), all else held. */
function sensitivity(p: ConversionParams, npvOf: (p: ConversionParams) => number): SensitivityRow[] {
  const rows: { key: SensitivityRow['key']; label: string; value: number; set: (v: number) => ConversionParams }[] = [
    { key: 'hashprice', label: 'Hashprice (USD/PH/s/day)', value: p.hashpricePerPHDay, set: (v) => ({ ...p, hashpricePerPHDay: v }) },
    { key: 'powerPrice', label: 'Power price (USD/MWh)', value: p.powerPricePerMWh, set: (v) => ({ ...p, powerPricePerMWh: v }) },
    { key: 'rate', label: p.model === 'colocation' ? 'Lease rate (USD/kW-month)' : 'GPU-hour price (USD)', value: p.rate, set: (v) => ({ ...p, rate: v }) },
    { key: 'utilisation', label: p.model === 'colocation' ? 'Utilisation (GPU-hour revenue only)' : 'Utilisation', value: p.utilisation, set: (v) => ({ ...p, utilisation: Math.min(1, v) }) },
    { key: 'capex', label: 'Capex (USD)', value: p.facilityCapex + p.hardwareCapex, set: (v) => { const k = v / (p.facilityCapex + p.hardwareCapex || 1); return { ...p, facilityCapex: p.facilityCapex * k, hardwareCapex: p.hardwareCapex * k }; } },
  ];
  return rows.map((r) => {
    const lo = r.key === 'utilisation' ? Math.min(1, r.value * 0.8) : r.value * 0.8;
    const hi = r.key === 'utilisation' ? Math.min(1, r.value * 1.2) : r.value * 1.2;
    return { key: r.key, label: r.label, low: { value: lo, npv: npvOf(r.set(lo)) }, high: { value: hi, npv: npvOf(r.set(hi)) } };
  });
}

function flowsOf(input: ConversionInput, p: ConversionParams) {
  const buildMonths = Math.ceil((input.buildWeeks * 7) / DAYS_PER_MONTH - 1e-9);
  const horizon = buildMonths + input.termMonths;
  const hashprices = projectHashprice({ hashpricePerPHDay: p.hashpricePerPHDay, asOf: p.asOf, networkGrowthPerYear: p.networkGrowthPerYear, feeShare: p.feeShare, halvingMonth: HALVING.value }, p.startMonth, horizon);
  const load = { hashratePHs: input.retiredTHs / 1000, itKW: input.retiredItMW * 1000, facilityMW: input.retiredFacilityMW, curtailableFacilityMW: input.retiredCurtailableFacilityMW };
  const miningAt = (hashpricePerPHDay: number) => miningMonth(load, { ...p, hashpricePerPHDay });
  // The customer contracts the whole offer.
  const ai = aiMonth({ contractedKW: input.itMW * 1000, contractedGpus: input.gpus, itKW: input.itMW * 1000, facilityMW: input.facilityMW }, p);
  const capex = p.facilityCapex + p.hardwareCapex;
  const monthly: MonthlyFlow[] = [{ month: 0, date: p.startMonth, hashpricePerPHDay: hashprices[0]?.hashpricePerPHDay ?? p.hashpricePerPHDay, mining: 0, ai: -capex, net: -capex, cumulative: -capex }];
  let cumulative = -capex;
  for (let m = 1; m <= horizon; m++) {
    const hp = hashprices[m - 1]!.hashpricePerPHDay;
    const mining = miningAt(hp).margin;
    const aiMargin = m > buildMonths ? ai.margin : 0;
    cumulative += aiMargin - mining;
    monthly.push({ month: m, date: hashprices[m - 1]!.month, hashpricePerPHDay: hp, mining, ai: aiMargin, net: aiMargin - mining, cumulative });
  }
  return { monthly, buildMonths, miningFirstMonth: miningAt(hashprices[0]?.hashpricePerPHDay ?? p.hashpricePerPHDay), aiFirstMonth: ai };
}

function resolveParams(input: ConversionInput): { params: ConversionParams; assumptions: Assumption[] } {
  const assumptions: Assumption[] = [];
  const add = <A extends Assumption>(a: A): A => (assumptions.push(a), a);
  const num = (key: Parameters<typeof numberAssumption>[1], label: string, unit: string) => add(numberAssumption(input.layers, key, label, unit)).value as number;

  const hashprice = num('hashpricePerPHDay', 'Hashprice today', 'USD/PH/s/day');
  const hashpriceGiven = pickLayer(input.layers, 'hashpricePerPHDay') !== undefined;
  const startMonth = input.start?.month ?? HASHPRICE_AS_OF;
  add({ key: 'startMonth', label: 'First month', value: startMonth, unit: '', source: input.start?.from ?? `no start date: the hashprice's month (${HASHPRICE_AS_OF})`, publicSource: QUOTED });
  const asOf = hashpriceGiven ? startMonth : HASHPRICE_AS_OF;
  const growth = num('networkGrowthPerYear', 'Network hashrate growth', 'per year');
  const feeShare = num('feeShare', 'Fees, share of miner rewards (not halved)', 'fraction');
  add({ key: 'halving', label: 'Halving (block subsidy halves from)', value: HALVING.value, unit: '', source: HALVING.source, publicSource: HALVING.publicSource });
  add({ key: 'btcPrice', label: 'Bitcoin price', value: 'held flat at the hashprice date', unit: '', source: 'planning figure: the projection isolates network growth and the halving', publicSource: 'planning figure' });
  const poolFee = num('poolFee', 'Pool fee', 'fraction');
  const uptime = num('miningUptime', 'Mining uptime', 'fraction');
  const power = add(powerPriceAssumption(input.layers, input.feedPrices)).value as number;
  const credit = num('curtailmentCreditPerMWh', 'Demand-response and 4CP credits (curtailable load only; firm AI load earns none)', 'USD/MWh');
  const miningOpex = num('miningOpexPerKWMonth', 'Mining opex saved', 'USD/kW-month of miner IT');

  const model = add(revenueModelAssumption(input.layers)).value;
  let rate: number;
  let utilisation = 1;
  let hardwareCapex = 0;
  if (model === 'colocation') {
    rate = num('colocationPerKWMonth', 'Colocation rate', 'USD/kW-month of critical IT');
    add({ key: 'aiPower', label: 'AI power cost', value: 'billed to the tenant', unit: '', source: 'colocation leases bill power on top of the $/kW-month rate', publicSource: 'power billed at cost on top of the rate' });
    add({ key: 'hardware', label: 'GPU hardware', value: 'the tenant\'s', unit: '', source: 'colocation: the tenant brings the GPUs', publicSource: 'the tenant brings the GPUs' });
  } else {
    const price = gpuHourPriceAssumption(input.layers, input.systemId, input.gpuModel);
    if (!price) throw new EconomicsInputError(`no default $/GPU-hour for ${input.systemId} (${input.gpuModel}); give gpuHourPrices.${input.systemId} (--gpu-hour-price) or use colocation`);
    rate = add(price).value;
    utilisation = num('utilisation', 'Utilisation (GPU-hours sold)', 'fraction');
    add({ key: 'aiPower', label: 'AI power cost', value: 'paid by the site, nodes at maximum power × zone PUE', unit: '', source: 'conservative: nodes at their maximum draw', publicSource: 'included in the GPU-hour price' });
    hardwareCapex = add(hardwareAssumption(input)).value as number;
  }
  const capexPerMW = num('capexPerMW', 'Facility conversion capex', 'USD/MW of critical IT');
  const opexShare = num('opexShareOfRevenue', 'AI site opex, share of revenue', 'fraction');
  const opexPerKW = num('opexPerKWMonth', 'AI site opex', 'USD/kW-month of critical IT');
  const discountRate = num('discountRate', 'Discount rate', 'per year');
  add({ key: 'termMonths', label: 'Term (service months after ready)', value: input.termMonths, unit: 'months', source: input.termMonths === DEFAULT_TERM_MONTHS.value ? DEFAULT_TERM_MONTHS.source : 'offer', publicSource: DEFAULT_TERM_MONTHS.publicSource });
  add({ key: 'timing', label: 'Cash-flow timing', value: 'capex at signing (month 0); miners stop at the start; AI earns from the month after the build; flows at month end', unit: '', source: 'rackshift convention (conservative)', publicSource: 'planning figure' });
  return {
    assumptions,
    params: {
      model,
      hashpricePerPHDay: hashprice,
      powerPricePerMWh: power,
      rate,
      utilisation,
      facilityCapex: capexPerMW * input.itMW,
      hardwareCapex,
      discountRate,
      networkGrowthPerYear: growth,
      feeShare,
      poolFee,
      miningUptime: uptime,
      curtailmentCreditPerMWh: credit,
      opexShareOfRevenue: opexShare,
      opexPerKWMonth: opexPerKW,
      miningOpexPerKWMonth: miningOpex,
      asOf,
      startMonth,
    },
  };
}

/** The operator's GPU hardware: a price per GPU given, else the catalog system price; refused when neither exists. */
function hardwareAssumption(input: ConversionInput): Assumption {
  const given = pickLayer(input.layers, 'hardwarePerGpu');
  if (given && given.value > 0) return { key: 'hardwareCapex', label: `GPU hardware (${input.gpus} GPUs × $${enUs(given.value)})`, value: given.value * input.gpus, unit: 'USD', source: given.from, publicSource: QUOTED };
  const price = HARDWARE_PRICES[input.systemId];
  if (!price) {
    throw new EconomicsInputError(`GPU-hour revenue means the operator owns the GPUs, and ${input.systemId} has no hardware price in the catalog; give hardwarePerGpu (--hardware-per-gpu USD) or use colocation`);
  }
  return { key: 'hardwareCapex', label: `GPU hardware (${input.nodes} × ${input.systemId} at $${enUs(price.usdPerNode)})`, value: price.usdPerNode * input.nodes, unit: 'USD', source: price.source, publicSource: price.publicSource };
}

