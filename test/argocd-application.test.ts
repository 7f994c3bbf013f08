/**
 * spec.gitops → kubernetes/argocd-application.yaml: an Argo CD Application whose fields come
 * from the site, that validates against the upstream Application CRD, that sits outside
 * kustomization.yaml (it syncs that folder), that `rackshift deploy` does not apply, and
 * whose repoURL is checked with a file:line error.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { ResolvedSite } from '../constructs/resolved-site';
import { synthesize, writeOutput } from '../synth/synthesize';
import { repoUrlProblem } from '../constructs/gitops';
import { readSiteObjects } from '../deploy/manifests';
import { ARGOCD_APPLICATION_FILE, argoCdApplication } from '../stacks/kubernetes/argocd-application';
import type { K8sObject } from '../stacks/kubernetes/k8s-object';
import { manifestsTarget } from '../stacks/kubernetes/manifests';
import { objectsInOutput } from '../stacks/validation';
import { REPO, runBin, runMain, STACK_FRAME } from './helpers/cli';
import { loadCrds } from './helpers/crds';
import { resolvedSite } from './helpers/sites';

const crds = loadCrds();
const APP_PATH = `kubernetes/${ARGOCD_APPLICATION_FILE}`;
const SMALL = readFileSync(join(REPO, 'test', 'fixtures', 'k8s-small.yaml'), 'utf8');

/** k8s-small with a spec.gitops block (YAML lines, indented under spec) in a temporary folder. */
function smallWithGitops(gitops: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-gitops-'));
  const file = join(dir, 'mesa-small.yaml');
  writeFileSync(file, `${SMALL}  gitops:\n${gitops.replace(/^/gm, '    ')}\n`);
  return file;
}

/** What the kubernetes target writes for a site (as synth would). */
const renderKubernetes = async (site: ResolvedSite) => [...(await manifestsTarget.render(site, { siteFile: site.sourceFile }))];

type App = K8sObject & { spec: { project: string; source: Record<string, string>; destination: Record<string, string>; syncPolicy: { automated: Record<string, boolean>; syncOptions: string[] } } };

async function renderedApp(file: string): Promise<{ app: App; files: Map<string, string> }> {
  const files = new Map((await renderKubernetes(await resolvedSite(file))).map((f) => [f.path, f.content] as const));
  const docs = parseAllDocuments(files.get(APP_PATH)!).map((d) => d.toJS());
  expect(docs).toHaveLength(1);
  return { app: docs[0] as App, files };
}

describe('the Application of red-river (the example site with spec.gitops)', () => {
  it('points Argo CD at the site\'s kubernetes/ folder with the defaults filled in', async () => {
    const { app, files } = await renderedApp('sites/red-river.yaml');
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.kind).toBe('Application');
    expect(app.metadata).toEqual({
      name: 'rackshift-red-river',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/managed-by': 'rackshift', 'rackshift.dev/site': 'red-river' },
    });
    expect(app.spec).toEqual({
      project: 'default',
      source: { repoURL: 'https://git.example.com/ops/red-river-site.git', targetRevision: 'main', path: 'cdktf.out/red-river/kubernetes' },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true, selfHeal: false }, syncOptions: ['ServerSideApply=true'] },
    });
    // The default path is where `rackshift synth` writes this very file, by default.
    expect(`cdktf.out/red-river/${APP_PATH}`.startsWith(`${app.spec.source.path}/`)).toBe(true);
  });

  it('is not a kustomization resource, and not among the objects Terraform and Pulumi deploy', async () => {
    const site = await resolvedSite('sites/red-river.yaml');
    const { files } = await renderedApp('sites/red-river.yaml');
    const kustomization = parse(files.get('kubernetes/kustomization.yaml')!);
    expect(kustomization.resources).not.toContain(ARGOCD_APPLICATION_FILE);
    // Every other YAML file under kubernetes/ is listed: the Application is the one exception.
    const unlisted = [...files.keys()].filter((p) => p.startsWith('kubernetes/') && p !== 'kubernetes/kustomization.yaml' && !kustomization.resources.includes(p.slice('kubernetes/'.length)));
    expect(unlisted).toEqual([APP_PATH]);
    const { kubernetesObjects } = await import('../stacks/kubernetes/objects');
    expect(kubernetesObjects(site).filter((o) => o.kind === 'Application')).toEqual([]);
  });

  it('is among the objects `rackshift validate` checks', async () => {
    const site = await resolvedSite('sites/red-river.yaml');
    const objects = objectsInOutput(await renderKubernetes(site));
    expect(objects.filter((o) => o.object.kind === 'Application').map((o) => o.file)).toEqual([APP_PATH]);
  });
});

