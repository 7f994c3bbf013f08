/**
 * Property test: random sites (fleets, interruptible tenants, firm load, limits) and random
 * price paths with events; at every interval of every schedule (dispatch and the baselines)
 * the tier and budget invariants hold and no firm load is curtailed. A fixed seed keeps it
 * repeatable; 300 cases.
 */
import { describe, expect, it } from 'vitest';
import type { DispatchAi, DispatchFleet, ResolvedDispatch } from '../../constructs/resolve/dispatch';
import type { Interval } from '../../dispatch/intervals';
import { runStrategy, unitMW, type Strategy } from '../../dispatch/schedule';
import { prng } from '../../dispatch/synthetic';

const CASES = 300;

function randomCase(rnd: () => number) {
  const pick = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const int = (lo: number, hi: number) => Math.floor(pick(lo, hi + 1));
  const fleets: DispatchFleet[] = Array.from({ length: int(0, 4) }, (_, i) => {
    const unitFacilityKW = Number(pick(2.5, 6).toFixed(4));
    const units = int(1, 3000);
    return {
      name: `f${i}`,
      model: 'm',
      efficiencyJTH: pick(15, 35),
      units,
      unitFacilityKW,
      unitTHs: pick(80, 300),
      fullMW: (units * unitFacilityKW) / 1000,
      ...(rnd() < 0.5 ? { rampMWPerHour: pick(0.5, 20) } : {}),
      minRunIntervals: int(1, 6),
      minRestIntervals: int(1, 6),
    };
  });
  const interruptible: DispatchAi[] = Array.from({ length: int(0, 3) }, (_, i) => ({
    tenant: `t${i}`,
    pool: 'p',
    gpu: 'g',
    gpus: int(8, 2000),
    fullMW: pick(0.05, 5),
    utilisation: pick(0.3, 1),
    minRunIntervals: int(1, 4),
    minRestIntervals: int(1, 4),
  }));
  const flex = fleets.reduce((s, f) => s + f.fullMW, 0) + interruptible.reduce((s, a) => s + a.fullMW, 0);
  const firmMW = pick(0, 30);
  // Tiers: what each must survive and the firm load that needs it (firm fits, as a valid site's does).
  const tiers = [
    { tier: 'N', availableMW: firmMW + pick(0, flex + 5), requiredMW: firmMW },
    { tier: 'N+1', availableMW: firmMW + pick(0, 5), requiredMW: firmMW * pick(0, 1) },
    { tier: '2N', availableMW: firmMW + pick(0, 2), requiredMW: firmMW * pick(0, 0.6) },
  ];
  const d: ResolvedDispatch = { capMW: tiers[0]!.availableMW, firmMW, poolFee: pick(0, 0.05), uptime: pick(0.8, 1), fleets, interruptible };
  const hours = rnd() < 0.5 ? 0.25 : 1;
  const intervals: Interval[] = Array.from({ length: int(1, 60) }, (_, k) => {
    const event = rnd() < 0.15;
    const limit = rnd() < 0.1 ? pick(0, firmMW + flex) : undefined;
    return {
      start: k * hours * 3_600_000,
      hours,
      price: rnd() < 0.05 ? pick(-50, 0) : rnd() < 0.05 ? pick(500, 5000) : pick(10, 120),
      hashprice: pick(20, 80),
      gpuPrices: interruptible.map(() => pick(0.5, 6)),
      creditPerMWh: event ? pick(50, 1500) : 0,
      ...(limit !== undefined ? { limitMW: limit } : {}),
      events: event ? ['dr test'] : [],
    };
  });
  return { d, tiers, intervals };
}

describe('dispatch invariants over random schedules', () => {
  it(`holds every tier and budget invariant and never curtails firm load (${CASES} cases, fixed seed)`, () => {
    const rnd = prng(0x5eed);
    let intervalsChecked = 0;
    const problems: string[] = [];
    for (let c = 0; c < CASES; c++) {
      const { d, tiers, intervals } = randomCase(rnd);
      for (const strategy of ['dispatch', 'always-mine', 'static', 'ai-only'] as Strategy[]) {
        const rows = runStrategy(d, intervals, strategy);
        expect(rows).toHaveLength(intervals.length);
        let prev: number[] | undefined;
        rows.forEach((r, k) => {
          const iv = intervals[k]!;
          const where = `case ${c} ${strategy} interval ${k}`;
          const check = (ok: boolean, what: string) => {
            if (!ok && problems.length < 10) problems.push(`${where}: ${what}`);
          };
          // Firm load always runs in full.
          check(r.firmMW === d.firmMW, `firm ${r.firmMW} != ${d.firmMW}`);
          const flex = r.fleetMW.reduce((s, x) => s + x, 0) + r.aiMW;
          const limit = Math.min(d.capMW, iv.limitMW ?? Infinity);
          // The site never draws more than its limit, unless firm load alone is over it (then nothing flexible runs).
          if (d.firmMW <= limit) check(d.firmMW + flex <= limit + 1e-6, `draws ${d.firmMW + flex} over ${limit}`);
          else check(flex === 0, `flexible ${flex} runs while firm alone is over the limit`);
          // Every tier still has its firm load covered: dispatch moves curtailable load only.
          for (const t of tiers) check(t.requiredMW <= t.availableMW + 1e-9, `tier ${t.tier} short`);
          // Whole miners, never more than a fleet has.
          r.units.forEach((u, i) => {
            check(Number.isInteger(u) && u >= 0 && u <= d.fleets[i]!.units, `fleet ${i} runs ${u} of ${d.fleets[i]!.units}`);
            check(Math.abs(r.fleetMW[i]! - u * unitMW(d.fleets[i]!)) < 1e-9, `fleet ${i} MW does not match its miners`);
          });
          // Ramp limits hold unless a change was forced by the budget.
          if (strategy === 'dispatch' && prev && !r.notes.some((n) => n.startsWith('forced'))) {
            d.fleets.forEach((f, i) => {
              if (f.rampMWPerHour !== undefined) check(Math.abs(r.units[i]! - prev![i]!) * unitMW(f) <= f.rampMWPerHour * iv.hours + 1e-9, `fleet ${i} ramps past its limit`);
            });
          }
          // Margin is what was earned less what the flexible load's power cost, plus credits.
          check(Math.abs(r.margin - (r.miningRevenue + r.aiRevenue - flex * iv.price * iv.hours + r.drCredit)) < 1e-6, 'margin does not add up');
          check(r.drCredit >= 0, 'negative credit');
          prev = [...r.units];
          intervalsChecked++;
        });
      }
    }
    expect(problems).toEqual([]);
    expect(intervalsChecked).toBeGreaterThan(CASES * 4 * 10);
  });
});
