/**
 * Dispatch at scale: a year of 15-minute intervals (35,040) for the 20k-node bench site, with
 * every curtailable fleet and two interruptible tenants. Prints
 * `dispatch nodes=N intervals=I read_ms=… grid_ms=… ms=… rss_mb=…`: reading the ERCOT-layout
 * price file, building the interval grid alone (the floor: every interval's price, hashprice
 * and events, no decision), and the whole run (dispatch plus the three baselines), wall and
 * CPU time (CPU time is what to compare on a busy machine).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveSite } from '../constructs/resolve';
import { SiteFileSpec } from '../constructs/site-spec';
import { readInputFile } from '../dispatch/inputs';
import { buildIntervals } from '../dispatch/intervals';
import { runDispatch } from '../dispatch/run';
import { syntheticYear } from '../dispatch/synthetic';
import { generateSite } from './generate';

export default async function dispatchBench(): Promise<void> {
  const input = generateSite({ nodes: 20_000, miners: 60_000 });
  const shared = (input.spec.tenants ?? []).filter((t) => t.isolation === 'shared').slice(0, 2);
  input.spec.dispatch = { interruptible: shared.map((t) => ({ tenant: t.name, gpuHourPrice: 2.5 })) };
  const site = resolveSite(SiteFileSpec.parse(input));
  const year = syntheticYear(7, 2025, 'HB_WEST', true);
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-dispatch-bench-'));
  writeFileSync(join(dir, 'prices.csv'), year.prices);
  writeFileSync(join(dir, 'events.csv'), year.events);

  let t = performance.now();
  const prices = await readInputFile(join(dir, 'prices.csv'), 'power', 'HB_WEST');
  const events = await readInputFile(join(dir, 'events.csv'), 'events');
  const readMs = performance.now() - t;
  const inputs = { labels: [], power: prices.power!, hashprice: [], gpuHour: [], events: events.events! };

  t = performance.now();
  const grid = buildIntervals(site.dispatch, inputs, { intervalMs: 15 * 60_000, hashpriceDefault: 40, gpuPriceDefaults: site.dispatch.interruptible.map(() => 2.5) });
  const gridMs = performance.now() - t;

  t = performance.now();
  const cpu = process.cpuUsage();
  const r = runDispatch(site, inputs, { intervalMinutes: 15 });
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(`dispatch nodes=${site.totals.nodes} fleets=${site.dispatch.fleets.length} interruptible=${site.dispatch.interruptible.length} intervals=${r.schedule.length} read_ms=${Math.round(readMs)} grid_ms=${Math.round(gridMs)} ms=${Math.round(ms)} cpu_ms=${Math.round(cpuMs)} rss_mb=${Math.round(process.memoryUsage().rss / 2 ** 20)}\n`);
  if (grid.length !== r.schedule.length) throw new Error('grid and schedule disagree');
}
