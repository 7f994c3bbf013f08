/**
 * The fast path of the Terraform emitter: a site stack's cdk.tf.json built directly with the
 * provider bindings' own attribute serializers (`*ToTerraform`, the functions the typed
 * resources call at synth), skipping cdktf's construct tree and token resolution, which
 * dominate its synth time. The result is byte-identical to synthesizing SiteTenancyStack
 * with cdktf (test/kubernetes-terraform.test.ts holds the two together), and the stack's
 * header (backend, provider, versions) still comes from cdktf itself.
 */
import * as cdktf from 'cdktf';
import { configMapV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { limitRangeV1MetadataToTerraform, limitRangeV1SpecToTerraform } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { namespaceV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { networkPolicyV1MetadataToTerraform, networkPolicyV1SpecToTerraform } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { priorityClassV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/priority-class-v1';
import { resourceQuotaV1MetadataToTerraform, resourceQuotaV1SpecToTerraform } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { roleBindingV1MetadataToTerraform, roleBindingV1RoleRefToTerraform, roleBindingV1SubjectToTerraform } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { roleV1MetadataToTerraform, roleV1RuleToTerraform } from '@cdktf/provider-kubernetes/lib/role-v1';
import { serviceAccountV1MetadataToTerraform } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type K8sObject, objectId } from '../kubernetes/k8s-object';
import { resourceConfig, terraformType } from './resources';

type Attrs = Record<string, unknown>;
type Serializer = (config: Attrs) => Attrs;
const list = <T>(f: (x: T) => unknown) => (xs: unknown) => cdktf.listMapper(f as (x: unknown) => unknown, true)(xs);

/** Per Terraform type: the attributes its typed resource class synthesizes from a config. */
const SERIALIZERS: Record<string, Serializer> = {
  kubernetes_namespace_v1: (c) => ({ metadata: namespaceV1MetadataToTerraform(c.metadata as never) }),
  kubernetes_config_map_v1: (c) => ({ metadata: configMapV1MetadataToTerraform(c.metadata as never), data: cdktf.hashMapper(cdktf.stringToTerraform)(c.data) }),
  kubernetes_service_account_v1: (c) => ({ metadata: serviceAccountV1MetadataToTerraform(c.metadata as never) }),
  kubernetes_resource_quota_v1: (c) => ({ metadata: resourceQuotaV1MetadataToTerraform(c.metadata as never), spec: resourceQuotaV1SpecToTerraform(c.spec as never) }),
  kubernetes_limit_range_v1: (c) => ({ metadata: limitRangeV1MetadataToTerraform(c.metadata as never), spec: limitRangeV1SpecToTerraform(c.spec as never) }),
  kubernetes_network_policy_v1: (c) => ({ metadata: networkPolicyV1MetadataToTerraform(c.metadata as never), spec: networkPolicyV1SpecToTerraform(c.spec as never) }),
  kubernetes_role_v1: (c) => ({ metadata: roleV1MetadataToTerraform(c.metadata as never), rule: list(roleV1RuleToTerraform)(c.rule) }),
  kubernetes_role_binding_v1: (c) => ({
    metadata: roleBindingV1MetadataToTerraform(c.metadata as never),
    role_ref: roleBindingV1RoleRefToTerraform(c.roleRef as never),
    subject: list(roleBindingV1SubjectToTerraform)(c.subject),
  }),
  kubernetes_priority_class_v1: (c) => ({
    metadata: priorityClassV1MetadataToTerraform(c.metadata as never),
    value: cdktf.numberToTerraform(c.value),
    global_default: cdktf.booleanToTerraform(c.globalDefault),
    preemption_policy: cdktf.stringToTerraform(c.preemptionPolicy),
    description: cdktf.stringToTerraform(c.description),
  }),
  kubernetes_manifest: (c) => ({ manifest: cdktf.hashMapper(cdktf.anyToTerraform)(c.manifest) }),
};

/**
 * The `resource` section of the stack: `{ <type>: { <id>: attributes } }`, as cdktf writes it
 * (construct path and unique id under "//", depends_on as Terraform references).
 */
export function resourceSection(stackName: string, objects: readonly K8sObject[]): Record<string, Record<string, Attrs>> {
  const out: Record<string, Record<string, Attrs>> = {};
  const namespaces = new Map<string, string>();
  for (const o of objects) {
    const id = objectId(o);
    const type = terraformType(o);
    const ns = o.metadata.namespace ? namespaces.get(o.metadata.namespace) : undefined;
    const attrs: Attrs = {
      ...SERIALIZERS[type]!(resourceConfig(o) as Attrs),
      ...(ns ? { depends_on: [ns] } : {}),
      '//': { metadata: { path: `${stackName}/${id}`, uniqueId: id } },
    };
    (out[type] ??= {})[id] = attrs;
    if (o.kind === 'Namespace') namespaces.set(o.metadata.name, `${type}.${id}`);
  }
  return out;
}

/** JSON exactly as cdktf writes cdk.tf.json (json-stable-stringify, two spaces: sorted keys, empty `{}` split over two lines). */
export function cdktfStringify(value: unknown, level = 0): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const indent = `\n${'  '.repeat(level)}`;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[${value.map((v) => inner + (cdktfStringify(v, level + 1) ?? 'null')).join(',')}${indent}]`;
  }
  const out: string[] = [];
  for (const k of Object.keys(value).sort()) {
    const v = cdktfStringify((value as Attrs)[k], level + 1);
    if (v) out.push(`${inner}${JSON.stringify(k)}: ${v}`);
  }
  return `{${out.join(',')}${indent}}`;
}
