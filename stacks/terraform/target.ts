/**
 * The Terraform emitter: synthesizes the site's cdktf stack in memory-backed temporary
 * space and returns cdktf's own layout under `terraform/` (manifest.json and
 * stacks/<site>/cdk.tf.json), ready for `terraform -chdir=… init/plan` or `cdktf deploy`.
 *
 * All cdktf imports live in this folder: cdktf is archived, and a user may swap in its fork
 * (cdktn) here without touching the rest of rackshift.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { App } from 'cdktf';
import type { ResolvedSite } from '../../constructs/resolved-site';
import type { K8sObject } from '../kubernetes/k8s-object';
import type { OutputFile, Target } from '../target';
import { SiteTenancyStack } from './site-stack';

export const TERRAFORM_DIR = 'terraform';

export function renderTerraform(site: ResolvedSite, objects?: readonly K8sObject[]): OutputFile[] {
  const outdir = mkdtempSync(join(tmpdir(), 'rackshift-cdktf-'));
  try {
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    new SiteTenancyStack(app, site, objects);
    app.synth();
    return listFiles(outdir).map((f) => ({ path: `${TERRAFORM_DIR}/${relative(outdir, f).split(sep).join('/')}`, content: readFileSync(f, 'utf8') }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
}

export const terraformTarget: Target = {
  name: 'terraform',
  render: (site) => renderTerraform(site),
};
