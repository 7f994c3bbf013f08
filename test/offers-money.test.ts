/**
 * Offers a CFO would sign and synth would build: the demand-response credits a firm pool gives
 * up, a GPU-hour offer refused without a hardware price, and an offer agreeing with synth on
 * zone, rack layout and retirements for the same pool.
 */
import { describe, expect, it } from 'vitest';
import { resolveSite } from '../constructs/resolve';
import { parseSiteText, readSiteFile } from '../constructs/site-file';
import type { OfferSpecT, SiteSpec, Tier } from '../constructs/site-spec';
import { GPU_HOUR_DEFAULTS } from '../constructs/economics-defaults';
import { OfferError, sizeOffer, type SizedPlan } from '../offers/size';

const offer = (o: Partial<OfferSpecT>): OfferSpecT => ({ name: 't', tier: '2N', termMonths: 36, ...o }) as OfferSpecT;

async function hand() {
  const parsed = await readSiteFile('test/fixtures/offers-hand.yaml');
  return { spec: parsed.spec!, before: resolveSite(parsed.spec!) };
}

/** The site synth would build for the offer's pool: the pool as the offer places it, the miners it retires retired. */
function synthSpecFor(spec: SiteSpec, plan: SizedPlan, system: string, tier: Tier = '2N'): SiteSpec {
  const retire = new Map(plan.retirements.map((r) => [r.fleet, r.units]));
  return {
    ...spec,
    spec: {
      ...spec.spec,
      mining: { fleets: spec.spec.mining.fleets.map((f) => ({ ...f, retire: f.retire + (retire.get(f.name) ?? 0) })) },
      gpuPools: [...spec.spec.gpuPools, { name: plan.pool, system, nodes: plan.nodes, nodesPerRack: plan.nodesPerRack, zone: plan.zone, tier, retire: [], driver: 'operator' }],
      offers: [],
    },
  };
}

describe('demand-response and 4CP credits', () => {
  it('a firm pool gives up the credits of the curtailable miners it replaces, and none of firm ones', async () => {
    const ctx = await hand();
    const curtailable = sizeOffer(ctx, ctx.before.offers[0]!).plan!.economics;
    // 476 S19j Pro retire: 1,451.8 kW IT × PUE 1.25 = 1.81475 MW of curtailable load.
    // Credits given up a month: 1.81475 MW × 730 h × uptime 1 × $5/MWh = $6,623.84.
    expect(curtailable.miningFirstMonth.credits).toBeCloseTo(6623.84, 2);
    // The 2N AI pool that takes their place is firm: it earns no credits (its AI month has none).
    expect(Object.keys(curtailable.aiFirstMonth)).not.toContain('credits');

    // The same miners declared firm (curtailable: false) earned no credits, so none are given up.
    const spec = { ...ctx.spec, spec: { ...ctx.spec.spec, mining: { fleets: ctx.spec.spec.mining.fleets.map((f) => ({ ...f, curtailable: false })) } } };
    const firm = sizeOffer({ spec, before: resolveSite(spec) }, ctx.before.offers[0]!).plan!.economics;
    expect(firm.miningFirstMonth.credits).toBe(0);
    // Mining given up is then smaller by exactly the credits: 10,388.20 − 6,623.84 = $3,764.37.
    expect(curtailable.miningFirstMonth.margin - firm.miningFirstMonth.margin).toBeCloseTo(6623.84, 2);
    expect(firm.miningFirstMonth.margin).toBeCloseTo(3764.37, 1);
  });
});

describe('GPU hardware capex when the operator owns the GPUs', () => {
  it('refuses a GPU-hour offer on a system without a hardware price, instead of pricing the GPUs at $0', async () => {
    const ctx = await hand();
    // DGX H100 has no sourced hardware price in the catalog; hand-1 sells GPU-hours.
    expect(() => sizeOffer(ctx, offer({ gpus: 256, system: 'dgx-h100' }))).toThrow(OfferError);
    expect(() => sizeOffer(ctx, offer({ gpus: 256, system: 'dgx-h100' }))).toThrow(/operator owns the GPUs, and dgx-h100 has no hardware price in the catalog; give hardwarePerGpu \(--hardware-per-gpu USD\) or use colocation/);
    // Given a price it is sized: 256 GPUs × $30,000 = $7,680,000 of hardware.
    const priced = sizeOffer(ctx, offer({ gpus: 256, system: 'dgx-h100' }), { economicsOverride: { hardwarePerGpu: 30000 } });
    expect(priced.plan!.economics.capex.hardware).toBe(7680000);
    // Under colocation the tenant brings the GPUs: no hardware capex, nothing refused.
    const colo = sizeOffer(ctx, offer({ gpus: 256, system: 'dgx-h100' }), { economicsOverride: { revenueModel: 'colocation' } });
    expect(colo.plan!.economics.capex.hardware).toBe(0);
  });
});

