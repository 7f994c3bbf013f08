/**
 * Finds and loads the kubeconfig the way kubectl does: --kubeconfig FILE, else every file in
 * KUBECONFIG (merged, first wins), else ~/.kube/config, else the in-cluster service account.
 * --context picks a context; otherwise the file's current-context. Each failure is one line.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface LoadedKubeConfig {
  readonly kc: KubeConfig;
  readonly context: string;
  readonly server: string;
  /** Where the configuration came from, for messages: file paths or `in-cluster`. */
  readonly source: string;
}

/** A kubeconfig problem: printed as one line, exit 1. */
export class KubeConfigError extends Error {}

export function loadKubeConfig(opts: { kubeconfig?: string; context?: string; env?: NodeJS.ProcessEnv; home?: string } = {}): LoadedKubeConfig {
  const env = opts.env ?? process.env;
  const kc = new KubeConfig();
  let source: string;
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig)) throw new KubeConfigError(`kubeconfig ${opts.kubeconfig} does not exist (from --kubeconfig)`);
    loadFile(kc, opts.kubeconfig);
    source = opts.kubeconfig;
  } else if (env.KUBECONFIG) {
    // kubectl skips missing files in KUBECONFIG and merges the rest; the first file's values win.
    const files = env.KUBECONFIG.split(delimiter).filter((f) => f.length > 0);
    const present = files.filter((f) => existsSync(f));
    if (present.length === 0) throw new KubeConfigError(`no kubeconfig: KUBECONFIG=${env.KUBECONFIG} names no existing file`);
    loadFile(kc, present[0]!);
    for (const f of present.slice(1)) {
      const other = new KubeConfig();
      loadFile(other, f);
      mergeFirstWins(kc, other);
    }
    source = present.join(delimiter);
  } else {
    const home = opts.home ?? homedir();
    const file = join(home, '.kube', 'config');
    if (existsSync(file)) {
      loadFile(kc, file);
      source = file;
    } else if (env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) {
      kc.loadFromCluster();
      source = 'in-cluster service account';
    } else {
      throw new KubeConfigError(`no kubeconfig: KUBECONFIG is not set, ${file} does not exist and this is not a pod in a cluster; pass --kubeconfig FILE or set KUBECONFIG`);
    }
  }
  const names = kc.getContexts().map((c) => c.name);
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      throw new KubeConfigError(`context "${opts.context}" is not in ${source} (contexts: ${names.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const context = kc.getCurrentContext();
  if (!context || !kc.getContextObject(context)) {
    throw new KubeConfigError(`${source} has no current context; pass --context NAME (contexts: ${names.join(', ') || 'none'})`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new KubeConfigError(`context "${context}" in ${source} names cluster "${kc.getContextObject(context)?.cluster}", which is not defined there`);
  }
  return { kc, context, server: cluster.server.replace(/\/+$/, ''), source };
}

function loadFile(kc: KubeConfig, file: string): void {
  try {
    kc.loadFromFile(file);
  } catch (err) {
    throw new KubeConfigError(`kubeconfig ${file} cannot be read: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * kubectl's merge: a cluster, user or context already defined by an earlier file keeps that
 * definition. (client-node's mergeConfig throws on any repeated name, such as two files that
 * both call their user `admin`.)
 */
function mergeFirstWins(kc: KubeConfig, other: KubeConfig): void {
  for (const c of other.getClusters()) if (!kc.getCluster(c.name)) kc.addCluster(c);
  for (const u of other.getUsers()) if (!kc.getUser(u.name)) kc.addUser(u);
  for (const c of other.getContexts()) if (!kc.getContextObject(c.name)) kc.addContext(c);
  if (!kc.getCurrentContext() && other.getCurrentContext()) kc.setCurrentContext(other.getCurrentContext());
}
