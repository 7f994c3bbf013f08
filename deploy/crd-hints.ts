/** Where to get the CRDs of the API groups rackshift's targets emit, for "CRD missing" messages. */
const HINTS: Record<string, string> = {
  'kueue.x-k8s.io': 'install Kueue: https://kueue.sigs.k8s.io/docs/installation/',
  'metal3.io': 'install the Metal3 baremetal-operator: https://book.metal3.io/bmo/install_baremetal_operator',
  'nvidia.com': 'install the NVIDIA GPU Operator: https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/getting-started.html',
  'resource.nvidia.com': "install NVIDIA's DRA driver for GPUs (ComputeDomains): https://github.com/kubernetes-sigs/dra-driver-nvidia-gpu",
  'tinkerbell.org': 'install Tinkerbell: https://tinkerbell.org/docs/',
  'cluster.x-k8s.io': 'install Cluster API: https://cluster-api.sigs.k8s.io/user/quick-start',
  'infrastructure.cluster.x-k8s.io': 'install Cluster API Provider Metal3: https://book.metal3.io/capm3/installation_guide',
};

export function crdInstallHint(group: string): string {
  return HINTS[group] ?? `install the operator or CRD bundle that provides the ${group} API`;
}

/** A CRD's name is `<plural>.<group>`; before it exists the plural is the lower-cased kind + s. */
export function guessCrdName(group: string, kind: string): string {
  const lower = kind.toLowerCase();
  const plural = /(s|x|ch|sh)$/.test(lower) ? `${lower}es` : /[^aeiou]y$/.test(lower) ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  return `${plural}.${group}`;
}