describe('offers and synth agree', () => {
  it('on zone, rack layout and retirements for the same pool (hand-1)', async () => {
    const ctx = await hand();
    const plan = sizeOffer(ctx, ctx.before.offers[0]!).plan!;
    const built = resolveSite(synthSpecFor(ctx.spec, plan, 'dgx-b200'));
    const pool = built.pools.find((p) => p.name === plan.pool)!;
    expect([pool.zone, pool.nodesPerRack, pool.racks, pool.rackKW]).toEqual([plan.zone, plan.nodesPerRack, plan.racks, plan.rackKW]);
    expect(built.fleets.find((f) => f.name === 's19j-old')!.retired).toBe(476);
    expect(built.power.tiers).toEqual(plan.tiersAfter);
  });

  it('takes the densest layout the zone allows, so it accepts a zone synth accepts and retires no more', () => {
    // A 45 kW rear-door hall with 50 free rack positions. 128 DGX B200 at the catalog's 2 per rack
    // need 64 racks (too many); at the densest 3 per rack (3 × 14.3 = 42.9 kW ≤ 45) they need
    // ceil(128 / 3) = 43 racks, which fit. Synth accepts that pool as written.
    const text = `apiVersion: rackshift.dev/v1alpha1
kind: Site
metadata: { name: dense-1 }
spec:
  power:
    feeds:
      - { name: feed-a, capacityMW: 20, group: a }
      - { name: feed-b, capacityMW: 20, group: b }
  cooling:
    zones:
      - { name: hall-rd, type: rear-door, capacityKW: 4000, maxRackKW: 45, pue: 1.2, racks: 50 }
`;
    const spec = parseSiteText(text, 'dense.yaml').spec!;
    const before = resolveSite(spec);
    const r = sizeOffer({ spec, before }, offer({ gpus: 1024, system: 'dgx-b200' }));
    expect(r.verdict).toBe('fits');
    expect([r.plan!.nodesPerRack, r.plan!.racks, r.plan!.rackKW]).toEqual([3, 43, 42.9]);
    expect(r.plan!.retirements).toEqual([]);
    const built = resolveSite(synthSpecFor(spec, r.plan!, 'dgx-b200'));
    expect(built.pools[0]!.racks).toBe(43);
    // Pinned to the catalog's 2 per rack, the same ask needs 64 racks of 50 and does not fit as asked.
    const pinned = sizeOffer({ spec, before }, offer({ gpus: 1024, system: 'dgx-b200', nodesPerRack: 2 }));
    expect(pinned.verdict).toBe('partial');
    expect(pinned.binding!.rule).toBe('rackshift:floor/racks');
  });
});

describe('an offer that brings new feeds', () => {
  it('is sized with them, and the timeline waits for a large-load study and interconnection', async () => {
    const ctx = await hand();
    const addFeeds = [
      { name: 'feed-c', capacityMW: 10, group: 'a' },
      { name: 'feed-d', capacityMW: 10, group: 'b' },
    ];
    const r = sizeOffer(ctx, offer({ gpus: 1024, system: 'dgx-b200', start: '2027-03-01', addFeeds }));
    const p = r.plan!;
    // Usable: 2 × (23.5 + 10) × 0.8 = 53.6 MW; load 37.125 + 2.288 = 39.413 MW fits, so no miner retires
    // (without the feeds, 476 S19j Pro must go).
    expect(p.retirements).toEqual([]);
    // 2N after losing group a: (23.5 + 10) × 0.8 = 26.8 MW available.
    expect(p.tiersAfter.find((t) => t.tier === '2N')!.availableMW).toBeCloseTo(26.8, 6);
    // Timeline: interconnection 0–52 → electrical 52–72 → burn-in 72–75 → provisioning 75–77
    // (cooling 0–24 and hardware 0–20 end earlier; nothing to decommission).
    const t = p.timeline;
    expect(t.phases.find((x) => x.id === 'interconnection')).toMatchObject({ weeks: 52, startWeek: 0, endWeek: 52, critical: true });
    expect(t.phases.find((x) => x.id === 'electrical')).toMatchObject({ startWeek: 52, endWeek: 72 });
    expect(t.totalWeeks).toBe(77);
    expect(t.criticalPath).toEqual(['interconnection', 'electrical', 'burnIn', 'provisioning']);
    // Without new feeds the phase is skipped.
    const plain = sizeOffer(ctx, offer({ gpus: 1024, system: 'dgx-b200' })).plan!.timeline;
    expect(plain.phases.find((x) => x.id === 'interconnection')).toMatchObject({ weeks: 0, skipped: 'no new feeds' });
    // A feed name the site already has is refused.
    expect(() => sizeOffer(ctx, offer({ gpus: 8, system: 'dgx-b200', addFeeds: [{ name: 'feed-a', capacityMW: 5, group: 'a' }] }))).toThrow(/addFeeds names feed "feed-a", which the site already has/);
  });
});

describe('GPU-hour prices per system', () => {
  it('prices a B200 offer at the B200 rate on a site that prices its H100s, and GB200 never below B200', async () => {
    const parsed = await readSiteFile('sites/permian-1.yaml');
    const ctx = { spec: parsed.spec!, before: resolveSite(parsed.spec!) };
    // permian-1 prices dgx-h100 at $2.40 and dgx-h200 at $3.20 (gpuHourPrices); a DGX B200 offer takes
    // the B200 default ($5.00), not the H100 rate.
    const r = sizeOffer(ctx, offer({ gpus: 64, system: 'dgx-b200' }), { economicsOverride: { revenueModel: 'gpu-hour' } });
    const price = r.plan!.economics.assumptions.find((a) => a.key === 'gpuHourPrice.dgx-b200')!;
    expect(price.value).toBe(5);
    // 64 GPUs × $5 × 0.85 × 730 h = $198,560 a month.
    expect(r.plan!.economics.aiFirstMonth.revenue).toBeCloseTo(198560, 6);
    expect(GPU_HOUR_DEFAULTS.gb200!.price).toBeGreaterThanOrEqual(GPU_HOUR_DEFAULTS.b200!.price);
  });
});
