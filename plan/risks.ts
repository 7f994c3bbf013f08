/**
 * What goes in the banner: changes that destroy something or take capacity away from someone,
 * found in the two summaries (tenants, pools, feeds, zones, tiers, warnings) and in the
 * resource changes (namespaces, queues, hosts deleted). Each risk is one line with numbers.
 */
import { compactNames } from './compact-names';
import { formatChange, formatNumber } from './format';
import { ISOLATION_LABELS, LABELS } from '../constructs/platform';
import type { HeadroomThreshold, ResourceChange, Risk, SiteWarning } from './plan-types';
import type { SiteSummary } from './site-summary';

type Side = SiteSummary | undefined;

/** Kinds whose deletion removes a tenant's namespace, queue or a machine. */
const DELETE_RISKS: Readonly<Record<string, { kind: Risk['kind']; what: string }>> = {
  Namespace: { kind: 'namespace-removed', what: 'namespace' },
  LocalQueue: { kind: 'queue-removed', what: 'Kueue LocalQueue' },
  ClusterQueue: { kind: 'queue-removed', what: 'Kueue ClusterQueue' },
  BareMetalHost: { kind: 'nodes-deprovisioned', what: 'BareMetalHost' },
  Node: { kind: 'nodes-deprovisioned', what: 'Node' },
};

export function describeThreshold(t: HeadroomThreshold): string {
  return t.mw !== undefined ? `${formatNumber(t.mw, 'MW')}` : `${Math.round((t.fraction ?? 0) * 1000) / 10} % of what the tier may count on`;
}

