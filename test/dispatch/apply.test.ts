/**
 * Carrying out an interval: fake miners (cgminer API on 127.0.0.1) receive exactly the commands
 * the interval needs; the interruptible tenant's ClusterQueue is held or released on the
 * in-process API server; a failed miner command stops every increase and never touches a firm
 * tenant; a second run sends only reads; a dry run sends nothing at all.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedSite } from '../../constructs/resolved-site';
import { KubeClient } from '../../deploy/kube-client';
import { loadKubeConfig } from '../../deploy/kubeconfig';
import { actionsFor, clusterQueueOf } from '../../dispatch/actions';
import { applyActions } from '../../dispatch/apply';
import type { MinerHost } from '../../dispatch/miners-file';
import { runDispatch } from '../../dispatch/run';
import { FakeKubeApi } from '../support/fake-kube-api';
import { FakeMiner } from '../support/fake-cgminer';
import { runMain } from '../helpers/cli';
import { resolvedSite } from '../helpers/sites';

const SITE = 'test/fixtures/dispatch/hand-site.yaml';
const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 6, 1);

/** A one-interval schedule at a given power price (the hand site: see hand-case.test.ts). */
function plan(site: ResolvedSite, price: number) {
  const r = runDispatch(site, { labels: [], power: [{ start: T0, span: HOUR, price }], hashprice: [], gpuHour: [], events: [] }, { intervalMinutes: 60 });
  return actionsFor(site, r.schedule[0]!, 60);
}

let api: FakeKubeApi;
let miners: FakeMiner[];
let site: ResolvedSite;
let kube: KubeClient;
const hosts = (): MinerHost[] => miners.map((m, i) => ({ fleet: i < 4 ? 's21-a' : 's19j-a', host: '127.0.0.1', port: m.port, source: `miners.csv:${i + 2}` }));
const cq = (name: string) => api.object('kueue.x-k8s.io/v1beta2', 'ClusterQueue', undefined, name) as { spec?: { stopPolicy?: string } } | undefined;

