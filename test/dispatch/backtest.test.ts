/**
 * The backtest on the committed synthetic year (sites/prices/, made by dispatch/synthetic.ts
 * with a fixed seed): red-river dispatched hourly against always mine, the static split and AI
 * only. The files and every report say the prices are synthetic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../dispatch/inputs';
import { dispatchData } from '../../dispatch/json';
import { dispatchMarkdown } from '../../dispatch/markdown';
import { runDispatch } from '../../dispatch/run';
import { SYNTHETIC_FILES, syntheticFiles } from '../../dispatch/synthetic-files';
import { SYNTHETIC_LABEL } from '../../dispatch/synthetic';
import { resolvedSite } from '../helpers/sites';

async function backtest() {
  const site = await resolvedSite('sites/red-river.yaml');
  const point = site.dispatch.settlementPoint;
  const [p, h, e] = await Promise.all([
    readInputFile(SYNTHETIC_FILES.prices, 'power', point),
    readInputFile(SYNTHETIC_FILES.hashprice, 'hashprice'),
    readInputFile(SYNTHETIC_FILES.events, 'events'),
  ]);
  return runDispatch(site, { labels: [...p.labels!, ...h.labels!, ...e.labels!], power: p.power!, hashprice: h.hashprice!, gpuHour: [], events: e.events! }, { intervalMinutes: 60 });
}

describe('backtest on the committed synthetic year', () => {
  it('the committed files are exactly what the seeded generator makes, and say they are synthetic', () => {
    for (const [file, text] of Object.entries(syntheticFiles())) {
      expect(readFileSync(file, 'utf8'), file).toBe(text);
      expect(text.split('\n')[0]).toContain(SYNTHETIC_LABEL);
    }
  });

  it('dispatch earns more than every baseline over the year, and the report says the prices are synthetic', async () => {
    const r = await backtest();
    expect(r.schedule).toHaveLength(8760);
    const by = Object.fromEntries(r.baselines.map((b) => [b.strategy, b]));
    for (const b of r.baselines) expect(r.totals.margin, b.strategy).toBeGreaterThan(b.margin);
    // Interruptible AI earns more per MWh than mining: the static split beats always mining, and
    // dispatch keeps it running nearly always (it is held only when power costs more than it earns).
    expect(by.static!.margin).toBeGreaterThan(by['always-mine']!.margin);
    expect(r.totals.aiMWh).toBeGreaterThan(0.99 * by.static!.aiMWh);
    // Dispatch sheds mining when power is dear, and earns DR credits for it; the baselines do not respond.
    expect(r.totals.miningMWh).toBeLessThan(by['always-mine']!.miningMWh);
    expect(r.totals.drCredit).toBeGreaterThan(0);
    expect(by['always-mine']!.drCredit).toBe(0);
    // The curtailment instruction (150 MW, 2025-08-08 20:00–23:00 UTC) is obeyed every hour of it.
    const cut = r.schedule.filter((x) => x.start >= Date.UTC(2025, 7, 8, 20) && x.start < Date.UTC(2025, 7, 8, 23));
    expect(cut).toHaveLength(3);
    for (const x of cut) expect(x.firmMW + x.fleetMW.reduce((s, v) => s + v, 0) + x.aiMW).toBeLessThanOrEqual(150 + 1e-6);

    const md = dispatchMarkdown(r);
    expect(md).toContain('SYNTHETIC prices');
    expect(dispatchData(r).inputLabels.every((l) => l.includes('SYNTHETIC'))).toBe(true);
  });

  it('JSON numbers carry at most 2 decimals for USD and 3 for MW', async () => {
    const r = await backtest();
    const data = dispatchData(r);
    const bad: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'number') {
        const decimals = (String(v).split('.')[1] ?? '').length;
        const max = /MW|MWh/.test(path) ? 3 : /assumptions/.test(path) ? 4 : 2;
        if (decimals > max || String(v).includes('e')) bad.push(`${path}=${v}`);
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(data, '$');
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
