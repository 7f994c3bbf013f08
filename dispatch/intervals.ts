/**
 * The interval grid dispatch decides on, and what each interval costs and pays: the power price
 * averaged over the interval (time-weighted), the day's hashprice, each interruptible tenant's
 * GPU-hour price, and the demand-response events that overlap it.
 */
import type { ResolvedDispatch } from '../constructs/resolve/dispatch';
import type { DispatchEvent, GpuPricePoint, MarketInputs } from './inputs';
import { DAY, HOUR, isoMinute } from './time';

export interface Interval {
  readonly start: number;
  readonly hours: number;
  /** USD/MWh, time-weighted over the interval. */
  readonly price: number;
  /** USD per PH/s per day. */
  readonly hashprice: number;
  /** USD per GPU-hour, one per interruptible tenant (ResolvedDispatch.interruptible order). */
  readonly gpuPrices: readonly number[];
  /** USD per MWh not drawn, summed over the dr/4cp events active, weighted by their overlap. */
  readonly creditPerMWh: number;
  /** Facility MW limit from curtailment events, if any. */
  readonly limitMW?: number;
  /** Sources (`file:line`) of the events active. */
  readonly events: readonly string[];
}

export interface GridOptions {
  readonly intervalMs: number;
  readonly from?: number;
  readonly to?: number;
  /** Constant hashprice when no hashprice file is given (site economics, else the sourced default). */
  readonly hashpriceDefault: number;
  /** Per interruptible tenant: its GPU-hour price when no spot file covers it. */
  readonly gpuPriceDefaults: readonly (number | undefined)[];
}

export class GridError extends Error {}

export function buildIntervals(d: ResolvedDispatch, m: MarketInputs, o: GridOptions): Interval[] {
  const power = m.power;
  if (power.length === 0) throw new GridError('the power price file has no prices');
  const first = power[0]!.start;
  const last = power[power.length - 1]!.start + power[power.length - 1]!.span;
  const align = (t: number) => Math.ceil(t / o.intervalMs) * o.intervalMs;
  const from = align(Math.max(o.from ?? first, first));
  const to = Math.min(o.to ?? last, last);
  if (o.from !== undefined && o.from < first) throw new GridError(`--from ${isoMinute(o.from)} is before the first price (${isoMinute(first)})`);
  if (o.to !== undefined && o.to > last) throw new GridError(`--to ${isoMinute(o.to)} is after the last price ends (${isoMinute(last)})`);
  if (to - from < o.intervalMs) throw new GridError(`no whole ${o.intervalMs / 60_000}-minute interval between ${isoMinute(from)} and ${isoMinute(to)}`);

  const hours = o.intervalMs / HOUR;
  const out: Interval[] = [];
  let p = 0;
  let h = 0;
  const gpu = d.interruptible.map((a) => m.gpuHour.filter((g) => g.gpu === undefined || g.gpu === a.gpu));
  const gpuAt = gpu.map(() => 0);
  const events = [...m.events].sort((a, b) => a.start - b.start);
  for (let t = from; t + o.intervalMs <= to; t += o.intervalMs) {
    const end = t + o.intervalMs;
    // Power: time-weighted mean over [t, end); every minute must be priced.
    while (p < power.length && power[p]!.start + power[p]!.span <= t) p++;
    let covered = 0;
    let cost = 0;
    for (let q = p; q < power.length && power[q]!.start < end; q++) {
      const a = Math.max(t, power[q]!.start);
      const b = Math.min(end, power[q]!.start + power[q]!.span);
      if (b > a) {
        covered += b - a;
        cost += (b - a) * power[q]!.price;
      }
    }
    if (covered < o.intervalMs) throw new GridError(`no power price for all of ${isoMinute(t)}–${isoMinute(end)} (a gap in the price file)`);
    // Hashprice: the UTC day's, else the latest day before it.
    let hashprice = o.hashpriceDefault;
    if (m.hashprice.length > 0) {
      while (h + 1 < m.hashprice.length && m.hashprice[h + 1]!.day <= t) h++;
      if (m.hashprice[h]!.day > t) throw new GridError(`no hashprice for ${isoMinute(t)} (the hashprice file starts ${new Date(m.hashprice[0]!.day).toISOString().slice(0, 10)})`);
      if (t - m.hashprice[h]!.day >= 7 * DAY) throw new GridError(`the hashprice file has no day within a week before ${isoMinute(t)}`);
      hashprice = m.hashprice[h]!.price;
    }
    const gpuPrices = gpu.map((series, i) => {
      while (gpuAt[i]! + 1 < series.length && series[gpuAt[i]! + 1]!.start <= t) gpuAt[i]!++;
      const point: GpuPricePoint | undefined = series[gpuAt[i]!];
      if (point && point.start <= t) return point.price;
      const fallback = o.gpuPriceDefaults[i];
      if (fallback === undefined) throw new GridError(`no GPU-hour price for tenant ${d.interruptible[i]!.tenant} (${d.interruptible[i]!.gpu}) at ${isoMinute(t)}: give a spot-price file or spec.dispatch.interruptible[].gpuHourPrice`);
      return fallback;
    });
    let credit = 0;
    let limit: number | undefined;
    const active: string[] = [];
    for (const e of events) {
      if (e.start >= end) break;
      if (e.end <= t) continue;
      active.push(`${e.type} ${e.source}`);
      credit += e.creditPerMWh * overlap(e, t, end);
      if (e.limitMW !== undefined) limit = Math.min(limit ?? Infinity, e.limitMW);
    }
    out.push({ start: t, hours, price: cost / o.intervalMs, hashprice, gpuPrices, creditPerMWh: credit, ...(limit !== undefined ? { limitMW: limit } : {}), events: active });
  }
  return out;
}

const overlap = (e: DispatchEvent, t: number, end: number) => (Math.min(end, e.end) - Math.max(t, e.start)) / (end - t);
