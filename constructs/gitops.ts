/**
 * spec.gitops resolved: the Argo CD Application that syncs a site's kubernetes/ folder from
 * git. The repository URL is checked here (shape, no credentials) so a typo fails at
 * `rackshift validate`, not hours later in Argo CD's UI.
 */
import type { Diagnostics } from './diagnostics';
import type { ResolvedGitOps } from './resolved-site';
import type { GitOpsSpecT } from './site-spec';
import { holdsSecret } from '../lib/redact';

/** The three forms Argo CD clones from: https://host/…, ssh://[user@]host[:port]/…, scp-like user@host:path. */
const HTTPS = /^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/\S+$/;
const SSH = /^ssh:\/\/([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(:\d+)?\/\S+$/;
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s/]\S*$/;
/** `scheme://userinfo@`, in any scheme. */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/(?<userinfo>[^/?#@\s]*)@/i;

/**
 * Argo CD takes repository credentials from a Secret in its own namespace labelled
 * `argocd.argoproj.io/secret-type: repository` (url, username, password or sshPrivateKey),
 * or `repo-creds` for every repository under a URL prefix; see
 * https://argo-cd.readthedocs.io/en/stable/operator-manual/argocd-repositories-yaml/.
 */
const USE_A_SECRET = 'put them in an Argo CD repository credentials Secret (label argocd.argoproj.io/secret-type: repository, with url, username and password or sshPrivateKey, in Argo CD\'s namespace) and give the URL without them';

/** Why a repoURL carries credentials (never quoting it), or undefined. */
function credentialsIn(url: string): string | undefined {
  const info = USERINFO.exec(url)?.groups?.userinfo;
  // ssh://git@host is the SSH user, not a secret; a password, or any https user (a token), is.
  if (info !== undefined && (info.includes(':') || !/^ssh:/i.test(url))) return 'the user info before "@"';
  if (/[?&;][^=&#]*(token|secret|password|passwd|key|signature|sig|auth)[^=&#]*=/i.test(url)) return 'a query parameter named like a secret';
  if (holdsSecret(url)) return 'a token';
  return undefined;
}

/** Why a repoURL is not usable, or undefined when it is. The URL is quoted only when it holds no credentials. */
export function repoUrlProblem(url: string): string | undefined {
  const secret = credentialsIn(url);
  if (secret) return `carries credentials (${secret}); the URL is not shown. Never put them in the site file: ${USE_A_SECRET}`;
  if (HTTPS.test(url) || SSH.test(url) || SCP_LIKE.test(url)) return undefined;
  const shown = url.length > 80 ? `${url.slice(0, 80)}…` : url;
  return `${JSON.stringify(shown)} is not a git URL; use https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git`;
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
