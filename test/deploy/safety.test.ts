/**
 * Deploy across sites and runs, on the in-process API server: the owner guard between sites,
 * the per-site lock, prune that never opens a running namespace, and retries that ride out an
 * API server away for 30 s.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LABEL, SYSTEM_NAMESPACE, parentFor } from '../../deploy/applyset';
import type { KubeObject } from '../../deploy/kube-object';
import { DEFAULT_RETRY, type Clock } from '../../deploy/retry';
import type { FakeKubeApi } from '../support/fake-kube-api';
import { tenantObjects } from '../support/deploy-fixtures';
import { errorText, runDeploy, startFakeCluster } from '../support/deploy-harness';

let api: FakeKubeApi;
let kubeconfig: string;

beforeEach(async () => {
  ({ api, kubeconfig } = await startFakeCluster());
});
afterEach(() => api.close());

const priorityClass = (name: string, value: number): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, globalDefault: false });
const lease = () => api.object('coordination.k8s.io/v1', 'Lease', SYSTEM_NAMESPACE, 'rackshift-deploy-permian-1') as (KubeObject & { spec: Record<string, unknown> }) | undefined;

describe('objects another site owns', () => {
  it('are refused before any change, one line per object naming both owners', async () => {
    const first = await runDeploy(kubeconfig, [...tenantObjects('acme'), priorityClass('rackshift-priority-100', 100)], { site: 'permian-1' });
    expect(errorText(first)).toBe('');
    api.requests.length = 0;
    // red-river synthesizes a PriorityClass of the same name, and a namespace of the same name as permian-1's tenant.
    const second = await runDeploy(kubeconfig, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme' } }, priorityClass('rackshift-priority-100', 100), ...tenantObjects('halcyon')], { site: 'red-river' });
    const lines = errorText(second).split('\n');
    expect(lines[0]).toBe('red-river: deploy stopped before changing anything: 2 objects are owned by another site or ApplySet, and rackshift never takes one over:');
    const ours = parentFor('permian-1').id;
    const theirs = parentFor('red-river').id;
    expect(lines).toContain(`  Namespace acme (permian-1/kubernetes/tenants.yaml): owned by site "permian-1", ApplySet "${ours}"; this run is site "red-river", ApplySet "${theirs}"`);
    expect(lines).toContain(`  PriorityClass rackshift-priority-100 (permian-1/kubernetes/tenants.yaml): owned by site "permian-1", ApplySet "${ours}"; this run is site "red-river", ApplySet "${theirs}"`);
    // Nothing written: not halcyon's namespace, not a lock, not an inventory.
    expect(api.writes()).toEqual([]);
    expect((api.object('scheduling.k8s.io/v1', 'PriorityClass', undefined, 'rackshift-priority-100')!.metadata.labels as Record<string, string>)[LABEL.site]).toBe('permian-1');
    expect(api.object('v1', 'Namespace', undefined, 'halcyon')).toBeUndefined();
  });

  it('an object labelled for another ApplySet of the same site name is refused too', async () => {
    api.update({ ...priorityClass('p', 1), metadata: { name: 'p', labels: { [LABEL.site]: 'permian-1', [LABEL.partOf]: 'applyset-someone-else-v1' } } } as never, 'rackshift');
    const r = await runDeploy(kubeconfig, [priorityClass('p', 1)]);
    expect(errorText(r)).toContain('PriorityClass p (permian-1/kubernetes/tenants.yaml): owned by site "permian-1", ApplySet "applyset-someone-else-v1"');
    expect(api.writes()).toEqual([]);
  });
});

describe('the deploy lock', () => {
  it('a second deploy of the site fails at once naming the holder; after the first, the lock is free again', async () => {
    // Hold the first run inside its apply: its first write of a tenant object never answers.
    api.fault({ method: 'PATCH', path: '/api/v1/namespaces/acme', dryRun: false, kind: 'hang', times: 1 });
    const ctl = new AbortController();
    const first = runDeploy(kubeconfig, tenantObjects(), { signal: ctl.signal, requestTimeoutMs: 60_000, lock: { holder: 'alice@ops-1 pid 41 run a1' } });
    await until(() => api.requests.some((r) => r.method === 'PATCH' && r.path === '/api/v1/namespaces/acme' && r.query.dryRun !== 'All'));
    expect(lease()!.spec.holderIdentity).toBe('alice@ops-1 pid 41 run a1');

    const startedAt = Date.now();
    const second = await runDeploy(kubeconfig, tenantObjects('acme', 128), { lock: { holder: 'bob@ops-2 pid 7 run b2' } });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(errorText(second)).toMatch(
      /^permian-1: another deploy of this site in cluster fake holds the lock \(Lease rackshift-system\/rackshift-deploy-permian-1\): holder "alice@ops-1 pid 41 run a1", since \S+Z, expires \S+Z unless renewed; wait for it with --lock-timeout 10m/,
    );
    // The second run planned nothing and wrote nothing.
    expect(api.object('v1', 'ResourceQuota', 'acme', 'gpu-quota')).toBeUndefined();

    ctl.abort(new Error('SIGINT'));
    expect(errorText(await first)).toMatch(/interrupted/);
    // An interrupted run still gives the lock back.
    expect(lease()!.spec.holderIdentity).toBeUndefined();
    const third = await runDeploy(kubeconfig, tenantObjects('acme', 128), { lock: { holder: 'bob@ops-2 pid 7 run b2' } });
    expect(errorText(third)).toBe('');
  });

  it('the lock is renewed while the run holds it', async () => {
    api.fault({ method: 'PATCH', path: '/api/v1/namespaces/acme', dryRun: false, kind: 'hang', times: 1 });
    const ctl = new AbortController();
    const run = runDeploy(kubeconfig, tenantObjects(), { signal: ctl.signal, requestTimeoutMs: 60_000, lock: { renewMs: 20 } });
    await until(() => (lease()?.spec.holderIdentity ?? '') !== '');
    const firstRenew = lease()!.spec.renewTime;
    await until(() => lease()!.spec.renewTime !== firstRenew);
    expect(lease()!.spec.acquireTime).not.toBe(lease()!.spec.renewTime);
    ctl.abort(new Error('SIGINT'));
    await run;
  });

  it('--lock-timeout waits for the holder; a stale lock (its holder stopped renewing) expires and is taken over', async () => {
    await runDeploy(kubeconfig, tenantObjects());
    const plant = (renewedMsAgo: number, seconds: number) => {
      const at = new Date(Date.now() - renewedMsAgo).toISOString();
      api.update({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'rackshift-deploy-permian-1', namespace: SYSTEM_NAMESPACE }, spec: { holderIdentity: 'carol@ops-3 pid 9 run c3', leaseDurationSeconds: seconds, acquireTime: at, renewTime: at, leaseTransitions: 4 } }, 'rackshift');
    };
    // Held for one more second: without waiting the run fails; with --lock-timeout 5s it waits and goes on.
    plant(0, 1);
    const refused = await runDeploy(kubeconfig, tenantObjects('acme', 96), { lock: { timeoutMs: 200, pollMs: 50 } });
    expect(errorText(refused)).toContain('holds the lock (Lease rackshift-system/rackshift-deploy-permian-1) after waiting 0s: holder "carol@ops-3 pid 9 run c3"');
    plant(0, 1);
    const t0 = Date.now();
    const waited = await runDeploy(kubeconfig, tenantObjects('acme', 96), { lock: { timeoutMs: 5_000, pollMs: 50 } });
    expect(errorText(waited)).toBe('');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
    expect(waited.result!.configured.map((x) => x.kind).sort()).toEqual(['ClusterQueue', 'ResourceQuota']);
    // Renewed two minutes ago with a 60 s lease: its holder is gone; taken over at once.
    plant(120_000, 60);
    const stale = await runDeploy(kubeconfig, tenantObjects('acme', 128));
    expect(errorText(stale)).toBe('');
    expect(lease()!.spec.leaseTransitions).toBe(5);
  });

  it('a run with nothing to change writes nothing, not even its lock', async () => {
    await runDeploy(kubeconfig, tenantObjects());
    api.requests.length = 0;
    const again = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(again)).toBe('');
    expect(api.writes()).toEqual([]);
  });

  it('two runs racing for the lock: exactly one applies, the other names it or plans again', async () => {
    await runDeploy(kubeconfig, tenantObjects());
    const [a, b] = await Promise.all([
      runDeploy(kubeconfig, tenantObjects('acme', 96), { lock: { holder: 'run-a' } }),
      runDeploy(kubeconfig, tenantObjects('acme', 128), { lock: { holder: 'run-b' } }),
    ]);
    const texts = [errorText(a), errorText(b)];
    // Either one failed naming the other, or the second saw the first's lock come and go and planned again.
    const failed = texts.filter((t) => t !== '');
    expect(failed.length).toBeLessThanOrEqual(1);
    for (const t of failed) expect(t).toMatch(/holds the lock .* holder "run-[ab]"/);
    const puts = api.writes().filter((w) => w.path.includes('/leases'));
    expect(puts.length).toBeGreaterThan(0);
  });
});

describe('prune and default-deny', () => {
  const tenant = (name: string): KubeObject[] => [
    ...tenantObjects(name),
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: name }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-same-namespace', namespace: name }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: name }, data: { k: name } },
  ];

  /** Between every two requests: a tenant namespace that had its default-deny still has it while it exists. */
  function watchDefaultDeny(): string[] {
    const violations: string[] = [];
    const guarded = new Set<string>();
    const check = (when: string) => {
      const all = api.all();
      for (const ns of all.filter((o) => o.kind === 'Namespace' && (o.metadata.labels as Record<string, string> | undefined)?.['rackshift.dev/tenant'])) {
        const name = ns.metadata.name;
        const denied = all.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === name && o.metadata.name === 'default-deny');
        if (denied) guarded.add(name);
        else if (guarded.has(name)) violations.push(`before ${when}: namespace ${name} is live without default-deny`);
      }
    };
    const previous = api.onRequest;
    api.onRequest = (r) => {
      check(`${r.method} ${r.path}`);
      previous?.(r);
    };
    return violations;
  }

  it('killed mid-prune, then run again: no live tenant namespace is ever without its default-deny', async () => {
    const violations = watchDefaultDeny();
    expect(errorText(await runDeploy(kubeconfig, [...tenant('acme'), ...tenant('beta')]))).toBe('');
    // beta leaves the site; the run is killed after its first delete.
    const ctl = new AbortController();
    const inner = api.onRequest!;
    let deletes = 0;
    api.onRequest = (r) => {
      inner(r);
      if (r.method === 'DELETE' && ++deletes === 1) ctl.abort(new Error('SIGKILL'));
    };
    const killed = await runDeploy(kubeconfig, tenant('acme'), { allowDestroy: true, signal: ctl.signal });
    expect(errorText(killed)).toMatch(/interrupted/);
    expect(api.object('v1', 'Namespace', undefined, 'beta')).toBeDefined();
    api.onRequest = inner;
    const rerun = await runDeploy(kubeconfig, tenant('acme'), { allowDestroy: true });
    expect(errorText(rerun)).toBe('');
    expect(api.object('v1', 'Namespace', undefined, 'beta')).toBeUndefined();
    // beta's contents went with its namespace, never one by one.
    const deleted = api.writes().filter((w) => w.method === 'DELETE').map((w) => w.path);
    expect(deleted.filter((p) => p.includes('/namespaces/beta/'))).toEqual([]);
    expect(rerun.result!.pruned.map((x) => `${x.kind} ${x.namespace ?? ''}/${x.name}`)).toContain('NetworkPolicy beta/default-deny');
    expect(violations).toEqual([]);
  });

  it('dropping a default-deny from a namespace that stays needs --allow-destroy', async () => {
    await runDeploy(kubeconfig, tenant('acme'));
    api.requests.length = 0;
    const without = tenant('acme').filter((o) => o.metadata.name !== 'default-deny');
    const r = await runDeploy(kubeconfig, without);
    expect(errorText(r)).toContain('NetworkPolicy acme/default-deny: leaves namespace acme without a default-deny NetworkPolicy while it runs');
    expect(api.writes()).toEqual([]);
  });
});

