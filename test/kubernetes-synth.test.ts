/**
 * `synth` writes all three Kubernetes outputs for every example site, deterministically;
 * and `cdktf.json` names an app that synthesizes the same stacks for `cdktn synth` (the cdktn
 * CLI keeps cdktf's config file name).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findSiteFiles, synthesize } from '../synth/synthesize';

const run = promisify(execFile);

describe('synth of the example sites', () => {
  it('writes manifests, Terraform and the Pulumi program for each site, byte-identical on a rerun', async () => {
    const first = await synthesize(['sites']);
    const second = await synthesize(['sites']);
    expect(first.ok).toBe(true);
    expect(first.sites.length).toBe((await findSiteFiles(['sites'])).length);
    for (const s of first.sites) {
      const paths = s.files.map((f) => f.path);
      expect(paths).toContain('kubernetes/kustomization.yaml');
      expect(paths).toContain(`kubernetes/tenants/${s.site.tenants[0]!.name}.yaml`);
      expect(paths).toContain('terraform/manifest.json');
      expect(paths).toContain(`terraform/stacks/${s.site.name}/cdk.tf.json`);
      expect(paths).toEqual(expect.arrayContaining(['pulumi/Pulumi.yaml', 'pulumi/index.ts', 'pulumi/objects.json']));
    }
    expect(second.sites.map((s) => s.files)).toEqual(first.sites.map((s) => s.files));
  });

  it('cdktf.json runs an app that writes the same cdk.tf.json per site', async () => {
    const config = JSON.parse(readFileSync('cdktf.json', 'utf8'));
    expect(config.language).toBe('typescript');
    const [, , script] = config.app.split(' ');
    expect(existsSync(script)).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'rackshift-cdktf-app-'));
    try {
      // What `cdktn synth` does: run the app with CDKTF_OUTDIR set.
      await run(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, CDKTF_OUTDIR: out } });
      const { sites } = await synthesize(['sites']);
      for (const s of sites) {
        const fromTarget = s.files.find((f) => f.path === `terraform/stacks/${s.site.name}/cdk.tf.json`)!.content;
        expect(readFileSync(join(out, 'stacks', s.site.name, 'cdk.tf.json'), 'utf8')).toBe(fromTarget);
      }
      expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).stacks).toHaveProperty(sites[0]!.site.name);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
