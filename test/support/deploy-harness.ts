/** Runs deploySite against a fake (or real) API server and captures what it prints. */
import { deploySite, type SiteDeployOptions, type SiteDeployResult } from '../../deploy/deploy-site';
import { KubeClient } from '../../deploy/kube-client';
import type { KubeObject } from '../../deploy/kube-object';
import { loadKubeConfig } from '../../deploy/kubeconfig';
import { Progress } from '../../deploy/progress';
import type { Clock, RetryPolicy } from '../../deploy/retry';
import { installOperators, sourced } from './deploy-fixtures';
import { FakeKubeApi } from './fake-kube-api';

export class Capture {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

/** The usual start of a deploy test: an in-process API server with the operators' CRDs, and a kubeconfig for it. */
export async function startFakeCluster(): Promise<{ api: FakeKubeApi; kubeconfig: string }> {
  const api = await FakeKubeApi.start();
  installOperators(api);
  return { api, kubeconfig: api.writeKubeconfig() };
}

export interface RunResult {
  result?: SiteDeployResult;
  error?: Error & { lines?: readonly string[] };
  out: string;
  err: string;
}

export interface RunOptions extends Partial<Omit<SiteDeployOptions, 'objects' | 'client' | 'progress' | 'out'>> {
  requestTimeoutMs?: number;
  attempts?: number;
  /** Retry time budget (ms); the default is long enough that tests only meet it on purpose. */
  budgetMs?: number;
  clock?: Clock;
  /** The whole retry policy, when a test needs the real one. */
  retry?: RetryPolicy;
  signal?: AbortSignal;
  context?: string;
}

export async function runDeploy(kubeconfig: string, objects: KubeObject[], opts: RunOptions = {}): Promise<RunResult> {
  const out = new Capture();
  const err = new Capture();
  const progress = new Progress(err, false);
  const loaded = loadKubeConfig({ kubeconfig, context: opts.context });
  const client = await KubeClient.connect(loaded, {
    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
    retry: opts.retry ?? { attempts: opts.attempts ?? 4, baseDelayMs: 2, maxDelayMs: 20, budgetMs: opts.budgetMs ?? 60_000 },
    ...(opts.clock ? { clock: opts.clock } : {}),
    signal: opts.signal,
    onRetry: (what, problem, attempt) => progress.line(`retry ${what} after ${problem} (try ${attempt + 1})`),
  });
  try {
    const result = await deploySite({ site: 'permian-1', cluster: loaded.context, pollMs: 5, waitTimeoutMs: 2_000, ...opts, objects: sourced(objects), client, progress, out });
    return { result, out: out.text, err: err.text };
  } catch (e) {
    return { error: e as Error, out: out.text, err: err.text };
  } finally {
    client.close();
  }
}

export function errorText(r: RunResult): string {
  return r.error?.lines?.join('\n') ?? r.error?.message ?? '';
}
