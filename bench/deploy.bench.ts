/**
 * `rackshift deploy`'s Kubernetes engine side by side with `kubectl apply --server-side`, on
 * permian-1's synthesized objects (kubernetes/ and bare-metal/, as deploy reads them), each
 * against its own fresh in-process fake API server set up alike (the operators' CRDs and
 * namespaces installed), which runs in a worker thread of this process: kubectl's client work
 * runs in its own process, so rackshift's gets a thread of its own too. rackshift's figure is
 * deploySite alone (objects synthesized beforehand, process warm); kubectl's the whole
 * `kubectl apply` process. Requests are counted by the server. kubectl runs with
 * --validate=false (the fake serves no OpenAPI document) and its own discovery cache in a fresh
 * folder, so its first apply starts cold and its re-apply warm, as a user's would.
 * Prints `deploy objects=N phase=P ms=T kubectl_ms=K requests=R kubectl_requests=Q`, best of
 * three runs each, for a first apply and a no-op re-apply.
 *
 * Then the same engine alone on N BareMetalHosts: first apply, re-apply, dry run, and a prune
 * of a tenth with --allow-destroy: `deploy objects=N phase=P ms=T requests=R rss_mb=M`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { stringify } from 'yaml';
import { deploySite } from '../deploy/deploy-site';
import { KubeClient } from '../deploy/kube-client';
import { loadKubeConfig } from '../deploy/kubeconfig';
import { readSiteObjects, type SourcedObject } from '../deploy/manifests';
import { Progress } from '../deploy/progress';
import { synthesize, writeOutput } from '../synth/synthesize';
import { findProgram } from '../deploy/engines/find-program';
import { hostObjects, installOperators, sourced } from '../test/support/deploy-fixtures';
import { FakeKubeApi } from '../test/support/fake-kube-api';

const SIZES = [5_000] as const;
const RUNS = 3;
const quiet = { write: () => true };
/** Namespaces permian-1's objects use that its operators' installs create (Metal3, the GPU Operator). */
const OPERATOR_NAMESPACES = ['baremetal-operator-system', 'gpu-operator'];

interface Measure {
  ms: number;
  requests: number;
}

export default async function deployBench(): Promise<void> {
  await againstKubectl();
  await hostsAtScale();
}

async function againstKubectl(): Promise<void> {
  const objects = await permianObjects();
  const kubectl = findProgram('kubectl', process.env.PATH);
  if (!kubectl && process.env.CI === 'true') throw new Error('deploy bench: kubectl is not on PATH (CI=true needs it for the side-by-side figures)');
  if (!kubectl) process.stderr.write('deploy bench: kubectl is not on PATH; rackshift figures only\n');
  const runs = { rackshift: [[], []] as Measure[][], kubectl: [[], []] as Measure[][] };
  for (let run = 0; run < RUNS; run++) {
    if (kubectl) (await kubectlRun(kubectl, objects)).forEach((m, i) => runs.kubectl[i]!.push(m));
    (await rackshiftRun(objects)).forEach((m, i) => runs.rackshift[i]!.push(m));
  }
  ['first-apply', 're-apply'].forEach((phase, i) => {
    const r = fastest(runs.rackshift[i]!);
    const k = kubectl ? fastest(runs.kubectl[i]!) : undefined;
    process.stdout.write(`deploy objects=${objects.length} phase=${phase} ms=${Math.round(r.ms)} kubectl_ms=${k ? Math.round(k.ms) : '-'} requests=${r.requests} kubectl_requests=${k ? k.requests : '-'}\n`);
  });
}

function fastest(ms: Measure[]): Measure {
  return ms.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/** permian-1 synthesized as `rackshift deploy` does (every target, written out, read back). */
async function permianObjects(): Promise<SourcedObject[]> {
  const out = mkdtempSync(join(tmpdir(), 'rackshift-deploy-bench-'));
  try {
    const synth = await synthesize([resolve('sites/permian-1.yaml')]);
    if (!synth.ok) throw new Error('deploy bench: sites/permian-1.yaml does not synthesize');
    await writeOutput(out, synth.sites);
    return await readSiteObjects(out, 'permian-1');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The fake API server of one run, in a worker thread: its URL and the requests it has served. */
interface ServerThread {
  readonly url: string;
  requests(): Promise<number>;
  close(): Promise<void>;
}

/** Starts this same module in a worker (tsx's loader registered first), where it serves the fake API. */
async function serverThread(): Promise<ServerThread> {
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { deployBenchServer: true } });
  const next = () => new Promise<{ url?: string; requests?: number }>((res, rej) => {
    worker.once('message', res);
    worker.once('error', rej);
  });
  const { url } = await next();
  return {
    url: url!,
    requests: async () => {
      worker.postMessage('requests');
      return (await next()).requests!;
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((res) => worker.once('exit', res));
    },
  };
}

/** The worker's side: a fake API server set up as a cluster ready for permian-1. */
async function serve(): Promise<void> {
  const api = await FakeKubeApi.start({ allowAnonymous: true });
  installOperators(api);
  for (const name of OPERATOR_NAMESPACES) api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'helm');
  parentPort!.on('message', async (m: string) => {
    if (m === 'requests') parentPort!.postMessage({ requests: api.requests.length });
    if (m === 'close') {
      await api.close();
      parentPort!.close();
    }
  });
  parentPort!.postMessage({ url: api.url });
}

