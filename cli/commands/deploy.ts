import { setMaxListeners } from 'node:events';
import { redactText } from '../../lib/redact';
import { parseCommandArgs } from '../args';
import { EXIT_CODES_HELP } from '../exit-codes';
import { clientDryRun } from './deploy-client-dry-run';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_USAGE, clusterOverrides } from '../cluster-flags';
import type { ClusterOverrides } from '../../constructs/clusters';
import type { Command } from '../command';
import { printDiagnostics } from '../report';
import { synthesize, writeOutput, type SiteOutput } from '../../synth/synthesize';
import { OutputRefused } from '../../synth/output-writer';
import { UsageError } from '../../constructs/diagnostics';
import { didYouMean } from '../../lib/suggest';
import { TARGETS, type Target } from '../../stacks';
import { deploySite } from '../../deploy/deploy-site';
import { DeployError, InterruptedError } from '../../deploy/errors';
import { deployWithPulumi } from '../../deploy/engines/pulumi';
import { deployWithTerraform } from '../../deploy/engines/terraform';
import { KubeApiError, KubeClient, KubeConnectionError, type ClientOptions } from '../../deploy/kube-client';
import { UnitError, planClusters } from '../../deploy/cluster-units';
import { KubeConfigError, loadKubeConfig, type LoadedKubeConfig } from '../../deploy/kubeconfig';
import { ManifestError, readSiteObjects } from '../../deploy/manifests';
import { labelNodes, readNodeLabels } from '../../deploy/node-labels';
import { Progress, type OutStream } from '../../deploy/progress';
import { DEFAULT_RETRY } from '../../deploy/retry';
import { parseDuration } from '../duration';
import { DEFAULT_OUT, outputFolder } from './synth';
import { readSavedPlan, SavedPlanError, staleSites } from '../../plan/saved-plan';

const ENGINES = ['kubernetes', 'terraform', 'pulumi'] as const;

const DRY_RUNS = ['server', 'client'] as const;

/** Parts of a deploy that can run alone (--only). */
const ONLY = ['node-labels'] as const;

const USAGE = `Usage: rackshift deploy [PATH…] [--out DIR] [--dry-run[=server|client]] [--wait] [--allow-destroy]
                        [--force-conflicts] [--kubeconfig FILE] [--context NAME]
                        [--engine kubernetes|terraform|pulumi] [--timeout 5m] [--request-timeout 30s]
                        [--retry-budget 60s] [--lock-timeout 0s]
                        [--management-context NAME] [--workload-context NAME]
                        [--plan FILE] [--only node-labels]

Synthesizes the sites exactly as 'synth' does, prints the plan of changes, then applies the
Kubernetes objects every target wrote (DIR/<site>/kubernetes/, DIR/<site>/bare-metal/).

  PATH               site files or folders of them (default: sites/)
  --out DIR          output folder (default: ${DEFAULT_OUT}; env RACKSHIFT_OUT)
  --dry-run[=server|client]
                     change nothing. server (also a bare --dry-run): the plan from a server-side
                     dry run, against what the clusters hold. client: no API server is contacted
                     and nothing is written; lists the objects each cluster would get and how
                     they differ from the last output in DIR (any engine)
  --wait             wait for readiness: namespaces Active, CRDs Established, ClusterQueues Active
  --allow-destroy    allow prunes that destroy: tenant namespaces, queues holding workloads,
                     BareMetalHosts; without it deploy stops before changing anything
  --force-conflicts  take ownership of fields another field manager set
  --kubeconfig FILE  kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
  --context NAME     kubeconfig context for the clusters the site files do not name
                     (default: its current-context)
${CLUSTER_FLAGS_USAGE}
  --engine E         kubernetes (server-side apply, default), terraform (terraform plan+apply of
                     the synthesized cdk.tf.json stacks) or pulumi (Automation API, local state)
  --timeout D        how long --wait (and CRD establishment) may take (default 5m)
  --request-timeout D  per API request (default 30s); transient failures are retried with backoff
  --retry-budget D   how long one request may keep retrying an API server that is away or
                     answers 5xx/429 (default 60s; env RACKSHIFT_API_RETRY_BUDGET); Retry-After
                     is honoured
  --lock-timeout D   how long to wait when another deploy of the same site holds the site's
                     lock in that cluster (default 0s: fail at once, naming the holder)
  --plan FILE        apply exactly the trees a reviewed plan saved (rackshift plan --save-plan):
                     refuse, before any change, when a site synthesizes differently now
  --only node-labels apply only the Nodes' isolation labels (DIR/<site>/node-labels/) to the
                     workload clusters, no objects: for sites whose objects Argo CD, Terraform
                     or Pulumi applies (those never set the labels)

Each site's bare-metal/ objects go to its management cluster and kubernetes/ objects to its
workload cluster (spec.clusters; DIR/<site>/clusters.json says which). Per cluster: first the
objects its sites share (kubernetes/shared.yaml: the GPU Operator config), then one ApplySet
per site, each under a lock (a Lease in rackshift-system). Objects are applied with field
manager 'rackshift'; objects another site or ApplySet owns are never changed; objects
rackshift applied before and no longer synthesizes are pruned. Exit 0 success,
1 invalid site or failed deploy, 2 wrong usage, 130 interrupted (run again to finish).
${EXIT_CODES_HELP}`;

