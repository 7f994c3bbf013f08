/**
 * The fleet step: after every site of a run resolved on its own, the sites that share a
 * workload cluster are looked at together. Names that become cluster-wide objects must not
 * collide (a tenant is a Namespace and a ClusterQueue; a cohort is a Cohort), and the one GPU
 * Operator configuration the cluster can have must hold every site's pools without
 * contradiction. Each problem is one error naming both places.
 */
import type { Diagnostic, Locator } from './diagnostics';
import { formatPath } from './diagnostics';
import { clusterKey, describeCluster, type ClusterOverrides, type DevicePluginConfigUse, type ResolvedClusters } from './clusters';
import { displayPath } from './display-path';
import type { LoadedSite } from './load';
import type { ResolvedSite } from './resolved-site';

export interface FleetMember {
  readonly site: ResolvedSite;
  /** The site file as shown in messages. */
  readonly file: string;
  /** Places a field path in the site file. */
  readonly locate?: Locator;
}

export interface FleetResult {
  /** The sites, each with its clusters as the whole run sees them. */
  readonly sites: readonly ResolvedSite[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The fleet of the sites that loaded (the others have their own errors already). */
export function fleetOfLoaded(loaded: readonly LoadedSite[], cwd: string = process.cwd(), overrides: ClusterOverrides = {}): FleetResult {
  return resolveFleet(
    loaded.flatMap((l) => (l.site ? [{ site: l.site, file: displayPath(l.file, cwd), ...(l.locate ? { locate: l.locate } : {}) }] : [])),
    overrides,
  );
}

export function resolveFleet(members: readonly FleetMember[], overrides: ClusterOverrides = {}): FleetResult {
  const diagnostics: Diagnostic[] = [];
  const withOverrides = members.map((m) => ({ ...m, clusters: overridden(m.site.clusters, overrides) }));
  const groups = new Map<string, typeof withOverrides>();
  for (const m of withOverrides) {
    const key = clusterKey(m.clusters.workload);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const merged = new Map<string, ResolvedClusters['workload']>();
  for (const [key, group] of groups) {
    const sorted = [...group].sort((a, b) => cmp(a.site.name, b.site.name));
    const where = describeCluster(sorted[0]!.clusters.workload);
    const place = (m: FleetMember, path: (string | number)[]) => {
      const pos = m.locate?.(path);
      return `${m.file}${pos ? `:${pos.line}:${pos.column}` : ''}`;
    };
    const error = (m: FleetMember, rule: string, path: (string | number)[], message: string) => {
      const pos = m.locate?.(path);
      diagnostics.push({ severity: 'error', rule, path: formatPath(path), message, file: m.file, ...(pos ? { line: pos.line, column: pos.column } : {}) });
    };

    // A tenant becomes a Namespace and a ClusterQueue named after it.
    const tenants = new Map<string, { m: FleetMember; index: number }>();
    for (const m of sorted) {
      m.site.tenants.forEach((t, index) => {
        const first = tenants.get(t.name);
        if (!first) return void tenants.set(t.name, { m, index });
        error(m, 'rackshift:fleet/tenant-name', ['spec', 'tenants', index, 'name'], `tenant "${t.name}" is also a tenant of site ${first.m.site.name} (${place(first.m, ['spec', 'tenants', first.index, 'name'])}), and both sites deploy into ${where}: its namespace and ClusterQueue would be one; rename one of them`);
      });
    }
    // A cohort is a cluster-scoped Cohort; two sites naming the same would lend each other quota.
    const cohorts = new Map<string, FleetMember>();
    for (const m of sorted) {
      const name = m.site.cohort?.name;
      if (!name) continue;
      const first = cohorts.get(name);
      if (!first) cohorts.set(name, m);
      else error(m, 'rackshift:fleet/cohort-name', ['spec', 'cohort', 'name'], `cohort "${name}" is also site ${first.site.name}'s (${place(first, ['spec', 'cohort', 'name'])}), and both sites deploy into ${where}: their tenants would borrow from each other; give each site its own cohort name`);
    }
    // The cluster's one device-plugin ConfigMap: one strategy per key.
    const configs = new Map<string, { use: DevicePluginConfigUse; m: FleetMember }>();
    for (const m of sorted) {
      for (const use of m.clusters.workload.gpuOperator.flatMap((p) => p.configs)) {
        const first = configs.get(use.key);
        if (!first) configs.set(use.key, { use, m });
        else if (first.use.strategy !== use.strategy) {
          error(m, 'rackshift:fleet/device-plugin-config', pathOf(use.path), `pool ${use.pool} asks for device-plugin config "${use.key}" with MIG strategy ${use.strategy}, but pool ${first.use.pool} of site ${first.m.site.name} (${place(first.m, pathOf(first.use.path))}) asks for the same config with ${first.use.strategy}, and both sites deploy into ${where}, which has one GPU Operator configuration`);
        }
      }
    }
    merged.set(key, {
      ...sorted[0]!.clusters.workload,
      sites: sorted.map((m) => m.site.name),
      gpuOperator: sorted.flatMap((m) => m.clusters.workload.gpuOperator),
    });
  }
  const sites = withOverrides.map((m) => ({ ...m.site, clusters: { management: m.clusters.management, workload: merged.get(clusterKey(m.clusters.workload))! } }));
  return { sites, diagnostics };
}

function overridden(c: ResolvedClusters, o: ClusterOverrides): ResolvedClusters {
  const management = o.management ?? c.management.context;
  const workload = o.workload ?? c.workload.context;
  return {
    management: management !== undefined ? { context: management } : {},
    workload: { ...c.workload, ...(workload !== undefined ? { context: workload } : {}) },
  };
}

/** `spec.gpuPools[1].mig` → ['spec', 'gpuPools', 1, 'mig']. */
function pathOf(path: string): (string | number)[] {
  return path.split(/\.|(?=\[)/).flatMap((part): (string | number)[] => {
    const m = /^\[(\d+)\]$/.exec(part);
    return m ? [Number(m[1])] : part ? [part] : [];
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