if (!isMainThread && (workerData as { deployBenchServer?: boolean } | null)?.deployBenchServer) await serve();

/** A kubeconfig for the server; no user for kubectl (it sends no bearer token to a plain-http server, and the fake lets it in anonymously). */
function writeKubeconfig(dir: string, url: string, token?: string): string {
  const file = join(dir, token ? 'kubeconfig' : 'kubeconfig-anonymous');
  writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'fake', cluster: { server: url } }], users: [{ name: 'u', user: token ? { token } : {} }], contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'u' } }], 'current-context': 'fake' }));
  return file;
}

/** A first apply and a no-op re-apply, each timed and counted by the server. */
async function twoApplies(apply: (url: string, dir: string) => Promise<(() => Promise<void>) | void>): Promise<Measure[]> {
  const server = await serverThread();
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-deploy-bench-'));
  try {
    const run = await apply(server.url, dir);
    const phases: Measure[] = [];
    for (let i = 0; i < 2; i++) {
      const before = await server.requests();
      const start = performance.now();
      await run!();
      phases.push({ ms: performance.now() - start, requests: (await server.requests()) - before });
    }
    return phases;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

/** rackshift's engine, in this process's main thread. */
async function rackshiftRun(objects: readonly SourcedObject[]): Promise<Measure[]> {
  let client: KubeClient | undefined;
  try {
    return await twoApplies(async (url, dir) => {
      client = await KubeClient.connect(loadKubeConfig({ kubeconfig: writeKubeconfig(dir, url, 'fake-token') }));
      // deploySite may not change its input, but each apply gets its own copy, made before the clock starts.
      const copies = [0, 1].map(() => objects.map((o) => ({ ...o, object: structuredClone(o.object) })));
      return async () => {
        await deploySite({ site: 'permian-1', objects: copies.shift()!, client: client!, progress: new Progress(quiet, false), out: quiet });
      };
    });
  } finally {
    client?.close();
  }
}

/** `kubectl apply --server-side` of the same objects from one file. */
async function kubectlRun(kubectl: string, objects: readonly SourcedObject[]): Promise<Measure[]> {
  return twoApplies(async (url, dir) => {
    const file = join(dir, 'objects.yaml');
    writeFileSync(file, objects.map((o) => stringify(o.object)).join('---\n'));
    const args = ['apply', '--server-side', '--validate=false', '--kubeconfig', writeKubeconfig(dir, url), '--cache-dir', join(dir, 'cache'), '-f', file];
    return async () => {
      await promisify(execFile)(kubectl, args, { maxBuffer: 64 * 2 ** 20 });
    };
  });
}

async function hostsAtScale(): Promise<void> {
  for (const n of SIZES) {
    const api = await FakeKubeApi.start();
    try {
      installOperators(api);
      const client = await KubeClient.connect(loadKubeConfig({ kubeconfig: api.writeKubeconfig() }));
      const names = Array.from({ length: n }, (_, i) => `gpu-${String(i + 1).padStart(5, '0')}`);
      const phase = async (label: string, objects: ReturnType<typeof hostObjects>, extra: { dryRun?: boolean; allowDestroy?: boolean } = {}) => {
        const before = api.requests.length;
        const start = performance.now();
        await deploySite({ site: 'bench', objects: sourced(objects, 'bench/bare-metal/hosts.yaml'), client, progress: new Progress(quiet, false), out: quiet, ...extra });
        const ms = performance.now() - start;
        process.stdout.write(`deploy objects=${objects.length} phase=${label} ms=${Math.round(ms)} requests=${api.requests.length - before} rss_mb=${Math.round(process.memoryUsage().rss / 2 ** 20)}\n`);
      };
      await phase('first-apply', hostObjects(names));
      await phase('re-apply', hostObjects(names));
      await phase('dry-run', hostObjects(names), { dryRun: true });
      await phase('prune-10pct', hostObjects(names.slice(0, Math.round(n * 0.9))), { allowDestroy: true });
      client.close();
    } finally {
      await api.close();
    }
  }
}
