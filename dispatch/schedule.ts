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

const NO_NOTES: readonly string[] = Object.freeze([]);
const NO_MW: number[] = [];

export function runStrategy(d: ResolvedDispatch, intervals: readonly Interval[], strategy: Strategy): IntervalResult[] {
  return simulate(d, intervals, strategy, true).rows;
}

export interface StrategyRun {
  readonly rows: IntervalResult[];
  readonly totals: StrategyTotals;
  /** Margin summed up to and including each interval. */
  readonly cumulative: Float64Array;
}

/** Totals and cumulative margin only: what a baseline needs, without a row per interval. */
export function summarizeStrategy(d: ResolvedDispatch, intervals: readonly Interval[], strategy: Strategy): StrategyRun {
  return simulate(d, intervals, strategy, false);
}

export function simulate(d: ResolvedDispatch, intervals: readonly Interval[], strategy: Strategy, keep: boolean): StrategyRun {
  const nf = d.fleets.length;
  const na = d.interruptible.length;
  // Per-load constants, out of the interval loop (a year is 35,040 intervals × 4 strategies).
  const fMW = d.fleets.map(unitMW);
  const fUsdPerPHday = d.fleets.map((f) => ((f.unitTHs / 1000) * d.uptime * (1 - d.poolFee)) / 24); // × hashprice = USD/h per miner
  const aMW = d.interruptible.map((a) => a.fullMW);
  const fixed = strategy !== 'dispatch';
  const mine = strategy !== 'ai-only';
  const runAi = strategy !== 'always-mine';
  const fleetState: LoadState[] = d.fleets.map(() => ({ on: mine, since: Infinity }));
  const aiState: LoadState[] = d.interruptible.map(() => ({ on: runAi, since: Infinity }));
  let prevUnits = d.fleets.map((f) => (mine ? f.units : 0));
  const fullFlexMW = d.fleets.reduce((s, f) => s + f.fullMW, 0) + d.interruptible.reduce((s, a) => s + a.fullMW, 0);
  let prevFlexMW = fullFlexMW;
  let eventBaseline: number | undefined;
  const out: IntervalResult[] = keep ? new Array(intervals.length) : [];
  const cumulative = new Float64Array(intervals.length);
  const sum = { margin: 0, miningRevenue: 0, aiRevenue: 0, flexPowerCost: 0, drCredit: 0, miningMWh: 0, aiMWh: 0 };
  let spare = d.fleets.map(() => 0);
  let spareAi = d.interruptible.map(() => 0) as (0 | 1)[];
  // Loads by value: indices 0..nf-1 are fleets, nf.. are interruptible tenants.
  const order = Array.from({ length: nf + na }, (_, k) => k);
  const value = new Float64Array(nf + na);
  const lo = new Array<number>(nf);
  const hi = new Array<number>(nf);
  const aiLo = new Array<number>(na);
  const aiHi = new Array<number>(na);
  const byValue = (a: number, b: number) => value[b]! - value[a]! || (a < nf === b < nf ? a - b : a < nf ? 1 : -1);

  for (let t = 0; t < intervals.length; t++) {
    const iv = intervals[t]!;
    let notes: string[] | undefined;
    const cap = Math.min(d.capMW, iv.limitMW ?? Infinity);
    let room = cap - d.firmMW;
    if (room < 0) {
      (notes ??= []).push(`firm load ${d.firmMW.toFixed(3)} MW is above the ${cap.toFixed(3)} MW limit; firm load is never curtailed`);
      room = 0;
    }
    for (let i = 0; i < nf; i++) value[i] = (fUsdPerPHday[i]! * iv.hashprice) / fMW[i]! - iv.price - iv.creditPerMWh;
    for (let i = 0; i < na; i++) value[nf + i] = aiUsdPerHour(d.interruptible[i]!, iv.gpuPrices[i]!) / aMW[i]! - iv.price - iv.creditPerMWh;

    // Bounds from the previous state (dispatch only; the baselines hold their level).
    for (let i = 0; i < nf; i++) {
      const f = d.fleets[i]!;
      if (fixed) {
        lo[i] = hi[i] = mine ? f.units : 0;
        continue;
      }
      lo[i] = 0;
      hi[i] = f.units;
      if (f.rampMWPerHour !== undefined) {
        const stepUnits = Math.floor((f.rampMWPerHour * iv.hours) / fMW[i]! + 1e-9);
        lo[i] = Math.max(0, prevUnits[i]! - stepUnits);
        hi[i] = Math.min(f.units, prevUnits[i]! + stepUnits);
      }
      const s = fleetState[i]!;
      if (s.on && s.since < f.minRunIntervals) lo[i] = Math.max(lo[i]!, 1);
      if (!s.on && s.since < f.minRestIntervals) hi[i] = lo[i] = 0;
    }
    for (let i = 0; i < na; i++) {
      if (fixed) {
        aiLo[i] = aiHi[i] = runAi ? 1 : 0;
        continue;
      }
      const a = d.interruptible[i]!;
      const s = aiState[i]!;
      aiLo[i] = s.on && s.since < a.minRunIntervals ? 1 : 0;
      aiHi[i] = !s.on && s.since < a.minRestIntervals ? 0 : 1;
      if (aiHi[i] === 0) aiLo[i] = 0;
    }
    order.sort(byValue);

    // The lower bounds first; when they alone exceed the room, the least valuable give way.
    // Rows keep their arrays; a summary reuses two buffers (this interval's and the last one's).
    const units = keep ? lo.slice() : spare;
    const aiOn = keep ? (aiLo.slice() as (0 | 1)[]) : spareAi;
    if (!keep) {
      for (let i = 0; i < nf; i++) units[i] = lo[i]!;
      for (let i = 0; i < na; i++) aiOn[i] = aiLo[i] as 0 | 1;
    }
    let used = 0;
    for (let i = 0; i < nf; i++) used += units[i]! * fMW[i]!;
    for (let i = 0; i < na; i++) used += aiOn[i]! * aMW[i]!;
    for (let k = order.length - 1; k >= 0 && used > room + 1e-9; k--) {
      const j = order[k]!;
      if (j < nf && units[j]! > 0) {
        const cut = Math.min(units[j]!, Math.ceil((used - room) / fMW[j]! - 1e-9));
        units[j]! -= cut;
        used -= cut * fMW[j]!;
        (notes ??= []).push(`forced: ${d.fleets[j]!.name} down ${cut} miners to stay within ${cap.toFixed(3)} MW`);
      } else if (j >= nf && aiOn[j - nf] === 1) {
        aiOn[j - nf] = 0;
        used -= aMW[j - nf]!;
        (notes ??= []).push(`forced: ${d.interruptible[j - nf]!.tenant} held to stay within ${cap.toFixed(3)} MW`);
      }
    }
    // Then fill the room, best value first, with what earns more than it costs.
    for (let k = 0; k < order.length; k++) {
      const j = order[k]!;
      if (!fixed && value[j]! <= 0) continue;
      if (j < nf) {
        const add = Math.max(0, Math.min(hi[j]! - units[j]!, Math.floor((room - used) / fMW[j]! + 1e-9)));
        units[j]! += add;
        used += add * fMW[j]!;
      } else {
        const i = j - nf;
        if (aiOn[i] === 0 && aiHi[i] === 1 && aMW[i]! <= room - used + 1e-9) {
          aiOn[i] = 1;
          used += aMW[i]!;
        }
      }
    }

    const fleetMW = keep ? new Array<number>(nf) : NO_MW;
    let miningMW = 0;
    let miningRevenue = 0;
    for (let i = 0; i < nf; i++) {
      const mw = units[i]! * fMW[i]!;
      if (keep) fleetMW[i] = mw;
      miningMW += mw;
      miningRevenue += units[i]! * fUsdPerPHday[i]! * iv.hashprice;
    }
    miningRevenue *= iv.hours;
    let aiMW = 0;
    let aiRevenue = 0;
    for (let i = 0; i < na; i++) {
      if (aiOn[i] !== 1) continue;
      aiMW += aMW[i]!;
      aiRevenue += aiUsdPerHour(d.interruptible[i]!, iv.gpuPrices[i]!);
    }
    aiRevenue *= iv.hours;
    const flexMW = miningMW + aiMW;
    if (iv.creditPerMWh > 0 && eventBaseline === undefined) eventBaseline = prevFlexMW;
    if (iv.creditPerMWh === 0) eventBaseline = undefined;
    const flexPowerCost = flexMW * iv.price * iv.hours;
    const drCredit = eventBaseline !== undefined ? iv.creditPerMWh * Math.max(0, eventBaseline - flexMW) * iv.hours : 0;
    const margin = miningRevenue + aiRevenue - flexPowerCost + drCredit;
    sum.margin += margin;
    sum.miningRevenue += miningRevenue;
    sum.aiRevenue += aiRevenue;
    sum.flexPowerCost += flexPowerCost;
    sum.drCredit += drCredit;
    sum.miningMWh += miningMW * iv.hours;
    sum.aiMWh += aiMW * iv.hours;
    cumulative[t] = sum.margin;
    for (let i = 0; i < nf; i++) step(fleetState[i]!, units[i]! > 0);
    for (let i = 0; i < na; i++) step(aiState[i]!, aiOn[i] === 1);
    if (!keep) {
      spare = prevUnits;
      prevUnits = units;
      spareAi = aiOn;
      prevFlexMW = flexMW;
      continue;
    }
    let allNotes: readonly string[] = NO_NOTES;
    if (iv.events.length > 0 || notes) allNotes = [...iv.events.map((e) => `event: ${e}`), ...(notes ?? [])];
    out[t] = {
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
      margin,
      notes: allNotes,
    };
    prevUnits = units;
    prevFlexMW = flexMW;
  }
  return { rows: out, totals: { strategy, ...sum, flexMWh: sum.miningMWh + sum.aiMWh }, cumulative };
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
