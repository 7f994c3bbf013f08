/**
 * What a site earns and spends a month as resolved: mining revenue of the running fleets (less
 * pool fees, plus the demand-response and 4CP credits their curtailable load earns), AI revenue
 * of what tenants have contracted on the GPU pools (colocation rent or GPU-hours sold) beside
 * what the installed nodes would earn fully leased, the power bill of the whole facility load,
 * opex, and the margins. Inputs come from the site file's spec.economics, else the sourced
 * defaults, and every one is listed with its source. The month formulas are money/monthly.ts,
 * the same ones offers use. Read by summary.json, which `rackshift plan` diffs.
 */
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from '../economics-defaults';
import { gpuHourPriceAssumption, numberAssumption, powerPriceAssumption, revenueModelAssumption, SITE_FILE_LAYER, type Assumption, type EconomicsLayer } from '../economics-assumptions';
import { aiMonth, miningMonth } from '../money/monthly';
import type { ResolvedSite } from '../resolved-site';
import type { RevenueModel } from '../site-spec';

export interface PoolRevenue {
  readonly name: string;
  readonly system: string;
  readonly gpu: string;
  readonly gpus: number;
  /** GPUs tenants have contracted on the pool (at most the pool's GPUs). */
  readonly contractedGpus: number;
  readonly itKW: number;
  /** Critical IT kW leased: the pool's IT kW × contracted GPUs ÷ GPUs. */
  readonly contractedKW: number;
  /** USD/GPU-hour (gpu-hour model) or USD/kW-month (colocation); null when the system has no price. */
  readonly rate: number | null;
  /** From what tenants contracted. */
  readonly revenuePerMonth: number;
  /** What the installed nodes would earn fully leased. */
  readonly installedRevenuePerMonth: number;
}

export interface SiteEconomics {
  readonly revenueModel: RevenueModel;
  readonly hashpricePerPHDay: number;
  readonly powerPricePerMWh: number;
  readonly mining: {
    readonly hashratePHs: number;
    readonly facilityMW: number;
    readonly curtailableFacilityMW: number;
    readonly revenuePerMonth: number;
    readonly poolFeesPerMonth: number;
    readonly powerCostPerMonth: number;
    /** Demand-response and 4CP credits: earned by curtailable mining only; firm load earns none. */
    readonly creditsPerMonth: number;
    readonly opexPerMonth: number;
    readonly marginPerMonth: number;
  };
  readonly ai: {
    readonly gpus: number;
    readonly contractedGpus: number;
    readonly itMW: number;
    readonly contractedMW: number;
    readonly facilityMW: number;
    /** Contracted revenue: what tenants pay. */
    readonly revenuePerMonth: number;
    /** What the installed AI capacity would earn fully leased. */
    readonly installedRevenuePerMonth: number;
    readonly powerCostPerMonth: number;
    /** Power billed on to colocation tenants (their contracted share); 0 when the site sells GPU-hours. */
    readonly powerBilledPerMonth: number;
    readonly opexPerMonth: number;
    readonly marginPerMonth: number;
    readonly pools: readonly PoolRevenue[];
    /** Pools left out of AI revenue: the gpu-hour model without a price for their system. */
    readonly unpricedPools: readonly string[];
  };
  readonly site: {
    readonly facilityMW: number;
    readonly revenuePerMonth: number;
    /** Mining power (at its uptime) + AI facility power, at the site's power price. */
    readonly powerCostPerMonth: number;
    readonly powerBilledPerMonth: number;
    /** mining margin + AI margin. */
    readonly marginPerMonth: number;
  };
  readonly assumptions: readonly Assumption[];
}

