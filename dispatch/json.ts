/** The dispatch plan as JSON: every interval, totals against each baseline; fixed decimals (USD 2, MW 3). */
import { byMonth, intervalJson, mw3, totalsJson, usd2 } from './report-data';
import type { DispatchResult } from './run';
import { isoMinute } from './time';

export function dispatchData(r: DispatchResult) {
  const d = r.site.dispatch;
  const last = r.schedule[r.schedule.length - 1];
  return {
    apiVersion: 'rackshift.dev/v1alpha1',
    kind: 'DispatchPlan',
    site: r.site.name,
    intervalMinutes: r.intervalMinutes,
    from: r.schedule[0] ? isoMinute(r.schedule[0].start) : null,
    to: last ? isoMinute(last.start + r.intervalMinutes * 60_000) : null,
    inputLabels: r.labels,
    capMW: mw3(d.capMW),
    firmMW: mw3(d.firmMW),
    assumptions: r.assumptions.map((a) => ({ key: a.key, label: a.label, value: typeof a.value === 'number' ? Math.round(a.value * 1e4) / 1e4 : a.value, unit: a.unit, source: a.source })),
    totals: totalsJson(r.totals),
    baselines: Object.fromEntries(r.baselines.map((b) => [b.strategy, { ...totalsJson(b), dispatchGainUsd: usd2(r.totals.margin - b.margin) }])),
    months: byMonth(r).map((m) => ({ month: m.month, intervals: m.intervals, meanPriceUsdPerMWh: usd2(m.meanPrice), miningMWh: mw3(m.miningMWh), interruptibleMWh: mw3(m.aiMWh), shedMWh: mw3(m.shedMWh), drCreditUsd: usd2(m.drCredit), marginUsd: usd2(m.margin) })),
    schedule: r.schedule.map((x) => intervalJson(r, x)),
  };
}

export function dispatchJson(r: DispatchResult): string {
  return `${JSON.stringify(dispatchData(r), null, 2)}\n`;
}