export function siteRisks(site: string, base: Side, head: Side, changes: readonly ResourceChange[], newWarnings: readonly SiteWarning[], threshold: HeadroomThreshold): Risk[] {
  const risks: Risk[] = [];
  const add = (kind: Risk['kind'], message: string, subjects: string[]) => risks.push({ kind, site, message, subjects });
  const n = (x: number, unit = '') => formatNumber(x, unit);

  if (base && !head) add('site-removed', `site ${site} is removed: everything it synthesized is destroyed (${n(base.totals?.gpus ?? 0)} GPUs, ${n(base.tenants?.length ?? 0)} tenants)`, [site]);

  if (base && head) {
    const headTenants = new Map(head.tenants.map((t) => [t.name, t]));
    for (const t of base.tenants) {
      const now = headTenants.get(t.name);
      if (!now) {
        add('tenant-removed', `tenant ${t.name} is removed: its namespace, quota and queue go (${n(t.quota?.gpus ?? t.gpus)} GPUs of quota${t.dedicatedNodes ? `, ${n(t.dedicatedNodes)} dedicated nodes` : ''})`, [t.name]);
        continue;
      }
      const cuts: string[] = [];
      if ((now.quota?.gpus ?? 0) < (t.quota?.gpus ?? 0)) {
        // Say what the head asks for: a smaller ask is the change itself; a quota below the head's own ask is the surprise.
        const why = (now.quota?.gpus ?? 0) < now.gpus ? `, below the ${n(now.gpus)} GPUs the head asks for` : now.gpus < t.gpus ? `, as the head asks (${n(t.gpus)} → ${n(now.gpus)} GPUs asked)` : '';
        cuts.push(`GPU quota ${n(t.quota.gpus)} → ${n(now.quota.gpus)}${why}`);
      }
      if ((now.quota?.cpu ?? 0) < (t.quota?.cpu ?? 0)) cuts.push(`CPU quota ${n(t.quota.cpu)} → ${n(now.quota.cpu)}`);
      if ((now.quota?.memoryGiB ?? 0) < (t.quota?.memoryGiB ?? 0)) cuts.push(`memory quota ${n(t.quota.memoryGiB)} → ${n(now.quota.memoryGiB)} GiB`);
      if (cuts.length) add('quota-cut', `tenant ${t.name}: ${cuts.join('; ')}`, [t.name]);
      if (now.dedicatedNodes < t.dedicatedNodes) add('nodes-deprovisioned', `tenant ${t.name} loses ${n(t.dedicatedNodes - now.dedicatedNodes)} dedicated nodes (${n(t.dedicatedNodes)} → ${n(now.dedicatedNodes)})`, [t.name]);
    }

    const headPools = new Map(head.pools.map((p) => [p.name, p]));
    for (const p of base.pools) {
      const now = headPools.get(p.name);
      const nodes = now?.nodes ?? 0;
      if (nodes < p.nodes) add('nodes-deprovisioned', `pool ${p.name} ${now ? `shrinks ${n(p.nodes)} → ${n(nodes)} nodes` : `is removed (${n(p.nodes)} nodes)`}: ${n(p.nodes - nodes)} nodes and ${n(p.gpus - (now?.gpus ?? 0))} GPUs deprovisioned`, [p.name]);
    }

    const headFeeds = new Map(head.power.feeds.map((f) => [f.name, f]));
    for (const f of base.power.feeds) {
      const now = headFeeds.get(f.name);
      if (!now) add('feed-capacity-reduced', `feed ${f.name} is removed (${n(f.usableMW, 'MW')} usable)`, [f.name]);
      else if (now.usableMW < f.usableMW || now.nameplateMW < f.nameplateMW) add('feed-capacity-reduced', `feed ${f.name} usable capacity ${mwChange(f.usableMW, now.usableMW)} (nameplate ${mwChange(f.nameplateMW, now.nameplateMW)})`, [f.name]);
    }
    if (head.power.totalUsableMW < base.power.totalUsableMW) add('feed-capacity-reduced', `site usable capacity ${mwChange(base.power.totalUsableMW, head.power.totalUsableMW)}`, [site]);

    const headZones = new Map(head.cooling.map((z) => [z.name, z]));
    for (const z of base.cooling) {
      const now = headZones.get(z.name);
      if (!now) {
        add('zone-capacity-reduced', `cooling zone ${z.name} is removed (${n(z.capacityKW, 'kW')})`, [z.name]);
        continue;
      }
      const cuts: string[] = [];
      if (now.capacityKW < z.capacityKW) cuts.push(`capacity ${n(z.capacityKW)} → ${n(now.capacityKW, 'kW')}`);
      if (now.maxRackKW < z.maxRackKW) cuts.push(`max rack density ${n(z.maxRackKW)} → ${n(now.maxRackKW, 'kW')}`);
      if (now.racks < z.racks) cuts.push(`rack positions ${n(z.racks)} → ${n(now.racks)}`);
      if (cuts.length) add('zone-capacity-reduced', `cooling zone ${z.name}: ${cuts.join('; ')}`, [z.name]);
    }
  }

  if (head) {
    const baseTiers = new Map((base?.power?.tiers ?? []).map((t) => [t.tier, t]));
    for (const t of head.power.tiers) {
      if (t.requiredMW <= 0) continue;
      const limit = (x: { availableMW: number }) => threshold.mw ?? (threshold.fraction ?? 0) * x.availableMW;
      if (t.headroomMW >= limit(t)) continue;
      const before = baseTiers.get(t.tier);
      // Only news is a risk: newly below the line, or further below than before.
      if (before && before.headroomMW < limit(before) && t.headroomMW >= before.headroomMW) continue;
      const headroom = before ? mwChange(before.headroomMW, t.headroomMW) : n(t.headroomMW, 'MW');
      const rule = threshold.mw !== undefined ? `the ${n(limit(t), 'MW')} threshold` : `${n(limit(t), 'MW')} (${describeThreshold(threshold)})`;
      add('headroom-below-threshold', `${t.tier} headroom ${headroom}, below ${rule}; it may count on ${n(t.availableMW, 'MW')}${t.worstLoss ? ` after losing ${t.worstLoss}` : ''}`, [t.tier]);
    }
  }

  // A warning whose numbers moved is not news; one more of a rule than before is.
  const before = new Map<string, number>();
  for (const w of base?.warnings ?? []) before.set(w.rule, (before.get(w.rule) ?? 0) + 1);
  const after = new Map<string, number>();
  for (const w of head?.warnings ?? []) after.set(w.rule, (after.get(w.rule) ?? 0) + 1);
  const extra = new Map([...after].map(([rule, k]) => [rule, k - (before.get(rule) ?? 0)]));
  for (const w of newWarnings) {
    const left = extra.get(w.rule) ?? 0;
    if (left <= 0) continue;
    extra.set(w.rule, left - 1);
    add('new-warning', `new warning ${w.rule}: ${w.message}`, [w.rule]);
  }

  // Objects whose tenant label moves: machines handed from one tenant to another.
  // A Node's owner is its isolation label (node-labels/); other objects' their rackshift.dev/tenant.
  const tenantLabels = [ISOLATION_LABELS.tenant, LABELS.tenant].map((k) => `metadata.labels[${JSON.stringify(k)}]`);
  const moves = new Map<string, { kind: string; count: number; names: string[] }>();
  for (const c of changes) {
    const f = c.action === 'update' ? c.fields?.find((x) => tenantLabels.includes(x.path)) : undefined;
    if (!f) continue;
    const key = `${c.kind}\u0000${String(f.old ?? 'no tenant')} → ${String(f.new ?? 'no tenant')}`;
    const m = moves.get(key) ?? { kind: c.kind, count: 0, names: [] };
    m.count++;
    m.names.push(c.address);
    moves.set(key, m);
  }
  for (const [key, m] of moves) add('nodes-reassigned', `${n(m.count)} ${m.kind}${m.count === 1 ? '' : 's'} change tenant, ${key.split('\u0000')[1]}`, m.names);

  const deleted = new Map<string, ResourceChange[]>();
  for (const c of changes) {
    if (c.action !== 'delete' || !DELETE_RISKS[c.kind]) continue;
    const list = deleted.get(c.kind) ?? [];
    list.push(c);
    deleted.set(c.kind, list);
  }
  for (const [kind, list] of deleted) {
    const r = DELETE_RISKS[kind]!;
    // One object in two folders (a Node's labels in node-labels/ and its object elsewhere) is one deletion.
    const unique = [...new Set(list.map((c) => (c.namespace ? `${c.namespace}/${c.name}` : c.name)))];
    const names = compactNames(unique);
    const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
    add(r.kind, `${n(unique.length)} ${r.what}${unique.length === 1 ? '' : 's'} deleted: ${shown}`, list.map((c) => c.address));
  }
  return risks;
}

function mwChange(old: number, now: number): string {
  return formatChange(old, now, 'MW', false);
}
