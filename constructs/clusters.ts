/**
 * Where a site's objects go: its management and workload clusters, and — when several sites
 * share one workload cluster — what they must hold in common. Resolved per site first (the
 * site alone in its clusters), then once for the whole run by the fleet step, which fills in
 * the other sites of each workload cluster (constructs/fleet.ts).
 */
import type { ClustersSpecT } from './cluster-spec';
import { LABELS } from './platform';
import type { ResolvedPool, ResolvedTenant } from './resolved-site';

export type ClusterRole = 'management' | 'workload';
export const CLUSTER_ROLES: readonly ClusterRole[] = ['management', 'workload'];

/** Which folders of DIR/<site>/ hold each role's objects. */
export const ROLE_FOLDERS: Readonly<Record<ClusterRole, readonly string[]>> = { management: ['bare-metal'], workload: ['kubernetes', 'node-labels'] };

/** One device-plugin config a pool asks for (key in the shared ConfigMap) and the MIG strategy it means. */
export interface DevicePluginConfigUse {
  readonly key: string;
  readonly strategy: 'none' | 'single' | 'mixed';
  readonly site: string;
  readonly pool: string;
  /** Field path of the pool's MIG setting (`spec.gpuPools[1].mig`): placed in the site file when two sites conflict. */
  readonly path: string;
}

/** What one site needs of the cluster's one GPU Operator configuration. */
export interface GpuOperatorPart {
  readonly site: string;
  readonly configs: readonly DevicePluginConfigUse[];
  /** Taints on the site's GPU nodes that operand DaemonSets must tolerate: `key\0effect`. */
  readonly taints: readonly string[];
  /** GPU pools the site has, and whether any wants the operator's driver container (`driver: operator`). */
  readonly pools: number;
  readonly operatorDriver: boolean;
}

export interface ResolvedCluster {
  /** The kubeconfig context; undefined: the context deploy is given. */
  readonly context?: string;
}

export interface ResolvedWorkloadCluster extends ResolvedCluster {
  /** Every site deploying into this cluster in this run, this one included, sorted. */
  readonly sites: readonly string[];
  /** Every such site's GPU Operator needs, sorted by site: the shared ClusterPolicy and device-plugin config hold them all. */
  readonly gpuOperator: readonly GpuOperatorPart[];
}

export interface ResolvedClusters {
  readonly management: ResolvedCluster;
  readonly workload: ResolvedWorkloadCluster;
}

export interface ClusterOverrides {
  readonly management?: string;
  readonly workload?: string;
}

/** The site's clusters, with any --management-context / --workload-context override applied. */
export function clusterContexts(spec: ClustersSpecT | undefined, overrides: ClusterOverrides = {}): { management?: string; workload?: string } {
  const management = overrides.management ?? spec?.management;
  const workload = overrides.workload ?? spec?.workload;
  return { ...(management ? { management } : {}), ...(workload ? { workload } : {}) };
}

/** Groups sites by cluster: the context, or '' for the context deploy is given. */
export function clusterKey(c: ResolvedCluster): string {
  return c.context ?? '';
}

/** For messages: `cluster texas-gpu`, or `the deploy context`. */
export function describeCluster(c: ResolvedCluster): string {
  return c.context !== undefined ? `cluster ${c.context}` : 'the cluster of the deploy context';
}


/** The site alone in its clusters: what resolve gives every site before the fleet step. */
export function resolveClusters(site: string, spec: ClustersSpecT | undefined, pools: readonly ResolvedPool[], tenants: readonly ResolvedTenant[], overrides: ClusterOverrides = {}): ResolvedClusters {
  const contexts = clusterContexts(spec, overrides);
  const configs: DevicePluginConfigUse[] = pools.flatMap((p, i) =>
    p.mig && p.labels[LABELS.devicePluginConfig] ? [{ key: p.labels[LABELS.devicePluginConfig]!, strategy: p.mig.strategy, site, pool: p.name, path: `spec.gpuPools[${i}].mig` }] : [],
  );
  const taints = [...new Set([...pools.flatMap((p) => p.taints), ...tenants.flatMap((t) => t.tolerations)].map((t) => `${t.key}\0${t.effect}`))].sort();
  return {
    management: contexts.management !== undefined ? { context: contexts.management } : {},
    workload: { ...(contexts.workload !== undefined ? { context: contexts.workload } : {}), sites: [site], gpuOperator: [{ site, configs, taints, pools: pools.length, operatorDriver: pools.some((p) => p.driver === 'operator') }] },
  };
}
