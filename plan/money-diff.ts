/**
 * The money half of a site's plan, read from each side's summary.json economics (never
 * recomputed): a monthly revenue / power / margin table, a table of the economics assumptions
 * (so an edited hashprice or power price shows as the change it is), and assumption lines.
 */
import { table } from './budget-table';
import { formatNumber } from './format';
import type { Assumption, BudgetTable } from './plan-types';
import type { SiteSummary } from './site-summary';

type Side = SiteSummary | undefined;
type Economics = NonNullable<SiteSummary['economics']>;
type EconomicsAssumption = Economics['assumptions'][number];

interface MoneyRow {
  readonly name: string;
  readonly revenue: number;
  readonly powerCost: number;
  readonly powerBilled: number;
  readonly margin: number;
}

function moneyRows(s: Side): MoneyRow[] | undefined {
  const e = s?.economics;
  if (!e) return undefined;
  return [
    { name: 'mining', revenue: e.mining.revenuePerMonth, powerCost: e.mining.powerCostPerMonth, powerBilled: 0, margin: e.mining.marginPerMonth },
    { name: 'AI', revenue: e.ai.revenuePerMonth, powerCost: e.ai.powerCostPerMonth, powerBilled: e.ai.powerBilledPerMonth, margin: e.ai.marginPerMonth },
    { name: 'site', revenue: e.site.revenuePerMonth, powerCost: e.site.powerCostPerMonth, powerBilled: e.site.powerBilledPerMonth, margin: e.site.marginPerMonth },
  ];
}

export function moneyBudgets(base: Side, head: Side): BudgetTable[] {
  return [
    table<MoneyRow>('money', 'Money per month (estimates at the assumptions below)', [
      { key: 'revenue', label: 'revenue', unit: 'USD/mo', read: (r) => r.revenue },
      { key: 'powerCost', label: 'power cost', unit: 'USD/mo', read: (r) => r.powerCost },
      { key: 'powerBilled', label: 'power billed to tenants', unit: 'USD/mo', read: (r) => r.powerBilled },
      { key: 'margin', label: 'margin', unit: 'USD/mo', read: (r) => r.margin },
    ], moneyRows(base), moneyRows(head)),
    table<EconomicsAssumption & { name: string }>('economics', 'Economics assumptions', [
      { key: 'value', label: 'value', read: (a) => a.value },
      { key: 'unit', label: 'unit', read: (a) => a.unit || '—' },
      { key: 'source', label: 'source', read: (a) => a.source },
    ], named(base), named(head)),
  ];
}

function named(s: Side): (EconomicsAssumption & { name: string })[] | undefined {
  return s?.economics?.assumptions.map((a) => ({ ...a, name: a.label }));
}

/** One line per economics input, with its source; old → new when the value or its source moved. */
export function moneyAssumptions(base: Side, head: Side): Assumption[] {
  const s = head ?? base;
  if (!s?.economics) return [];
  const before = new Map((base?.economics?.assumptions ?? []).map((a) => [a.key, a]));
  const value = (a: EconomicsAssumption) => `${typeof a.value === 'number' ? formatNumber(a.value) : a.value}${a.unit ? ` ${a.unit}` : ''}`;
  const text = (a: EconomicsAssumption) => `${value(a)} — ${a.source}`;
  const out: Assumption[] = s.economics.assumptions.map((a) => {
    const old = head && base ? before.get(a.key) : undefined;
    let shown = text(a);
    if (old && old.source === a.source && value(old) !== value(a)) shown = `${typeof old.value === 'number' ? formatNumber(old.value) : old.value} → ${text(a)}`;
    else if (old && text(old) !== text(a)) shown = `${text(old)} → ${text(a)}`;
    else if (!old && head && base?.economics) shown = `${text(a)} (new)`;
    return { key: `economics.${a.key}`, text: `${a.label}: ${shown}.` };
  });
  if (head && base?.economics) {
    const now = new Set(s.economics.assumptions.map((a) => a.key));
    for (const a of base.economics.assumptions) if (!now.has(a.key)) out.push({ key: `economics.${a.key}`, text: `${a.label}: no longer used (was ${text(a)}).` });
  }
  const unpriced = s.economics.ai.unpricedPools;
  if (unpriced.length > 0) out.push({ key: 'economics.unpriced', text: `AI revenue leaves out pools whose GPU has no $/GPU-hour: ${unpriced.join(', ')}.` });
  out.push({ key: 'economics.formulas', text: 'Mining revenue is running PH/s × hashprice × 365/12 days × uptime, less pool fees, plus demand-response/4CP credits on curtailable load; power cost is facility MW (IT × PUE) × 730 h × $/MWh; AI revenue counts what tenants contracted: colocation $/kW-month × their share of the pool\'s IT kW, or contracted GPUs × $/GPU-hour × utilisation × 730 h.' });
  return out;
}
