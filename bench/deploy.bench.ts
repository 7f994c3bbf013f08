/**
 * `rackshift deploy`'s Kubernetes engine side by side with `kubectl apply --server-side`, on
 * permian-1's synthesized objects (kubernetes/ and bare-metal/, as deploy reads them), each
 * against its own fresh in-process fake API server set up alike (the operators' CRDs and
 * namespaces installed). Requests are counted by the server. kubectl runs with
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
  const best = { rackshift: [[], []] as Measure[][], kubectl: [[], []] as Measure[][] };
  for (let run = 0; run < RUNS; run++) {
    if (kubectl) (await kubectlRun(kubectl, objects)).forEach((m, i) => best.kubectl[i]!.push(m));
    (await rackshiftRun(objects)).forEach((m, i) => best.rackshift[i]!.push(m));
  }
  ['first-apply', 're-apply'].forEach((phase, i) => {
    const r = fastest(best.rackshift[i]!);
    const k = kubectl ? fastest(best.kubectl[i]!) : undefined;
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

async function preparedApi(): Promise<FakeKubeApi> {
  const api = await FakeKubeApi.start({ allowAnonymous: true });
  installOperators(api);
  for (const name of OPERATOR_NAMESPACES) api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'helm');
  return api;
}

/** A first apply and a no-op re-apply with rackshift's engine, in this process. */
async function rackshiftRun(objects: readonly SourcedObject[]): Promise<Measure[]> {
  const api = await preparedApi();
  const client = await KubeClient.connect(loadKubeConfig({ kubeconfig: api.writeKubeconfig() }));
  try {
    const phases: Measure[] = [];
    for (let i = 0; i < 2; i++) {
      const before = api.requests.length;
      const start = performance.now();
      await deploySite({ site: 'permian-1', objects: objects.map((o) => ({ ...o, object: structuredClone(o.object) })), client, progress: new Progress(quiet, false), out: quiet });
      phases.push({ ms: performance.now() - start, requests: api.requests.length - before });
    }
    return phases;
  } finally {
    client.close();
    await api.close();
  }
}

/** The same two applies with `kubectl apply --server-side` of the same objects from one file. */
async function kubectlRun(kubectl: string, objects: readonly SourcedObject[]): Promise<Measure[]> {
  const api = await preparedApi();
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-kubectl-bench-'));
  try {
    const file = join(dir, 'objects.yaml');
    writeFileSync(file, objects.map((o) => stringify(o.object)).join('---\n'));
    // No user: kubectl sends no bearer token to a plain-http server; the fake lets it in anonymously.
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'fake', cluster: { server: api.url } }], users: [{ name: 'anonymous', user: {} }], contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'anonymous' } }], 'current-context': 'fake' }));
    const args = ['apply', '--server-side', '--validate=false', '--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), '-f', file];
    const phases: Measure[] = [];
    for (let i = 0; i < 2; i++) {
      const before = api.requests.length;
      const start = performance.now();
      await promisify(execFile)(kubectl, args, { maxBuffer: 64 * 2 ** 20 });
      phases.push({ ms: performance.now() - start, requests: api.requests.length - before });
    }
    return phases;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await api.close();
  }
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
