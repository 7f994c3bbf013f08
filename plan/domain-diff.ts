/**
 * The domain half of a plan: headline numbers, budget tables, warnings and assumptions of a
 * site, base against head, read from each side's summary.json (never recomputed here).
 */
import { table } from './budget-table';
import type { Assumption, BudgetTable, Metric, SiteWarning } from './plan-types';
import { redactText } from '../lib/redact';
import type { SiteSummary } from './site-summary';
import { enUs } from '../lib/number-format';

type Side = SiteSummary | undefined;

interface MetricDef {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly read: (s: SiteSummary) => number | undefined;
}

/** Headline numbers, in the order the summary line shows them. `additive` ones sum over sites. */
export const METRICS: readonly (MetricDef & { readonly additive: boolean })[] = [
  { key: 'gpus', label: 'GPUs', unit: '', additive: true, read: (s) => s.totals?.gpus },
  { key: 'aiItMW', label: 'AI IT load', unit: 'MW', additive: true, read: (s) => s.power?.aiItMW },
  { key: 'totalLoadMW', label: 'site load', unit: 'MW', additive: true, read: (s) => s.power?.totalLoadMW },
  { key: 'worstCaseHeadroomMW', label: 'worst-case headroom', unit: 'MW', additive: false, read: (s) => s.power?.worstCase?.headroomMW },
  { key: 'miningCurtailedMW', label: 'mining curtailed', unit: 'MW', additive: true, read: (s) => s.power?.worstCase?.miningCurtailedMW },
  { key: 'nodes', label: 'nodes', unit: '', additive: true, read: (s) => s.totals?.nodes },
  { key: 'racks', label: 'racks', unit: '', additive: true, read: (s) => s.totals?.racks },
  { key: 'miners', label: 'miners', unit: '', additive: true, read: (s) => s.totals?.miners },
  { key: 'hashratePHs', label: 'hashrate', unit: 'PH/s', additive: true, read: (s) => (s.totals?.hashrateTHs === undefined ? undefined : s.totals.hashrateTHs / 1000) },
  { key: 'aiRevenuePerMonth', label: 'AI revenue (contracted)', unit: 'USD/mo', additive: true, read: (s) => s.economics?.ai?.revenuePerMonth },
  { key: 'aiInstalledRevenuePerMonth', label: 'AI revenue if fully leased', unit: 'USD/mo', additive: true, read: (s) => s.economics?.ai?.installedRevenuePerMonth },
  { key: 'miningRevenuePerMonth', label: 'mining revenue', unit: 'USD/mo', additive: true, read: (s) => s.economics?.mining?.revenuePerMonth },
  { key: 'powerCostPerMonth', label: 'power cost', unit: 'USD/mo', additive: true, read: (s) => s.economics?.site?.powerCostPerMonth },
  { key: 'marginPerMonth', label: 'margin', unit: 'USD/mo', additive: true, read: (s) => s.economics?.site?.marginPerMonth },
];

export function metric(key: string, label: string, unit: string, old: number | null, now: number | null): Metric {
  const delta = (now ?? 0) - (old ?? 0);
  const pct = old === null || old === 0 ? null : (delta / Math.abs(old)) * 100;
  return { key, label, unit, old, new: now, delta: round(delta), pct: pct === null ? null : round(pct, 2) };
}

export function siteMetrics(base: Side, head: Side): Metric[] {
  return METRICS.map((m) => metric(m.key, m.label, m.unit, base ? (m.read(base) ?? null) : null, head ? (m.read(head) ?? null) : null));
}

/** Additive headline numbers summed over sites (headroom is per site and is left out). */
export function totalMetrics(perSite: readonly (readonly Metric[])[]): Metric[] {
  return METRICS.filter((m) => m.additive).map((m) => {
    const sum = (side: 'old' | 'new') => {
      const vals = perSite.map((ms) => ms.find((x) => x.key === m.key)?.[side] ?? null);
      return vals.every((v) => v === null) ? null : round(vals.reduce<number>((a, v) => a + (v ?? 0), 0));
    };
    return metric(m.key, m.label, m.unit, sum('old'), sum('new'));
  });
}

type Power = NonNullable<SiteSummary['power']>;
type Tier = Power['tiers'][number];
type Group = Power['groups'][number];
type Feed = Power['feeds'][number];
type Zone = SiteSummary['cooling'][number];
type Pool = SiteSummary['pools'][number];
type Tenant = SiteSummary['tenants'][number];

