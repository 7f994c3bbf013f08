/**
 * One Kubernetes object as a Terraform resource: typed @cdktf/provider-kubernetes resources
 * for the core kinds (so plans show attribute-level diffs and the provider checks them), and
 * `kubernetes_manifest` for custom resources. Construct ids, which become Terraform
 * addresses, come from kind, namespace and name only, so they stay stable.
 */
import type { Construct } from 'constructs';
import type { ITerraformDependable, TerraformResource } from 'cdktf';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { LimitRangeV1, type LimitRangeV1SpecLimit } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1, type NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PriorityClassV1 } from '@cdktf/provider-kubernetes/lib/priority-class-v1';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { RoleBindingV1, type RoleBindingV1RoleRef, type RoleBindingV1Subject } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1, type RoleV1Rule } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type K8sObject, objectId } from '../kubernetes/k8s-object';


type Ports = { protocol?: string; port?: number | string }[];
type Peer = Record<string, unknown>;
type NetworkPolicySpec = { podSelector: object; policyTypes: string[]; ingress?: { from?: Peer[]; ports?: Ports }[]; egress?: { to?: Peer[]; ports?: Ports }[] };

/** The provider takes ports as strings (a number or a named port). */
const ports = (p: Ports | undefined): { protocol?: string; port?: string }[] | undefined =>
  p?.map(({ port, ...x }) => ({ ...x, ...(port !== undefined ? { port: String(port) } : {}) }));

/** `dependsOn`: what must exist first (a namespaced object's Namespace), since Terraform otherwise creates everything at once. */
export function terraformResource(scope: Construct, o: K8sObject, dependsOn: ITerraformDependable[] = []): TerraformResource {
  const id = objectId(o);
  const metadata = { ...o.metadata, labels: { ...o.metadata.labels } };
  const meta = dependsOn.length > 0 ? { dependsOn } : {};
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'v1/Namespace':
      return new NamespaceV1(scope, id, { ...meta, metadata });
    case 'v1/ConfigMap':
      return new ConfigMapV1(scope, id, { ...meta, metadata, data: o.data as Record<string, string> });
    case 'v1/ServiceAccount':
      return new ServiceAccountV1(scope, id, { ...meta, metadata });
    case 'v1/ResourceQuota':
      return new ResourceQuotaV1(scope, id, { ...meta, metadata, spec: { hard: (o.spec as { hard: Record<string, string> }).hard } });
    case 'v1/LimitRange':
      return new LimitRangeV1(scope, id, { ...meta, metadata, spec: { limit: (o.spec as { limits: LimitRangeV1SpecLimit[] }).limits } });
    case 'networking.k8s.io/v1/NetworkPolicy': {
      const s = o.spec as NetworkPolicySpec;
      const spec: NetworkPolicyV1Spec = {
        podSelector: s.podSelector,
        policyTypes: s.policyTypes,
        ...(s.ingress ? { ingress: s.ingress.map(({ ports: p, ...r }) => ({ ...r, ...(p ? { ports: ports(p) } : {}) })) } : {}),
        ...(s.egress ? { egress: s.egress.map(({ ports: p, ...r }) => ({ ...r, ...(p ? { ports: ports(p) } : {}) })) } : {}),
      };
      return new NetworkPolicyV1(scope, id, { ...meta, metadata, spec });
    }
    case 'rbac.authorization.k8s.io/v1/Role':
      return new RoleV1(scope, id, { ...meta, metadata, rule: o.rules as RoleV1Rule[] });
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return new RoleBindingV1(scope, id, { ...meta, metadata, roleRef: o.roleRef as RoleBindingV1RoleRef, subject: o.subjects as RoleBindingV1Subject[] });
    case 'scheduling.k8s.io/v1/PriorityClass':
      return new PriorityClassV1(scope, id, {
        ...meta,
        metadata,
        value: o.value as number,
        globalDefault: o.globalDefault as boolean,
        preemptionPolicy: o.preemptionPolicy as string,
        description: o.description as string,
      });
    default:
      // Custom resources (Kueue, GPU Operator): the provider applies them server-side as given.
      return new Manifest(scope, id, { ...meta, manifest: o as unknown as Record<string, unknown> });
  }
}
