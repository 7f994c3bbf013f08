/**
 * The hashicorp/kubernetes provider block, by name: cdktn has no generated bindings for it.
 * The version constraint admits 2.38 (what the earlier generated bindings were built from) and
 * the 3.x line: 3.0 deprecated the unversioned resource names, which rackshift never writes,
 * and the 3.x docs give the `_v1` types and kubernetes_manifest the arguments
 * provider-schema.ts lists.
 */
import { TerraformProvider } from 'cdktn';
import type { Construct } from 'constructs';

export const KUBERNETES_PROVIDER = { name: 'kubernetes', source: 'hashicorp/kubernetes', version: '>= 2.38.0, < 4.0.0' } as const;

/** An empty `provider "kubernetes" {}`: credentials come from the environment (KUBE_CONFIG_PATH, KUBE_CTX, …), never from the output. */
export class KubernetesProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: KUBERNETES_PROVIDER.name,
      terraformGeneratorMetadata: { providerName: KUBERNETES_PROVIDER.name, providerVersionConstraint: KUBERNETES_PROVIDER.version },
      terraformProviderSource: KUBERNETES_PROVIDER.source,
    });
  }
}