export function siteEconomics(site: Omit<ResolvedSite, 'finance'>): SiteEconomics {
  const layers: EconomicsLayer[] = [{ from: SITE_FILE_LAYER, values: site.economics }];
  const assumptions: Assumption[] = [];
  const add = <A extends Assumption>(a: A): A => (assumptions.push(a), a);
  const num = (key: Parameters<typeof numberAssumption>[1], label: string, unit: string) => add(numberAssumption(layers, key, label, unit)).value as number;

  const hashprice = num('hashpricePerPHDay', 'Hashprice', 'USD/PH/s/day');
  const powerPrice = add(powerPriceAssumption(layers, site.power.feeds)).value as number;
  const miningUptime = num('miningUptime', 'Mining uptime', 'fraction');
  const poolFee = num('poolFee', 'Pool fee', 'fraction');
  const credit = num('curtailmentCreditPerMWh', 'Demand-response and 4CP credits (curtailable load only)', 'USD/MWh');
  const miningOpex = num('miningOpexPerKWMonth', 'Mining opex', 'USD/kW-month of miner IT');
  const model = add(revenueModelAssumption(layers)).value;
  const opexShare = num('opexShareOfRevenue', 'AI site opex, share of revenue', 'fraction');
  const opexPerKW = num('opexPerKWMonth', 'AI site opex', 'USD/kW-month of critical IT');

  const rates = new Map<string, number | null>();
  let utilisation = 1;
  if (model === 'colocation') {
    const rent = num('colocationPerKWMonth', 'Colocation rate', 'USD/kW-month of critical IT');
    for (const p of site.pools) rates.set(p.system.id, rent);
    add({ key: 'aiPower', label: 'AI power cost', value: 'billed to the tenants (their contracted share)', unit: '', source: 'colocation leases bill power on top of the $/kW-month rate' });
  } else {
    for (const p of [...new Map(site.pools.map((p) => [p.system.id, p])).values()].sort((a, b) => a.system.id.localeCompare(b.system.id))) {
      const price = gpuHourPriceAssumption(layers, p.system.id, p.gpu.id);
      rates.set(p.system.id, price ? price.value : null);
      add(price ?? { key: `gpuHourPrice.${p.system.id}`, label: `GPU-hour price (${p.system.id})`, value: 'not priced', unit: '', source: `no default for ${p.system.id}: give spec.economics.gpuHourPrices; its pools earn nothing here` });
    }
    utilisation = num('utilisation', 'Utilisation (GPU-hours sold)', 'fraction');
    add({ key: 'aiPower', label: 'AI power cost', value: 'paid by the site, nodes at maximum power × zone PUE', unit: '', source: 'conservative: nodes at their maximum draw' });
  }
  add({ key: 'revenueBasis', label: 'AI revenue basis', value: 'contracted by tenants (GPUs, or their share of the pool\'s kW)', unit: '', source: 'leases are take-or-pay on what is contracted, not on what is installed' });
  add({ key: 'month', label: 'Month', value: `${HOURS_PER_MONTH} h, ${round(DAYS_PER_MONTH, 2)} days`, unit: '', source: '8,760 h and 365 days a year ÷ 12' });

  const contracted = new Map<string, number>();
  for (const t of site.tenants) contracted.set(t.pool, (contracted.get(t.pool) ?? 0) + t.gpus);
  const prices = (rate: number) => ({ model, rate, utilisation, powerPricePerMWh: powerPrice, opexShareOfRevenue: opexShare, opexPerKWMonth: opexPerKW });
  const pools = site.pools.map((p) => {
    const rate = rates.get(p.system.id) ?? null;
    const contractedGpus = Math.min(p.gpuCount, contracted.get(p.name) ?? 0);
    const contractedKW = p.gpuCount > 0 ? (p.itKW * contractedGpus) / p.gpuCount : 0;
    const month = aiMonth({ contractedKW, contractedGpus, itKW: p.itKW, facilityMW: p.facilityKW / 1000 }, prices(rate ?? 0));
    const full = aiMonth({ contractedKW: p.itKW, contractedGpus: p.gpuCount, itKW: p.itKW, facilityMW: p.facilityKW / 1000 }, prices(rate ?? 0));
    return { pool: { name: p.name, system: p.system.id, gpu: p.gpu.id, gpus: p.gpuCount, contractedGpus, itKW: p.itKW, contractedKW: round(contractedKW, 2), rate, revenuePerMonth: usd(month.revenue), installedRevenuePerMonth: usd(full.revenue) }, month };
  });
  const sum = (f: (m: (typeof pools)[number]['month']) => number) => pools.reduce((a, p) => a + f(p.month), 0);

  const running = site.fleets.filter((f) => f.running > 0);
  // Curtailable load is all load but the firm part (AI pools and firm fleets), as the power budget counts it.
  const curtailableFacilityMW = site.power.totalLoadMW - site.power.firmMW;
  const hashratePHs = round(site.totals.hashrateTHs / 1000, 6);
  const mining = miningMonth(
    { hashratePHs, itKW: running.reduce((a, f) => a + f.itKW, 0), facilityMW: site.power.miningFacilityMW, curtailableFacilityMW },
    { hashpricePerPHDay: hashprice, miningUptime, poolFee, powerPricePerMWh: powerPrice, curtailmentCreditPerMWh: credit, miningOpexPerKWMonth: miningOpex },
  );
  const aiRevenue = usd(sum((m) => m.revenue));
  const aiPower = usd(sum((m) => m.powerCost));
  const aiBilled = usd(sum((m) => m.powerBilled));
  const aiOpex = usd(sum((m) => m.opex));
  const aiMargin = usd(aiRevenue + aiBilled - aiPower - aiOpex);
  const miningMargin = usd(mining.margin);
  return {
    revenueModel: model,
    hashpricePerPHDay: hashprice,
    powerPricePerMWh: powerPrice,
    mining: {
      hashratePHs,
      facilityMW: site.power.miningFacilityMW,
      curtailableFacilityMW: round(curtailableFacilityMW, 4),
      revenuePerMonth: usd(mining.revenue),
      poolFeesPerMonth: usd(mining.poolFees),
      powerCostPerMonth: usd(mining.powerCost),
      creditsPerMonth: usd(mining.credits),
      opexPerMonth: usd(mining.opex),
      marginPerMonth: miningMargin,
    },
    ai: {
      gpus: site.totals.gpus,
      contractedGpus: pools.reduce((a, p) => a + p.pool.contractedGpus, 0),
      itMW: site.power.aiItMW,
      contractedMW: round(pools.reduce((a, p) => a + p.pool.contractedKW, 0) / 1000, 4),
      facilityMW: site.power.aiFacilityMW,
      revenuePerMonth: aiRevenue,
      installedRevenuePerMonth: usd(pools.reduce((a, p) => a + p.pool.installedRevenuePerMonth, 0)),
      powerCostPerMonth: aiPower,
      powerBilledPerMonth: aiBilled,
      opexPerMonth: aiOpex,
      marginPerMonth: aiMargin,
      pools: pools.map((p) => p.pool),
      unpricedPools: pools.filter((p) => p.pool.rate === null).map((p) => p.pool.name),
    },
    site: {
      facilityMW: site.power.totalLoadMW,
      revenuePerMonth: usd(mining.revenue + aiRevenue),
      powerCostPerMonth: usd(mining.powerCost + aiPower),
      powerBilledPerMonth: aiBilled,
      marginPerMonth: usd(miningMargin + aiMargin),
    },
    // The summary is internal: the customer-facing sources stay with the offers.
    assumptions: assumptions.map(({ publicSource: _p, ...a }) => a),
  };
}

/** Dollars to the cent: the figures are estimates, and cents keep the JSON stable. */
function usd(x: number): number {
  return round(x, 2);
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
