/**
 * Objects of the kinds rackshift's targets synthesize (tenancy and bare metal), written by
 * hand for deploy tests so they do not depend on the renderers' exact output.
 */
import type { KubeObject } from '../../deploy/kube-object';
import type { SourcedObject } from '../../deploy/manifests';
import type { FakeKubeApi } from './fake-kube-api';

export const KUEUE = 'kueue.x-k8s.io/v1beta2';
export const METAL3 = 'metal3.io/v1alpha1';

export function tenantObjects(tenant = 'acme', gpus = 64): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: tenant, labels: { 'rackshift.dev/tenant': tenant } } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'gpu-quota', namespace: tenant }, spec: { hard: { 'requests.nvidia.com/gpu': String(gpus) } } },
    { apiVersion: KUEUE, kind: 'ResourceFlavor', metadata: { name: `h100-${tenant}` }, spec: { nodeLabels: { 'rackshift.dev/pool': 'h100' } } },
    {
      apiVersion: KUEUE,
      kind: 'ClusterQueue',
      metadata: { name: tenant },
      spec: { namespaceSelector: { matchLabels: { 'rackshift.dev/tenant': tenant } }, resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: `h100-${tenant}`, resources: [{ name: 'nvidia.com/gpu', nominalQuota: gpus }] }] }] },
    },
    { apiVersion: KUEUE, kind: 'LocalQueue', metadata: { name: 'default', namespace: tenant }, spec: { clusterQueue: tenant } },
  ];
}

export function hostObjects(names: string[]): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'metal3' } },
    ...names.map((n, i) => ({
      apiVersion: METAL3,
      kind: 'BareMetalHost',
      metadata: { name: n, namespace: 'metal3' },
      spec: { online: true, bootMACAddress: `02:00:00:00:00:${String(i + 1).padStart(2, '0')}`, bmc: { address: `redfish://10.0.0.${i + 10}/redfish/v1/Systems/1`, credentialsName: `${n}-bmc` } },
    })),
  ];
}

export function sourced(objects: KubeObject[], source = 'permian-1/kubernetes/tenants.yaml'): SourcedObject[] {
  return objects.map((object) => ({ object: structuredClone(object), source }));
}

/**
 * The CRDs a cluster ready for rackshift has: Kueue, Metal3's BareMetalHost, the GPU Operator's
 * ClusterPolicy, and (with the GPU Operator) the ComputeDomain of NVIDIA's DRA driver.
 */
export function installOperators(api: FakeKubeApi, which: { kueue?: boolean; metal3?: boolean; gpuOperator?: boolean } = { kueue: true, metal3: true, gpuOperator: true }): void {
  if (which.gpuOperator) {
    api.installCrd('nvidia.com', 'ClusterPolicy', 'clusterpolicies', 'Cluster', ['v1']);
    api.installCrd('resource.nvidia.com', 'ComputeDomain', 'computedomains', 'Namespaced', ['v1beta1']);
  }
  if (which.kueue) {
    api.installCrd('kueue.x-k8s.io', 'Cohort', 'cohorts', 'Cluster', ['v1beta1', 'v1beta2']);
    api.installCrd('kueue.x-k8s.io', 'WorkloadPriorityClass', 'workloadpriorityclasses', 'Cluster', ['v1beta1', 'v1beta2']);
    api.installCrd('kueue.x-k8s.io', 'Topology', 'topologies', 'Cluster', ['v1beta1', 'v1beta2']);
    api.installCrd('kueue.x-k8s.io', 'ResourceFlavor', 'resourceflavors', 'Cluster', ['v1beta1', 'v1beta2']);
    api.installCrd('kueue.x-k8s.io', 'ClusterQueue', 'clusterqueues', 'Cluster', ['v1beta1', 'v1beta2']);
    api.installCrd('kueue.x-k8s.io', 'LocalQueue', 'localqueues', 'Namespaced', ['v1beta1', 'v1beta2']);
  }
  if (which.metal3) api.installCrd('metal3.io', 'BareMetalHost', 'baremetalhosts', 'Namespaced', ['v1alpha1']);
}
