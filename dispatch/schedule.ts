/**
 * The dispatch decision, interval by interval, and the accounting every strategy shares.
 *
 * Each flexible load (a curtailable fleet, an interruptible tenant) is worth, per MWh it draws,
 * what it earns minus the power price minus the demand-response credit it forgoes by running.
 * Within the room the site has (the feeds' usable capacity or the contract, and any curtailment
 * limit, less firm load), the loads worth most run first: a greedy fill that is optimal for one
 * interval. Ramp limits and minimum run/rest times bound each load around its previous state;
 * the power budget always wins over them (a forced change is marked). Firm load is never
 * curtailed: when firm load alone breaks a limit, the interval says so.
 */
import type { DispatchAi, DispatchFleet, ResolvedDispatch } from '../constructs/resolve/dispatch';
import type { Interval } from './intervals';

export interface IntervalResult {
  readonly start: number;
  readonly price: number;
  readonly hashprice: number;
  /** Miners running per fleet (ResolvedDispatch.fleets order). */
  readonly units: readonly number[];
  /** Facility MW per fleet. */
  readonly fleetMW: readonly number[];
  /** Interruptible tenants running (1) or held (0). */
  readonly aiOn: readonly (0 | 1)[];
  readonly aiMW: number;
  readonly firmMW: number;
  /** Flexible MW not drawn: what is shed against running every flexible load in full. */
  readonly shedMW: number;
  readonly miningRevenue: number;
  readonly aiRevenue: number;
  /** Power cost of the flexible load (firm load's power is the same under every strategy). */
  readonly flexPowerCost: number;
  readonly drCredit: number;
  readonly margin: number;
  readonly notes: readonly string[];
}

export type Strategy = 'dispatch' | 'always-mine' | 'static' | 'ai-only';

interface LoadState {
  on: boolean;
  /** Intervals since the last start or stop. */
  since: number;
}

export const unitMW = (f: DispatchFleet) => f.unitFacilityKW / 1000;
/** USD an hour one miner earns at a hashprice (USD per PH/s per day), after uptime and pool fee. */
export const minerUsdPerHour = (d: ResolvedDispatch, f: DispatchFleet, hashprice: number) => ((f.unitTHs / 1000) * hashprice * d.uptime * (1 - d.poolFee)) / 24;
export const aiUsdPerHour = (a: DispatchAi, gpuPrice: number) => a.gpus * gpuPrice * a.utilisation;

