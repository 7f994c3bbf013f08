/**
 * The real Kueue admitting tenants' jobs on the local control plane, for every tenant of both
 * example sites: a Job asking for the tenant's whole GPU quota in its LocalQueue is admitted
 * onto the tenant's flavor, and the node selector and tolerations Kueue injects reach exactly
 * the tenant's nodes (a dedicated tenant's own, a shared tenant's pool's unowned ones) among
 * the Node objects the model describes; one GPU more stays pending. Borrowing through the
 * cohort: dedicated capacity is never lent (lendingLimit 0), idle shared capacity is, and it
 * comes back to its owner by preemption (reclaimWithinCohort: Any).
 *
 * No kubelet or job controller runs: admission is Kueue's decision on quota and flavors, and
 * "reach" is the API server's own label selection over the Node objects plus their taints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import type { KubeClient } from '../../deploy/kube-client';
import type { KubeObject } from '../../deploy/kube-object';
import { localQueueName } from '../../stacks/kubernetes/queues';
import { errorText, runDeploy } from '../support/deploy-harness';
import { EXAMPLE_SITES, adminClient, clusterFor, eventually, getOrUndefined, registerGpuNodes, siteObjects } from '../support/control-plane/cluster-env';

if (!clusterFor(EXAMPLE_SITES[0])?.local && process.env.KUBECONFIG) process.stderr.write('test:cluster: Kueue admission tests need the local control plane (they register Node objects); skipped against KUBECONFIG\n');

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Workload extends KubeObject {
  status?: { conditions?: Condition[]; admission?: { clusterQueue: string; podSetAssignments: { flavors: Record<string, string> }[] } };
}
interface Job extends KubeObject {
  spec: { suspend?: boolean; template: { spec: { nodeSelector?: Record<string, string>; tolerations?: { key: string; operator?: string; value?: string; effect?: string }[] } } };
}
interface Node extends KubeObject {
  spec: { taints?: { key: string; value?: string; effect: string }[] };
}

const condition = (w: Workload | undefined, type: string) => w?.status?.conditions?.find((c) => c.type === type);

/**
 * A Job of `pods` pods, each asking for `units` of the GPU resource (one physical GPU), in LocalQueue `queue`.
 * It tolerates the GPU taint in its own template, as the tenant's gpu-job PodTemplate does: Kueue's
 * topology-aware placement checks taints against the template before any pod exists, so the
 * toleration ExtendedResourceToleration adds at pod creation comes too late (the real Kueue
 * excluded all 1,296 GB200 trays without it).
 */
function gpuJob(name: string, namespace: string, queue: string, pods: number, resource: string, units: number): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace, labels: { 'kueue.x-k8s.io/queue-name': queue } },
    spec: {
      parallelism: pods,
      completions: pods,
      template: {
        spec: {
          restartPolicy: 'Never',
          tolerations: [{ key: resource, operator: 'Exists', effect: 'NoSchedule' }],
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'train',
              image: 'registry.invalid/train:1',
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              resources: { requests: { cpu: '1', memory: '1Gi', [resource]: String(units) }, limits: { [resource]: String(units) } },
            },
          ],
        },
      },
    },
  };
}