describe('fields come from spec.gitops', () => {
  it('path, revision, namespace, project, prune and selfHeal as given', async () => {
    const file = smallWithGitops(
      ['repoURL: git@github.example.com:infra/mesa.git', 'targetRevision: v1.4.0', 'path: sites/mesa/out/kubernetes', 'namespace: gitops', 'project: gpu-sites', 'prune: false', 'selfHeal: true'].join('\n'),
    );
    const { app } = await renderedApp(file);
    expect(app.metadata.name).toBe('rackshift-mesa-small');
    expect(app.metadata.namespace).toBe('gitops');
    expect(app.spec.project).toBe('gpu-sites');
    expect(app.spec.source).toEqual({ repoURL: 'git@github.example.com:infra/mesa.git', targetRevision: 'v1.4.0', path: 'sites/mesa/out/kubernetes' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
  });

  it('no spec.gitops: no Application and no file', async () => {
    const site = await resolvedSite('sites/permian-1.yaml');
    expect(site.gitops).toBeUndefined();
    expect(argoCdApplication(site)).toBeUndefined();
    const paths = (await renderKubernetes(site)).map((f) => f.path);
    expect(paths).toContain('kubernetes/kustomization.yaml');
    expect(paths.filter((p) => p.includes('argocd'))).toEqual([]);
  });
});

describe('against the upstream Application CRD', () => {
  it('validates, with nothing the API server would prune', async ({ skip }) => {
    if (!crds) return skip();
    const app = argoCdApplication(await resolvedSite('sites/red-river.yaml'))!;
    expect(crds.has(app.apiVersion, app.kind)).toBe(true);
    expect(crds.validate(app)).toEqual([]);
  });

  it('catches a broken one: a misspelt field, a missing required one, a wrong type', async ({ skip }) => {
    if (!crds) return skip();
    const app = structuredClone(argoCdApplication(await resolvedSite('sites/red-river.yaml'))!) as App;
    const { repoURL, ...source } = app.spec.source;
    const broken = {
      ...app,
      spec: {
        ...app.spec,
        source: { ...source, repoUrl: repoURL },
        syncPolicy: { ...app.spec.syncPolicy, automated: { prune: 'yes', selfHeal: false } },
      },
    };
    expect(crds.validate(broken).sort()).toEqual([
      'spec.source.repoUrl: not declared by the schema; the API server would prune it',
      "spec.source: must have required property 'repoURL'",
      'spec.syncPolicy.automated.prune: must be boolean',
    ]);
    // Without a destination (required by the CRD) it fails too.
    const { destination: _, ...noDestination } = app.spec;
    expect(crds.validate({ ...app, spec: noDestination })).toEqual(["spec: must have required property 'destination'"]);
  });
});

describe('repoURL', () => {
  it.each([
    'https://git.example.com/ops/red-river-site.git',
    'https://github.com:8443/org/repo',
    'ssh://git@git.example.com/ops/site.git',
    'ssh://git.example.com:2222/ops/site.git',
    'git@github.com:org/repo.git',
  ])('accepts %s', (url) => {
    expect(repoUrlProblem(url)).toBeUndefined();
  });

  it.each(['http://git.example.com/ops/site.git', 'github.com/org/repo', 'file:///srv/git/site.git', '/srv/git/site.git', 'https://git.example.com', 'git@github.com:/'])('rejects %s', (url) => {
    expect(repoUrlProblem(url)).toMatch(/is not a git URL; use https:\/\/host\/org\/repo.git, ssh:\/\/git@host\/org\/repo.git or git@host:org\/repo.git$/);
  });

  it('rejects credentials in the URL without echoing them', () => {
    const problem = repoUrlProblem('https://deploy:s3cr3t-token@git.example.com/ops/site.git')!;
    expect(problem).toMatch(/^carries credentials \(the user info before "@"\); the URL is not shown\. .*argocd\.argoproj\.io\/secret-type: repository/);
    expect(problem).not.toContain('s3cr3t');
    expect(problem).not.toContain('git.example.com');
  });

  it('a bad one fails `rackshift validate` with file:line, field and message, exit 1, no stack trace', () => {
    const file = smallWithGitops('repoURL: git.example.com/ops/mesa\ntargetRevision: main');
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('repoURL:')) + 1;
    const r = runBin(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toMatch(/spec\.gitops\.repoURL: "git\.example\.com\/ops\/mesa" is not a git URL/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('an absolute or escaping path is refused by the schema', async () => {
    for (const path of ['/cdktf.out/mesa/kubernetes', 'out/../../etc']) {
      const r = await runMain(['validate', smallWithGitops(`repoURL: https://git.example.com/ops/mesa.git\npath: ${path}`)]);
      expect(r.code, path).toBe(1);
      expect(r.stderr).toMatch(/spec\.gitops\.path: must be a path relative to the repository root, without "\.\."/);
    }
  });
});

describe('rackshift deploy', () => {
  it('does not apply the Application that synth wrote', async () => {
    const file = smallWithGitops('repoURL: https://git.example.com/ops/mesa.git');
    const result = await synthesize([file], [manifestsTarget]);
    const out = mkdtempSync(join(tmpdir(), 'rackshift-gitops-out-'));
    await writeOutput(out, result.sites);
    expect(existsSync(join(out, 'mesa-small', APP_PATH))).toBe(true);
    const objects = await readSiteObjects(out, 'mesa-small');
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.filter((o) => o.object.kind === 'Application')).toEqual([]);
    expect(objects.some((o) => o.source.endsWith(ARGOCD_APPLICATION_FILE))).toBe(false);
  });
});