interface DeployFlags {
  readonly out?: string;
  readonly 'dry-run'?: string;
  readonly wait?: boolean;
  readonly 'allow-destroy'?: boolean;
  readonly 'force-conflicts'?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly plan?: string;
  readonly only?: string;
}

export interface DeployIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  readonly targets?: readonly Target[];
  readonly signal?: AbortSignal;
}

export const deployCommand: Command = {
  name: 'deploy',
  usage: USAGE,
  async run(argv) {
    const ctl = new AbortController();
    // Every request in flight listens for the abort; there may be many at once.
    setMaxListeners(0, ctl.signal);
    let interrupts = 0;
    const onSigint = () => {
      // First Ctrl-C: stop after the request in flight; second: leave at once.
      if (++interrupts > 1) process.exit(130);
      process.stderr.write('\ninterrupting after the current request (Ctrl-C again to quit at once)\n');
      ctl.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onSigint);
    try {
      return await runDeployCommand(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: ctl.signal });
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

export async function runDeployCommand(argv: readonly string[], given: DeployIo): Promise<number> {
  // Everything deploy prints (progress, apply lines, API errors, kubeconfig server URLs) is redacted.
  const io: DeployIo = { ...given, stdout: redactedStream(given.stdout), stderr: redactedStream(given.stderr) };
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    'dry-run': { type: 'string' },
    wait: { type: 'boolean' },
    'allow-destroy': { type: 'boolean' },
    'force-conflicts': { type: 'boolean' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    engine: { type: 'string' },
    timeout: { type: 'string' },
    'request-timeout': { type: 'string' },
    'retry-budget': { type: 'string' },
    'lock-timeout': { type: 'string' },
    ...CLUSTER_FLAGS,
    plan: { type: 'string' },
    only: { type: 'string' },
  }, { bareValues: { 'dry-run': 'server' } });
  const dryRun = dryRunMode(argv, values['dry-run']);
  const clusters = clusterOverrides(values, io.env);
  const engine = values.engine ?? 'kubernetes';
  if (!(ENGINES as readonly string[]).includes(engine)) throw new UsageError(`--engine ${engine}: expected one of ${ENGINES.join(', ')}`);
  if (values.only !== undefined) {
    if (!(ONLY as readonly string[]).includes(values.only)) throw new UsageError(`--only ${values.only}: expected ${ONLY.join(', ')}${didYouMean(values.only, ONLY)}`);
    if (engine !== 'kubernetes') throw new UsageError(`--only ${values.only} applies the labels with deploy's own client; it takes no --engine ${engine}`);
    if (dryRun === 'client') throw new UsageError(`--only ${values.only} with --dry-run=client: use --dry-run (server) to see which Nodes would be labelled`);
  }
  const waitTimeoutMs = parseDuration(values.timeout ?? '5m', '--timeout');
  const requestTimeoutMs = parseDuration(values['request-timeout'] ?? '30s', '--request-timeout');
  const retryBudgetMs = values['retry-budget'] !== undefined ? parseDuration(values['retry-budget'], '--retry-budget') : io.env.RACKSHIFT_API_RETRY_BUDGET ? parseDuration(io.env.RACKSHIFT_API_RETRY_BUDGET, 'RACKSHIFT_API_RETRY_BUDGET') : DEFAULT_RETRY.budgetMs;
  const lockTimeoutMs = parseDuration(values['lock-timeout'] ?? '0s', '--lock-timeout');
  const fail = (lines: readonly string[]) => {
    for (const l of lines) io.stderr.write(`rackshift deploy: ${l}\n`);
    return 1;
  };

  const progress = new Progress(io.stderr);
  const clientOptions: ClientOptions = {
    requestTimeoutMs,
    retry: retryPolicy(io.env, retryBudgetMs),
    ...(io.signal ? { signal: io.signal } : {}),
    onRetry: (what, problem, attempt, delay) => progress.line(`retry ${what} after ${problem} (try ${attempt + 1} in ${Math.round(delay)} ms)`),
  };
  const connections = new Connections(values, io, clientOptions);
  try {
    return await synthAndDeploy({ ...values, 'dry-run': dryRun }, positionals, engine, io, fail, progress, waitTimeoutMs, lockTimeoutMs, connections, clusters);
  } finally {
    connections.close();
  }
}

/** One client per kubeconfig context the sites name (undefined: --context, else current-context). */
class Connections {
  private readonly byKey = new Map<string, { loaded: LoadedKubeConfig; client: KubeClient }>();

  constructor(
    private readonly values: DeployFlags,
    private readonly io: DeployIo,
    private readonly options: ClientOptions,
  ) {}

  /** Loads and reaches every context first, so a wrong one fails in one line before the output is rewritten. */
  async open(contexts: readonly (string | undefined)[]): Promise<string | undefined> {
    for (const context of contexts) {
      const key = context ?? '';
      if (this.byKey.has(key)) continue;
      let loaded: LoadedKubeConfig;
      try {
        loaded = loadKubeConfig({ kubeconfig: this.values.kubeconfig, context: context ?? this.values.context, env: this.io.env });
      } catch (err) {
        if (err instanceof KubeConfigError) return err.message;
        throw err;
      }
      const client = await KubeClient.connect(loaded, this.options);
      this.byKey.set(key, { loaded, client });
      try {
        await client.request({ method: 'GET', path: '/version' });
      } catch (err) {
        if (err instanceof KubeConnectionError) return `${err.message} (context ${loaded.context} in ${loaded.source})`;
        if (err instanceof KubeApiError && (err.status === 401 || err.status === 403)) {
          return `the API server at ${loaded.server} refused the credentials of context ${loaded.context}: ${err.status} ${err.reason}`;
        }
        throw err;
      }
    }
    return undefined;
  }

  get(context: string | undefined): { loaded: LoadedKubeConfig; client: KubeClient } {
    return this.byKey.get(context ?? '')!;
  }

  close(): void {
    for (const { client } of this.byKey.values()) client.close();
  }
}

async function synthAndDeploy(
  values: DeployFlags,
  positionals: readonly string[],
  engine: string,
  io: DeployIo,
  fail: (lines: readonly string[]) => number,
  progress: Progress,
  waitTimeoutMs: number,
  lockTimeoutMs: number,
  connections: Connections,
  clusters: ClusterOverrides,
): Promise<number> {
  const out = outputFolder(values.out, io.env);
  const paths = positionals.length > 0 ? positionals : ['sites'];
  const synth = await synthesize(paths, io.targets ?? TARGETS, { clusters });
  printDiagnostics(synth.diagnostics);
  if (!synth.ok) return 1;
  if (values.plan) {
    // What deploys must be what was reviewed: the same bytes, site by site, or nothing at all.
    let saved;
    try {
      saved = await readSavedPlan(values.plan);
    } catch (err) {
      if (err instanceof SavedPlanError) return fail(err.lines);
      throw err;
    }
    const stale = staleSites(saved, new Map(synth.sites.map((s) => [s.site.name, s.files.map((f) => [f.path, f.content] as const)])));
    if (stale.length > 0) return fail([...stale, `nothing was changed; run rackshift plan again and review it (plan ${values.plan}: ${saved.head})`]);
    io.stderr.write(`${values['dry-run'] ? 'checked' : 'applying'} the reviewed plan ${values.plan} (${saved.head}): ${Object.keys(saved.sites).length} site${Object.keys(saved.sites).length === 1 ? '' : 's'}, trees unchanged since review\n`);
  }
  if (values['dry-run'] === 'client') {
    await clientDryRun(out, synth.sites, io.stdout);
    return 0;
  }
  const dryRun = values['dry-run'] === 'server';
  const labelsOnly = values.only === 'node-labels';
  if (engine === 'kubernetes') {
    // Node labels go to workload clusters only; a full deploy reaches the management clusters too.
    const contexts = [...new Set(synth.sites.flatMap((s) => (labelsOnly ? [s.site.clusters.workload.context] : [s.site.clusters.management.context, s.site.clusters.workload.context])))];
    const problem = await connections.open(contexts).catch((err: unknown) => {
      if (io.signal?.aborted) return 'interrupted';
      throw err;
    });
    if (problem === 'interrupted') return 130;
    if (problem) return fail([problem]);
  }
  try {
    await writeOutput(out, synth.sites, { inputs: synth.inputs });
  } catch (err) {
    // The same ownership and input-overlap refusals as synth: one line each, exit 1.
    if (err instanceof OutputRefused) return fail(err.lines);
    throw err;
  }
  io.stderr.write(`wrote ${synth.sites.length} site${synth.sites.length === 1 ? '' : 's'} to ${out}\n`);
  const siteNames = synth.sites.map((s) => s.site.name);

  try {
    if (labelsOnly) {
      await applyNodeLabels(synth.sites, out, connections, io, dryRun);
      return 0;
    }
    if (engine === 'terraform') {
      await deployWithTerraform({ outDir: out, sites: siteNames, dryRun, allowDestroy: values['allow-destroy'], env: io.env, log: (l) => io.stderr.write(`${l}\n`) });
      remindNodeLabels(synth.sites, engine, io);
      return 0;
    }
    const objectsBySite = [];
    for (const s of synth.sites) objectsBySite.push({ site: s.site.name, clusters: s.site.clusters, objects: await readSiteObjects(out, s.site.name) });
    if (engine === 'pulumi') {
      await deployWithPulumi({
        sites: objectsBySite.map((s) => ({ name: s.site, objects: s.objects.map((o) => o.object) })),
        dryRun,
        allowDestroy: values['allow-destroy'],
        kubeconfig: values.kubeconfig,
        context: values.context,
        env: io.env,
        log: (l) => io.stderr.write(`${l}\n`),
      });
      remindNodeLabels(synth.sites, engine, io);
      return 0;
    }
    const targets = planClusters(objectsBySite);
    for (const target of targets) {
      const { loaded, client } = connections.get(target.context);
      const many = targets.length > 1 ? ` for ${target.uses.join(', ')}` : '';
      io.stdout.write(`deploying to context ${loaded.context} (${loaded.server})${many}${dryRun ? ', dry run' : ''}\n`);
      const namespace = loaded.kc.getContextObject(loaded.context)?.namespace ?? 'default';
      for (const unit of target.units) {
        await deploySite({
          site: unit.owner,
          objects: unit.objects,
          client,
          progress,
          out: io.stdout,
          dryRun,
          wait: values.wait,
          allowDestroy: values['allow-destroy'],
          forceConflicts: values['force-conflicts'],
          defaultNamespace: namespace,
          waitTimeoutMs,
          cluster: loaded.context,
          lock: { timeoutMs: lockTimeoutMs },
          ...(unit.sharedSites ? { sharedSites: unit.sharedSites } : {}),
        });
      }
    }
    await applyNodeLabels(synth.sites, out, connections, io, dryRun);
    return 0;
  } catch (err) {
    if (io.signal?.aborted && !(err instanceof DeployError)) {
      fail(['interrupted; run rackshift deploy again to finish (the inventory keeps pruning correct)']);
      return 130;
    }
    if (err instanceof InterruptedError) {
      fail(err.lines);
      return 130;
    }
    if (err instanceof DeployError) return fail(err.lines);
    if (err instanceof UnitError) return fail(err.lines);
    if (err instanceof ManifestError) return fail(err.problems);
    if (err instanceof KubeConnectionError) return fail([err.message]);
    if (err instanceof KubeApiError) return fail([err.message]);
    throw err;
  }
}

/** The isolation labels a kubelet may not set on itself, on each site's joined Nodes (deploy/node-labels.ts). */
async function applyNodeLabels(sites: readonly SiteOutput[], out: string, connections: Connections, io: DeployIo, dryRun: boolean): Promise<void> {
  for (const s of sites) {
    const { client } = connections.get(s.site.clusters.workload.context);
    await labelNodes({ site: s.site.name, nodes: await readNodeLabels(out, s.site.name), client, out: io.stdout, dryRun });
  }
}

/** Terraform and Pulumi apply the objects only: say how the Nodes get their isolation labels. */
function remindNodeLabels(sites: readonly SiteOutput[], engine: string, io: DeployIo): void {
  // Every node of a pool has a node-labels/ entry, joined or not.
  const withNodes = sites.filter((s) => s.site.pools.some((p) => p.nodes.length > 0)).map((s) => s.site.name);
  if (withNodes.length === 0) return;
  io.stderr.write(`note: --engine ${engine} does not set the Nodes' isolation labels (${withNodes.join(', ')}: node-labels/); run rackshift deploy --only node-labels against the workload cluster once nodes join (docs/kubernetes.md, "Node isolation labels")\n`);
}

/** `--dry-run` (bare: server) or `--dry-run=server|client`; `--dry-run client` would read `client` as a PATH. */
function dryRunMode(argv: readonly string[], value: string | undefined): 'server' | 'client' | undefined {
  const bare = argv.indexOf('--dry-run');
  if (bare >= 0 && (DRY_RUNS as readonly string[]).includes(argv[bare + 1] ?? '')) throw new UsageError(`write --dry-run=${argv[bare + 1]}, with "=" (a bare --dry-run is a server-side dry run)`);
  if (value !== undefined && !(DRY_RUNS as readonly string[]).includes(value)) throw new UsageError(`--dry-run must be server or client; got "${value}"${didYouMean(value, DRY_RUNS)}`);
  return value as 'server' | 'client' | undefined;
}

/** RACKSHIFT_API_RETRIES (tries in all) and RACKSHIFT_API_RETRY_BASE_MS tune the backoff. */
function retryPolicy(env: NodeJS.ProcessEnv, budgetMs: number) {
  const attempts = Number(env.RACKSHIFT_API_RETRIES ?? DEFAULT_RETRY.attempts);
  const base = Number(env.RACKSHIFT_API_RETRY_BASE_MS ?? DEFAULT_RETRY.baseDelayMs);
  return {
    attempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : DEFAULT_RETRY.attempts,
    baseDelayMs: Number.isFinite(base) && base >= 0 ? base : DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: DEFAULT_RETRY.maxDelayMs,
    budgetMs,
  };
}

function redactedStream(stream: OutStream): OutStream {
  return { write: (s: string) => stream.write(redactText(s)), ...(stream.isTTY !== undefined ? { isTTY: stream.isTTY } : {}) };
}
