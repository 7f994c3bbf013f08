/**
 * The Pulumi emitter: `SiteTenancy`, a ComponentResource (`rackshift:index:SiteTenancy`)
 * that registers a site's canonical Kubernetes objects with @pulumi/kubernetes, typed
 * classes for core kinds and CustomResource for the rest, all parented to it. Namespaced
 * objects depend on their Namespace so Pulumi creates it first.
 *
 *   const { site } = await loadSite('sites/permian-1.yaml');
 *   new SiteTenancy('permian-1', { site: site! }, { provider });
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ResolvedSite } from '../../constructs/resolved-site';
import { type K8sObject, objectId } from '../kubernetes/k8s-object';
import { kubernetesObjects } from '../kubernetes/objects';

export const SITE_TENANCY_TYPE = 'rackshift:index:SiteTenancy';

export interface SiteTenancyArgs {
  /** The resolved site; its canonical object list is registered. */
  readonly site?: ResolvedSite;
  /** Or the object list itself, e.g. read from a synthesized `pulumi/objects.json`. */
  readonly objects?: readonly K8sObject[];
}

type Ctor = new (name: string, args: never, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;
const TYPED: Record<string, Ctor> = {
  'v1/Namespace': k8s.core.v1.Namespace as unknown as Ctor,
  'v1/ConfigMap': k8s.core.v1.ConfigMap as unknown as Ctor,
  'v1/ServiceAccount': k8s.core.v1.ServiceAccount as unknown as Ctor,
  'v1/ResourceQuota': k8s.core.v1.ResourceQuota as unknown as Ctor,
  'v1/LimitRange': k8s.core.v1.LimitRange as unknown as Ctor,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy as unknown as Ctor,
  'rbac.authorization.k8s.io/v1/Role': k8s.rbac.v1.Role as unknown as Ctor,
  'rbac.authorization.k8s.io/v1/RoleBinding': k8s.rbac.v1.RoleBinding as unknown as Ctor,
  'scheduling.k8s.io/v1/PriorityClass': k8s.scheduling.v1.PriorityClass as unknown as Ctor,
};

export class SiteTenancy extends pulumi.ComponentResource {
  /** Child resources by object id (`<kind>_<namespace>_<name>`). */
  readonly resources: Readonly<Record<string, pulumi.CustomResource>>;

  constructor(name: string, args: SiteTenancyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SITE_TENANCY_TYPE, name, {}, opts);
    const objects = args.objects ?? (args.site ? kubernetesObjects(args.site) : undefined);
    if (!objects) throw new Error('SiteTenancy needs a site or an object list');
    const resources: Record<string, pulumi.CustomResource> = {};
    const namespaces = new Map<string, pulumi.CustomResource>();
    for (const o of objects) {
      const ns = o.metadata.namespace ? namespaces.get(o.metadata.namespace) : undefined;
      const childOpts: pulumi.CustomResourceOptions = { parent: this, ...(ns ? { dependsOn: [ns] } : {}) };
      const id = objectId(o);
      const Typed = TYPED[`${o.apiVersion}/${o.kind}`];
      const resource = Typed
        ? new Typed(`${name}-${id}`, o as never, childOpts)
        : new k8s.apiextensions.CustomResource(`${name}-${id}`, o as unknown as k8s.apiextensions.CustomResourceArgs, childOpts);
      resources[id] = resource;
      if (o.kind === 'Namespace') namespaces.set(o.metadata.name, resource);
    }
    this.resources = resources;
    this.registerOutputs({ objects: objects.length });
  }
}
