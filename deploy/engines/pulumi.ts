/**
 * `deploy --engine pulumi`: the Pulumi Automation API runs an inline program that registers
 * the same synthesized Kubernetes objects the Kubernetes engine applies, through the
 * `SiteTenancy` component (stacks/pulumi) and a provider for the chosen kubeconfig/context;
 * one stack per site, state in a local file backend by default. Pulumi's state gives
 * pruning; deletions still need --allow-destroy.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeployError } from '../errors';
import type { K8sObject } from '../../stacks/kubernetes/k8s-object';
import type { KubeObject } from '../kube-object';
import { findProgram } from './find-program';

export const PULUMI_INSTALL = 'install it with `curl -fsSL https://get.pulumi.com | sh` (https://www.pulumi.com/docs/iac/download-install/) and make sure `pulumi` is on PATH';

export interface PulumiSite {
  readonly name: string;
  readonly objects: readonly KubeObject[];
}

export interface PulumiDeployOptions {
  readonly sites: readonly PulumiSite[];
  readonly dryRun?: boolean;
  readonly allowDestroy?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the file backend keeps state when PULUMI_BACKEND_URL is not set. */
  readonly stateDir?: string;
  readonly log: (line: string) => void;
}

export async function deployWithPulumi(opts: PulumiDeployOptions): Promise<void> {
  const env = opts.env ?? process.env;
  const pulumiBin = findProgram('pulumi', env.PATH);
  if (!pulumiBin) throw new DeployError([`--engine pulumi: the Pulumi CLI is not on PATH (the Automation API drives it); ${PULUMI_INSTALL}`]);
  const stateDir = resolve(opts.stateDir ?? '.rackshift/pulumi-state');
  const backend = env.PULUMI_BACKEND_URL ?? `file://${stateDir}`;
  if (!env.PULUMI_BACKEND_URL) mkdirSync(stateDir, { recursive: true });
  const { LocalWorkspace, PulumiCommand } = await import('@pulumi/pulumi/automation');
  const pulumiCommand = await PulumiCommand.get({ root: join(pulumiBin, '..', '..') }).catch(() => PulumiCommand.get());
  for (const site of opts.sites) {
    const program = sitePulumiProgram(site, opts);
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: site.name, projectName: 'rackshift', program },
      {
        pulumiCommand,
        projectSettings: { name: 'rackshift', runtime: 'nodejs', backend: { url: backend } },
        // No secrets enter this stack (rackshift never synthesizes any), so an empty passphrase is enough by default.
        envVars: { PULUMI_BACKEND_URL: backend, PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE ?? '' },
      },
    );
    const preview = await stack.preview({ onOutput: (s) => opts.log(s.trimEnd()) });
    const deletes = (preview.changeSummary.delete ?? 0) + (preview.changeSummary.replace ?? 0);
    if (deletes > 0 && !opts.allowDestroy && !opts.dryRun) {
      throw new DeployError([`${site.name}: deploy stopped before changing anything: the Pulumi preview deletes or replaces ${deletes} resource${deletes === 1 ? '' : 's'}; rerun with --allow-destroy`]);
    }
    if (opts.dryRun) continue;
    const up = await stack.up({ onOutput: (s) => opts.log(s.trimEnd()) });
    opts.log(`${site.name}: pulumi up ${up.summary.result}`);
  }
}

/**
 * The inline program for one site: a Kubernetes provider for the chosen kubeconfig/context
 * (server-side apply) and the SiteTenancy component over the site's objects.
 */
export function sitePulumiProgram(site: PulumiSite, opts: { kubeconfig?: string; context?: string }): () => Promise<void> {
  const objects = site.objects.map((o) => structuredClone(o));
  return async () => {
    const k8s = await import('@pulumi/kubernetes');
    const { SiteTenancy } = await import('../../stacks/pulumi/site-tenancy');
    const provider = new k8s.Provider('cluster', { ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(opts.context ? { context: opts.context } : {}), enableServerSideApply: true });
    new SiteTenancy(site.name, { objects: objects as unknown as K8sObject[] }, { provider });
  };
}
