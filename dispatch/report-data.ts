/**
 * The numbers every dispatch report shows, computed once: totals against each baseline, a
 * month-by-month table, and rounded values for JSON (USD to cents, MW to kW, prices to cents).
 */
import type { DispatchResult } from './run';
import type { IntervalResult, Strategy, StrategyTotals } from './schedule';
import { isoMinute } from './time';

export const STRATEGY_NAMES: Readonly<Record<Strategy, string>> = {
  dispatch: 'Dispatch (this plan)',
  'always-mine': 'Always mine',
  static: 'Static split (as configured)',
  'ai-only': 'AI only',
};

export const usd2 = (x: number) => Math.round(x * 100) / 100 + 0;
export const mw3 = (x: number) => Math.round(x * 1000) / 1000 + 0;

export interface MonthRow {
  readonly month: string;
  readonly intervals: number;
  readonly meanPrice: number;
  readonly miningMWh: number;
  readonly aiMWh: number;
  readonly shedMWh: number;
  readonly drCredit: number;
  readonly margin: number;
}

export function byMonth(r: DispatchResult): MonthRow[] {
  const hours = r.intervalMinutes / 60;
  const rows = new Map<string, { n: number; price: number; mining: number; ai: number; shed: number; dr: number; margin: number }>();
  for (const x of r.schedule) {
    const m = isoMinute(x.start).slice(0, 7);
    const acc = rows.get(m) ?? { n: 0, price: 0, mining: 0, ai: 0, shed: 0, dr: 0, margin: 0 };
    acc.n++;
    acc.price += x.price;
    acc.mining += x.fleetMW.reduce((s, v) => s + v, 0) * hours;
    acc.ai += x.aiMW * hours;
    acc.shed += x.shedMW * hours;
    acc.dr += x.drCredit;
    acc.margin += x.margin;
    rows.set(m, acc);
  }
  return [...rows].map(([month, a]) => ({ month, intervals: a.n, meanPrice: a.price / a.n, miningMWh: a.mining, aiMWh: a.ai, shedMWh: a.shed, drCredit: a.dr, margin: a.margin }));
}

export function vsBaselines(r: DispatchResult): { totals: StrategyTotals; gain: number }[] {
  return [r.totals, ...r.baselines].map((t) => ({ totals: t, gain: r.totals.margin - t.margin }));
}

export function intervalJson(r: DispatchResult, x: IntervalResult) {
  const d = r.site.dispatch;
  return {
    start: isoMinute(x.start),
    priceUsdPerMWh: usd2(x.price),
    hashpriceUsdPerPHsDay: usd2(x.hashprice),
    fleets: Object.fromEntries(d.fleets.map((f, i) => [f.name, { miners: x.units[i]!, facilityMW: mw3(x.fleetMW[i]!) }])),
    interruptible: Object.fromEntries(d.interruptible.map((a, i) => [a.tenant, x.aiOn[i] === 1 ? 'run' : 'hold'])),
    interruptibleMW: mw3(x.aiMW),
    firmMW: mw3(x.firmMW),
    shedMW: mw3(x.shedMW),
    drCreditUsd: usd2(x.drCredit),
    marginUsd: usd2(x.margin),
    ...(x.notes.length > 0 ? { notes: x.notes } : {}),
  };
}

export function totalsJson(t: StrategyTotals) {
  return {
    marginUsd: usd2(t.margin),
    miningRevenueUsd: usd2(t.miningRevenue),
    interruptibleRevenueUsd: usd2(t.aiRevenue),
    flexiblePowerCostUsd: usd2(t.flexPowerCost),
    drCreditUsd: usd2(t.drCredit),
    miningMWh: mw3(t.miningMWh),
    interruptibleMWh: mw3(t.aiMWh),
  };
}