export function siteBudgets(base: Side, head: Side): BudgetTable[] {
  return [
    table<Tier>('tiers', 'Power tiers (firm capacity after the failure each tier must ride through)', [
      { key: 'availableMW', label: 'may count on', unit: 'MW', read: (t) => t.availableMW },
      { key: 'requiredMW', label: 'firm load', unit: 'MW', read: (t) => t.requiredMW },
      { key: 'headroomMW', label: 'headroom', unit: 'MW', read: (t) => t.headroomMW },
      { key: 'worstLoss', label: 'worst loss', read: (t) => t.worstLoss ?? '—' },
    ], base?.power?.tiers, head?.power?.tiers),
    table<Group>('feedGroups', 'Feed groups', [
      { key: 'feeds', label: 'feeds', read: (g) => g.feeds.join(', ') },
      { key: 'usableMW', label: 'usable', unit: 'MW', read: (g) => g.usableMW },
      { key: 'survivingMW', label: 'left if lost', unit: 'MW', read: (g) => g.survivingMW },
    ], base?.power?.groups, head?.power?.groups),
    table<Feed>('feeds', 'Feeds', [
      { key: 'group', label: 'group', read: (f) => f.group },
      { key: 'nameplateMW', label: 'nameplate', unit: 'MW', read: (f) => f.nameplateMW },
      { key: 'usableMW', label: 'usable', unit: 'MW', read: (f) => f.usableMW },
    ], base?.power?.feeds, head?.power?.feeds),
    table<Zone>('zones', 'Cooling zones', [
      { key: 'type', label: 'type', read: (z) => z.type },
      { key: 'capacityKW', label: 'capacity', unit: 'kW', read: (z) => z.capacityKW },
      { key: 'heatLoadKW', label: 'heat load', unit: 'kW', read: (z) => z.heatLoadKW },
      { key: 'headroomKW', label: 'headroom', unit: 'kW', read: (z) => z.headroomKW },
      { key: 'racksUsed', label: 'racks used', read: (z) => z.racksUsed },
      { key: 'racks', label: 'racks', read: (z) => z.racks },
      { key: 'pue', label: 'PUE', read: (z) => z.pue },
    ], base?.cooling, head?.cooling),
    table<Pool>('pools', 'GPU pools', [
      { key: 'zone', label: 'zone', read: (p) => p.zone },
      { key: 'system', label: 'system', read: (p) => p.system },
      { key: 'nodes', label: 'nodes', read: (p) => p.nodes },
      { key: 'gpus', label: 'GPUs', read: (p) => p.gpus },
      { key: 'racks', label: 'racks', read: (p) => p.racks },
      { key: 'itKW', label: 'IT load', unit: 'kW', read: (p) => p.itKW },
    ], base?.pools, head?.pools),
    table<Tenant>('tenants', 'Tenants', [
      { key: 'pool', label: 'pool', read: (t) => t.pool },
      { key: 'gpus', label: 'GPUs asked', read: (t) => t.gpus },
      { key: 'quotaGpus', label: 'GPU quota', read: (t) => t.quota?.gpus },
      { key: 'dedicatedNodes', label: 'dedicated nodes', read: (t) => t.dedicatedNodes },
      { key: 'isolation', label: 'isolation', read: (t) => t.isolation },
      { key: 'priority', label: 'priority', read: (t) => t.priority },
    ], base?.tenants, head?.tenants),
  ];
}

/** Warnings new in head and warnings gone from it, matched by rule and message (not by line). */
export function siteWarnings(base: Side, head: Side): { added: SiteWarning[]; resolved: SiteWarning[] } {
  const list = (s: Side) => (s?.warnings ?? []).map((w) => ({ rule: w.rule, message: redactText(w.message) }));
  const key = (w: SiteWarning) => `${w.rule}\u0000${w.message}`;
  const a = list(base);
  const b = list(head);
  const inA = new Set(a.map(key));
  const inB = new Set(b.map(key));
  return { added: b.filter((w) => !inA.has(key(w))), resolved: a.filter((w) => !inB.has(key(w))) };
}

/** The assumptions behind the numbers, from head (base when the site is removed); old → new when they moved. */
export function siteAssumptions(base: Side, head: Side, headroomRule: string): Assumption[] {
  const s = head ?? base!;
  const moved = (f: (x: SiteSummary) => string) => (base && head && f(base) !== f(head) ? `${f(base)} → ${f(head)}` : f(s));
  const out: Assumption[] = [];
  out.push({ key: 'derating', text: `Usable feed capacity is nameplate × ${moved((x) => String(x.power?.continuousLoadFactor))} (continuous-load derating).` });
  if (s.cooling?.length) out.push({ key: 'pue', text: `Facility load is IT load × each zone's PUE (cooling and losses): ${moved((x) => (x.cooling ?? []).map((z) => `${z.name} ${z.pue}`).join(', '))}.` });
  out.push({ key: 'node-power', text: 'AI IT load counts every node at its system\'s maximum power (after any power cap), not measured draw.' });
  const tiers = (x: SiteSummary) => (x.power?.tiers ?? []).filter((t) => t.worstLoss).map((t) => `${t.tier} after losing ${t.worstLoss}`).join('; ');
  if (tiers(s)) out.push({ key: 'tiers', text: `Tier budgets count only what survives the failure each tier must ride through: ${moved(tiers)}.` });
  if (s.power?.worstCase) out.push({ key: 'worst-case', text: `Worst-case headroom and mining curtailed assume the loss of ${moved((x) => String(x.power?.worstCase?.lost))}; curtailable mining is shed first, least efficient fleets first.` });
  out.push({ key: 'headroom-threshold', text: headroomRule });
  if (s.inventory && s.inventory.pendingNodes > 0) out.push({ key: 'inventory', text: `${enUs(s.inventory.pendingNodes)} nodes have no delivery inventory yet (MACs, BMC addresses): provisioning files for them wait for it.` });
  return out;
}

function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
