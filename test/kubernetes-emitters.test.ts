/**
 * The three emitters agree: the plain manifests, the cdktf JSON and the objects registered
 * by the Pulumi component (under mocks) hold the same objects — same kind, namespace, name,
 * labels and body — for the same site. The Terraform JSON is read back with the provider's
 * naming (snake_case attributes, singular block names) undone, so a drift in any emitter
 * shows up here.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as pulumi from '@pulumi/pulumi';
import { parseAllDocuments } from 'yaml';
import type { ResolvedSite } from '../constructs/resolved-site';
import type { K8sObject } from '../stacks/kubernetes/k8s-object';
import { objectKey } from '../stacks/kubernetes/k8s-object';
import { renderManifests } from '../stacks/kubernetes/manifests';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { renderPulumiProgram } from '../stacks/pulumi/program';
import { renderTerraform } from '../stacks/terraform/target';
import { resolvedSite } from './helpers/sites';

type Json = Record<string, unknown>;

/** Terraform resource type → apiVersion and kind (kubernetes_manifest carries its own). */
const TYPED: Record<string, [string, string]> = {
  kubernetes_namespace_v1: ['v1', 'Namespace'],
  kubernetes_config_map_v1: ['v1', 'ConfigMap'],
  kubernetes_service_account_v1: ['v1', 'ServiceAccount'],
  kubernetes_resource_quota_v1: ['v1', 'ResourceQuota'],
  kubernetes_limit_range_v1: ['v1', 'LimitRange'],
  kubernetes_network_policy_v1: ['networking.k8s.io/v1', 'NetworkPolicy'],
  kubernetes_role_v1: ['rbac.authorization.k8s.io/v1', 'Role'],
  kubernetes_role_binding_v1: ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  kubernetes_priority_class_v1: ['scheduling.k8s.io/v1', 'PriorityClass'],
};
/** Attributes whose keys are data (label keys, resource names), not attribute names. */
const MAPS = new Set(['labels', 'annotations', 'match_labels', 'data', 'hard', 'default', 'default_request', 'max', 'min']);
/** The provider's singular block names for Kubernetes list fields. */
const RENAMES: Record<string, string> = { limit: 'limits', rule: 'rules', subject: 'subjects' };
const camel = (k: string) => RENAMES[k] ?? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function fromTerraform(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => fromTerraform(v, key));
  if (!value || typeof value !== 'object') return key === 'port' && /^\d+$/.test(String(value)) ? Number(value) : value; // ports are strings in the provider
  if (MAPS.has(key)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//' && k !== 'depends_on').map(([k, v]) => [camel(k), fromTerraform(v, k)]));
}

function terraformObjects(site: ResolvedSite): Json[] {
  const stack = renderTerraform(site).find((f) => f.path.endsWith('/cdk.tf.json'))!;
  const resources = JSON.parse(stack.content).resource as Record<string, Record<string, Json>>;
  return Object.entries(resources).flatMap(([type, byName]) =>
    Object.values(byName).map((r) => {
      if (type === 'kubernetes_manifest') return r.manifest as Json;
      const [apiVersion, kind] = TYPED[type]!;
      return { apiVersion, kind, ...(fromTerraform(r) as Json) };
    }),
  );
}

function manifestObjects(site: ResolvedSite): Json[] {
  return renderManifests(site)
    .filter((f) => !f.path.endsWith('kustomization.yaml'))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Json));
}

/** Registered resources under Pulumi mocks: type, name, inputs and URN of each. */
const registered: { type: string; name: string; inputs: Json }[] = [];
let SiteTenancy: typeof import('../stacks/pulumi/site-tenancy').SiteTenancy;
beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'rackshift',
    'test',
    false,
  );
  // Mocks must be set before the component module (and @pulumi/kubernetes) is loaded.
  ({ SiteTenancy } = await import('../stacks/pulumi/site-tenancy'));
});

const urnOf = (r: pulumi.Resource) => new Promise<string>((resolve) => r.urn.apply(resolve));

async function pulumiObjects(site: ResolvedSite): Promise<{ objects: Json[]; urns: string[] }> {
  registered.length = 0;
  const component = new SiteTenancy(site.name, { site });
  const urns = await Promise.all(Object.values(component.resources).map(urnOf));
  await new Promise((r) => setTimeout(r, 50)); // let the mock monitor record every registration
  const objects = registered.filter((r) => r.type !== 'rackshift:index:SiteTenancy').map((r) => r.inputs);
  return { objects, urns };
}

const byKey = (objects: Json[]) => new Map(objects.map((o) => [objectKey(o as unknown as K8sObject), o]));
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as Json;

describe.each(['test/fixtures/k8s-small.yaml', 'sites/permian-1.yaml'])('emitters of %s', (file) => {
  it('manifests, Terraform and Pulumi hold the same objects', async () => {
    const site = await resolvedSite(file);
    const canonical = byKey(kubernetesObjects(site).map(plain));
    const emitted = { manifests: byKey(manifestObjects(site)), terraform: byKey(terraformObjects(site)), pulumi: byKey((await pulumiObjects(site)).objects) };
    for (const [emitter, objects] of Object.entries(emitted)) {
      expect([...objects.keys()].sort(), emitter).toEqual([...canonical.keys()].sort());
      for (const [key, o] of canonical) expect(plain(objects.get(key)), `${emitter} ${key}`).toEqual(o);
    }
  });
});

describe('the Pulumi component', () => {
  it('parents every object to rackshift:index:SiteTenancy, with typed resources for core kinds', async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    const { urns } = await pulumiObjects(site);
    expect(urns.length).toBe(kubernetesObjects(site).length);
    for (const urn of urns) expect(urn).toMatch(/^urn:pulumi:test::rackshift::rackshift:index:SiteTenancy\$kubernetes:/);
    const types = new Set(registered.map((r) => r.type));
    expect(types).toContain('kubernetes:core/v1:Namespace');
    expect(types).toContain('kubernetes:networking.k8s.io/v1:NetworkPolicy');
    expect(types).toContain('kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue');
    expect(types).toContain('kubernetes:nvidia.com/v1:ClusterPolicy');
  });
});

describe('the synthesized Pulumi program', () => {
  it('registers the canonical objects through rackshift/pulumi when run in its folder', async () => {
    const site = await resolvedSite('test/fixtures/k8s-small.yaml');
    // Inside the repository (gitignored tmp/), so `rackshift/pulumi` resolves to this package.
    const dir = resolve('tmp', `pulumi-program-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const cwd = process.cwd();
    try {
      for (const f of renderPulumiProgram(site)) writeFileSync(join(dir, f.path.split('/').pop()!), f.content);
      registered.length = 0;
      process.chdir(dir);
      const program = await import(join(dir, 'index.ts'));
      expect(await new Promise((r) => program.tenancy.apply(r))).toBe('urn:pulumi:test::rackshift::rackshift:index:SiteTenancy::mesa-small');
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
    const objects = byKey(registered.filter((r) => r.type !== 'rackshift:index:SiteTenancy').map((r) => r.inputs));
    const canonical = byKey(kubernetesObjects(site).map(plain));
    expect([...objects.keys()].sort()).toEqual([...canonical.keys()].sort());
    for (const [key, o] of canonical) expect(plain(objects.get(key)), key).toEqual(o);
  });
});
