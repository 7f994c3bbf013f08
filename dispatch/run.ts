/**
 * One dispatch run: the site's dispatchable load (ResolvedSite.dispatch), market inputs on an
 * interval grid, the dispatch schedule, and the same grid under three baselines — always mine,
 * today's static split (every flexible load running as configured), and AI only.
 */
import { gpuHourPriceAssumption, numberAssumption, SITE_FILE_LAYER, type Assumption, type EconomicsLayer } from '../constructs/economics-assumptions';
import type { ResolvedSite } from '../constructs/resolved-site';
import type { MarketInputs } from './inputs';
import { buildIntervals, type Interval } from './intervals';
import { simulate, summarizeStrategy, type IntervalResult, type Strategy, type StrategyTotals } from './schedule';

export interface DispatchOptions {
  readonly intervalMinutes: 15 | 60;
  readonly from?: number;
  readonly to?: number;
}

export interface DispatchResult {
  readonly site: ResolvedSite;
  readonly intervalMinutes: number;
  readonly intervals: readonly Interval[];
  readonly schedule: readonly IntervalResult[];
  readonly totals: StrategyTotals;
  readonly baselines: readonly StrategyTotals[];
  /** Cumulative margin per interval, for the chart: dispatch and each baseline. */
  readonly cumulative: Readonly<Record<Strategy, ArrayLike<number>>>;
  readonly assumptions: readonly Assumption[];
  readonly labels: readonly string[];
}

export const BASELINES: readonly Strategy[] = ['always-mine', 'static', 'ai-only'];

export function runDispatch(site: ResolvedSite, inputs: MarketInputs, o: DispatchOptions): DispatchResult {
  const d = site.dispatch;
  const layers: EconomicsLayer[] = [{ from: SITE_FILE_LAYER, values: site.economics }];
  const assumptions: Assumption[] = [];
  const hashprice = numberAssumption(layers, 'hashpricePerPHDay', 'Hashprice when no hashprice file covers a day', 'USD/PH/s/day');
  if (inputs.hashprice.length === 0) assumptions.push(hashprice);
  else assumptions.push({ key: 'hashprice', label: 'Hashprice', value: `${inputs.hashprice.length} days from the hashprice file`, unit: 'USD/PH/s/day', source: 'input file' });
  assumptions.push({ key: 'poolFee', label: 'Mining pool fee', value: d.poolFee, unit: 'share of revenue', source: 'spec.dispatch.poolFee, else spec.economics.poolFee, else the planning default (2 %)' });
  assumptions.push({ key: 'uptime', label: 'Mining uptime', value: d.uptime, unit: 'share of time', source: 'spec.dispatch.uptime, else spec.economics.miningUptime, else the planning default (97 %)' });
  assumptions.push({ key: 'capMW', label: 'Most facility load', value: d.capMW, unit: 'MW', source: 'usable feed capacity, or spec.dispatch.contractedMW when lower' });
  assumptions.push({ key: 'firmMW', label: 'Firm load (never curtailed)', value: d.firmMW, unit: 'MW', source: 'resolved site: GPU pools less interruptible tenants, plus non-curtailable fleets' });
  const gpuDefaults = d.interruptible.map((a) => {
    if (a.gpuHourPrice !== undefined) return a.gpuHourPrice;
    const p = gpuHourPriceAssumption(layers, site.pools.find((x) => x.name === a.pool)?.system.id ?? '', a.gpu);
    if (p) assumptions.push({ ...p, key: `gpuHourPrice.${a.tenant}`, label: `GPU-hour price, ${a.tenant}, when no spot price applies` });
    return p?.value;
  });
  const intervals = buildIntervals(d, inputs, {
    intervalMs: o.intervalMinutes * 60_000,
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to } : {}),
    hashpriceDefault: hashprice.value as number,
    gpuPriceDefaults: gpuDefaults,
  });
  const main = simulate(d, intervals, 'dispatch', true);
  const runs = BASELINES.map((s) => summarizeStrategy(d, intervals, s));
  const cumulative = Object.fromEntries([main, ...runs].map((r) => [r.totals.strategy, r.cumulative])) as Record<Strategy, Float64Array>;
  return {
    site,
    intervalMinutes: o.intervalMinutes,
    intervals,
    schedule: main.rows,
    totals: main.totals,
    baselines: runs.map((r) => r.totals),
    cumulative,
    assumptions,
    labels: inputs.labels,
  };
}
