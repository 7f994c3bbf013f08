import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import { parseCommandArgs } from '../args';
import type { Command } from '../command';
import { printDiagnostics } from '../report';
import { synthesize, writeOutput } from '../../synth/synthesize';
import { UsageError } from '../../constructs/diagnostics';
import { TARGETS, type Target } from '../../stacks';
import { deploySite } from '../../deploy/deploy-site';
import { DeployError, InterruptedError } from '../../deploy/errors';
import { deployWithPulumi } from '../../deploy/engines/pulumi';
import { deployWithTerraform } from '../../deploy/engines/terraform';
import { KubeApiError, KubeClient, KubeConnectionError } from '../../deploy/kube-client';
import { KubeConfigError, loadKubeConfig, type LoadedKubeConfig } from '../../deploy/kubeconfig';
import { ManifestError, readSiteObjects } from '../../deploy/manifests';
import { Progress, type OutStream } from '../../deploy/progress';
import { DEFAULT_RETRY } from '../../deploy/retry';
import { parseDuration } from '../duration';
import { DEFAULT_OUT } from './synth';
import { readSavedPlan, SavedPlanError, staleSites } from '../../plan/saved-plan';

const ENGINES = ['kubernetes', 'terraform', 'pulumi'] as const;

const USAGE = `Usage: rackshift deploy [PATH…] [--out DIR] [--dry-run] [--wait] [--allow-destroy]
                        [--force-conflicts] [--kubeconfig FILE] [--context NAME]
                        [--engine kubernetes|terraform|pulumi] [--timeout 5m] [--request-timeout 30s]
                        [--plan FILE]

Synthesizes the sites exactly as 'synth' does, prints the plan of changes, then applies the
Kubernetes objects every target wrote (DIR/<site>/kubernetes/, DIR/<site>/bare-metal/).

  PATH               site files or folders of them (default: sites/)
  --out DIR          output folder (default: ${DEFAULT_OUT}; env RACKSHIFT_OUT)
  --dry-run          plan with a server-side dry run; change nothing
  --wait             wait for readiness: namespaces Active, CRDs Established, ClusterQueues Active
  --allow-destroy    allow prunes that destroy: tenant namespaces, queues holding workloads,
                     BareMetalHosts; without it deploy stops before changing anything
  --force-conflicts  take ownership of fields another field manager set
  --kubeconfig FILE  kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
  --context NAME     kubeconfig context (default: its current-context)
  --engine E         kubernetes (server-side apply, default), terraform (terraform plan+apply of
                     the synthesized cdk.tf.json stacks) or pulumi (Automation API, local state)
  --timeout D        how long --wait (and CRD establishment) may take (default 5m)
  --request-timeout D  per API request (default 30s); transient failures are retried with backoff
  --plan FILE        apply exactly the trees a reviewed plan saved (rackshift plan --save-plan):
                     refuse, before any change, when a site synthesizes differently now

Objects are applied with field manager 'rackshift' and labelled as one ApplySet per site;
objects rackshift applied before and no longer synthesizes are pruned. Exit 0 success,
1 invalid site or failed deploy, 2 wrong usage, 130 interrupted (run again to finish).`;

interface DeployFlags {
  readonly out?: string;
  readonly 'dry-run'?: boolean;
  readonly wait?: boolean;
  readonly 'allow-destroy'?: boolean;
  readonly 'force-conflicts'?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly plan?: string;
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
  summary: 'synthesize, print the plan, and apply it to a cluster (or via Terraform or Pulumi)',
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

export async function runDeployCommand(argv: readonly string[], io: DeployIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    'dry-run': { type: 'boolean' },
    wait: { type: 'boolean' },
    'allow-destroy': { type: 'boolean' },
    'force-conflicts': { type: 'boolean' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    engine: { type: 'string' },
    timeout: { type: 'string' },
    'request-timeout': { type: 'string' },
    plan: { type: 'string' },
  });
  const engine = values.engine ?? 'kubernetes';
  if (!(ENGINES as readonly string[]).includes(engine)) throw new UsageError(`--engine ${engine}: expected one of ${ENGINES.join(', ')}`);
  const waitTimeoutMs = parseDuration(values.timeout ?? '5m', '--timeout');
  const requestTimeoutMs = parseDuration(values['request-timeout'] ?? '30s', '--request-timeout');
  const fail = (lines: readonly string[]) => {
    for (const l of lines) io.stderr.write(`rackshift deploy: ${l}\n`);
    return 1;
  };

