/**
 * Names the platform owns: the namespaces its operators run in, the label keys it puts on
 * nodes and objects, and the names a tenant may therefore not take. The resolver, the
 * renderers and deploy import them from here, so renaming one is a one-line change.
 */

/**
 * Label keys rackshift puts on nodes (the kubelet registers them) and on objects; the Kubernetes
 * and bare-metal targets share them. On nodes they are informational: isolation selects on
 * ISOLATION_LABELS.
 */
export const LABELS = {
  site: 'rackshift.dev/site',
  pool: 'rackshift.dev/pool',
  zone: 'rackshift.dev/zone',
  gpu: 'rackshift.dev/gpu',
  system: 'rackshift.dev/system',
  tenant: 'rackshift.dev/tenant',
  rack: 'rackshift.dev/rack',
  /** Rack-scale pools: the block (scalable unit of racks) a tray's rack is in; the Topology's top level. */
  block: 'rackshift.dev/block',
  migConfig: 'nvidia.com/mig.config',
  /** Names the GPU Operator device-plugin config a node uses: how MIG is exposed, per pool. */
  devicePluginConfig: 'nvidia.com/device-plugin.config',
  /** "false" keeps the GPU Operator's driver DaemonSet off a node whose image has the driver. */
  deployDriver: 'nvidia.com/gpu.deploy.driver',
} as const;

/**
 * Node labels that decide which tenants' pods may run on a node: the ResourceFlavors and the
 * tenants' templates select on these, never on LABELS. They are under node-restriction.kubernetes.io/,
 * which the NodeRestriction admission plugin forbids a kubelet to set on its own Node
 * (kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction), so a
 * compromised node cannot label itself into another tenant's nodes. For the same reason a
 * kubelet cannot register them either: rackshift deploy sets them on each joined Node
 * (deploy/node-labels.ts), never cloud-init.
 */
export const ISOLATION_LABELS = {
  site: 'node-restriction.kubernetes.io/rackshift-site',
  pool: 'node-restriction.kubernetes.io/rackshift-pool',
  tenant: 'node-restriction.kubernetes.io/rackshift-tenant',
} as const;

/** Label prefixes a kubelet may not set on itself (the docs' prefix, and its subdomains). */
export function isKubeletForbiddenLabel(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  return prefix === 'node-restriction.kubernetes.io' || prefix.endsWith('.node-restriction.kubernetes.io');
}

/** Label keys deploy puts on every object it applies (ApplySet bookkeeping, KEP-3659). */
export const DEPLOY_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  site: LABELS.site,
  partOf: 'applyset.kubernetes.io/part-of',
  applysetId: 'applyset.kubernetes.io/id',
} as const;

/**
 * On objects the sites of one workload cluster share (the GPU Operator's ClusterPolicy and
 * device-plugin ConfigMap): the sites whose settings they hold, comma-separated. deploy
 * applies such objects once per cluster, as its shared unit, not as any one site's.
 */
export const SHARED_BY_ANNOTATION = 'rackshift.dev/shared-by';

/** Namespaces the platform's own components run in. */
export const PLATFORM_NAMESPACES = {
  /** deploy's ApplySet parents (one ConfigMap per site). */
  rackshift: 'rackshift-system',
  /**
   * Where Metal3's baremetal-operator runs and watches BareMetalHosts and their Secrets in its
   * upstream install (default of spec.provisioning.metal3Namespace).
   */
  metal3: 'baremetal-operator-system',
  /** Where the Tinkerbell stack runs by default, with its Hardware objects (default of spec.provisioning.tinkerbellNamespace). */
  tinkerbell: 'tink-system',
  gpuOperator: 'gpu-operator',
  kueue: 'kueue-system',
  /** Default namespace of the Argo CD Application (spec.gitops.namespace). */
  argocd: 'argocd',
} as const;

/** Namespaces Kubernetes itself creates. */
export const KUBERNETES_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/**
 * Namespaces a tenant may not take (a tenant's name is its namespace): they belong to
 * Kubernetes or to the platform, and a tenant there would get quotas and policies on them.
 */
export const RESERVED_NAMESPACES: readonly string[] = [...KUBERNETES_NAMESPACES, ...Object.values(PLATFORM_NAMESPACES)];
