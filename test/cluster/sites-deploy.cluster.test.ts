/**
 * Deploying the example sites' synthesized tenancy to a real API server (the local control
 * plane, or KUBECONFIG's cluster with Kueue installed): first apply with --wait (ClusterQueues
 * become Active only when a real Kueue accepts them), a no-op re-apply, dry run, a field
 * conflict, prune, and a broken object refused by the CRD's own CEL rule on the server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../deploy/kube-client';
import type { KubeObject } from '../../deploy/kube-object';
import type { ResolvedSite } from '../../constructs/resolved-site';
import { crdsDir } from '../helpers/crds';
import { errorText, runDeploy } from '../support/deploy-harness';
import { EXAMPLE_SITES, adminClient, clusterFor, getOrUndefined, siteObjects } from '../support/control-plane/cluster-env';

const wait = { waitTimeoutMs: 90_000, pollMs: 250 };

for (const name of EXAMPLE_SITES) describe.runIf(!!clusterFor(name))(`deploy of ${name} to a real API server`, () => {
  const kubeconfigPath = () => clusterFor(name)!.kubeconfig;
  let client: KubeClient;
  let site: ResolvedSite;
  let objects: KubeObject[];
  const opts = () => ({ site: site.name, ...wait });
  const quotaOf = (tenant: string) => `/api/v1/namespaces/${tenant}/resourcequotas/rackshift-quota`;
  const withQuota = (tenant: string, gpus: string) =>
    objects.map((o) => (o.kind === 'ResourceQuota' && o.metadata.namespace === tenant ? { ...o, spec: { hard: { ...(o.spec as { hard: Record<string, string> }).hard, 'requests.nvidia.com/gpu': gpus } } } : o));

  beforeAll(async () => {
    ({ site, objects } = await siteObjects(name));
    client = await adminClient(kubeconfigPath());
  });
  afterAll(() => client?.close());

  it('first apply with --wait: every object created, every ClusterQueue Active by Kueue', async () => {
    const r = await runDeploy(kubeconfigPath(), objects, { ...opts(), wait: true });
    expect(errorText(r)).toBe('');
    // A cluster that had the site already (a re-run against KUBECONFIG) counts as unchanged.
    expect(r.result!.created.length + r.result!.unchanged.length).toBe(objects.length);
    for (const t of site.tenants) {
      const cq = await getOrUndefined<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(client, `/apis/kueue.x-k8s.io/v1beta2/clusterqueues/${t.name}`);
      expect(cq?.status?.conditions?.find((c) => c.type === 'Active')?.status, t.name).toBe('True');
    }
  });

  it('re-apply with no change leaves every object unchanged', async () => {
    const r = await runDeploy(kubeconfigPath(), objects, opts());
    expect(errorText(r)).toBe('');
    expect(r.result!.unchanged).toHaveLength(objects.length);
    expect(r.result!.created.length + r.result!.configured.length + r.result!.pruned.length).toBe(0);
  });

  it('dry run of a changed quota reports it and writes nothing', async () => {
    const tenant = site.tenants[0]!;
    const before = (await getOrUndefined(client, quotaOf(tenant.name)))!.metadata.resourceVersion;
    const r = await runDeploy(kubeconfigPath(), withQuota(tenant.name, '8'), { ...opts(), dryRun: true });
    expect(errorText(r)).toBe('');
    expect(r.out).toContain('would create 0, configure 1, prune 0');
    expect((await getOrUndefined(client, quotaOf(tenant.name)))!.metadata.resourceVersion).toBe(before);
  });

  it('a field another manager changed is a conflict naming it, until --force-conflicts', async () => {
    const tenant = site.tenants[0]!;
    const mine = String(tenant.quotaGpuUnits);
    await client.request({ method: 'PATCH', path: quotaOf(tenant.name), query: { fieldManager: 'kubectl-edit' }, contentType: 'application/merge-patch+json', body: { spec: { hard: { 'requests.nvidia.com/gpu': '1' } } } });
    const r = await runDeploy(kubeconfigPath(), objects, opts());
    expect(errorText(r)).toContain('.spec.hard.requests.nvidia.com/gpu');
    expect(errorText(r)).toContain('kubectl-edit');
    const hard = async () => ((await getOrUndefined<KubeObject & { spec: { hard: Record<string, string> } }>(client, quotaOf(tenant.name)))!).spec.hard['requests.nvidia.com/gpu'];
    expect(await hard()).toBe('1');
    const forced = await runDeploy(kubeconfigPath(), objects, { ...opts(), forceConflicts: true });
    expect(errorText(forced)).toBe('');
    expect(await hard()).toBe(mine);
  });

  it('an object dropped from the site is pruned, and comes back on the next full apply', async () => {
    const dropped = objects.find((o) => o.kind === 'LimitRange')!;
    const path = `/api/v1/namespaces/${dropped.metadata.namespace}/limitranges/${dropped.metadata.name}`;
    const r = await runDeploy(kubeconfigPath(), objects.filter((o) => o !== dropped), opts());
    expect(errorText(r)).toBe('');
    expect(r.result!.pruned.map((x) => `${x.kind} ${x.namespace}/${x.name}`)).toEqual([`LimitRange ${dropped.metadata.namespace}/${dropped.metadata.name}`]);
    expect(await getOrUndefined(client, path)).toBeUndefined();
    const again = await runDeploy(kubeconfigPath(), objects, opts());
    expect(again.result!.created.map((x) => x.name)).toEqual([dropped.metadata.name]);
  });

  it("a ClusterQueue that breaks the CRD's CEL rule is refused with the server's own message, and nothing is written", async () => {
    // The rule as the CRD in ../shared states it: borrowingLimit needs a cohort.
    const crd = parse(readFileSync(join(crdsDir(), 'kueue.x-k8s.io_clusterqueues.yaml'), 'utf8')) as { spec: { versions: { name: string; schema: { openAPIV3Schema: { properties: { spec: { 'x-kubernetes-validations': { message: string }[] } } } } }[] } };
    const rule = crd.spec.versions.find((v) => v.name === 'v1beta2')!.schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'].find((x) => x.message.includes('borrowingLimit'))!.message;
    const limited = objects.find((o) => o.kind === 'ClusterQueue' && JSON.stringify(o.spec).includes('borrowingLimit'))!;
    const { cohortName: _dropped, ...spec } = limited.spec as Record<string, unknown>;
    const broken = objects.map((o) => (o === limited ? { ...o, spec } : o));
    const before = (await getOrUndefined(client, `/apis/kueue.x-k8s.io/v1beta2/clusterqueues/${limited.metadata.name}`))!.metadata.resourceVersion;
    const r = await runDeploy(kubeconfigPath(), broken, opts());
    expect(errorText(r)).toContain(`ClusterQueue ${limited.metadata.name}`);
    expect(errorText(r)).toContain(rule);
    expect((await getOrUndefined(client, `/apis/kueue.x-k8s.io/v1beta2/clusterqueues/${limited.metadata.name}`))!.metadata.resourceVersion).toBe(before);
  });
});
