/**
 * The Terraform emitter: its fast serializer writes exactly what a full cdktf synth of the
 * typed resources writes (byte for byte, on the example sites and a generated one), core
 * kinds are typed provider resources and custom resources kubernetes_manifest, addresses
 * are stable, and nothing machine-specific (an absolute state path) leaks into the output.
 */
import { describe, expect, it } from 'vitest';
import { resolveSite } from '../constructs/resolve';
import { SiteFileSpec } from '../constructs/site-spec';
import { generateSite } from '../bench/generate';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { renderTerraform, renderTerraformWithCdktf } from '../stacks/terraform/target';
import { resolvedSite } from './helpers/sites';

describe('Terraform emitter', () => {
  it.each(['test/fixtures/k8s-small.yaml', 'sites/permian-1.yaml', 'sites/red-river.yaml'])('writes what cdktf writes for %s', async (file) => {
    const site = await resolvedSite(file);
    expect(renderTerraform(site)).toEqual(renderTerraformWithCdktf(site));
  });

  it('writes what cdktf writes for a generated 1,000-node site', () => {
    const site = resolveSite(SiteFileSpec.parse(generateSite({ nodes: 1000, miners: 1000 })));
    expect(renderTerraform(site)).toEqual(renderTerraformWithCdktf(site));
  });

  it('uses typed resources for core kinds, kubernetes_manifest for custom resources, stable addresses and a relative state path', async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    const files = renderTerraform(site);
    expect(files.map((f) => f.path)).toEqual(['terraform/manifest.json', 'terraform/stacks/mesa-small/cdk.tf.json']);
    const stack = JSON.parse(files[1]!.content);
    expect(stack.terraform.backend).toEqual({ local: { path: 'terraform.mesa-small.tfstate' } });
    expect(files.some((f) => f.content.includes(process.cwd()))).toBe(false);
    expect(stack.terraform.required_providers.kubernetes.source).toBe('kubernetes');
    const r = stack.resource;
    expect(Object.keys(r.kubernetes_network_policy_v1)).toContain('networkpolicy_orbit_default-deny');
    expect(r.kubernetes_role_v1['role_quill_tenant-admin'].depends_on).toEqual(['kubernetes_namespace_v1.namespace_quill']);
    expect(r.kubernetes_manifest['clusterqueue_rune'].manifest.spec.cohortName).toBe('mesa-gpus');
    expect(r.kubernetes_manifest['resourceflavor_mesa-small_h100_orbit'].manifest.metadata.name).toBe('mesa-small.h100.orbit');
    // One Terraform resource per object; only custom resources go through kubernetes_manifest.
    const objects = kubernetesObjects(site);
    const count = Object.values(r).reduce((n: number, byId) => n + Object.keys(byId as object).length, 0);
    expect(count).toBe(objects.length);
    expect(Object.keys(r.kubernetes_manifest).length).toBe(objects.filter((o) => o.apiVersion.includes('kueue') || o.apiVersion.startsWith('nvidia.com')).length);
  });
});
