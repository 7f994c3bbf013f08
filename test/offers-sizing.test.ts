import { describe, expect, it } from 'vitest';
import { resolveSite } from '../constructs/resolve';
import { readSiteFile } from '../constructs/site-file';
import type { OfferSpecT } from '../constructs/site-spec';
import { OfferError, sizeOffer } from '../offers/size';

const FIXTURE = 'test/fixtures/offers-hand.yaml';

async function context(file = FIXTURE) {
  const parsed = await readSiteFile(file);
  if (!parsed.spec) throw new Error(parsed.diagnostics.all.map((d) => d.message).join('\n'));
  return { spec: parsed.spec, before: resolveSite(parsed.spec) };
}

const offer = (o: Partial<OfferSpecT>): OfferSpecT => ({ name: 't', tier: '2N', termMonths: 36, ...o }) as OfferSpecT;

describe('sizing 1,024 B200 GPUs on hand-1 (hand-computed)', () => {
  it('fits after retiring the least efficient miners, with the arithmetic below', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, ctx.before.offers[0]!, { today: '2026-11-24' });
    expect(r.verdict).toBe('fits');
    const p = r.plan!;
    // 1,024 GPUs ÷ 8 per DGX B200 = 128 nodes; air zone at 30 kW/rack → 2 per rack (28.6 kW) → 64 racks.
    expect(p.nodes).toBe(128);
    expect(p.nodesPerRack).toBe(2);
    expect(p.racks).toBe(64);
    // IT: 128 × 14.3 kW = 1,830.4 kW = 1.8304 MW; × PUE 1.25 = 2.288 MW facility.
    expect(p.itMW).toBeCloseTo(1.8304, 6);
    expect(p.facilityMW).toBeCloseTo(2.288, 6);
    // 2N: the offer must survive losing group a: required 2.288 MW of 18.8 MW available.
    const twoN = p.tiersAfter.find((t) => t.tier === '2N')!;
    expect(twoN.availableMW).toBeCloseTo(18.8, 6);
    expect(twoN.requiredMW).toBeCloseTo(2.288, 4);
    // Normal load: mining 37.125 + 2.288 = 39.413 MW > 37.6 usable → short 1.813 MW facility.
    // Least efficient first: S19j Pro (30.5 J/TH) at 3.05 kW × 1.25 = 3.8125 kW facility each.
    // 1.813 MW ÷ 3.8125 kW = 475.5 → 476 miners (475 leaves 37.602 MW > 37.6; 476 gives 37.598 MW).
    expect(p.retirements).toEqual([
      expect.objectContaining({ fleet: 's19j-old', units: 476, efficiencyJTH: 30.5, itKW: 1451.8, hashrateTHs: 47600 }),
    ]);
    // Hashrate given up: 476 × 100 TH/s = 47.6 PH/s.
    expect(p.retiredTHs).toBe(47600);
    const e = p.economics;
    // Mining given up in month 1 (2027-03, before the halving), hashprice $40:
    //   revenue 47.6 PH/s × $40 × 365/12 days × uptime 1 = $57,913.33; pool fee 2 % = $1,158.27
    //   power 1.4518 MW IT × 1.25 = 1.81475 MW × 730 h × $40 = $52,990.70
    //   DR/4CP credits (s19j-old is curtailable): 1.81475 MW × 730 h × $5 = $6,623.84
    //   margin 57,913.33 − 1,158.27 − 52,990.70 + 6,623.84 = $10,388.20
    expect(e.miningFirstMonth.revenue).toBeCloseTo(57913.33, 1);
    expect(e.miningFirstMonth.poolFees).toBeCloseTo(1158.27, 1);
    expect(e.miningFirstMonth.powerCost).toBeCloseTo(52990.7, 1);
    expect(e.miningFirstMonth.credits).toBeCloseTo(6623.84, 1);
    expect(e.miningFirstMonth.margin).toBeCloseTo(10388.2, 1);
    // AI from month 9: 1,024 GPUs × $5 × 0.8 × 730 h = $2,990,080; power 2.288 MW × 730 × $40 = $66,809.60;
    //   opex 15 % × 2,990,080 = $448,512; margin 2,990,080 − 66,809.60 − 448,512 = $2,474,758.40.
    expect(e.aiFirstMonth.revenue).toBeCloseTo(2990080, 2);
    expect(e.aiFirstMonth.powerCost).toBeCloseTo(66809.6, 2);
    expect(e.aiFirstMonth.margin).toBeCloseTo(2474758.4, 2);
    // Capex: facility $9 M/MW × 1.8304 MW = $16,473,600; the operator owns the GPUs (GPU-hour):
    //   128 DGX B200 × $515,000 (catalog) = $65,920,000; total $82,393,600.
    expect(e.capex).toEqual({ facility: 16473600, hardware: 65920000, total: 82393600 });
    // Halving in April 2028 = month 14 (2027-03 is month 1): hashprice 40 × (0.9945 × 0.5 + 0.0055) = $20.11.
    expect(e.monthly[13]!).toMatchObject({ date: '2028-03', hashpricePerPHDay: 40 });
    expect(e.monthly[14]!.date).toBe('2028-04');
    expect(e.monthly[14]!.hashpricePerPHDay).toBeCloseTo(20.11, 9);
    //   mining after: 47.6 × 20.11 × 365/12 = 29,115.93 − 2 % 582.32 − 52,990.70 + 6,623.84 = −$17,833.25
    expect(e.monthly[14]!.mining).toBeCloseTo(-17833.25, 1);
    // Timeline: decommission 4 → cooling retrofit 24 (hall-m hosts no GPUs yet) → burn-in 3 → provisioning 2 = 33 weeks;
    // electrical 4+20 = 24, fabric 4+12 = 16 and B200 lead time 20 all end before week 28.
    expect(p.timeline.totalWeeks).toBe(33);
    expect(p.timeline.criticalPath).toEqual(['decommission', 'cooling', 'burnIn', 'provisioning']);
    // 2027-03-01 + 33 × 7 = 231 days → 2027-10-18.
    expect(p.timeline.readyDate).toBe('2027-10-18');
    // Build months: ceil(231 ÷ 30.4167) = ceil(7.59) = 8.
    expect(e.buildMonths).toBe(8);
    // Net flows: month 0 −82,393,600; months 1–8 −10,388.20; 9–13 2,474,758.40 − 10,388.20 = 2,464,370.20;
    //   14–44 2,474,758.40 + 17,833.25 = 2,492,591.65.
    // Cumulative after 13: −82,393,600 − 8 × 10,388.20 + 5 × 2,464,370.20 = −70,154,854.65;
    //   70,154,854.65 ÷ 2,492,591.65 = 28.1 → 29 more months → payback month 42
    //   (month 41: −362,288.38; month 42: +2,130,303.28).
    expect(e.paybackMonth).toBe(42);
    expect(e.monthly[41]!.cumulative).toBeCloseTo(-362288.38, 0);
    // NPV at 10 %: v = 1.1^(−1/12); Σv^m for m 1–8 = 7.720397, 9–13 = 4.581990, 14–44 = 24.684520:
    //   −82,393,600 − 10,388.20 × 7.720397 + 2,464,370.20 × 4.581990 + 2,492,591.65 × 24.684520 = −$9,653,653
    expect(e.npv).toBeCloseTo(-9653653.13, 0);
    // IRR 3.84 % a year (the rate that makes the NPV 0); undiscounted value 44 months: $7,115,486.58.
    expect(e.irr).toBeCloseTo(0.038404, 5);
    expect(e.valueOverTerm).toBeCloseTo(7115486.58, 1);
    // Sensitivity: the lease rate row at ±20 % brackets the base NPV.
    const rate = e.sensitivity.find((x) => x.key === 'rate')!;
    expect(rate.low.value).toBeCloseTo(4, 9);
    expect(rate.low.npv).toBeLessThan(e.npv);
    expect(rate.high.npv).toBeGreaterThan(e.npv);
  });

  it('prints every assumption with where it came from', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, offer({ gpus: 1024, system: 'dgx-b200' }), { economicsOverride: { hashpricePerPHDay: 45 } });
    const a = Object.fromEntries(r.plan!.economics.assumptions.map((x) => [x.key, x]));
    expect(a.hashpricePerPHDay).toMatchObject({ value: 45, source: 'command line' });
    expect(a.powerPricePerMWh).toMatchObject({ value: 40, source: 'site file (spec.economics)' });
    expect(a['gpuHourPrice.dgx-b200']).toMatchObject({ value: 5, source: 'site file (spec.economics)' });
    expect(a.utilisation).toMatchObject({ value: 0.8 });
    expect(a.capexPerMW).toMatchObject({ value: 9000000 });
    expect(a.hardwareCapex).toMatchObject({ value: 128 * 515000 });
    expect(a.hardwareCapex!.source).toMatch(/DGX B200 ≈ \$515 k per system/);
    expect(a.halving).toMatchObject({ value: '2028-04' });
    // Every figure without a source says so.
    for (const key of ['poolFee', 'curtailmentCreditPerMWh', 'discountRate', 'btcPrice']) expect(a[key]!.source).toMatch(/^planning figure/);
  });

  it('uses the fact-sheet defaults when the site gives no economics', async () => {
    const ctx = await context();
    const spec = { ...ctx.spec, spec: { ...ctx.spec.spec, economics: undefined } };
    const before = resolveSite(spec);
    const r = sizeOffer({ spec, before }, offer({ gpus: 256, system: 'dgx-h100' }));
    const a = Object.fromEntries(r.plan!.economics.assumptions.map((x) => [x.key, x]));
    expect(a.hashpricePerPHDay).toMatchObject({ value: 39.53 });
    expect(a.hashpricePerPHDay!.source).toMatch(/Hashrate Index, 2026-01-12/);
    expect(a.revenueModel).toMatchObject({ value: 'colocation' });
    expect(a.colocationPerKWMonth).toMatchObject({ value: 140 });
    // Colocation: 32 nodes × 10.2 kW = 326.4 kW × $140 = $45,696 a month; power billed on to the tenant.
    const ai = r.plan!.economics.aiFirstMonth;
    expect(ai.revenue).toBeCloseTo(45696, 6);
    expect(ai.powerBilled).toBe(ai.powerCost);
    // Opex 15 % of revenue: margin 45,696 × 0.85 = $38,841.60; the tenant's GPUs cost the operator nothing.
    expect(ai.margin).toBeCloseTo(38841.6, 6);
    expect(r.plan!.economics.capex.hardware).toBe(0);
  });

  it('follows a declared retirement order instead of efficiency', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, offer({ gpus: 1024, system: 'dgx-b200', retireOrder: ['s21-main'] }));
    // Short 1.813 MW facility; S21 at 3.5 kW × 1.25 = 4.375 kW each → 414.4 → 415 miners.
    // Check: 29.7 − 415 × 3.5/1000 = 28.2475 MW × 1.25 = 35.309 + 2.288 = 37.597 ≤ 37.6 (414 gives 37.602).
    expect(r.plan!.retirements).toEqual([expect.objectContaining({ fleet: 's21-main', units: 415, hashrateTHs: 83000 })]);
  });

  it('applies phase overrides and overlaps parallel phases', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, offer({ gpus: 1024, system: 'dgx-b200' }), { phaseOverride: { cooling: 10, hardware: 30 } });
    const t = r.plan!.timeline;
    // Cooling now ends at 4 + 10 = 14; electrical at 24; hardware (from the start) at 30 → burn-in 30–33, provisioning 33–35.
    expect(t.totalWeeks).toBe(35);
    expect(t.criticalPath).toEqual(['hardware', 'burnIn', 'provisioning']);
    expect(t.phases.find((p) => p.id === 'cooling')!.source).toBe('override (command line)');
  });
});