describe('an API server away for 30 s', () => {
  /** Virtual time: sleeps advance it at once, so 30 s of outage take milliseconds. */
  function virtualClock(): Clock & { slept: number[] } {
    let now = 1_000_000;
    const slept: number[] = [];
    return {
      slept,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    };
  }

  it('is ridden out with the default budget; every Retry-After is honoured', async () => {
    const clock = virtualClock();
    const back = clock.now() + 30_000;
    api.fault({ kind: 'status', status: 503, retryAfter: 5, times: Infinity, while: () => clock.now() < back });
    const t0 = Date.now();
    const r = await runDeploy(kubeconfig, tenantObjects(), { clock, retry: DEFAULT_RETRY });
    expect(errorText(r)).toBe('');
    expect(r.result!.created).toHaveLength(5);
    expect(Date.now() - t0).toBeLessThan(10_000);
    // The first request met the outage: it waited at least 30 s of virtual time in steps of ≥ 5 s (Retry-After: 5).
    expect(clock.slept.length).toBeGreaterThanOrEqual(6);
    expect(clock.slept.every((ms) => ms >= 5_000)).toBe(true);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30_000);
    expect(r.err).toContain('after 503 ServiceUnavailable');
  });

  it('a budget shorter than the outage gives up with one line saying so', async () => {
    const clock = virtualClock();
    const back = clock.now() + 30_000;
    api.fault({ kind: 'status', status: 503, times: Infinity, while: () => clock.now() < back });
    const r = await runDeploy(kubeconfig, tenantObjects(), { clock, retry: { ...DEFAULT_RETRY, budgetMs: 10_000 } });
    expect(errorText(r)).toMatch(/503 ServiceUnavailable/);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });

  it('rides out refused connections too (the server process gone and back)', async () => {
    const clock = virtualClock();
    const back = clock.now() + 30_000;
    api.fault({ kind: 'drop', times: Infinity, while: () => clock.now() < back });
    const r = await runDeploy(kubeconfig, tenantObjects(), { clock, retry: DEFAULT_RETRY });
    expect(errorText(r)).toBe('');
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30_000);
  });
});

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("a cluster's shared unit", () => {
  const policy = (): KubeObject => ({ apiVersion: 'nvidia.com/v1', kind: 'ClusterPolicy', metadata: { name: 'cluster-policy', annotations: { 'rackshift.dev/shared-by': 'permian-1,red-river' } }, spec: { mig: { strategy: 'mixed' } } });

  it('takes over what one of its sites applied before sites shared, and that site then does not prune it', async () => {
    // Before clusters: permian-1 applied the ClusterPolicy as its own.
    const { metadata: _m, ...rest } = policy();
    expect(errorText(await runDeploy(kubeconfig, [...tenantObjects(), { ...rest, metadata: { name: 'cluster-policy' } } as KubeObject]))).toBe('');
    const shared = await runDeploy(kubeconfig, [policy()], { site: 'cluster.shared', sharedSites: ['permian-1', 'red-river'] });
    expect(errorText(shared)).toBe('');
    const live = () => api.object('nvidia.com/v1', 'ClusterPolicy', undefined, 'cluster-policy');
    expect((live()!.metadata.labels as Record<string, string>)[LABEL.site]).toBe('cluster.shared');
    // permian-1 no longer synthesizes it and its old inventory lists it: it is not permian-1's to prune.
    const site = await runDeploy(kubeconfig, tenantObjects());
    expect(errorText(site)).toBe('');
    expect(site.result!.pruned).toEqual([]);
    expect(live()).toBeDefined();
  });

  it('an object of a site that is not among its sites is refused like any other', async () => {
    const { metadata: _m, ...rest } = policy();
    await runDeploy(kubeconfig, [{ ...rest, metadata: { name: 'cluster-policy' } } as KubeObject], { site: 'elsewhere' });
    const shared = await runDeploy(kubeconfig, [policy()], { site: 'cluster.shared', sharedSites: ['permian-1', 'red-river'] });
    expect(errorText(shared)).toContain('ClusterPolicy cluster-policy (permian-1/kubernetes/tenants.yaml): owned by site "elsewhere"');
  });
});
