/**
 * One Kubernetes object as a Terraform resource: typed @cdktf/provider-kubernetes resources
 * for the core kinds (so plans show attribute-level diffs and the provider checks them), and
 * `kubernetes_manifest` for custom resources. Construct ids, which become Terraform
 * addresses, come from kind, namespace and name only (objectId), so they stay stable.
 */
import type { Construct } from 'constructs';
import type { ITerraformDependable, TerraformResource } from 'cdktf';
import { ConfigMapV1, type ConfigMapV1Config } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { LimitRangeV1, type LimitRangeV1Config } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { Manifest, type ManifestConfig } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1, type NamespaceV1Config } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1, type NetworkPolicyV1Config, type NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PriorityClassV1, type PriorityClassV1Config } from '@cdktf/provider-kubernetes/lib/priority-class-v1';
import { ResourceQuotaV1, type ResourceQuotaV1Config } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1, type RoleBindingV1Config } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1, type RoleV1Config } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1, type ServiceAccountV1Config } from '@cdktf/provider-kubernetes/lib/service-account-v1';
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
  // The Kubernetes shapes are checked by the object builders' types; `satisfies` checks
  // that each config has the provider's attribute names.
  const spec: unknown = o.spec;
  const field = <T>(name: string) => o[name] as T;
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'v1/Namespace':
      return { metadata } satisfies NamespaceV1Config;
    case 'v1/ServiceAccount':
      return { metadata } satisfies ServiceAccountV1Config;
    case 'v1/ConfigMap':
      return { metadata, data: field<Record<string, string>>('data') } satisfies ConfigMapV1Config;
    case 'v1/ResourceQuota':
      return { metadata, spec: { hard: (spec as { hard: Record<string, string> }).hard } } satisfies ResourceQuotaV1Config;
    case 'v1/LimitRange':
      return { metadata, spec: { limit: (spec as { limits: NonNullable<LimitRangeV1Config['spec']>['limit'] }).limits } } satisfies LimitRangeV1Config;
    case 'networking.k8s.io/v1/NetworkPolicy': {
      const { ingress, egress, ...rest } = spec as { podSelector: object; policyTypes: string[]; ingress?: NetworkPolicyRule[]; egress?: NetworkPolicyRule[] };
      const tfSpec = { ...rest, ...(ingress ? { ingress: ingress.map(stringPorts) } : {}), ...(egress ? { egress: egress.map(stringPorts) } : {}) } as NetworkPolicyV1Spec;
      return { metadata, spec: tfSpec } satisfies NetworkPolicyV1Config;
    }
    case 'rbac.authorization.k8s.io/v1/Role':
      return { metadata, rule: field<RoleV1Config['rule']>('rules') } satisfies RoleV1Config;
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return { metadata, roleRef: field<RoleBindingV1Config['roleRef']>('roleRef'), subject: field<RoleBindingV1Config['subject']>('subjects') } satisfies RoleBindingV1Config;
    case 'scheduling.k8s.io/v1/PriorityClass':
      return {
        metadata,
        value: field<number>('value'),
        globalDefault: field<boolean>('globalDefault'),
        preemptionPolicy: field<string>('preemptionPolicy'),
        description: field<string>('description'),
      } satisfies PriorityClassV1Config;
    default:
      // Custom resources (Kueue, GPU Operator): the provider applies them server-side as given.
      return { manifest: o as unknown as Record<string, unknown> } satisfies ManifestConfig;
  }
}

/** `dependsOn`: what must exist first (a namespaced object's Namespace), since Terraform otherwise creates everything at once. */
export function terraformResource(scope: Construct, o: K8sObject, dependsOn: ITerraformDependable[] = []): TerraformResource {
  const Resource = classOf(o);
  return new Resource(scope, objectId(o), { ...resourceConfig(o), ...(dependsOn.length > 0 ? { dependsOn } : {}) } as never);
}
