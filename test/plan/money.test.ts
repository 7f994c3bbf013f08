/**
 * Money in the plan: permian-1 (colocation at $140/kW-month of critical IT, power $38/MWh,
 * hashprice $39.53/PH/day, all from its site file), base against an edited head. A month is
 * 730 h and 365/12 days, so a facility MW costs 730 × $38 = $27,740 a month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatChange } from '../../plan/format';
import { permianText, removeTempDirs, runCli, synthFolder } from './helpers';

let original: string;
let baseDir: string;

beforeAll(async () => {
  original = await permianText();
  baseDir = await synthFolder({ 'permian-1': original });
});
afterAll(removeTempDirs);

async function plan(from: string, to: string) {
  expect(original).toContain(from);
  const headDir = await synthFolder({ 'permian-1': original.replace(from, to) });
  const md = await runCli(['plan', '--base', baseDir, '--head', headDir]);
  const json = await runCli(['plan', '--base', baseDir, '--head', headDir, '--format', 'json']);
  expect(md.code).toBe(0);
  expect(json.code).toBe(0);
  return { md: md.stdout, plan: JSON.parse(json.stdout) };
}

const summaryLine = (md: string) => md.split('\n').find((l) => l.startsWith('**+'))!;
type Metric = { key: string; old: number; new: number; delta: number; pct: number };
type Row = { name: string; status: string; cells: Record<string, { old: unknown; new: unknown }> };

describe('plan: money', () => {
  it('grows h100-a by 32 nodes: AI revenue and power cost move by hand-computed amounts', async () => {
    const { md, plan: p } = await plan('nodes: 768', 'nodes: 800');
    // AI IT: 11,750.4 kW + 32 × 10.2 kW = 12,076.8 kW.
    // AI revenue: 11,750.4 × $140 = $1,645,056 → 12,076.8 × $140 = $1,690,752 (+$45,696, +2.78 %).
    // AI facility: 11.7504 × 1.2 = 14.1005 MW → 12.0768 × 1.2 = 14.4922 MW (to 4 decimals);
    //   its power: 14.1005 × 27,740 = $391,147.87 → 14.4922 × 27,740 = $402,013.63 (+$10,865.76).
    // Site load: 59.1 MW → 14.49216 + 44.9995 (mining) = 59.4917 MW;
    //   power cost: 59.1 × 27,740 = $1,639,434 → 59.4917 × 27,740 = $1,650,299.76 (+$10,865.76, +0.66 %).
    // Margin: colocation tenants pay their power on top, so site margin rises by the rent alone:
    //   $2,332,586.91 → $2,378,282.91 (+$45,696).
    const metrics = Object.fromEntries(p.sites[0].metrics.map((m: Metric) => [m.key, m]));
    expect(metrics['aiRevenuePerMonth']).toMatchObject({ old: 1645056, new: 1690752, delta: 45696, pct: 2.78 });
    expect(metrics['powerCostPerMonth']).toMatchObject({ old: 1639434, new: 1650299.76, delta: 10865.76, pct: 0.66 });
    expect(metrics['marginPerMonth']).toMatchObject({ old: 2332586.91, new: 2378282.91, delta: 45696 });
    expect(metrics['miningRevenuePerMonth']).toMatchObject({ old: 1935817.04, new: 1935817.04, delta: 0 });
    const money = p.sites[0].budgets.find((t: { key: string }) => t.key === 'money');
    const ai = money.rows.find((r: Row) => r.name === 'AI');
    expect(ai.status).toBe('changed');
    expect(ai.cells.revenue).toEqual({ old: 1645056, new: 1690752 });
    expect(ai.cells.powerCost).toEqual({ old: 391147.87, new: 402013.63 });
    expect(money.rows.find((r: Row) => r.name === 'site').cells.powerCost).toEqual({ old: 1639434, new: 1650299.76 });
    expect(money.rows.find((r: Row) => r.name === 'mining').status).toBe('unchanged');

    expect(summaryLine(md)).toContain(' · AI revenue $1.65M → $1.69M/mo (+2.8%) · power cost $1.64M → $1.65M/mo (+0.7%) · margin $2.33M → $2.38M/mo (+2%)');
    expect(summaryLine(md)).not.toContain('mining revenue');
    expect(md).toContain('| **AI** | **$1.65M → $1.69M (+$45.7k, +2.8%)** | **$391.1k → $402.0k (+$10.9k, +2.8%)** | **$391.1k → $402.0k (+$10.9k, +2.8%)** | **$1.65M → $1.69M (+$45.7k, +2.8%)** |');
    expect(md).toContain('| **site** | **$3.58M → $3.63M (+$45.7k, +1.3%)** | **$1.64M → $1.65M (+$10.9k, +0.7%)** |');
    expect(md).toContain('| mining | $1.94M | $1.25M | $0 | $687.5k |');
    // the assumptions behind the money, with their sources
    expect(md).toContain('- Colocation rate: 140 USD/kW-month of critical IT — site file (spec.economics).');
    expect(md).toContain('- Power price: 38 USD/MWh — site file (spec.economics).');
    // nothing about the economics inputs changed, so their table stays folded into "Unchanged"
    expect(md).toMatch(/<sub>Unchanged: [^<]*Economics assumptions\.<\/sub>/);
  });

  it('edits the hashprice in the site file: the assumption change is named, with the mining revenue it moves', async () => {
    const { md, plan: p } = await plan('hashpricePerPHDay: 39.53', 'hashpricePerPHDay: 45');
    // Mining revenue: 1,610 PH/s × $39.53 × 365/12 = $1,935,817.04 → 1,610 × $45 × 365/12 = $2,203,687.50
    //   (+$267,870.46, +13.84 %); nothing else moves.
    const metrics = Object.fromEntries(p.sites[0].metrics.map((m: Metric) => [m.key, m]));
    expect(metrics['miningRevenuePerMonth']).toMatchObject({ old: 1935817.04, new: 2203687.5, delta: 267870.46, pct: 13.84 });
    expect(metrics['aiRevenuePerMonth'].delta).toBe(0);
    expect(metrics['powerCostPerMonth'].delta).toBe(0);
    const row = p.sites[0].budgets.find((t: { key: string }) => t.key === 'economics').rows.find((r: Row) => r.name === 'Hashprice');
    expect(row).toMatchObject({ status: 'changed', cells: { value: { old: 39.53, new: 45 }, source: { old: 'site file (spec.economics)', new: 'site file (spec.economics)' } } });
    expect(p.sites[0].status).toBe('changed');
    expect(p.sites[0].assumptions).toContainEqual({ key: 'economics.hashpricePerPHDay', text: 'Hashprice: 39.53 → 45 USD/PH/day — site file (spec.economics).' });

    // The change in domain terms leads (the edited assumption), then GPUs and the numbers it moves.
    expect(summaryLine(md)).toBe('**+0 to add, ~0 to change, -0 to destroy** · assumption Hashprice 39.53 → 45 USD/PH/day (+13.8%) · GPUs 9,216 · mining revenue $1.94M → $2.20M/mo (+13.8%) · margin $2.33M → $2.60M/mo (+11.5%) · AI IT load 11.8 MW · worst-case headroom 0.0 MW · mining curtailed 29.1 MW');
    expect(md).toContain('| **Hashprice** | **39.53 → 45 (+13.8%)** | USD/PH/day | site file (spec.economics) |');
    expect(md).toContain('| **mining** | **$1.94M → $2.20M (+$267.9k, +13.8%)** |');
    expect(md).toContain('- Hashprice: 39.53 → 45 USD/PH/day — site file (spec.economics).');
  });

  it('drops the power price from the site file: the default takes over and the plan says where it now comes from', async () => {
    const { md } = await plan('    powerPricePerMWh: 38\n', '');
    // No spec.economics.powerPricePerMWh: the feeds' own prices (both $38) are averaged by usable MW,
    // so the value stays $38 but its source changes.
    expect(md).toContain('- Power price: 38 USD/MWh — site file (spec.economics) → 38 USD/MWh — site feeds (sub-a $38, sub-b $38), weighted by usable MW.');
    expect(md).toContain('| **Power price** | 38 | USD/MWh | **site file (spec.economics) → site feeds (sub-a $38, sub-b $38), weighted by usable MW** |');
  });
});

describe('money formatting', () => {
  it('shows a fall with its signed difference, a start from zero without a percentage, and a new figure', () => {
    // 1,645,056 → 1,599,360: −45,696 is 0.046 M, so two decimals: $1.65M → $1.60M; −45,696 / 1,645,056 = −2.78 %
    expect(formatChange(1645056, 1599360, 'USD')).toBe('$1.65M → $1.60M (-$45.7k, -2.8%)');
    expect(formatChange(1645056, 1599360, 'USD/mo')).toBe('$1.65M → $1.60M/mo (-2.8%)');
    expect(formatChange(0, 7840, 'USD/mo')).toBe('$0 → $7.8k/mo');
    expect(formatChange(null, 1000, 'USD/mo')).toBe('$1.0k/mo (new)');
    // a change smaller than a tenth of the scale still reads as a change: 2,332,586.91 → 2,332,600
    expect(formatChange(2332586.91, 2332600, 'USD')).toBe('$2.33259M → $2.33260M (+$13, 0%)');
  });
});