beforeEach(async () => {
  site = await resolvedSite(SITE);
  api = await FakeKubeApi.start();
  api.installCrd('kueue.x-k8s.io', 'ClusterQueue', 'clusterqueues', 'Cluster', ['v1beta2']);
  for (const t of ['firm-co', 'spot-co']) api.update({ apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: clusterQueueOf(site, t) }, spec: { namespaceSelector: {} } }, 'rackshift');
  // Ports in ascending order, so "the first miners" of a fleet are predictable.
  miners = [];
  for (let i = 0; i < 8; i++) miners.push(await FakeMiner.start(3, true));
  miners.sort((a, b) => a.port - b.port);
  kube = await KubeClient.connect(loadKubeConfig({ kubeconfig: api.writeKubeconfig(), context: 'fake' }), { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});

afterEach(async () => {
  kube.close();
  await Promise.all(miners.map((m) => m.close()));
  await api.close();
});

const fleetUnits = { 's21-a': 1000, 's19j-a': 1000 };
const apply = (a: ReturnType<typeof plan>, log: string[] = []) => applyActions(a, { kube, miners: hosts(), fleetUnits, log: (l) => log.push(l) });

describe('dispatch --apply', () => {
  it('sends exactly the commands an interval needs: at $30/MWh one of four S19j Pro miners runs', async () => {
    // Plan at $30 (hand case interval 1): S21 1,000 of 1,000; S19j 412 of 1,000 → of the 4 listed,
    // floor(412 × 4 / 1,000) = 1 runs; the other 3 stop (3 ASCs each). AI runs (already None).
    const a = plan(site, 30);
    expect(a.miners.map((m) => m.minersRunning)).toEqual([1000, 412]);
    const outcome = await apply(a);
    expect(outcome).toEqual({ ok: true, commands: 8 + 9, failures: [] });
    for (const m of miners.slice(0, 5)) expect(m.commands).toEqual(['devs']);
    for (const m of miners.slice(5)) expect(m.commands).toEqual(['devs', 'ascdisable|0', 'ascdisable|1', 'ascdisable|2']);
    expect(miners.map((m) => m.running)).toEqual([true, true, true, true, true, false, false, false]);
    // Kueue: read, already as planned, not written.
    expect(api.writes()).toEqual([]);
  });

  it('holds the interruptible queue when power is worth more than its GPU-hours, and never touches the firm tenant', async () => {
    // At $2,000/MWh spot-co earns $1,568.63/MWh: held. Both fleets stop.
    const a = plan(site, 2000);
    expect(a.kueue).toEqual([{ tenant: 'spot-co', clusterQueue: clusterQueueOf(site, 'spot-co'), stopPolicy: 'HoldAndDrain' }]);
    const outcome = await apply(a);
    expect(outcome.ok).toBe(true);
    expect(cq(clusterQueueOf(site, 'spot-co'))?.spec?.stopPolicy).toBe('HoldAndDrain');
    expect(cq(clusterQueueOf(site, 'firm-co'))?.spec?.stopPolicy).toBeUndefined();
    expect(api.requests.some((r) => r.path.includes(clusterQueueOf(site, 'firm-co')))).toBe(false);
    const writes = api.writes();
    expect(writes.map((w) => [w.method, w.path, w.query.fieldManager])).toEqual([['PATCH', `/apis/kueue.x-k8s.io/v1beta2/clusterqueues/${clusterQueueOf(site, 'spot-co')}`, 'rackshift-dispatch']]);
    expect(miners.every((m) => !m.running)).toBe(true);
  });

  it('is idempotent: a second run of the same interval only reads', async () => {
    const a = plan(site, 2000);
    await apply(a);
    const before = miners.map((m) => m.commands.length);
    const writes = api.writes().length;
    const again = await apply(a);
    expect(again).toEqual({ ok: true, commands: 8, failures: [] });
    expect(miners.map((m, i) => m.commands.slice(before[i]))).toEqual(miners.map(() => ['devs']));
    expect(api.writes()).toHaveLength(writes);
  });

  it('makes no increase when a miner command fails, so the site never draws more than planned', async () => {
    // Start held; the $30 plan releases spot-co (an increase) and stops three S19j (reductions).
    api.update({ apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: clusterQueueOf(site, 'spot-co') }, spec: { stopPolicy: 'HoldAndDrain' } }, 'rackshift-dispatch');
    miners[6]!.failOn = 'ascdisable|1';
    const log: string[] = [];
    const outcome = await apply(plan(site, 30), log);
    expect(outcome.ok).toBe(false);
    expect(outcome.failures).toEqual([expect.stringContaining(`127.0.0.1:${miners[6]!.port} (s19j-a) ascdisable|1`)]);
    expect(cq(clusterQueueOf(site, 'spot-co'))?.spec?.stopPolicy).toBe('HoldAndDrain');
    expect(api.writes()).toEqual([]);
    expect(api.requests.some((r) => r.path.includes(clusterQueueOf(site, 'firm-co')))).toBe(false);
    expect(log.some((l) => l.startsWith('skipped 1 increase'))).toBe(true);
  });

  it('dry run (no --apply) sends nothing to miners or the cluster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackshift-dispatch-'));
    writeFileSync(join(dir, 'miners.csv'), `fleet,host,port\n${hosts().map((h) => `${h.fleet},${h.host},${h.port}`).join('\n')}\n`);
    writeFileSync(join(dir, 'prices.csv'), 'start,price\n2025-07-01T00:00:00Z,2000\n');
    const r = await runMain(['dispatch', SITE, '--prices', join(dir, 'prices.csv'), '--interval', '1h', '--miners', join(dir, 'miners.csv'), '--actions-out', join(dir, 'actions')]);
    expect(r.stderr).toContain('dry run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`stopPolicy: HoldAndDrain`');
    expect(miners.every((m) => m.commands.length === 0)).toBe(true);
    expect(api.requests).toEqual([]);
  });

  it('--apply through the command line carries out the interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rackshift-dispatch-'));
    writeFileSync(join(dir, 'miners.csv'), `fleet,host,port\n${hosts().map((h) => `${h.fleet},${h.host},${h.port}`).join('\n')}\n`);
    writeFileSync(join(dir, 'prices.csv'), 'start,price\n2025-07-01T00:00:00Z,2000\n');
    const r = await runMain(['dispatch', SITE, '--prices', join(dir, 'prices.csv'), '--interval', '1h', '--at', '2025-07-01T00:30:00Z', '--apply', '--miners', join(dir, 'miners.csv'), '--kubeconfig', api.writeKubeconfig(), '--context', 'fake', '--format', 'json']);
    expect(r.stderr).toContain('applied 2025-07-01T00:00Z');
    expect(r.code).toBe(0);
    expect(cq(clusterQueueOf(site, 'spot-co'))?.spec?.stopPolicy).toBe('HoldAndDrain');
    expect(miners.every((m) => !m.running)).toBe(true);
  });
});
