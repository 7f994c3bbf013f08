/**
 * Four hourly intervals worked by hand (test/fixtures/dispatch/hand-site.yaml).
 *
 * Site: 12.5 MW × 0.8 = 10 MW usable, contract 6 MW. Zone PUE 1.25.
 *   s21-a:  1,000 × S21 (200 TH/s, 3,500 W) → 3.5 × 1.25 = 4.375 kW each, 4.375 MW in full
 *   s19j-a: 1,000 × S19j Pro (100 TH/s, 3,050 W) → 3.8125 kW each, 3.8125 MW in full
 *   h100-a: 4 DGX H100 × 10.2 kW × 1.25 = 0.051 MW; spot-co (interruptible) has 2 of them:
 *           0.0255 MW; firm-co's 2 are firm: firm = 0.051 − 0.0255 = 0.0255 MW
 *   Room for flexible load: 6 − 0.0255 = 5.9745 MW.
 * Hashprice $48/PH/s/day = $2 per PH/s-hour; pool fee 0, uptime 1:
 *   one S21 earns 0.2 × 2 = $0.40/h ($91.43/MWh), one S19j Pro 0.1 × 2 = $0.20/h ($52.46/MWh)
 *   spot-co earns 16 GPUs × $2.50 × 1.0 = $40/h ($1,568.63/MWh)
 *
 * 1. $30/MWh: everything earns more than power costs. AI 0.0255 + S21 4.375 = 4.4005 MW; S19j
 *    gets (5.9745 − 4.4005) / 0.0038125 = 412.85 → 412 miners (1.57075 MW).
 *    margin = (40 − 0.0255×30) + (400 − 4.375×30) + (412×0.2 − 1.57075×30)
 *           = 39.235 + 268.75 + 35.2775 = 343.2625
 * 2. $60: S19j loses money ($52.46 < $60) and stops; S21 and AI run.
 *    margin = (40 − 1.53) + (400 − 262.5) = 38.47 + 137.5 = 175.97
 * 3. $40: all run again as in 1. margin = (40 − 1.02) + (400 − 175) + (82.4 − 62.83) = 283.55
 * 4. $100 and a DR event paying $200/MWh not drawn: both fleets stop; AI still runs.
 *    Baseline: interval 3's flexible load 5.97125 MW; drawn 0.0255 → 5.94575 MW × $200 = 1,189.15
 *    margin = (40 − 2.55) + 1,189.15 = 1,226.60
 * Dispatch total = 343.2625 + 175.97 + 283.55 + 1,226.6 = 2,029.3825
 *
 * Baselines (same contract; a load that does not fit is cut, least valuable first):
 * - always mine: S21 1,000 + S19j cut by ceil((8.1875 − 5.9745)/0.0038125) = 581 → 419 miners
 *   (5.9724375 MW, $483.80/h): 304.626875 + 125.45375 + 244.9025 − 113.44375 = 561.539375
 * - static (as configured: AI and both fleets): S19j cut by ceil(2.2385/0.0038125) = 588 → 412:
 *   343.2625 + (38.47 + 137.5 + 82.4 − 94.245 = 164.125) + 283.55 + (37.45 − 37.5 − 74.675 = −74.725)
 *   = 716.2125
 * - AI only: 39.235 + 38.47 + 38.98 + 37.45 = 154.135
 */
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../dispatch/inputs';
import { runDispatch } from '../../dispatch/run';
import { resolvedSite } from '../helpers/sites';

const F = 'test/fixtures/dispatch';

async function run() {
  const site = await resolvedSite(`${F}/hand-site.yaml`);
  const power = await readInputFile(`${F}/hand-prices.csv`, 'power');
  const events = await readInputFile(`${F}/hand-events.csv`, 'events');
  return runDispatch(site, { labels: [], power: power.power!, hashprice: [], gpuHour: [], events: events.events! }, { intervalMinutes: 60 });
}

describe('dispatch: the four-interval case worked by hand', () => {
  it('resolves the dispatchable load as worked out above', async () => {
    const site = await resolvedSite(`${F}/hand-site.yaml`);
    const d = site.dispatch;
    expect(d.capMW).toBe(6);
    expect(d.firmMW).toBeCloseTo(0.0255, 9);
    expect(d.fleets.map((f) => [f.name, f.units, f.unitFacilityKW, f.fullMW])).toEqual([
      ['s21-a', 1000, 4.375, 4.375],
      ['s19j-a', 1000, 3.8125, 3.8125],
    ]);
    expect(d.interruptible).toEqual([expect.objectContaining({ tenant: 'spot-co', gpus: 16, fullMW: 0.0255, utilisation: 1, gpuHourPrice: 2.5 })]);
  });

  it('decides which fleet mines, what is shed, and the margin of each interval', async () => {
    const r = await run();
    expect(r.schedule.map((x) => x.units)).toEqual([
      [1000, 412],
      [1000, 0],
      [1000, 412],
      [0, 0],
    ]);
    expect(r.schedule.map((x) => x.aiOn)).toEqual([[1], [1], [1], [1]]);
    const margins = r.schedule.map((x) => x.margin);
    [343.2625, 175.97, 283.55, 1226.6].forEach((m, i) => expect(margins[i]).toBeCloseTo(m, 6));
    expect(r.schedule[3]!.drCredit).toBeCloseTo(1189.15, 6);
    // Shed against running every flexible load in full (8.213 MW): interval 4 sheds both fleets.
    expect(r.schedule[3]!.shedMW).toBeCloseTo(8.213 - 0.0255, 6);
    expect(r.totals.margin).toBeCloseTo(2029.3825, 6);
  });

  it('totals the three baselines as worked out above', async () => {
    const r = await run();
    const by = Object.fromEntries(r.baselines.map((b) => [b.strategy, b.margin]));
    expect(by['always-mine']).toBeCloseTo(561.539375, 6);
    expect(by.static).toBeCloseTo(716.2125, 6);
    expect(by['ai-only']).toBeCloseTo(154.135, 6);
    expect(r.totals.margin).toBeGreaterThan(Math.max(...Object.values(by)));
  });
});