describe('asks that do not fit', () => {
  it('returns the largest offer that fits and names the binding 2N constraint', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, offer({ gpus: 10000, system: 'dgx-b200' }));
    expect(r.verdict).toBe('partial');
    // 2N leaves 18.8 MW facility; ÷ 1.25 = 15.04 MW IT; ÷ 14.3 kW = 1,051.7 → 1,051 nodes = 8,408 GPUs.
    // (1,051 × 14.3 × 1.25 = 18,786.6 kW ≤ 18,800; 1,052 → 18,804.5 kW > 18,800.)
    expect(r.plan!.nodes).toBe(1051);
    expect(r.plan!.gpus).toBe(8408);
    expect(r.binding!.rule).toBe('rackshift:power/tier-2n');
    // One more node: 1,052 × 14.3 × 1.25 = 18,804.5 kW > 18,800 kW (the resolver prints MW to 1 decimal).
    expect(r.binding).toEqual({ atNodes: 1052, rule: 'rackshift:power/tier-2n', path: 'spec.gpuPools[0]', message: '2N power for offer needs 18.8 MW; losing group a leaves 18.8 MW (short 0.00 MW)' });
    // Normal load then allows mining facility ≤ 37,600 − 18,786.6 = 18,813.4 kW → IT ≤ 15,050.72 kW.
    // All 4,000 S19j Pro go first (12.2 MW), then S21: 17,500 − 15,050.72 = 2,449.28 kW ÷ 3.5 = 699.8 → 700.
    expect(r.plan!.retirements).toEqual([
      expect.objectContaining({ fleet: 's19j-old', units: 4000 }),
      expect.objectContaining({ fleet: 's21-main', units: 700 }),
    ]);
  });

  it('answers 10 million GPUs with a clear "not as asked", quickly', async () => {
    const ctx = await context();
    const t0 = performance.now();
    const r = sizeOffer(ctx, offer({ gpus: 10_000_000, system: 'dgx-b200' }));
    expect(r.verdict).toBe('partial');
    expect(r.plan!.nodes).toBe(1051);
    expect(r.zones[0]!.note).toMatch(/exceeds the site's 37\.6 MW usable/);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('says cannot when no zone takes the system', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, offer({ gpus: 72, system: 'gb200-nvl72' }));
    expect(r.verdict).toBe('cannot');
    expect(r.plan).toBeUndefined();
    expect(r.zones[0]!.note).toBe('hall-m is air-cooled; NVIDIA GB200 NVL72 (rack-scale) needs liquid cooling');
  });

  it('names the rack-density limit of a zone', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, offer({ gpus: 8, system: 'dgx-b200', zone: 'hall-m' }));
    expect(r.verdict).toBe('fits');
    const spec = { ...ctx.spec, spec: { ...ctx.spec.spec, cooling: { zones: [{ ...ctx.spec.spec.cooling.zones[0]!, maxRackKW: 12 }] } } };
    const r2 = sizeOffer({ spec, before: resolveSite(spec) }, offer({ gpus: 8, system: 'dgx-b200' }));
    expect(r2.verdict).toBe('cannot');
    expect(r2.zones[0]!.note).toBe('hall-m takes 12 kW per rack; one NVIDIA DGX B200 draws 14.3 kW');
  });

  it('rejects absurd input with a clear error', async () => {
    const ctx = await context();
    expect(() => sizeOffer(ctx, offer({ gpus: -8, system: 'dgx-b200' }))).toThrow(new OfferError('offer t: gpus must be at least 1, got -8'));
    expect(() => sizeOffer(ctx, offer({ gpus: 8, system: 'dgx-z9' }))).toThrow(/unknown GPU system "dgx-z9" \(catalog: .*dgx-b200/);
    expect(() => sizeOffer(ctx, offer({ gpus: 8, system: 'dgx-b200', start: '2026-01-05' }), { today: '2026-11-24' })).toThrow(
      'offer t: start 2026-01-05 is in the past (today is 2026-11-24)',
    );
    expect(() => sizeOffer(ctx, offer({ gpus: 8, system: 'dgx-b200', start: '2027-02-30' }))).toThrow(/not a calendar date/);
    expect(() => sizeOffer(ctx, offer({ gpus: 8 }))).toThrow('offer t: gpus needs a system (e.g. dgx-h100)');
    expect(() => sizeOffer(ctx, offer({ gpus: 8, system: 'dgx-b200', zone: 'hall-9' }))).toThrow('offer t: no zone "hall-9" (zones: hall-m)');
    expect(() => sizeOffer(ctx, offer({ itMW: 0.001 }))).toThrow(/less than one NVIDIA DGX B200 node \(14\.3 kW\)/);
  });

  it('sizes an IT-MW ask as whole nodes of the default system', async () => {
    const ctx = await context();
    const r = sizeOffer(ctx, offer({ itMW: 1 }));
    // 1,000 kW ÷ 14.3 kW = 69.9 → 69 DGX B200 nodes = 986.7 kW.
    expect(r.ask.nodes).toBe(69);
    expect(r.plan!.itMW).toBeCloseTo(0.9867, 6);
    // and the answer says so: 69 × 14.3 kW = 0.9867 MW, rounded down
    expect(r.notes.join('\n')).toContain('modelled as 69 NVIDIA DGX B200 nodes at 14.3 kW = 0.987 MW (rounded down to whole nodes)');
  });
});