for (const name of EXAMPLE_SITES) describe.runIf(!!clusterFor(name)?.local)(`Kueue admission for the tenants of ${name}`, () => {
  const kubeconfigPath = () => clusterFor(name)!.kubeconfig;
  let client: KubeClient;
  let site: ResolvedSite;
  const unitsPerGpu = (t: ResolvedTenant) => site.pools.find((p) => p.name === t.pool)!.gpuResource.perGpu;
  let queues: KubeObject[];
  /** The flavor the site's ClusterQueue for the tenant names (its only one). */
  const flavorOf = (t: ResolvedTenant): string => {
    const cq = queues.find((q) => q.metadata.name === t.name)!;
    const flavors = (cq.spec as { resourceGroups: { flavors: { name: string }[] }[] }).resourceGroups.flatMap((g) => g.flavors);
    expect(flavors, `${t.name}: one flavor`).toHaveLength(1);
    return flavors[0]!.name;
  };

  async function submit(job: KubeObject): Promise<Job> {
    return (await client.request<Job>({ method: 'POST', path: `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs`, body: job })).body;
  }

  async function workloadOf(job: Job): Promise<Workload | undefined> {
    const list = await client.request<{ items: Workload[] }>({ method: 'GET', path: `/apis/kueue.x-k8s.io/v1beta2/namespaces/${job.metadata.namespace}/workloads`, query: { labelSelector: `kueue.x-k8s.io/job-uid=${job.metadata.uid}` } });
    return list.body.items[0];
  }

  const describeWorkload = (job: Job) => async () => JSON.stringify((await workloadOf(job))?.status ?? 'no Workload yet');

  async function admitted(job: Job): Promise<Workload> {
    return eventually(`Job ${job.metadata.namespace}/${job.metadata.name} admitted`, async () => {
      const w = await workloadOf(job);
      return condition(w, 'Admitted')?.status === 'True' ? w : undefined;
    }, { describe: describeWorkload(job) });
  }

  async function pending(job: Job): Promise<Condition> {
    return eventually(`Job ${job.metadata.namespace}/${job.metadata.name} found pending by Kueue`, async () => {
      const c = condition(await workloadOf(job), 'QuotaReserved');
      return c?.status === 'False' && c.reason === 'Pending' && c.message ? c : undefined;
    }, { describe: describeWorkload(job) });
  }

  async function localQueueIn(namespace: string, name: string, clusterQueue: string): Promise<void> {
    await client.request({ method: 'POST', path: `/apis/kueue.x-k8s.io/v1beta2/namespaces/${namespace}/localqueues`, body: { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'LocalQueue', metadata: { name, namespace }, spec: { clusterQueue } } });
  }

  /** A ClusterQueue of the test's own in the site's cohort with no quota of its own on `flavor`: all it runs is borrowed. */
  async function borrowerQueue(name: string, namespace: string, flavor: string, t: ResolvedTenant): Promise<void> {
    const resources = ['cpu', 'memory', t.quotaGpuResource];
    await client.request({
      method: 'POST',
      path: '/apis/kueue.x-k8s.io/v1beta2/clusterqueues',
      body: {
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'ClusterQueue',
        metadata: { name },
        spec: { cohortName: site.cohort!.name, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, resourceGroups: [{ coveredResources: resources, flavors: [{ name: flavor, resources: resources.map((r) => ({ name: r, nominalQuota: '0' })) }] }] },
      },
    });
    await eventually(`ClusterQueue ${name} Active`, async () => {
      const cq = await getOrUndefined<Workload>(client, `/apis/kueue.x-k8s.io/v1beta2/clusterqueues/${name}`);
      return condition(cq, 'Active')?.status === 'True' ? true : undefined;
    });
    await localQueueIn(namespace, name, name);
  }

  /** Names of the nodes the Job's pods may land on: the API server's selection by its node selector, minus nodes with a taint it does not tolerate. */
  async function nodesReached(job: Job): Promise<string[]> {
    const { nodeSelector = {}, tolerations = [] } = job.spec.template.spec;
    const labelSelector = Object.entries(nodeSelector).map(([k, v]) => `${k}=${v}`).join(',');
    const list = await client.request<{ items: Node[] }>({ method: 'GET', path: '/api/v1/nodes', query: { labelSelector } });
    const tolerated = (taint: { key: string; value?: string; effect: string }) =>
      tolerations.some((x) => x.key === taint.key && (x.operator === 'Exists' || x.value === taint.value) && (!x.effect || x.effect === taint.effect));
    return list.body.items.filter((n) => (n.spec.taints ?? []).every(tolerated)).map((n) => n.metadata.name).sort();
  }

  const testNs = () => `rackshift-e2e-${site.name}`;
  const dedicated = () => site.tenants.find((t) => t.isolation === 'dedicated')!;
  const shared = () => site.tenants.find((t) => t.isolation === 'shared' && t.borrowing)!;
  let borrowed: Job;

  beforeAll(async () => {
    const { site: resolved, objects } = await siteObjects(name);
    site = resolved;
    queues = objects.filter((o) => o.kind === 'ClusterQueue');
    client = await adminClient(kubeconfigPath());
    const r = await runDeploy(kubeconfigPath(), objects, { site: site.name, wait: true, waitTimeoutMs: 90_000, pollMs: 250 });
    if (errorText(r)) throw new Error(`deploying ${name}: ${errorText(r)}`);
    const started = Date.now();
    const count = await registerGpuNodes(client, site);
    process.stderr.write(`test:cluster: ${site.name}: ${count} GPU Node objects registered in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    await client.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: testNs() } } });
    expect(site.cohort, 'both example sites put their tenants in a cohort').toBeDefined();
  });
  afterAll(() => client?.close());

  it("a dedicated tenant's idle capacity is not lent to another queue in the cohort (lendingLimit 0)", async () => {
    const t = dedicated();
    await borrowerQueue('e2e-borrow-dedicated', testNs(), flavorOf(t), t);
    const job = await submit(gpuJob('borrow-dedicated', testNs(), 'e2e-borrow-dedicated', 1, t.quotaGpuResource, unitsPerGpu(t)));
    const c = await pending(job);
    expect(c.message).toContain(flavorOf(t));
  });

  it("a shared tenant's idle capacity is lent within the cohort", async () => {
    const t = shared();
    await borrowerQueue('e2e-borrow-shared', testNs(), flavorOf(t), t);
    borrowed = await submit(gpuJob('borrow-shared', testNs(), 'e2e-borrow-shared', 1, t.quotaGpuResource, unitsPerGpu(t)));
    const w = await admitted(borrowed);
    expect(w.status!.admission!.podSetAssignments[0]!.flavors[t.quotaGpuResource]).toBe(flavorOf(t));
  });

  it('every tenant: a Job for its whole GPU quota is admitted onto its flavor, reaching only its nodes', async () => {
    // Dedicated tenants have a flavor of their own, shared tenants the pool's.
    for (const t of site.tenants) expect(queues.filter((q) => JSON.stringify(q.spec).includes(`"name":"${flavorOf(t)}"`)).length, t.name).toBe(t.isolation === 'dedicated' ? 1 : site.tenants.filter((x) => x.pool === t.pool && x.isolation === 'shared').length);
    // Submitted together, so Kueue decides for all tenants in one pass.
    const jobs = await Promise.all(site.tenants.map((t) => submit(gpuJob('full-quota', t.name, localQueueName(t), t.quotaGpus, t.quotaGpuResource, unitsPerGpu(t)))));
    for (const [i, t] of site.tenants.entries()) {
      expect(jobs[i]!.spec.suspend, `${t.name}: Kueue's webhook suspends the Job on create`).toBe(true);
      const w = await admitted(jobs[i]!);
      expect(w.status!.admission!.clusterQueue).toBe(t.name);
      expect(w.status!.admission!.podSetAssignments[0]!.flavors[t.quotaGpuResource], t.name).toBe(flavorOf(t));
      const job = await eventually(`${t.name}: Job started by Kueue`, async () => {
        const j = await getOrUndefined<Job>(client, `/apis/batch/v1/namespaces/${t.name}/jobs/full-quota`);
        return j?.spec.suspend === false ? j : undefined;
      });
      const pool = site.pools.find((p) => p.name === t.pool)!;
      const expected = t.isolation === 'dedicated' ? [...t.nodeNames].sort() : pool.nodes.filter((n) => n.tenant === undefined).map((n) => n.name).sort();
      expect(expected.length, `${t.name} has nodes to run on`).toBeGreaterThan(0);
      expect(await nodesReached(job), `${t.name}: nodes its pods may land on`).toEqual(expected);
    }
  });

  it('lent capacity comes back: the borrowed job is preempted so the shared tenant gets its whole quota', async () => {
    const w = await eventually('borrowed job evicted', async () => {
      const x = await workloadOf(borrowed);
      return condition(x, 'Evicted')?.status === 'True' || condition(x, 'Preempted')?.status === 'True' ? x : undefined;
    }, { describe: describeWorkload(borrowed) });
    expect(condition(w, 'Admitted')?.status).not.toBe('True');
  });

  it('every tenant: one GPU over its quota stays pending, naming its flavor', async () => {
    for (const t of site.tenants) {
      const job = await submit(gpuJob('one-more', t.name, localQueueName(t), 1, t.quotaGpuResource, unitsPerGpu(t)));
      const c = await pending(job);
      expect(c.message, t.name).toContain(flavorOf(t));
      expect(c.message, t.name).toMatch(/insufficient/);
      expect((await getOrUndefined<Job>(client, `/apis/batch/v1/namespaces/${t.name}/jobs/one-more`))!.spec.suspend, t.name).toBe(true);
    }
  });
});
