/**
 * summary.json economics of the small fixture (test/fixtures/small-site.yaml), computed by
 * hand. Loads (from test/budgets.test.ts): mining 530,000 TH/s running, mining facility
 * 18.2195 MW, AI IT 3,847.76 kW (h100-a 3,264 + nvl-a 527.76 + l40s-a 56), AI facility
 * 4.66736 MW, site load 22.88686 MW — priced as ResolvedSite reports them, to 4 decimals:
 * 4.6674 and 22.8869 MW. A month is 8,760 / 12 = 730 h and 365 / 12 days.
 */
import { describe, expect, it } from 'vitest';
import { loadSite } from '../constructs/load';
import { siteSummary, summaryTarget } from '../stacks/summary';
import { ECONOMICS_DEFAULTS, GPU_HOUR_DEFAULTS } from '../constructs/economics-defaults';
import { SMALL_SITE_FILE, mutate, tempDir, writeSite } from './helpers/fixture';

async function summaryOf(file: string) {
  const loaded = await loadSite(file);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return siteSummary(loaded.site!);
}

describe('summary.json economics', () => {
  it('prices the small fixture with the sourced defaults and the one priced feed (colocation)', async () => {
    const e = (await summaryOf(SMALL_SITE_FILE)).economics;
    expect(e.revenueModel).toBe('colocation');
    // Only feed-a1 has a price ($40/MWh), so the usable-MW-weighted average is $40.
    expect(e.powerPricePerMWh).toBe(40);
    expect(e.hashpricePerPHDay).toBe(39.53);
    // Mining revenue: 530 PH/s × $39.53 × 365/12 d = 20,950.9 × 30.41667 = $637,256.54
    // Mining power: 18.2195 MW × 730 h × $40 = 18.2195 × 29,200 = $532,009.40
    // Mining margin: 637,256.54 − 532,009.40 = $105,247.14
    expect(e.mining).toEqual({ hashratePHs: 530, facilityMW: 18.2195, revenuePerMonth: 637256.54, powerCostPerMonth: 532009.4, marginPerMonth: 105247.14 });
    // AI rent at the default $140/kW-month: h100-a 3,264 × 140 = 456,960; nvl-a 527.76 × 140 =
    // 73,886.4; l40s-a 56 × 140 = 7,840; total $538,686.40.
    // AI power: 4.6674 MW × 29,200 = $136,288.08, billed on to the tenants, so AI margin = rent.
    expect(e.ai).toMatchObject({ gpus: 2560 + 288 + 112, revenuePerMonth: 538686.4, powerCostPerMonth: 136288.08, powerBilledPerMonth: 136288.08, marginPerMonth: 538686.4, unpricedPools: [] });
    expect(e.ai.pools.map((p) => [p.name, p.rate, p.revenuePerMonth])).toEqual([['h100-a', 140, 456960], ['nvl-a', 140, 73886.4], ['l40s-a', 140, 7840]]);
    // Site power: the whole facility load 22.8869 MW × 29,200 = $668,297.48.
    // Site revenue: 637,256.54 + 538,686.40 = $1,175,942.94.
    // Site margin: 637,256.54 + 538,686.40 + 136,288.08 − 668,297.48 = $643,933.54
    //   (= mining 105,247.14 + AI 538,686.40).
    expect(e.site).toEqual({ facilityMW: 22.8869, revenuePerMonth: 1175942.94, powerCostPerMonth: 668297.48, powerBilledPerMonth: 136288.08, marginPerMonth: 643933.54 });
    // Every input says where it came from: the defaults carry the fact-sheet source.
    expect(e.assumptions.map((a) => [a.key, a.value, a.source])).toEqual([
      ['hashpricePerPHDay', 39.53, ECONOMICS_DEFAULTS.hashpricePerPHDay.source],
      ['powerPricePerMWh', 40, 'site feeds (feed-a1 $40), weighted by usable MW'],
      ['revenueModel', 'colocation', 'default: colocation, the lease model of every miner-to-HPC deal in domain-facts §5.3'],
      ['colocationPerKWMonth', 140, ECONOMICS_DEFAULTS.colocationPerKWMonth.source],
      ['aiPower', 'billed to the tenant', 'colocation leases bill power on top of the $/kW-month rate'],
      ['month', '730 h, 30.42 days', '8,760 h and 365 days a year ÷ 12'],
    ]);
  });

  it('sells GPU-hours at the per-model defaults, names the unpriced pool, and takes the site file over defaults', async () => {
    const file = writeSite(tempDir(), 'small-gpu-hour', mutate([['  networks:\n', '  economics: { revenueModel: gpu-hour, hashpricePerPHDay: 45, utilisation: 0.8 }\n  networks:\n']]));
    const e = (await summaryOf(file)).economics;
    // Mining revenue: 530 PH/s × $45 × 365/12 = 23,850 × 30.41667 = $725,437.50
    expect(e.mining.revenuePerMonth).toBe(725437.5);
    // h100-a: 2,560 GPUs × $2.50 × 0.8 × 730 h = $3,737,600
    // nvl-a: 72 trays × 4 = 288 GB200 GPUs × $4.54 × 0.8 × 730 = 1,307.52 × 584 = $763,591.68
    // l40s-a: no default $/GPU-hour for l40s → not priced, earns nothing here
    expect(e.ai.pools.map((p) => [p.name, p.rate, p.revenuePerMonth])).toEqual([['h100-a', 2.5, 3737600], ['nvl-a', 4.54, 763591.68], ['l40s-a', null, 0]]);
    expect(e.ai.unpricedPools).toEqual(['l40s-a']);
    // AI revenue 3,737,600 + 763,591.68 = $4,501,191.68; the site pays the AI power itself
    // ($136,288.08, nothing billed on): margin 4,501,191.68 − 136,288.08 = $4,364,903.60
    expect(e.ai).toMatchObject({ revenuePerMonth: 4501191.68, powerCostPerMonth: 136288.08, powerBilledPerMonth: 0, marginPerMonth: 4364903.6 });
    // Site margin: 725,437.50 + 4,501,191.68 − 668,297.48 = $4,558,331.70
    expect(e.site.marginPerMonth).toBe(4558331.7);
    const by = Object.fromEntries(e.assumptions.map((a) => [a.key, a]));
    expect(by['hashpricePerPHDay']).toMatchObject({ value: 45, source: 'site file (spec.economics)' });
    expect(by['revenueModel']).toMatchObject({ value: 'gpu-hour', source: 'site file (spec.economics)' });
    expect(by['utilisation']).toMatchObject({ value: 0.8, source: 'site file (spec.economics)' });
    expect(by['gpuHourPrice.h100-sxm']).toMatchObject({ value: 2.5, source: GPU_HOUR_DEFAULTS['h100-sxm']!.source });
    expect(by['gpuHourPrice.gb200']).toMatchObject({ value: 4.54, source: GPU_HOUR_DEFAULTS['gb200']!.source });
    expect(by['gpuHourPrice.l40s']).toMatchObject({ value: 'not priced' });
    expect(by['colocationPerKWMonth']).toBeUndefined();
  });

  it('is written to summary.json with sorted keys, identically on every render', async () => {
    const loaded = await loadSite(SMALL_SITE_FILE);
    const ctx = { siteFile: SMALL_SITE_FILE };
    const [a] = await summaryTarget.render(loaded.site!, ctx);
    const [b] = await summaryTarget.render((await loadSite(SMALL_SITE_FILE)).site!, ctx);
    expect(a!.content).toBe(b!.content);
    const economics = JSON.parse(a!.content).economics;
    expect(Object.keys(economics)).toEqual(['ai', 'assumptions', 'hashpricePerPHDay', 'mining', 'powerPricePerMWh', 'revenueModel', 'site']);
    expect(economics.site.marginPerMonth).toBe(643933.54);
  });
});
