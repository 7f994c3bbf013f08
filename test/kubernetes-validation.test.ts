/**
 * Every object the Kubernetes target emits validates: core kinds against the upstream
 * OpenAPI schemas (kubernetes-models) with no undeclared field, custom resources against
 * the storage version of the upstream CRDs with nothing the API server would prune. And the
 * checks can fail: deliberately broken objects are caught.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../stacks/kubernetes/k8s-object';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { loadCrds } from './helpers/crds';
import { coreKindProblems, isCoreKind } from '../stacks/validation';
import { resolvedSite } from './helpers/sites';

const crds = loadCrds();
const SITES = ['sites/permian-1.yaml', 'test/fixtures/k8s-small.yaml'];

const lines = (ps: { path: string; message: string }[]) => ps.map((p) => `${p.path}: ${p.message}`);
const validateCore = (o: K8sObject) => lines(coreKindProblems(o));

function problems(o: K8sObject): string[] {
  if (isCoreKind(o)) return validateCore(o);
  if (!crds) return [];
  return crds.validate(o);
}

const clone = <T>(x: T): T => structuredClone(x) as T;
const find = (objects: K8sObject[], kind: string) => clone(objects.find((o) => o.kind === kind)!);

describe.each(SITES)('objects of %s', (file) => {
  it('validate against upstream schemas, with no field that would be dropped', async ({ skip }) => {
    const objects = kubernetesObjects(await resolvedSite(file));
    const custom = objects.filter((o) => !isCoreKind(o));
    if (!crds && custom.length > 0) skip();
    // Every custom kind must have its CRD in the folder: nothing escapes validation.
    for (const o of custom) expect(crds!.has(o.apiVersion, o.kind), `${o.apiVersion} ${o.kind}`).toBe(true);
    const bad = objects.map((o) => ({ object: `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, problems: problems(o) })).filter((r) => r.problems.length > 0);
    expect(bad).toEqual([]);
    // Both halves ran: the site has core kinds and custom resources.
    expect(objects.some(isCoreKind)).toBe(true);
    expect(custom.length).toBeGreaterThan(0);
  });
});

describe('the checks catch broken objects', () => {
  it('a v1beta1 field name in a v1beta2 ClusterQueue would be pruned', async ({ skip }) => {
    if (!crds) return skip();
    const objects = kubernetesObjects(await resolvedSite('test/fixtures/k8s-small.yaml'));
    const cq = find(objects, 'ClusterQueue') as K8sObject & { spec: Record<string, unknown> };
    const { cohortName, ...rest } = cq.spec;
    const broken = { ...cq, spec: { ...rest, cohort: cohortName } };
    // Pruned, the queue has no cohort left, and then its borrowingLimit breaks a CEL rule of the CRD too.
    expect(crds.validate(broken)).toEqual(['spec.cohort: not declared by the schema; the API server would prune it', 'spec: borrowingLimit must be nil when cohort is empty']);
  });

  it('a missing required field, a bad enum value and a wrong version are each reported', async ({ skip }) => {
    if (!crds) return skip();
    const objects = kubernetesObjects(await resolvedSite('test/fixtures/k8s-small.yaml'));
    const cq = find(objects, 'ClusterQueue') as K8sObject & { spec: { resourceGroups: { flavors: { resources: Record<string, unknown>[] }[] }[]; preemption: Record<string, unknown> } };
    delete cq.spec.resourceGroups[0]!.flavors[0]!.resources[0]!.nominalQuota;
    cq.spec.preemption.withinClusterQueue = 'Sometimes';
    const errors = crds.validate({ ...cq, apiVersion: 'kueue.x-k8s.io/v1beta1' });
    expect(errors).toContain('apiVersion: kueue.x-k8s.io/v1beta1 is not the storage version kueue.x-k8s.io/v1beta2');
    expect(errors).toContain("spec.resourceGroups.0.flavors.0.resources.0: must have required property 'nominalQuota'");
    expect(errors).toContain('spec.preemption.withinClusterQueue: must be equal to one of the allowed values (Never, LowerPriority, LowerOrNewerEqualPriority)');
  });

  it('a namespaced custom resource without a namespace, and a typo in a ClusterPolicy', async ({ skip }) => {
    if (!crds) return skip();
    const objects = kubernetesObjects(await resolvedSite('test/fixtures/k8s-small.yaml'));
    const lq = find(objects, 'LocalQueue');
    expect(crds.validate({ ...lq, metadata: { ...lq.metadata, namespace: undefined } })).toEqual(['metadata.namespace: LocalQueue is namespaced; give a namespace']);
    const cp = find(objects, 'ClusterPolicy') as K8sObject & { spec: Record<string, Record<string, unknown>> };
    cp.spec.devicePlugin!.enable = true;
    expect(crds.validate(cp)).toEqual(['spec.devicePlugin.enable: not declared by the schema; the API server would prune it']);
  });

  it('core kinds: an undeclared field and a wrong type are reported', async () => {
    const objects = kubernetesObjects(await resolvedSite('test/fixtures/k8s-small.yaml'));
    const np = find(objects, 'NetworkPolicy') as K8sObject & { spec: Record<string, unknown> };
    np.spec.policyType = np.spec.policyTypes;
    expect(validateCore(np)).toEqual(['spec.policyType: not a field of V1NetworkPolicySpec; the API server would drop it']);
    const rq = find(objects, 'ResourceQuota') as K8sObject & { spec: { hard: Record<string, unknown> } };
    rq.spec.hard['requests.cpu'] = { cores: 4 };
    expect(validateCore(rq)).toEqual(['spec.hard.requests.cpu: must be number', 'spec.hard.requests.cpu: must be string', 'spec.hard.requests.cpu: must match exactly one schema in "oneOf"']);
  });
});