export function runStrategy(d: ResolvedDispatch, intervals: readonly Interval[], strategy: Strategy): IntervalResult[] {
  const fleetState: LoadState[] = d.fleets.map(() => ({ on: true, since: Infinity }));
  const aiState: LoadState[] = d.interruptible.map(() => ({ on: strategy !== 'always-mine', since: Infinity }));
  let prevUnits = d.fleets.map((f) => (strategy === 'ai-only' ? 0 : f.units));
  if (strategy === 'ai-only') fleetState.forEach((s) => (s.on = false));
  const fullFlexMW = d.fleets.reduce((s, f) => s + f.fullMW, 0) + d.interruptible.reduce((s, a) => s + a.fullMW, 0);
  let prevFlexMW = fullFlexMW;
  let eventBaseline: number | undefined;
  const out: IntervalResult[] = [];

  for (const iv of intervals) {
    const notes: string[] = [];
    const cap = Math.min(d.capMW, iv.limitMW ?? Infinity);
    let room = cap - d.firmMW;
    if (room < 0) {
      notes.push(`firm load ${d.firmMW.toFixed(3)} MW is above the ${cap.toFixed(3)} MW limit; firm load is never curtailed`);
      room = 0;
    }
    const fleetValue = d.fleets.map((f) => minerUsdPerHour(d, f, iv.hashprice) / unitMW(f) - iv.price - iv.creditPerMWh);
    const aiValue = d.interruptible.map((a, i) => aiUsdPerHour(a, iv.gpuPrices[i]!) / a.fullMW - iv.price - iv.creditPerMWh);

    // Bounds from the previous state (dispatch only; the baselines hold their level).
    const lo = d.fleets.map(() => 0);
    const hi = d.fleets.map((f) => f.units);
    const aiLo = d.interruptible.map(() => 0);
    const aiHi = d.interruptible.map(() => 1);
    if (strategy === 'dispatch') {
      d.fleets.forEach((f, i) => {
        if (f.rampMWPerHour !== undefined) {
          const step = Math.floor((f.rampMWPerHour * iv.hours) / unitMW(f) + 1e-9);
          lo[i] = Math.max(0, prevUnits[i]! - step);
          hi[i] = Math.min(f.units, prevUnits[i]! + step);
        }
        const s = fleetState[i]!;
        if (s.on && s.since < f.minRunIntervals) lo[i] = Math.max(lo[i]!, 1);
        if (!s.on && s.since < f.minRestIntervals) hi[i] = lo[i] = 0;
      });
      d.interruptible.forEach((a, i) => {
        const s = aiState[i]!;
        if (s.on && s.since < a.minRunIntervals) aiLo[i] = 1;
        if (!s.on && s.since < a.minRestIntervals) aiHi[i] = aiLo[i] = 0;
      });
    } else {
      const mine = strategy !== 'ai-only';
      const ai = strategy !== 'always-mine';
      d.fleets.forEach((f, i) => (lo[i] = hi[i] = mine ? f.units : 0));
      d.interruptible.forEach((_, i) => (aiLo[i] = aiHi[i] = ai ? 1 : 0));
    }

    // Loads by value, best first; ties by kind then order so the schedule is deterministic.
    type Item = { kind: 'fleet' | 'ai'; i: number; v: number };
    const items: Item[] = [...d.fleets.map((_, i) => ({ kind: 'fleet' as const, i, v: fleetValue[i]! })), ...d.interruptible.map((_, i) => ({ kind: 'ai' as const, i, v: aiValue[i]! }))];
    items.sort((a, b) => b.v - a.v || (a.kind === b.kind ? a.i - b.i : a.kind === 'fleet' ? 1 : -1));

    // The lower bounds first; when they alone exceed the room, the least valuable give way.
    const units = [...lo];
    const aiOn = [...aiLo] as (0 | 1)[];
    const mwOf = () => units.reduce((s, u, i) => s + u * unitMW(d.fleets[i]!), 0) + aiOn.reduce<number>((s, on, i) => s + on * d.interruptible[i]!.fullMW, 0);
    let used = mwOf();
    for (let k = items.length - 1; k >= 0 && used > room + 1e-9; k--) {
      const it = items[k]!;
      if (it.kind === 'fleet' && units[it.i]! > 0) {
        const u = unitMW(d.fleets[it.i]!);
        const cut = Math.min(units[it.i]!, Math.ceil((used - room) / u - 1e-9));
        units[it.i]! -= cut;
        used -= cut * u;
        notes.push(`forced: ${d.fleets[it.i]!.name} down ${cut} miners to stay within ${cap.toFixed(3)} MW`);
      } else if (it.kind === 'ai' && aiOn[it.i] === 1) {
        aiOn[it.i] = 0;
        used -= d.interruptible[it.i]!.fullMW;
        notes.push(`forced: ${d.interruptible[it.i]!.tenant} held to stay within ${cap.toFixed(3)} MW`);
      }
    }
    // Then fill the room, best value first, with what earns more than it costs.
    for (const it of items) {
      if (strategy === 'dispatch' && it.v <= 0) continue;
      if (it.kind === 'fleet') {
        const f = d.fleets[it.i]!;
        const add = Math.max(0, Math.min(hi[it.i]! - units[it.i]!, Math.floor((room - used) / unitMW(f) + 1e-9)));
        units[it.i]! += add;
        used += add * unitMW(f);
      } else if (aiOn[it.i] === 0 && aiHi[it.i] === 1 && d.interruptible[it.i]!.fullMW <= room - used + 1e-9) {
        aiOn[it.i] = 1;
        used += d.interruptible[it.i]!.fullMW;
      }
    }

    const fleetMW = units.map((u, i) => u * unitMW(d.fleets[i]!));
    const aiMW = aiOn.reduce<number>((s, on, i) => s + on * d.interruptible[i]!.fullMW, 0);
    const flexMW = fleetMW.reduce((s, x) => s + x, 0) + aiMW;
    if (iv.creditPerMWh > 0 && eventBaseline === undefined) eventBaseline = prevFlexMW;
    if (iv.creditPerMWh === 0) eventBaseline = undefined;
    const miningRevenue = units.reduce((s, u, i) => s + u * minerUsdPerHour(d, d.fleets[i]!, iv.hashprice), 0) * iv.hours;
    const aiRevenue = aiOn.reduce<number>((s, on, i) => s + on * aiUsdPerHour(d.interruptible[i]!, iv.gpuPrices[i]!), 0) * iv.hours;
    const flexPowerCost = flexMW * iv.price * iv.hours;
    const drCredit = eventBaseline !== undefined ? iv.creditPerMWh * Math.max(0, eventBaseline - flexMW) * iv.hours : 0;
    out.push({
      start: iv.start,
      price: iv.price,
      hashprice: iv.hashprice,
      units,
      fleetMW,
      aiOn,
      aiMW,
      firmMW: d.firmMW,
      shedMW: fullFlexMW - flexMW,
      miningRevenue,
      aiRevenue,
      flexPowerCost,
      drCredit,
      margin: miningRevenue + aiRevenue - flexPowerCost + drCredit,
      notes: [...iv.events.map((e) => `event: ${e}`), ...notes],
    });

    d.fleets.forEach((_, i) => step(fleetState[i]!, units[i]! > 0));
    d.interruptible.forEach((_, i) => step(aiState[i]!, aiOn[i] === 1));
    prevUnits = units;
    prevFlexMW = flexMW;
  }
  return out;
}

function step(s: LoadState, on: boolean): void {
  if (on === s.on) s.since++;
  else {
    s.on = on;
    s.since = 1;
  }
}

export interface StrategyTotals {
  readonly strategy: Strategy;
  readonly margin: number;
  readonly miningRevenue: number;
  readonly aiRevenue: number;
  readonly flexPowerCost: number;
  readonly drCredit: number;
  /** Flexible MWh drawn. */
  readonly flexMWh: number;
  readonly miningMWh: number;
  readonly aiMWh: number;
}

export function totalsOf(strategy: Strategy, rows: readonly IntervalResult[], hours: number): StrategyTotals {
  let margin = 0, miningRevenue = 0, aiRevenue = 0, flexPowerCost = 0, drCredit = 0, miningMWh = 0, aiMWh = 0;
  for (const r of rows) {
    margin += r.margin;
    miningRevenue += r.miningRevenue;
    aiRevenue += r.aiRevenue;
    flexPowerCost += r.flexPowerCost;
    drCredit += r.drCredit;
    miningMWh += r.fleetMW.reduce((s, x) => s + x, 0) * hours;
    aiMWh += r.aiMW * hours;
  }
  return { strategy, margin, miningRevenue, aiRevenue, flexPowerCost, drCredit, flexMWh: miningMWh + aiMWh, miningMWh, aiMWh };
}
