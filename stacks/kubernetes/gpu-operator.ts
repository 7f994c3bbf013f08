/**
 * NVIDIA GPU Operator configuration: the cluster's one `ClusterPolicy` (driver, container
 * toolkit, device plugin, DCGM exporter, GPU feature discovery, MIG manager) and the
 * device-plugin ConfigMap that sets the MIG strategy per pool.
 *
 * A ClusterPolicy has one `mig.strategy`; pools that differ get theirs from the per-node
 * device-plugin config named by the `nvidia.com/device-plugin.config` label that
 * ResolvedSite puts on MIG pools (the fix NVIDIA gives in gpu-operator#704).
 */
import type { ResolvedSite, Taint } from '../../constructs/resolved-site';
import { PLATFORM_NAMESPACES, SHARED_BY_ANNOTATION } from '../../constructs/platform';
import type { IConfigMap } from 'kubernetes-models/v1';
import { type K8sObject, MANAGED_BY } from './k8s-object';

export const GPU_OPERATOR_NAMESPACE = PLATFORM_NAMESPACES.gpuOperator;
/** The GPU Operator reconciles exactly one ClusterPolicy; its Helm chart names it so. */
export const CLUSTER_POLICY_NAME = 'cluster-policy';
export const DEVICE_PLUGIN_CONFIG = 'rackshift-device-plugin-config';
/** Config key for nodes without the label: whole GPUs, no MIG. */
const DEFAULT_CONFIG_KEY = 'default';

/**
 * The workload cluster's GPU Operator configuration, shared by every site deploying into it
 * (ResolvedSite.clusters.workload): each site of the cluster renders the same two objects,
 * holding every site's pools, and deploy applies them once, as the cluster's shared unit.
 */
export function gpuOperatorObjects(site: ResolvedSite): K8sObject[] {
  const shared = site.clusters.workload;
  const uses = shared.gpuOperator.flatMap((p) => p.configs);
  // The fleet step refuses two strategies for one key, so the last one seen is the only one.
  const configs = new Map<string, 'none' | 'single' | 'mixed'>([[DEFAULT_CONFIG_KEY, 'none']]);
  for (const u of uses) configs.set(u.key, u.strategy);
  const clusterStrategy = uses.some((u) => u.strategy === 'mixed') ? 'mixed' : uses.length > 0 ? 'single' : 'none';
  const metadata = { labels: { ...MANAGED_BY }, annotations: { [SHARED_BY_ANNOTATION]: shared.sites.join(',') } };

  const configMap: IConfigMap & K8sObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: DEVICE_PLUGIN_CONFIG, namespace: GPU_OPERATOR_NAMESPACE, ...metadata },
    data: Object.fromEntries(
      [...configs].sort(([a], [b]) => a.localeCompare(b)).map(([key, strategy]) => [key, `version: v1\nflags:\n  migStrategy: ${strategy}\n`]),
    ),
  };

  const clusterPolicy: K8sObject = {
    apiVersion: 'nvidia.com/v1',
    kind: 'ClusterPolicy',
    metadata: { name: CLUSTER_POLICY_NAME, ...metadata },
    spec: {
      // operator.defaultRuntime is deprecated (the runtime is detected), so it is not set.
      operator: {},
      // Operand pods must run on every GPU node, and rackshift taints GPU nodes per pool and tenant.
      daemonsets: { tolerations: operandTolerations(shared.gpuOperator.flatMap((p) => p.taints)) },
      // Pools with the host driver (DGX OS) carry nvidia.com/gpu.deploy.driver=false, so the
      // operator's driver runs only where a pool of any site in the cluster asks for it.
      driver: { enabled: shared.gpuOperator.every((p) => p.pools === 0) || shared.gpuOperator.some((p) => p.operatorDriver) },
      toolkit: { enabled: true },
      devicePlugin: { enabled: true, config: { name: DEVICE_PLUGIN_CONFIG, default: DEFAULT_CONFIG_KEY } },
      dcgm: { enabled: false },
      dcgmExporter: { enabled: true },
      gfd: { enabled: true },
      mig: { strategy: clusterStrategy },
      migManager: { enabled: uses.length > 0 },
      nodeStatusExporter: { enabled: false },
    },
  };
  return [clusterPolicy, configMap];
}

/** One `Exists` toleration per taint key and effect on any site's GPU nodes (`key\0effect`). */
function operandTolerations(taints: readonly string[]): { key: string; operator: 'Exists'; effect: Taint['effect'] }[] {
  return [...new Set(taints)].sort().map((k) => ({ key: k.split('\0')[0]!, operator: 'Exists', effect: k.split('\0')[1] as Taint['effect'] }));
}
