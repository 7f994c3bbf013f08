/**
 * One Kubernetes object as a Terraform resource: typed @cdktf/provider-kubernetes resources
 * for the core kinds (so plans show attribute-level diffs and the provider checks them), and
 * `kubernetes_manifest` for custom resources. Construct ids, which become Terraform
 * addresses, come from kind, namespace and name only (objectId), so they stay stable.
 */
import type { Construct } from 'constructs';
import type { ITerraformDependable, TerraformResource } from 'cdktf';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PriorityClassV1 } from '@cdktf/provider-kubernetes/lib/priority-class-v1';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type K8sObject, objectId } from '../kubernetes/k8s-object';

type Config = Record<string, unknown>;
type ResourceClass = new (scope: Construct, id: string, config: never) => TerraformResource;

/** Core kinds → typed resource class; everything else is a kubernetes_manifest. */
const TYPED: Record<string, ResourceClass> = {
  'v1/Namespace': NamespaceV1 as unknown as ResourceClass,
  'v1/ConfigMap': ConfigMapV1 as unknown as ResourceClass,
  'v1/ServiceAccount': ServiceAccountV1 as unknown as ResourceClass,
  'v1/ResourceQuota': ResourceQuotaV1 as unknown as ResourceClass,
  'v1/LimitRange': LimitRangeV1 as unknown as ResourceClass,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicyV1 as unknown as ResourceClass,
  'rbac.authorization.k8s.io/v1/Role': RoleV1 as unknown as ResourceClass,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBindingV1 as unknown as ResourceClass,
  'scheduling.k8s.io/v1/PriorityClass': PriorityClassV1 as unknown as ResourceClass,
};

const classOf = (o: K8sObject): ResourceClass => TYPED[`${o.apiVersion}/${o.kind}`] ?? (Manifest as unknown as ResourceClass);

/** The Terraform resource type of an object, e.g. `kubernetes_role_v1` or `kubernetes_manifest`. */
export function terraformType(o: K8sObject): string {
  return (classOf(o) as unknown as { tfResourceType: string }).tfResourceType;
}

type Ports = { protocol?: string; port?: number | string }[];
type NetworkPolicyRule = { from?: unknown[]; to?: unknown[]; ports?: Ports };

/** The provider takes ports as strings (a number or a named port). */
const stringPorts = ({ ports, ...rule }: NetworkPolicyRule) =>
  ports ? { ...rule, ports: ports.map(({ port, ...p }) => ({ ...p, ...(port !== undefined ? { port: String(port) } : {}) })) } : rule;

/**
 * The config a typed resource takes for an object (the provider's attribute names: the
 * singular block names `limit`, `rule`, `subject`; string ports).
 */
export function resourceConfig(o: K8sObject): Config {
  const metadata = { ...o.metadata, labels: { ...o.metadata.labels } };
  const spec = o.spec as Config | undefined;
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'v1/Namespace':
    case 'v1/ServiceAccount':
      return { metadata };
    case 'v1/ConfigMap':
      return { metadata, data: o.data };
    case 'v1/ResourceQuota':
      return { metadata, spec: { hard: spec!.hard } };
    case 'v1/LimitRange':
      return { metadata, spec: { limit: spec!.limits } };
    case 'networking.k8s.io/v1/NetworkPolicy': {
      const { ingress, egress, ...rest } = spec as { ingress?: NetworkPolicyRule[]; egress?: NetworkPolicyRule[] };
      return { metadata, spec: { ...rest, ...(ingress ? { ingress: ingress.map(stringPorts) } : {}), ...(egress ? { egress: egress.map(stringPorts) } : {}) } };
    }
    case 'rbac.authorization.k8s.io/v1/Role':
      return { metadata, rule: o.rules };
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return { metadata, roleRef: o.roleRef, subject: o.subjects };
    case 'scheduling.k8s.io/v1/PriorityClass':
      return { metadata, value: o.value, globalDefault: o.globalDefault, preemptionPolicy: o.preemptionPolicy, description: o.description };
    default:
      // Custom resources (Kueue, GPU Operator): the provider applies them server-side as given.
      return { manifest: o };
  }
}

/** `dependsOn`: what must exist first (a namespaced object's Namespace), since Terraform otherwise creates everything at once. */
export function terraformResource(scope: Construct, o: K8sObject, dependsOn: ITerraformDependable[] = []): TerraformResource {
  const Resource = classOf(o);
  return new Resource(scope, objectId(o), { ...resourceConfig(o), ...(dependsOn.length > 0 ? { dependsOn } : {}) } as never);
}
