/**
 * One Kubernetes object as a Terraform resource of the hashicorp/kubernetes provider, written
 * by type name (no generated bindings exist for cdktn): the provider's typed resources for the
 * core kinds (so plans show attribute-level diffs and the provider checks them), and
 * `kubernetes_manifest` for custom resources. Attribute names follow provider-schema.ts.
 * Construct ids, which become Terraform addresses, come from kind, namespace and name only
 * (objectId), so they stay stable.
 */
import type { Construct } from 'constructs';
import { type ITerraformDependable, TerraformResource } from 'cdktn';
import { type K8sObject, objectId } from '../kubernetes/k8s-object';
import { providerAttributes } from './provider-schema';
import { KUBERNETES_PROVIDER } from './provider';

type Config = Record<string, unknown>;

/** Core kinds → the provider's typed resource; everything else is a kubernetes_manifest. */
const TYPED: Record<string, string> = {
  'v1/Namespace': 'kubernetes_namespace_v1',
  'v1/ConfigMap': 'kubernetes_config_map_v1',
  'v1/ServiceAccount': 'kubernetes_service_account_v1',
  'v1/ResourceQuota': 'kubernetes_resource_quota_v1',
  'v1/LimitRange': 'kubernetes_limit_range_v1',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes_network_policy_v1',
  'rbac.authorization.k8s.io/v1/Role': 'kubernetes_role_v1',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'kubernetes_role_binding_v1',
  'scheduling.k8s.io/v1/PriorityClass': 'kubernetes_priority_class_v1',
};

/** The Terraform resource type of an object, e.g. `kubernetes_role_v1` or `kubernetes_manifest`. */
export function terraformType(o: K8sObject): string {
  return TYPED[`${o.apiVersion}/${o.kind}`] ?? 'kubernetes_manifest';
}

type Ports = { protocol?: string; port?: number | string }[];
type NetworkPolicyRule = { from?: unknown[]; to?: unknown[]; ports?: Ports };

/** The provider takes ports as strings (a number or a named port). */
const stringPorts = ({ ports, ...rule }: NetworkPolicyRule) =>
  ports ? { ...rule, ports: ports.map(({ port, ...p }) => ({ ...p, ...(port !== undefined ? { port: String(port) } : {}) })) } : rule;

/**
 * The config of an object's resource, still in Kubernetes field names but in the provider's
 * layout: the singular block names `limit`, `rule`, `subject`, string ports, and the
 * PriorityClass fields at the top level.
 */
export function resourceConfig(o: K8sObject): Config {
  const metadata = { ...o.metadata, labels: { ...o.metadata.labels } };
  const spec = o.spec as Config | undefined;
  switch (terraformType(o)) {
    case 'kubernetes_namespace_v1':
    case 'kubernetes_service_account_v1':
      return { metadata };
    case 'kubernetes_config_map_v1':
      return { metadata, data: o.data };
    case 'kubernetes_resource_quota_v1':
      return { metadata, spec: { hard: spec?.hard } };
    case 'kubernetes_limit_range_v1':
      return { metadata, spec: { limit: spec?.limits } };
    case 'kubernetes_network_policy_v1': {
      const { ingress, egress, ...rest } = spec as { ingress?: NetworkPolicyRule[]; egress?: NetworkPolicyRule[] };
      return { metadata, spec: { ...rest, ...(ingress ? { ingress: ingress.map(stringPorts) } : {}), ...(egress ? { egress: egress.map(stringPorts) } : {}) } };
    }
    case 'kubernetes_role_v1':
      return { metadata, rule: o.rules };
    case 'kubernetes_role_binding_v1':
      return { metadata, roleRef: o.roleRef, subject: o.subjects };
    case 'kubernetes_priority_class_v1':
      return { metadata, value: o.value, globalDefault: o.globalDefault, preemptionPolicy: o.preemptionPolicy, description: o.description };
    default:
      // Custom resources (Kueue, GPU Operator): the provider applies them server-side as given.
      return { manifest: o };
  }
}

/** An object's resource attributes, by the provider's names (what cdk.tf.json holds for it). */
export function resourceAttributes(o: K8sObject): Config {
  const type = terraformType(o);
  return providerAttributes(type, resourceConfig(o), `${type}.${objectId(o)}`);
}

/** A hashicorp/kubernetes resource by type name, its attributes already in the provider's shape. */
export class KubernetesResource extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, private readonly attributes: Config, dependsOn: ITerraformDependable[]) {
    super(scope, id, {
      terraformResourceType: type,
      // Names its provider, so cdktn's provider-presence validation can see the provider block.
      terraformGeneratorMetadata: { providerName: KUBERNETES_PROVIDER.name },
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
  }

  protected override synthesizeAttributes(): Config {
    return this.attributes;
  }
}

/** `dependsOn`: what must exist first (a namespaced object's Namespace), since Terraform otherwise creates everything at once. */
export function terraformResource(scope: Construct, o: K8sObject, dependsOn: ITerraformDependable[] = []): TerraformResource {
  return new KubernetesResource(scope, objectId(o), terraformType(o), resourceAttributes(o), dependsOn);
}
