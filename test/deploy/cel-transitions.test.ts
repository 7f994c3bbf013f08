/**
 * deploy's plan checks the CRDs' transition rules (CEL rules with oldSelf) against the live
 * objects, with the CRDs the cluster serves: nothing to compare on the first deploy (counted
 * as not evaluated), evaluated on the next, and an update a rule forbids (Kueue's immutable
 * LocalQueue.spec.clusterQueue) stops the deploy, naming the rule's message, before any write.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FakeKubeApi } from '../support/fake-kube-api';
import { KUEUE, installOperators, tenantObjects } from '../support/deploy-fixtures';
import { errorText, runDeploy } from '../support/deploy-harness';
import { crdsDir, loadCrds } from '../helpers/crds';

const crds = loadCrds();
let api: FakeKubeApi;
let kubeconfig: string;

beforeEach(async () => {
  api = await FakeKubeApi.start();
  installOperators(api);
  // The real Kueue CRDs, schemas and CEL rules included, as `kubectl apply` would install them.
  if (crds) for (const f of ['kueue.x-k8s.io_resourceflavors.yaml', 'kueue.x-k8s.io_clusterqueues.yaml', 'kueue.x-k8s.io_localqueues.yaml']) api.update(parse(readFileSync(join(crdsDir(), f), 'utf8')), 'kubectl', true);
  kubeconfig = api.writeKubeconfig();
});
afterEach(async () => {
  await api.close();
});

describe('transition rules in the plan', () => {
  it('are not evaluated on first deploy, evaluated against the live objects on the next', async ({ skip }) => {
    if (!crds) return skip();
    const first = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(first)).toBe('');
    // The ResourceFlavor (topologyName) and the LocalQueue (clusterQueue) have oldSelf rules; neither exists yet.
    expect(first.out).toContain('permian-1: CEL transition rules (oldSelf): 0 checked against live objects; 2 objects not evaluated (no live object: they are created)');
    const again = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(again)).toBe('');
    expect(again.out).toContain('permian-1: CEL transition rules (oldSelf): 2 checked against live objects; 0 objects not evaluated\n');
  });

  it("an update a rule forbids stops the deploy with the rule's message, and nothing is written", async ({ skip }) => {
    if (!crds) return skip();
    expect(errorText(await runDeploy(kubeconfig, tenantObjects()))).toBe('');
    const writes = api.writes().length;
    const moved = tenantObjects().map((o) => (o.kind === 'LocalQueue' ? { ...o, spec: { clusterQueue: 'another' } } : o));
    const r = await runDeploy(kubeconfig, moved);
    expect(r.error?.lines).toEqual([
      "permian-1: the CRDs' transition rules reject the update; nothing was changed:",
      '  permian-1/kubernetes/tenants.yaml: LocalQueue acme/default spec.clusterQueue: field is immutable',
    ]);
    expect(api.writes().length).toBe(writes);
    expect((api.object(KUEUE, 'LocalQueue', 'acme', 'default') as unknown as { spec: { clusterQueue: string } }).spec.clusterQueue).toBe('acme');
  });

  it('credentials that may not read a CRD leave its rules unchecked, said in the plan, and the deploy goes on', async ({ skip }) => {
    if (!crds) return skip();
    expect(errorText(await runDeploy(kubeconfig, tenantObjects()))).toBe('');
    api.fault({ method: 'GET', path: '/customresourcedefinitions/localqueues.kueue.x-k8s.io', kind: 'status', status: 403, times: Infinity });
    const r = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(r)).toBe('');
    expect(r.out).toContain('permian-1: CEL transition rules (oldSelf): 1 checked against live objects; 0 objects not evaluated; not checked for localqueues.kueue.x-k8s.io (no permission to read the CRD)\n');
  });
});
