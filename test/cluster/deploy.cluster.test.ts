/**
 * The deploy scenarios against a real cluster (kind or k3d): `npm run test:cluster` with
 * KUBECONFIG pointing at it. Everything it creates is named rackshift-e2e-<run> and removed
 * afterwards. Faults a real API server cannot be asked for (dropped connections, silence) go
 * through a loopback TCP proxy; injected HTTP 5xx replies are covered by the fake-server suite.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parentFor, SYSTEM_NAMESPACE } from '../../deploy/applyset';
import { KubeApiError, KubeClient } from '../../deploy/kube-client';
import type { KubeObject } from '../../deploy/kube-object';
import { loadKubeConfig } from '../../deploy/kubeconfig';
import { errorText, runDeploy } from '../support/deploy-harness';
import { TcpProxy } from '../support/tcp-proxy';

const KUBECONFIG = process.env.KUBECONFIG;
if (!KUBECONFIG) {
  process.stderr.write('test:cluster: KUBECONFIG is not set; skipping the real-cluster deploy scenarios (point it at a kind or k3d cluster to run them)\n');
}

const run = `rackshift-e2e-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const ns = (n: string) => `${run}-${n}`;
const GROUP = `${run}.example.rackshift.dev`;

const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
};

function objects(opts: { gpus?: number; settings?: boolean; second?: boolean } = {}): KubeObject[] {
  const list: KubeObject[] = [
    crd,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns('acme') } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'gpu-quota', namespace: ns('acme') }, spec: { hard: { 'requests.nvidia.com/gpu': String(opts.gpus ?? 64) } } },
    { apiVersion: `${GROUP}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: ns('acme') }, spec: { size: 1 } },
  ];
  if (opts.settings ?? true) list.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns('acme') }, data: { a: '1' } });
  if (opts.second ?? true) list.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns('beta') } });
  return list;
}

describe.runIf(!!KUBECONFIG)('deploy against a real cluster', () => {
  let client: KubeClient;
  let kubeconfig: string;
  const site = { site: run, waitTimeoutMs: 60_000, pollMs: 250 };
  const quotaPath = () => `/api/v1/namespaces/${ns('acme')}/resourcequotas/gpu-quota`;
  const get = async (path: string) => client.request<KubeObject & { spec: { hard: Record<string, string> } }>({ method: 'GET', path }).then((r) => r.body, (e: unknown) => (e instanceof KubeApiError && e.status === 404 ? undefined : Promise.reject(e)));

  beforeAll(async () => {
    kubeconfig = KUBECONFIG!.split(':')[0]!;
    client = await KubeClient.connect(loadKubeConfig({}));
  });

  afterAll(async () => {
    if (!client) return;
    for (const path of [`/api/v1/namespaces/${ns('acme')}`, `/api/v1/namespaces/${ns('beta')}`, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`, `/api/v1/namespaces/${SYSTEM_NAMESPACE}/configmaps/${parentFor(run).ref.name}`]) {
      await client.request({ method: 'DELETE', path }).catch(() => undefined);
    }
  });

  it('first apply: CRD established before its custom resource, everything created', async () => {
    const r = await runDeploy(kubeconfig, objects(), { ...site, wait: true });
    expect(errorText(r)).toBe('');
    expect(r.result!.created).toHaveLength(6);
    expect(await get(`/apis/${GROUP}/v1/namespaces/${ns('acme')}/widgets/w`)).toBeDefined();
  });

  it('re-apply with no change', async () => {
    const r = await runDeploy(kubeconfig, objects(), site);
    expect(r.result!.unchanged).toHaveLength(6);
  });

  it('changed object', async () => {
    const r = await runDeploy(kubeconfig, objects({ gpus: 128 }), site);
    expect(r.result!.configured.map((x) => x.kind)).toEqual(['ResourceQuota']);
    expect((await get(quotaPath()))!.spec.hard['requests.nvidia.com/gpu']).toBe('128');
  });

  it('conflict, then --force-conflicts', async () => {
    await client.request({ method: 'PATCH', path: quotaPath(), query: { fieldManager: 'kubectl-edit' }, contentType: 'application/merge-patch+json', body: { spec: { hard: { 'requests.nvidia.com/gpu': '32' } } } });
    const r = await runDeploy(kubeconfig, objects({ gpus: 128 }), site);
    expect(errorText(r)).toContain('.spec.hard.requests.nvidia.com/gpu');
    expect(errorText(r)).toContain('kubectl-edit');
    expect((await get(quotaPath()))!.spec.hard['requests.nvidia.com/gpu']).toBe('32');
    const forced = await runDeploy(kubeconfig, objects({ gpus: 128 }), { ...site, forceConflicts: true });
    expect(errorText(forced)).toBe('');
    expect((await get(quotaPath()))!.spec.hard['requests.nvidia.com/gpu']).toBe('128');
  });

  it('dry run changes nothing', async () => {
    const before = (await get(quotaPath()))!.metadata.resourceVersion;
    const r = await runDeploy(kubeconfig, objects({ gpus: 256, settings: false }), { ...site, dryRun: true });
    expect(r.out).toContain('would create 0, configure 1, prune 1');
    expect((await get(quotaPath()))!.metadata.resourceVersion).toBe(before);
  });

  it('prune', async () => {
    const r = await runDeploy(kubeconfig, objects({ gpus: 128, settings: false }), site);
    expect(r.result!.pruned.map((x) => x.name)).toEqual(['settings']);
    expect(await get(`/api/v1/namespaces/${ns('acme')}/configmaps/settings`)).toBeUndefined();
  });

  it('prune refused without --allow-destroy, then allowed', async () => {
    const next = objects({ gpus: 128, settings: false, second: false });
    const r = await runDeploy(kubeconfig, next, site);
    expect(errorText(r)).toContain(`Namespace ${ns('beta')}: deletes the namespace and everything in it`);
    expect(await get(`/api/v1/namespaces/${ns('beta')}`)).toBeDefined();
    const allowed = await runDeploy(kubeconfig, next, { ...site, allowDestroy: true });
    expect(allowed.result!.pruned.map((x) => x.name)).toEqual([ns('beta')]);
  });

  it('CRD missing', async () => {
    const gadget: KubeObject = { apiVersion: `missing.${GROUP}/v1`, kind: 'Gadget', metadata: { name: 'g', namespace: ns('acme') } };
    const r = await runDeploy(kubeconfig, [...objects({ gpus: 128, settings: false, second: false }), gadget], site);
    expect(errorText(r)).toContain(`CRD gadgets.missing.${GROUP} (missing.${GROUP}/v1) is not installed`);
  });

  describe('through a loopback proxy', () => {
    let proxy: TcpProxy;
    let proxied: string;
    beforeAll(async () => {
      const loaded = loadKubeConfig({});
      const server = new URL(loaded.server);
      proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || (server.protocol === 'https:' ? 443 : 80)) });
      const kc = new KubeConfig();
      const current = loaded.kc.getCurrentCluster()!;
      kc.loadFromOptions({
        clusters: [{ ...current, server: `${server.protocol}//127.0.0.1:${proxy.port}`, tlsServerName: current.tlsServerName ?? server.hostname }],
        users: loaded.kc.getUsers(),
        contexts: loaded.kc.getContexts(),
        currentContext: loaded.context,
      });
      proxied = join(mkdtempSync(join(tmpdir(), 'rackshift-proxy-')), 'kubeconfig');
      writeFileSync(proxied, kc.exportConfig());
    });
    afterAll(async () => {
      await proxy?.close();
    });

    it('lost connections are retried, then the run succeeds', async () => {
      proxy.mode = { kind: 'drop', connections: 2 };
      const r = await runDeploy(proxied, objects({ gpus: 128, settings: false, second: false }), site);
      expect(errorText(r)).toBe('');
      expect(r.err).toMatch(/retry GET /);
    });

    it('a silent server times out', async () => {
      proxy.mode = { kind: 'hang' };
      proxy.reset();
      const r = await runDeploy(proxied, objects({ gpus: 128, settings: false, second: false }), { ...site, requestTimeoutMs: 300, attempts: 2 });
      expect(r.error?.message).toContain('no response within 0.3s (2 tries)');
      proxy.mode = { kind: 'pass' };
      proxy.reset();
    });
  });

  it('interruption, then a second run finishes', async () => {
    const ctl = new AbortController();
    const more = [...objects({ gpus: 128, settings: false, second: false }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: ns('acme') }, data: { b: '2' } } as KubeObject];
    const pending = runDeploy(kubeconfig, more, { ...site, signal: ctl.signal });
    ctl.abort(new Error('SIGINT'));
    const first = await pending;
    expect(first.error).toBeDefined();
    const second = await runDeploy(kubeconfig, more, site);
    expect(errorText(second)).toBe('');
    expect(await get(`/api/v1/namespaces/${ns('acme')}/configmaps/late`)).toBeDefined();
  });
});
