/**
 * A site's tenancy as one cdktn `TerraformStack`: the Kubernetes provider and one resource
 * per object of the canonical list, in its order.
 */
import { LocalBackend, type TerraformResource, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import type { ResolvedSite } from '../../constructs/resolved-site';
import type { K8sObject } from '../kubernetes/k8s-object';
import { kubernetesObjects } from '../kubernetes/objects';
import { KubernetesProvider } from './provider';
import { terraformResource } from './resources';

export class SiteTenancyStack extends TerraformStack {
  constructor(scope: Construct, site: ResolvedSite, objects: readonly K8sObject[] = kubernetesObjects(site)) {
    super(scope, site.name);
    // A relative state path: cdktn's default is absolute (the synth machine's folder), which
    // would make output differ between machines. Teams swap in their remote backend here.
    new LocalBackend(this, { path: `terraform.${site.name}.tfstate` });
    new KubernetesProvider(this, 'kubernetes');
    const namespaces = new Map<string, TerraformResource>();
    for (const o of objects) {
      const ns = o.metadata.namespace ? namespaces.get(o.metadata.namespace) : undefined;
      const resource = terraformResource(this, o, ns ? [ns] : []);
      if (o.kind === 'Namespace') namespaces.set(o.metadata.name, resource);
    }
  }
}