  // Find and reach the cluster before synthesizing: a wrong context or an unreachable server
  // should fail at once, in one line, without rewriting the output folder.
  let loaded: LoadedKubeConfig | undefined;
  let client: KubeClient | undefined;
  const progress = new Progress(io.stderr);
  if (engine === 'kubernetes') {
    try {
      loaded = loadKubeConfig({ kubeconfig: values.kubeconfig, context: values.context, env: io.env });
    } catch (err) {
      if (err instanceof KubeConfigError) return fail([err.message]);
      throw err;
    }
    client = await KubeClient.connect(loaded, {
      requestTimeoutMs,
      retry: retryPolicy(io.env),
      signal: io.signal,
      onRetry: (what, problem, attempt, delay) => progress.line(`retry ${what} after ${problem} (try ${attempt + 1} in ${Math.round(delay)} ms)`),
    });
    try {
      await client.request({ method: 'GET', path: '/version' });
    } catch (err) {
      client.close();
      if (err instanceof KubeConnectionError) return fail([`${err.message} (context ${loaded.context} in ${loaded.source})`]);
      if (err instanceof KubeApiError && (err.status === 401 || err.status === 403)) {
        return fail([`the API server at ${loaded.server} refused the credentials of context ${loaded.context}: ${err.status} ${err.reason}`]);
      }
      if (io.signal?.aborted) return 130;
      throw err;
    }
  }

  try {
    return await synthAndDeploy(values, positionals, engine, io, fail, progress, waitTimeoutMs, loaded, client);
  } finally {
    client?.close();
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
  loaded: LoadedKubeConfig | undefined,
  client: KubeClient | undefined,
): Promise<number> {
  const out = resolve(values.out ?? io.env.RACKSHIFT_OUT ?? DEFAULT_OUT);
  const paths = positionals.length > 0 ? positionals : ['sites'];
  const synth = await synthesize(paths, io.targets ?? TARGETS);
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
    io.stderr.write(`applying the reviewed plan ${values.plan} (${saved.head}): ${Object.keys(saved.sites).length} site${Object.keys(saved.sites).length === 1 ? '' : 's'}, trees unchanged since review\n`);
  }
  await writeOutput(out, synth.sites);
  io.stderr.write(`wrote ${synth.sites.length} site${synth.sites.length === 1 ? '' : 's'} to ${out}\n`);
  const siteNames = synth.sites.map((s) => s.site.name);

  try {
    if (engine === 'terraform') {
      await deployWithTerraform({ outDir: out, sites: siteNames, dryRun: values['dry-run'], allowDestroy: values['allow-destroy'], env: io.env, log: (l) => io.stderr.write(`${l}\n`) });
      return 0;
    }
    const objectsBySite = [];
    for (const name of siteNames) objectsBySite.push({ name, objects: await readSiteObjects(out, name) });
    if (engine === 'pulumi') {
      await deployWithPulumi({
        sites: objectsBySite.map((s) => ({ name: s.name, objects: s.objects.map((o) => o.object) })),
        dryRun: values['dry-run'],
        allowDestroy: values['allow-destroy'],
        kubeconfig: values.kubeconfig,
        context: values.context,
        env: io.env,
        log: (l) => io.stderr.write(`${l}\n`),
      });
      return 0;
    }
    io.stdout.write(`deploying to context ${loaded!.context} (${loaded!.server})${values['dry-run'] ? ', dry run' : ''}\n`);
    const namespace = loaded!.kc.getContextObject(loaded!.context)?.namespace ?? 'default';
    for (const s of objectsBySite) {
      await deploySite({
        site: s.name,
        objects: s.objects,
        client: client!,
        progress,
        out: io.stdout,
        dryRun: values['dry-run'],
        wait: values.wait,
        allowDestroy: values['allow-destroy'],
        forceConflicts: values['force-conflicts'],
        defaultNamespace: namespace,
        waitTimeoutMs,
      });
    }
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
    if (err instanceof ManifestError) return fail(err.problems);
    if (err instanceof KubeConnectionError) return fail([err.message]);
    if (err instanceof KubeApiError) return fail([err.message]);
    throw err;
  }
}

/** RACKSHIFT_API_RETRIES (tries in all) and RACKSHIFT_API_RETRY_BASE_MS tune the backoff. */
function retryPolicy(env: NodeJS.ProcessEnv) {
  const attempts = Number(env.RACKSHIFT_API_RETRIES ?? DEFAULT_RETRY.attempts);
  const base = Number(env.RACKSHIFT_API_RETRY_BASE_MS ?? DEFAULT_RETRY.baseDelayMs);
  return {
    attempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : DEFAULT_RETRY.attempts,
    baseDelayMs: Number.isFinite(base) && base >= 0 ? base : DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: DEFAULT_RETRY.maxDelayMs,
  };
}
