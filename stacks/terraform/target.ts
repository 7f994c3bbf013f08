/**
 * The Terraform emitter: the site's SiteTenancyStack in cdktn's own layout (the one cdktf
 * had) under `terraform/` (manifest.json and stacks/<site>/cdk.tf.json), ready for
 * `terraform -chdir=terraform/stacks/<site> init && … plan` or `cdktn deploy`.
 *
 * cdktn itself synthesizes the stack's frame (backend, provider, versions, manifest.json);
 * the resources are serialized by stack-json.ts, byte-identical to a full cdktn synth but
 * several times faster. `renderTerraformWithCdktn` is the full synth, kept as the reference
 * the tests compare with and the benchmark baseline.
 *
 * All cdktn imports live in this folder, so the rest of rackshift never depends on it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { App } from 'cdktn';
import type { ResolvedSite } from '../../constructs/resolved-site';
import type { K8sObject } from '../kubernetes/k8s-object';
import { kubernetesObjects } from '../kubernetes/objects';
import type { OutputFile, Target } from '../target';
import { SiteTenancyStack } from './site-stack';
import { resourceSection, stackJsonStringify } from './stack-json';

export const TERRAFORM_DIR = 'terraform';
export const stackFile = (site: string): string => `stacks/${site}/cdk.tf.json`;

export function renderTerraform(site: ResolvedSite, objects: readonly K8sObject[] = kubernetesObjects(site)): OutputFile[] {
  return synthWithCdktn(site, [], (path, content) => {
    if (path !== stackFile(site.name)) return content;
    const stack = JSON.parse(content) as Record<string, unknown>;
    stack.resource = resourceSection(site.name, objects);
    return stackJsonStringify(stack)!;
  });
}

/** The same output through a full cdktn synth of every resource (reference and benchmark baseline). */
export function renderTerraformWithCdktn(site: ResolvedSite, objects: readonly K8sObject[] = kubernetesObjects(site)): OutputFile[] {
  return synthWithCdktn(site, objects, (_, content) => content);
}

function synthWithCdktn(site: ResolvedSite, objects: readonly K8sObject[], edit: (path: string, content: string) => string): OutputFile[] {
  const outdir = mkdtempSync(join(tmpdir(), 'rackshift-cdktn-'));
  try {
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    new SiteTenancyStack(app, site, objects);
    app.synth();
    return listFiles(outdir).map((f) => {
      const path = relative(outdir, f).split(sep).join('/');
      return { path: `${TERRAFORM_DIR}/${path}`, content: edit(path, readFileSync(f, 'utf8')) };
    });
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
