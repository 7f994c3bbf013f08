/**
 * spec.gitops resolved: the Argo CD Application that syncs a site's kubernetes/ folder from
 * git. The repository URL is checked here (shape, no credentials) so a typo fails at
 * `rackshift validate`, not hours later in Argo CD's UI.
 */
import type { Diagnostics } from './diagnostics';
import type { ResolvedGitOps } from './resolved-site';
import type { GitOpsSpecT } from './site-spec';

/** The three forms Argo CD clones from: https://host/…, ssh://[user@]host[:port]/…, scp-like user@host:path. */
const HTTPS = /^https:\/\/(?<userinfo>[^@/\s]+@)?[A-Za-z0-9.-]+(:\d+)?\/\S+$/;
const SSH = /^ssh:\/\/([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(:\d+)?\/\S+$/;
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s/]\S*$/;

/** Why a repoURL is not usable, or undefined when it is. */
export function repoUrlProblem(url: string): string | undefined {
  const https = HTTPS.exec(url);
  if (https?.groups?.userinfo) return `"${redact(url)}" carries credentials; put them in an Argo CD repository Secret, never in the site file`;
  if (https || SSH.test(url) || SCP_LIKE.test(url)) return undefined;
  return `"${url}" is not a git URL; use https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git`;
}

/** `https://user:token@host/…` shown as `https://***@host/…`, so the secret never reaches a terminal or CI log. */
function redact(url: string): string {
  return url.replace(/^https:\/\/[^@/\s]+@/, 'https://***@');
}

export function resolveGitOps(spec: GitOpsSpecT, site: string, d: Diagnostics): ResolvedGitOps {
  const problem = repoUrlProblem(spec.repoURL);
  if (problem) d.error('rackshift:gitops/repo-url', ['spec', 'gitops', 'repoURL'], problem);
  return {
    application: `rackshift-${site}`,
    namespace: spec.namespace,
    project: spec.project,
    repoURL: spec.repoURL,
    targetRevision: spec.targetRevision,
    path: spec.path ?? `cdktf.out/${site}/kubernetes`,
    prune: spec.prune,
    selfHeal: spec.selfHeal,
  };
}
