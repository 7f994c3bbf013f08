/**
 * Money in the plan: permian-1 (colocation at $140/kW-month of critical IT, power $38/MWh,
 * hashprice $39.53/PH/s/day, all from its site file; uptime 0.97, pool fee 2 %, AI opex 15 % by default), base against an edited head. A month is
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
  it('grows h100-a by 32 nodes with no new contract: installed revenue rises, contracted revenue does not, power cost does', async () => {
    const { md, plan: p } = await plan('nodes: 768', 'nodes: 800');
    // Contracted: h100-a acme 4,096 + borealis 1,020 = 5,116 of 6,144 GPUs → 7,833.6 kW × 5,116/6,144 = 6,522.9 kW;
    //   h200-a nimbus 1,536 of 3,072 → 1,958.4 kW; (6,522.9 + 1,958.4) × $140 = $1,187,382 — unchanged by new nodes.
    // Installed: 11,750.4 kW × $140 = $1,645,056 → (11,750.4 + 32 × 10.2) × $140 = $1,690,752 (+$45,696).
    // AI power, pool by pool: (9,400.32 + 4,700.16) kW × 730 h × $38 = 14,100.48 × 27.74 = $391,147.32 →
    //   (9,792 + 4,700.16) × 27.74 = $402,012.52 (+$10,865.20 = 391.68 kW × 27.74), paid by the site for the
    //   idle nodes, so site margin falls by it: $1,585,278.75 → $1,574,413.55.
    const metrics = Object.fromEntries(p.sites[0].metrics.map((m: Metric) => [m.key, m]));
    expect(metrics['aiRevenuePerMonth']).toMatchObject({ old: 1187382, new: 1187382, delta: 0 });
    expect(metrics['aiInstalledRevenuePerMonth']).toMatchObject({ old: 1645056, new: 1690752, delta: 45696, pct: 2.78 });
    expect(metrics['marginPerMonth']).toMatchObject({ old: 1585278.75, new: 1574413.55, delta: -10865.2 });
    const money = p.sites[0].budgets.find((t: { key: string }) => t.key === 'money');
    const ai = money.rows.find((r: Row) => r.name === 'AI');
    expect(ai.cells.revenue).toEqual({ old: 1187382, new: 1187382 });
    expect(ai.cells.powerCost).toEqual({ old: 391147.32, new: 402012.52 });
    expect(money.rows.find((r: Row) => r.name === 'mining').status).toBe('unchanged');
    expect(summaryLine(md)).toContain('AI revenue if fully leased $1.65M → $1.69M/mo (+2.8%)');
    expect(summaryLine(md)).not.toContain('AI revenue (contracted)');
    // the assumptions behind the money, with their sources
    expect(md).toContain('- Colocation rate: 140 USD/kW-month of critical IT — site file (spec.economics).');
    expect(md).toContain('- Power price: 38 USD/MWh — site file (spec.economics).');
    expect(md).toMatch(/<sub>Unchanged: [^<]*Economics assumptions\.<\/sub>/);
  });

  it('a tenant leaves: AI revenue in the plan falls by exactly what it contracted', async () => {
    const { md, plan: p } = await plan('    - { name: borealis-labs, pool: h100-a, gpus: 1020, isolation: dedicated, admins: [borealis-platform], firstNode: 513 }\n', '');
    // borealis leased 1,020 of h100-a's 6,144 GPUs: 7,833.6 kW × 1,020 / 6,144 = 1,300.5 kW × $140 = $182,070 a month.
    const metrics = Object.fromEntries(p.sites[0].metrics.map((m: Metric) => [m.key, m]));
    expect(metrics['aiRevenuePerMonth']).toMatchObject({ old: 1187382, new: 1005312, delta: -182070 });
    expect(metrics['aiInstalledRevenuePerMonth'].delta).toBe(0);
    expect(summaryLine(md)).toContain('tenant **borealis-labs** removed (1,020 GPUs) · GPUs 9,216 · AI revenue (contracted) $1.19M → $1.01M/mo (-15.3%)');
  });

  it('edits the hashprice in the site file: the assumption change is named, with the mining revenue it moves', async () => {
    const { md, plan: p } = await plan('hashpricePerPHDay: 39.53', 'hashpricePerPHDay: 45');
    // Mining revenue: 1,610 PH/s × $39.53 × 365/12 × uptime 0.97 = $1,877,742.53 → × $45 = $2,137,576.88
    //   (+$259,834.35, +13.84 %); margin moves by that less the 2 % pool fee: 259,834.35 × 0.98 = +$254,637.66.
    const metrics = Object.fromEntries(p.sites[0].metrics.map((m: Metric) => [m.key, m]));
    expect(metrics['miningRevenuePerMonth']).toMatchObject({ old: 1877742.53, new: 2137576.88, delta: 259834.35, pct: 13.84 });
    expect(metrics['marginPerMonth']).toMatchObject({ old: 1585278.75, new: 1839916.41, delta: 254637.66 });
    expect(metrics['aiRevenuePerMonth'].delta).toBe(0);
    expect(metrics['powerCostPerMonth'].delta).toBe(0);
    const row = p.sites[0].budgets.find((t: { key: string }) => t.key === 'economics').rows.find((r: Row) => r.name === 'Hashprice');
    expect(row).toMatchObject({ status: 'changed', cells: { value: { old: 39.53, new: 45 }, source: { old: 'site file (spec.economics)', new: 'site file (spec.economics)' } } });
    expect(p.sites[0].status).toBe('changed');
    expect(p.sites[0].assumptions).toContainEqual({ key: 'economics.hashpricePerPHDay', text: 'Hashprice: 39.53 → 45 USD/PH/s/day — site file (spec.economics).' });
    expect(summaryLine(md)).toContain('assumption Hashprice 39.53 → 45 USD/PH/s/day (+13.8%) · GPUs 9,216 · mining revenue $1.88M → $2.14M/mo (+13.8%) · margin $1.59M → $1.84M/mo (+16.1%)');
    expect(md).toContain('- Hashprice: 39.53 → 45 USD/PH/s/day — site file (spec.economics).');
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
