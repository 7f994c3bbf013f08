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
import { LABELS, PLATFORM_NAMESPACES } from '../../constructs/platform';
import type { IConfigMap } from 'kubernetes-models/v1';
import { type K8sObject, ownerLabels } from './k8s-object';

export const GPU_OPERATOR_NAMESPACE = PLATFORM_NAMESPACES.gpuOperator;
/** The GPU Operator reconciles exactly one ClusterPolicy; its Helm chart names it so. */
export const CLUSTER_POLICY_NAME = 'cluster-policy';
export const DEVICE_PLUGIN_CONFIG = 'rackshift-device-plugin-config';
/** Config key for nodes without the label: whole GPUs, no MIG. */
const DEFAULT_CONFIG_KEY = 'default';

export function gpuOperatorObjects(site: ResolvedSite): K8sObject[] {
  const migPools = site.pools.filter((p) => p.mig);
  const configs = new Map<string, 'none' | 'single' | 'mixed'>([[DEFAULT_CONFIG_KEY, 'none']]);
  for (const p of migPools) configs.set(p.labels[LABELS.devicePluginConfig]!, p.mig!.strategy);
  const clusterStrategy = migPools.some((p) => p.mig!.strategy === 'mixed') ? 'mixed' : migPools.length > 0 ? 'single' : 'none';

  const configMap: IConfigMap & K8sObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: DEVICE_PLUGIN_CONFIG, namespace: GPU_OPERATOR_NAMESPACE, labels: ownerLabels({ site: site.name }) },
    data: Object.fromEntries(
      [...configs].sort(([a], [b]) => a.localeCompare(b)).map(([key, strategy]) => [key, `version: v1\nflags:\n  migStrategy: ${strategy}\n`]),
    ),
  };

  const clusterPolicy: K8sObject = {
    apiVersion: 'nvidia.com/v1',
    kind: 'ClusterPolicy',
    metadata: { name: CLUSTER_POLICY_NAME, labels: ownerLabels({ site: site.name }) },
    spec: {
      // operator.defaultRuntime is deprecated (the runtime is detected), so it is not set.
      operator: {},
      // Operand pods must run on every GPU node, and rackshift taints GPU nodes per pool and tenant.
      daemonsets: { tolerations: operandTolerations(site) },
      // Pools with the host driver (DGX OS) carry nvidia.com/gpu.deploy.driver=false, so the
      // operator's driver runs only where a pool asks for it, and not at all when none does.
      driver: { enabled: site.pools.length === 0 || site.pools.some((p) => p.driver === 'operator') },
      toolkit: { enabled: true },
      devicePlugin: { enabled: true, config: { name: DEVICE_PLUGIN_CONFIG, default: DEFAULT_CONFIG_KEY } },
      dcgm: { enabled: false },
      dcgmExporter: { enabled: true },
      gfd: { enabled: true },
      mig: { strategy: clusterStrategy },
      migManager: { enabled: migPools.length > 0 },
      nodeStatusExporter: { enabled: false },
    },
  };
  return [clusterPolicy, configMap];
}

/** One `Exists` toleration per taint key and effect rackshift puts on GPU nodes. */
function operandTolerations(site: ResolvedSite): { key: string; operator: 'Exists'; effect: Taint['effect'] }[] {
  const seen = new Map<string, Taint['effect']>();
  const taints = [...site.pools.flatMap((p) => p.taints), ...site.tenants.flatMap((t) => t.tolerations)];
  for (const t of taints) seen.set(`${t.key}\0${t.effect}`, t.effect);
  return [...seen.keys()].sort().map((k) => ({ key: k.split('\0')[0]!, operator: 'Exists', effect: seen.get(k)! }));
}
