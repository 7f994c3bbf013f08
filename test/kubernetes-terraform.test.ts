/**
 * The Terraform emitter: its fast serializer writes exactly what a full cdktn synth of the
 * resources writes (byte for byte, on the example sites and a generated one), core kinds are
 * the provider's typed resources and custom resources kubernetes_manifest, with the
 * hashicorp/kubernetes provider's attribute names, addresses are stable, and nothing
 * machine-specific (an absolute state path) leaks into the output.
 */
import { describe, expect, it } from 'vitest';
import { resolveSite } from '../constructs/resolve';
import { SiteFileSpec } from '../constructs/site-spec';
import { generateSite } from '../bench/generate';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { providerAttributes } from '../stacks/terraform/provider-schema';
import { renderTerraform, renderTerraformWithCdktn } from '../stacks/terraform/target';
import { resolvedSite } from './helpers/sites';

describe('Terraform emitter', () => {
  it.each(['test/fixtures/k8s-small.yaml', 'sites/permian-1.yaml', 'sites/red-river.yaml'])('writes what cdktn writes for %s', async (file) => {
    const site = await resolvedSite(file);
    expect(renderTerraform(site)).toEqual(renderTerraformWithCdktn(site));
  });

  it('writes what cdktn writes for a generated 1,000-node site', () => {
    const site = resolveSite(SiteFileSpec.parse(generateSite({ nodes: 1000, miners: 1000 })));
    expect(renderTerraform(site)).toEqual(renderTerraformWithCdktn(site));
  });

  it('uses typed resources for core kinds, kubernetes_manifest for custom resources, stable addresses and a relative state path', async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    const files = renderTerraform(site);
    expect(files.map((f) => f.path)).toEqual(['terraform/manifest.json', 'terraform/stacks/mesa-small/cdk.tf.json']);
    const stack = JSON.parse(files[1]!.content);
    expect(stack.terraform.backend).toEqual({ local: { path: 'terraform.mesa-small.tfstate' } });
    expect(files.some((f) => f.content.includes(process.cwd()))).toBe(false);
    // The provider by its registry address and a version range (no generated bindings pin one).
    expect(stack.terraform.required_providers).toEqual({ kubernetes: { source: 'hashicorp/kubernetes', version: '>= 2.38.0, < 4.0.0' } });
    // An empty provider block: cluster credentials come from the environment, never the output.
    expect(stack.provider).toEqual({ kubernetes: [{}] });
    const r = stack.resource;
    expect(Object.keys(r.kubernetes_network_policy_v1)).toContain('networkpolicy_orbit_default-deny');
    expect(r.kubernetes_role_v1['role_quill_tenant-admin'].depends_on).toEqual(['kubernetes_namespace_v1.namespace_quill']);
    expect(r.kubernetes_manifest['clusterqueue_rune'].manifest.spec.cohortName).toBe('mesa-gpus');
    expect(r.kubernetes_manifest['resourceflavor_mesa-small_h100_orbit'].manifest.metadata.name).toBe('mesa-small.h100.orbit');
    // One Terraform resource per object; only custom resources, and PodTemplate (the provider
    // has no typed resource for it), go through kubernetes_manifest.
    const objects = kubernetesObjects(site);
    const count = Object.values(r).reduce((n: number, byId) => n + Object.keys(byId as object).length, 0);
    expect(count).toBe(objects.length);
    expect(Object.keys(r.kubernetes_manifest).length).toBe(objects.filter((o) => o.apiVersion.includes('kueue') || o.apiVersion.startsWith('nvidia.com') || o.kind === 'PodTemplate').length);
  });

  it("names attributes as the provider's schema does, keeping map keys as Kubernetes writes them", async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    const r = JSON.parse(renderTerraform(site)[1]!.content).resource;
    const binding = r.kubernetes_role_binding_v1['rolebinding_orbit_ci-deployer'];
    expect(binding.role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ci-deployer' });
    expect(binding.subject).toEqual([{ kind: 'ServiceAccount', name: 'ci', namespace: 'orbit' }]);
    const rule = r.kubernetes_role_v1['role_orbit_ci-deployer'].rule[0];
    expect(Object.keys(rule).sort()).toEqual(['api_groups', 'resources', 'verbs']);
    // LimitRange: `limits` is the provider's `limit` block list; defaultRequest → default_request.
    const limit = r.kubernetes_limit_range_v1['limitrange_orbit_rackshift-limits'].spec.limit[0];
    expect(Object.keys(limit).sort()).toEqual(['default', 'default_request', 'max', 'type']);
    expect(limit.default_request).toEqual({ cpu: '500m', memory: '1Gi' });
    // Quota keys are resource names, not attributes: never snake_cased.
    expect(Object.keys(r.kubernetes_resource_quota_v1['resourcequota_orbit_rackshift-quota'].spec.hard)).toContain('requests.nvidia.com/gpu');
    // NetworkPolicy: ports as strings, selectors' label keys as written.
    const dns = r.kubernetes_network_policy_v1['networkpolicy_orbit_allow-dns'].spec;
    expect(dns.pod_selector).toEqual({});
    expect(dns.policy_types).toEqual(['Egress']);
    expect(dns.egress[0].ports).toEqual([{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }]);
    expect(dns.egress[0].to[0].namespace_selector).toEqual({ match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } });
    const priority = r.kubernetes_priority_class_v1['priorityclass_mesa-small-priority-300'];
    expect(priority).toMatchObject({ value: 300, global_default: false, preemption_policy: 'PreemptLowerPriority' });
    expect(r.kubernetes_namespace_v1.namespace_orbit.metadata.labels['app.kubernetes.io/managed-by']).toBe('rackshift');
    // Custom resources keep Kubernetes' own camelCase inside `manifest`.
    expect(r.kubernetes_manifest.clusterqueue_rune.manifest.spec).toHaveProperty('cohortName');
  });

  it('fails the synth, naming the attribute, when an object has a field the provider schema lacks or a value of the wrong kind', () => {
    const metadata = { name: 'x', namespace: 'y', labels: {} };
    expect(() => providerAttributes('kubernetes_role_v1', { metadata, rule: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], nonResourceURLs: ['/x'] }] })).toThrow(
      /kubernetes_role_v1\.rule\[0\]\.non_resource_u_r_ls: not an argument/,
    );
    // A Namespace is cluster-scoped: its metadata block has no namespace.
    expect(() => providerAttributes('kubernetes_namespace_v1', { metadata })).toThrow(/kubernetes_namespace_v1\.metadata\.namespace: not an argument/);
    expect(() => providerAttributes('kubernetes_priority_class_v1', { metadata: { name: 'p', labels: {} }, value: '100' })).toThrow(/\.value: expected number, got "100"/);
    expect(() => providerAttributes('kubernetes_config_map_v1', { metadata, data: { a: 1 } })).toThrow(/\.data: expected map/);
    expect(() => providerAttributes('kubernetes_deployment_v1', { metadata })).toThrow(/not in the schema/);
  });
});
