/**
 * What a site earns and spends a month as resolved: mining revenue of the running fleets,
 * AI revenue of the GPU pools (colocation rent or GPU-hours sold), the power bill of the whole
 * facility load, and the margins. Inputs come from the site file's spec.economics, else the
 * sourced defaults (constructs/economics-defaults.ts), and every one is listed with its source.
 * Read by summary.json, which `rackshift plan` diffs.
 */
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from '../economics-defaults';
import { gpuHourPriceAssumption, numberAssumption, powerPriceAssumption, revenueModelAssumption, SITE_FILE_LAYER, type Assumption, type EconomicsLayer } from '../economics-assumptions';
import type { ResolvedSite } from '../resolved-site';
import type { RevenueModel } from '../site-spec';

export interface PoolRevenue {
  readonly name: string;
  readonly gpu: string;
  readonly gpus: number;
  readonly itKW: number;
  /** USD/GPU-hour (gpu-hour model) or USD/kW-month (colocation); null when the GPU has no price. */
  readonly rate: number | null;
  readonly revenuePerMonth: number;
}

export interface SiteEconomics {
  readonly revenueModel: RevenueModel;
  readonly hashpricePerPHDay: number;
  readonly powerPricePerMWh: number;
  readonly mining: {
    readonly hashratePHs: number;
    readonly facilityMW: number;
    readonly revenuePerMonth: number;
    readonly powerCostPerMonth: number;
    readonly marginPerMonth: number;
  };
  readonly ai: {
    readonly gpus: number;
    readonly itMW: number;
    readonly facilityMW: number;
    readonly revenuePerMonth: number;
    /** What the AI facility load costs at the site's power price. */
    readonly powerCostPerMonth: number;
    /** Power billed on to colocation tenants (equal to the AI power cost); 0 when the site sells GPU-hours. */
    readonly powerBilledPerMonth: number;
    readonly marginPerMonth: number;
    readonly pools: readonly PoolRevenue[];
    /** Pools left out of AI revenue: the gpu-hour model without a price for their GPU. */
    readonly unpricedPools: readonly string[];
  };
  readonly site: {
    readonly facilityMW: number;
    readonly revenuePerMonth: number;
    /** totalLoadMW × hours per month × power price. */
    readonly powerCostPerMonth: number;
    readonly powerBilledPerMonth: number;
    /** revenue + power billed − power cost (= mining margin + AI margin). */
    readonly marginPerMonth: number;
  };
  readonly assumptions: readonly Assumption[];
}

export function siteEconomics(site: ResolvedSite): SiteEconomics {
  const layers: EconomicsLayer[] = [{ from: SITE_FILE_LAYER, values: site.economics }];
  const assumptions: Assumption[] = [];
  const add = <A extends Assumption>(a: A): A => (assumptions.push(a), a);

  const hashprice = add(numberAssumption(layers, 'hashpricePerPHDay', 'Hashprice', 'USD/PH/day')).value as number;
  const powerPrice = add(powerPriceAssumption(layers, site.power.feeds)).value as number;
  const model = add(revenueModelAssumption(layers)).value;
  const costOf = (mw: number) => mw * HOURS_PER_MONTH * powerPrice;

  let pools: PoolRevenue[];
  if (model === 'colocation') {
    const rent = add(numberAssumption(layers, 'colocationPerKWMonth', 'Colocation rate', 'USD/kW-month of critical IT')).value as number;
    // Rent is charged on critical IT kW; the tenant pays its metered power on top.
    pools = site.pools.map((p) => ({ name: p.name, gpu: p.gpu.id, gpus: p.gpuCount, itKW: p.itKW, rate: rent, revenuePerMonth: usd(p.itKW * rent) }));
    add({ key: 'aiPower', label: 'AI power cost', value: 'billed to the tenant', unit: '', source: 'colocation leases bill power on top of the $/kW-month rate' });
  } else {
    const priced = new Map<string, number | null>();
    const given = gpuHourPriceAssumption(layers, '');
    if (given) add(given);
    for (const gpu of [...new Set(site.pools.map((p) => p.gpu.id))].sort()) {
      if (given) {
        priced.set(gpu, given.value);
        continue;
      }
      const price = gpuHourPriceAssumption(layers, gpu);
      priced.set(gpu, price ? price.value : null);
      add(price ? { ...price, key: `gpuHourPrice.${gpu}`, label: `GPU-hour price (${gpu})` } : { key: `gpuHourPrice.${gpu}`, label: `GPU-hour price (${gpu})`, value: 'not priced', unit: '', source: `no default for ${gpu}: give spec.economics.gpuHourPrice; its pools earn nothing here` });
    }
    const util = add(numberAssumption(layers, 'utilisation', 'Utilisation (GPU-hours sold)', 'fraction')).value as number;
    pools = site.pools.map((p) => {
      const rate = priced.get(p.gpu.id) ?? null;
      return { name: p.name, gpu: p.gpu.id, gpus: p.gpuCount, itKW: p.itKW, rate, revenuePerMonth: usd(rate === null ? 0 : p.gpuCount * rate * util * HOURS_PER_MONTH) };
    });
    add({ key: 'aiPower', label: 'AI power cost', value: 'paid by the site, nodes at maximum power × zone PUE', unit: '', source: 'conservative: catalog nodeMaxKW' });
  }
  add({ key: 'month', label: 'Month', value: `${HOURS_PER_MONTH} h, ${round(DAYS_PER_MONTH, 2)} days`, unit: '', source: '8,760 h and 365 days a year ÷ 12' });

  const hashratePHs = round(site.totals.hashrateTHs / 1000, 6);
  const miningRevenue = usd(hashratePHs * hashprice * DAYS_PER_MONTH);
  const miningPower = usd(costOf(site.power.miningFacilityMW));
  const aiRevenue = usd(pools.reduce((a, p) => a + p.revenuePerMonth, 0));
  const aiPower = usd(costOf(site.power.aiFacilityMW));
  const aiBilled = model === 'colocation' ? aiPower : 0;
  const sitePower = usd(costOf(site.power.totalLoadMW));
  return {
    revenueModel: model,
    hashpricePerPHDay: hashprice,
    powerPricePerMWh: powerPrice,
    mining: { hashratePHs, facilityMW: site.power.miningFacilityMW, revenuePerMonth: miningRevenue, powerCostPerMonth: miningPower, marginPerMonth: usd(miningRevenue - miningPower) },
    ai: {
      gpus: site.totals.gpus,
      itMW: site.power.aiItMW,
      facilityMW: site.power.aiFacilityMW,
      revenuePerMonth: aiRevenue,
      powerCostPerMonth: aiPower,
      powerBilledPerMonth: aiBilled,
      marginPerMonth: usd(aiRevenue + aiBilled - aiPower),
      pools,
      unpricedPools: pools.filter((p) => p.rate === null).map((p) => p.name),
    },
    site: {
      facilityMW: site.power.totalLoadMW,
      revenuePerMonth: usd(miningRevenue + aiRevenue),
      powerCostPerMonth: sitePower,
      powerBilledPerMonth: aiBilled,
      marginPerMonth: usd(miningRevenue + aiRevenue + aiBilled - sitePower),
    },
    assumptions,
  };
}

/** Dollars to the cent: the figures are estimates, and cents keep the JSON stable. */
function usd(x: number): number {
  return round(x, 2);
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
