/**
 * What deploy sends where: each site's objects split by the cluster they are for (bare-metal/
 * to the management cluster, kubernetes/ to the workload cluster), one ApplySet per site and
 * cluster, and per workload cluster one shared unit holding the objects its sites share (the
 * GPU Operator's ClusterPolicy and device-plugin ConfigMap), applied once, before the sites.
 */
import { ROLE_FOLDERS, clusterKey, type ClusterRole, type ResolvedClusters } from '../constructs/clusters';
import { SHARED_BY_ANNOTATION } from '../constructs/platform';
import { stableJson } from '../lib/json';
import { describeRef, refKey, refOf } from './kube-object';
import type { SourcedObject } from './manifests';

/**
 * Owner name (the rackshift.dev/site label, ApplySet and lock) of a cluster's shared unit. A
 * dot cannot occur in a site name, so it never collides with one.
 */
export const SHARED_UNIT = 'cluster.shared';

export interface SiteObjects {
  readonly site: string;
  readonly clusters: ResolvedClusters;
  readonly objects: readonly SourcedObject[];
}

export interface DeployUnit {
  /** A site name, or SHARED_UNIT. */
  readonly owner: string;
  readonly objects: readonly SourcedObject[];
  /** For the shared unit: the sites whose settings it holds. */
  readonly sharedSites?: readonly string[];
}

export interface ClusterTarget {
  /** The kubeconfig context; undefined: the context deploy is given. */
  readonly context?: string;
  /** `permian-1 (management, workload)`, for the header line. */
  readonly uses: readonly string[];
  readonly units: readonly DeployUnit[];
}

export class UnitError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/** Which role a synthesized file's objects are for, from its folder (`permian-1/bare-metal/…`). */
export function roleOfSource(source: string): ClusterRole {
  const folder = source.split(/[\\/]/)[1] ?? '';
  return ROLE_FOLDERS.management.includes(folder) ? 'management' : 'workload';
}

/** Clusters in the order first named (sites sorted, management before workload), each with its units. */
export function planClusters(sites: readonly SiteObjects[]): ClusterTarget[] {
  const clusters = new Map<string, { context?: string; uses: Map<string, ClusterRole[]>; shared: Map<string, SourcedObject>; sharedSites: Set<string>; sites: Map<string, SourcedObject[]> }>();
  const problems: string[] = [];
  const cluster = (c: { context?: string }) => {
    const key = clusterKey(c);
    let entry = clusters.get(key);
    if (!entry) clusters.set(key, (entry = { ...(c.context !== undefined ? { context: c.context } : {}), uses: new Map(), shared: new Map(), sharedSites: new Set(), sites: new Map() }));
    return entry;
  };
  for (const s of [...sites].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0))) {
    for (const role of ['management', 'workload'] as const) {
      const c = cluster(s.clusters[role]);
      c.uses.set(s.site, [...(c.uses.get(s.site) ?? []), role]);
      c.sites.set(s.site, c.sites.get(s.site) ?? []);
    }
    for (const o of s.objects) {
      const role = roleOfSource(o.source);
      const c = cluster(s.clusters[role]);
      const sharedBy = o.object.metadata.annotations?.[SHARED_BY_ANNOTATION];
      if (role === 'workload' && sharedBy) {
        const key = refKey(refOf(o.object));
        const first = c.shared.get(key);
        // Every site of the cluster renders the same shared objects from the same fleet view.
        if (first && stableJson(first.object) !== stableJson(o.object)) problems.push(`${o.source}: ${describeRef(refOf(o.object))} differs from the copy in ${first.source}; synthesize the sites of one cluster together`);
        if (!first) c.shared.set(key, o);
        for (const name of sharedBy.split(',')) c.sharedSites.add(name);
        continue;
      }
      c.sites.get(s.site)!.push(o);
    }
  }
  if (problems.length > 0) throw new UnitError(problems);
  return [...clusters.values()].map((c) => ({
    ...(c.context !== undefined ? { context: c.context } : {}),
    uses: [...c.uses].map(([site, roles]) => `${site} (${roles.join(', ')})`),
    units: [
      ...(c.shared.size > 0 ? [{ owner: SHARED_UNIT, objects: [...c.shared.values()], sharedSites: [...c.sharedSites].sort() }] : []),
      ...[...c.sites].map(([owner, objects]) => ({ owner, objects })),
    ],
  }));
}
