/**
 * summary.json economics of the small fixture (test/fixtures/small-site.yaml), computed by
 * hand. Loads (from test/budgets.test.ts): mining 530,000 TH/s running, mining facility
 * 18.2195 MW, AI IT 3,800.24 kW (h100-a 3,264 + nvl-a 480.24 + l40s-a 56), AI facility
 * 4.61984 MW, site load 22.83934 MW — priced as ResolvedSite reports them, to 4 decimals:
 * 4.6198 and 22.8393 MW. A month is 8,760 / 12 = 730 h and 365 / 12 days. Defaults: uptime 0.97,
 * pool fee 2 %, credits $5/MWh on curtailable load, mining opex $3/kW-month, AI opex 15 %.
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
    // Mining revenue: 530 PH/s × $39.53 × 365/12 d × uptime 0.97 = 637,256.54 × 0.97 = $618,138.85
    // Pool fees 2 %: $12,362.78. Power: 18.2195 MW × 730 h × 0.97 × $40 = $516,049.12
    // Curtailable load: (4,515 + 9,150) kW × PUE 1.3 = 17.7645 MW (s21-firm's 350 kW is firm and earns none);
    //   credits 17.7645 × 730 × 0.97 × $5 = $62,895.21. Opex: 14,015 kW of miners × $3 = $42,045.
    // Margin: 618,138.85 − 12,362.78 − 516,049.12 + 62,895.21 − 42,045 = $110,577.16
    expect(e.mining).toEqual({ hashratePHs: 530, facilityMW: 18.2195, curtailableFacilityMW: 17.7645, revenuePerMonth: 618138.85, poolFeesPerMonth: 12362.78, powerCostPerMonth: 516049.12, creditsPerMonth: 62895.21, opexPerMonth: 42045, marginPerMonth: 110577.16 });
    // AI rent on what tenants contracted, at $140/kW-month:
    //   h100-a: acme 1,024 + bravo 512 = 1,536 of 2,560 GPUs → 3,264 kW × 0.6 = 1,958.4 kW × 140 = $274,176 (installed $456,960)
    //   nvl-a: nova 144 of 288 → 240.12 kW × 140 = $33,616.80; l40s-a: lumen 64 of 112 → 32 kW × 140 = $4,480
    //   contracted $312,272.80 of an installed $532,033.60.
    expect(e.ai.pools.map((p) => [p.name, p.contractedGpus, p.contractedKW, p.revenuePerMonth, p.installedRevenuePerMonth])).toEqual([
      ['h100-a', 1536, 1958.4, 274176, 456960],
      ['nvl-a', 144, 240.12, 33616.8, 67233.6],
      ['l40s-a', 64, 32, 4480, 7840],
    ]);
    // AI power, pool by pool (3,916.8 + 630.24 + 72.8 = 4,619.84 kW) × 730 h × $40 = $134,899.33; billed on:
    //   each pool's power × contracted share: 114,370.56 × 0.6 + 18,403.01 × 0.5 + 2,125.76 × 4/7
    //   = 68,622.34 + 9,201.50 + 1,214.72 = $79,038.56.
    // Opex 15 % × 312,272.80 = $46,840.92. Margin 312,272.80 + 79,038.56 − 134,899.33 − 46,840.92 = $209,571.11
    expect(e.ai).toMatchObject({ gpus: 2960, contractedGpus: 1744, revenuePerMonth: 312272.8, installedRevenuePerMonth: 532033.6, powerCostPerMonth: 134899.33, powerBilledPerMonth: 79038.56, opexPerMonth: 46840.92, marginPerMonth: 209571.11, unpricedPools: [] });
    // Site: revenue 618,138.85 + 312,272.80 = $930,411.65; power 516,049.12 + 134,899.33 = $650,948.45;
    //   margin 110,577.16 + 209,571.11 = $320,148.27.
    expect(e.site).toEqual({ facilityMW: 22.8393, revenuePerMonth: 930411.65, powerCostPerMonth: 650948.45, powerBilledPerMonth: 79038.56, marginPerMonth: 320148.27 });
    // Every input says where it came from: the defaults carry the fact-sheet source.
    const by = Object.fromEntries(e.assumptions.map((a) => [a.key, a]));
    expect(by['hashpricePerPHDay']).toMatchObject({ value: 39.53, source: ECONOMICS_DEFAULTS.hashpricePerPHDay.source });
    expect(by['powerPricePerMWh']).toMatchObject({ value: 40, source: 'site feeds (feed-a1 $40), weighted by usable MW' });
    expect(by['colocationPerKWMonth']).toMatchObject({ value: 140, source: ECONOMICS_DEFAULTS.colocationPerKWMonth.source });
    expect(by['poolFee']!.source).toMatch(/^planning figure/);
  });

  it('AI revenue falls by exactly the contracted amount when a tenant leaves', async () => {
    const before = (await summaryOf(SMALL_SITE_FILE)).economics;
    const file = writeSite(tempDir(), 'small-bravo-left', mutate([['    - { name: bravo, pool: h100-a, gpus: 512, isolation: shared }\n', '']]));
    const after = (await summaryOf(file)).economics;
    // bravo leased 512 of h100-a's 2,560 GPUs: 512 / 2,560 × 3,264 kW = 652.8 kW × $140 = $91,392 a month.
    expect(before.ai.revenuePerMonth - after.ai.revenuePerMonth).toBeCloseTo(91392, 6);
    expect(after.ai.revenuePerMonth).toBe(220880.8);
    // The installed nodes did not change, so what they could earn did not either.
    expect(after.ai.installedRevenuePerMonth).toBe(before.ai.installedRevenuePerMonth);
    expect(after.ai.contractedGpus).toBe(before.ai.contractedGpus - 512);
  });

  it('sells GPU-hours at per-system defaults, names the unpriced pool, and takes the site file over defaults', async () => {
    const file = writeSite(tempDir(), 'small-gpu-hour', mutate([['  networks:\n', '  economics: { revenueModel: gpu-hour, hashpricePerPHDay: 45, utilisation: 0.8, gpuHourPrices: { dgx-h100: 2.2 } }\n  networks:\n']]));
    const e = (await summaryOf(file)).economics;
    // Mining revenue: 530 PH/s × $45 × 365/12 × 0.97 = 725,437.50 × 0.97 = $703,674.38
    expect(e.mining.revenuePerMonth).toBe(703674.38);
    // On contracted GPUs: h100-a 1,536 × $2.20 (the site's price for dgx-h100) × 0.8 × 730 h = $1,973,452.80
    // nvl-a: 144 GB200 GPUs × $6.03 (default: GB200 never below B200) × 0.8 × 730 = $507,098.88
    // l40s-a: no default $/GPU-hour for l40s → not priced, earns nothing here
    expect(e.ai.pools.map((p) => [p.name, p.rate, p.revenuePerMonth])).toEqual([['h100-a', 2.2, 1973452.8], ['nvl-a', 6.03, 507098.88], ['l40s-a', null, 0]]);
    expect(e.ai.unpricedPools).toEqual(['l40s-a']);
    // AI revenue 1,973,452.80 + 507,098.88 = $2,480,551.68; the site pays all the AI power ($134,899.33,
    // nothing billed on) and opex 15 % = $372,082.75: margin 2,480,551.68 − 134,899.33 − 372,082.75 = $1,973,569.60
    expect(e.ai).toMatchObject({ revenuePerMonth: 2480551.68, powerCostPerMonth: 134899.33, powerBilledPerMonth: 0, marginPerMonth: 1973569.6 });
    const by = Object.fromEntries(e.assumptions.map((a) => [a.key, a]));
    expect(by['hashpricePerPHDay']).toMatchObject({ value: 45, source: 'site file (spec.economics)' });
    expect(by['revenueModel']).toMatchObject({ value: 'gpu-hour', source: 'site file (spec.economics)' });
    expect(by['utilisation']).toMatchObject({ value: 0.8, source: 'site file (spec.economics)' });
    expect(by['gpuHourPrice.dgx-h100']).toMatchObject({ value: 2.2, source: 'site file (spec.economics), gpuHourPrices' });
    expect(by['gpuHourPrice.gb200-nvl72']).toMatchObject({ value: 6.03, source: GPU_HOUR_DEFAULTS['gb200']!.source });
    expect(by['gpuHourPrice.l40s-8gpu']).toMatchObject({ value: 'not priced' });
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
    expect(economics.site.marginPerMonth).toBe(320148.27);
  });
});
