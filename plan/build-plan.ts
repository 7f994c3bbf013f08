/**
 * The structured plan of two synthesized outputs: per site, the domain deltas from the
 * summaries, the resource changes, the risks and the assumptions. Markdown and JSON are both
 * rendered from this.
 */
import { describeThreshold, siteRisks } from './risks';
import { siteAssumptions, siteBudgets, siteMetrics, siteWarnings, totalMetrics } from './domain-diff';
import type { OutputTree } from './output-tree';
import type { Counts, HeadroomThreshold, Plan, SitePlan } from './plan-types';
import { moneyAssumptions, moneyBudgets } from './money-diff';
import { clusterOfTarget } from './clusters';
import { diffSiteResources } from './resource-diff';

export const DEFAULT_HEADROOM_THRESHOLD: HeadroomThreshold = { fraction: 0.1 };

export interface PlanOptions {
  /** How BASE and HEAD were given, for the header. */
  readonly base: string;
  readonly head: string;
  readonly headroomThreshold?: HeadroomThreshold;
  /** Notes about the sides, shown under the summary line. */
  readonly notes?: readonly string[];
}

export function buildPlan(base: OutputTree, head: OutputTree, opts: PlanOptions): Plan {
  const threshold = opts.headroomThreshold ?? DEFAULT_HEADROOM_THRESHOLD;
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const sites: SitePlan[] = names.map((name) => {
    const a = base.get(name);
    const b = head.get(name);
    const diff = diffSiteResources(name, a?.files, b?.files);
    const { unchanged, mirrors } = diff;
    const clusterOf = clusterOfTarget(b?.files, a?.files);
    const changes = diff.changes.map((c) => {
      const cluster = clusterOf(c.target);
      return cluster ? { ...c, cluster } : c;
    });
    const counts = countChanges(changes, unchanged);
    const metrics = siteMetrics(a?.summary, b?.summary);
    const budgets = [...siteBudgets(a?.summary, b?.summary), ...moneyBudgets(a?.summary, b?.summary)];
    const warnings = siteWarnings(a?.summary, b?.summary);
    const risks = siteRisks(name, a?.summary, b?.summary, changes, warnings.added, threshold);
    const domainMoved = metrics.some((m) => m.old !== m.new) || budgets.some((t) => t.rows.some((r) => r.status !== 'unchanged')) || warnings.added.length + warnings.resolved.length > 0;
    const status = !a ? 'added' : !b ? 'removed' : changes.length > 0 || domainMoved ? 'changed' : 'unchanged';
    const headroomRule = `Firm headroom of a tier below ${describeThreshold(threshold)} is flagged (--headroom-threshold).`;
    return { name, status, counts, metrics, budgets, warnings, risks, changes, mirrors, assumptions: [...siteAssumptions(a?.summary, b?.summary, headroomRule), ...moneyAssumptions(a?.summary, b?.summary)] };
  });
  const counts = sites.reduce<Counts>((t, s) => ({ add: t.add + s.counts.add, change: t.change + s.counts.change, destroy: t.destroy + s.counts.destroy, unchanged: t.unchanged + s.counts.unchanged }), { add: 0, change: 0, destroy: 0, unchanged: 0 });
  return {
    apiVersion: 'rackshift.dev/v1alpha1',
    kind: 'Plan',
    base: opts.base,
    head: opts.head,
    notes: opts.notes ?? [],
    hasChanges: sites.some((s) => s.status !== 'unchanged'),
    counts,
    metrics: totalMetrics(sites.map((s) => s.metrics)),
    headroomThreshold: threshold,
    sites,
  };
}

function countChanges(changes: SitePlan['changes'], unchanged: number): Counts {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const c of changes) {
    if (c.action === 'create') add++;
    else if (c.action === 'update') change++;
    else destroy++;
  }
  return { add, change, destroy, unchanged };
}
