/**
 * Installable: `npm pack` gives a tarball that installs into a fresh folder (a platform
 * team's own sites repository), where `npx rackshift synth` runs on that folder's sites from
 * the bundle, and the Pulumi project it writes resolves rackshift from node_modules.
 * Installing fetches package metadata from the npm registry (tarballs come from npm's cache
 * when it has them); it takes a minute or two on a loaded 2-core machine.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, readTree } from './helpers/cli';

const run = promisify(execFile);
const INSTALL_TIMEOUT = 600_000; // 2 min measured under load; 3× and more
const work = mkdtempSync(join(tmpdir(), 'rackshift-package-'));
const project = join(work, 'sites-repo');
let tarball = '';
let packed: string[] = [];

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', REPO, '--json', '--pack-destination', work], { cwd: work, maxBuffer: 64 << 20 });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  packed = info!.files.map((f) => f.path);
  mkdirSync(join(project, 'sites'), { recursive: true });
  cpSync(join(REPO, 'sites', 'red-river.yaml'), join(project, 'sites', 'red-river.yaml'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'sites-repo', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project, maxBuffer: 64 << 20 });
}, INSTALL_TIMEOUT);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('carries the bin, the bundle and the sources, and no tests, sites or output', () => {
    for (const f of ['package.json', 'bin/rackshift.mjs', 'bin/fresh-bundle.mjs', 'dist/main.js', 'cli/main.ts', 'stacks/pulumi/index.ts', 'site.schema.json']) expect(packed).toContain(f);
    expect(packed.filter((f) => /^(test|sites|bench|cdktf\.out|node_modules|\.ci|\.github)\//.test(f))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'rackshift', 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
  });

  it('installs, and `npx rackshift synth` writes every target for the folder\'s own site from the bundle', async () => {
    const env = { ...process.env };
    delete env.RACKSHIFT_OUT; // the default folder, cdktf.out (an empty value also means that)
    const { stderr } = await run('npx', ['--no-install', 'rackshift', 'synth'], { cwd: project, env });
    expect(stderr).toMatch(/^synth red-river: 39 files, 9280 GPUs, 146\.3 MW load, \d+ ms$/m);
    expect(stderr).toContain(`wrote 1 site to ${join(project, 'cdktf.out')}`);
    const tree = readTree(join(project, 'cdktf.out', 'red-river'));
    const folders = [...new Set(Object.keys(tree).map((p) => p.split('/')[0]))].sort();
    expect(folders).toEqual(['.rackshift-output', 'bare-metal', 'clusters.json', 'kubernetes', 'node-labels', 'offers', 'pulumi', 'summary.json', 'terraform']);
    // 39 rendered files (36, and node-labels/ for red-river's 3 pools) and the output marker.
    expect(Object.keys(tree)).toHaveLength(40);
    expect(JSON.parse(tree['summary.json']!).totals.gpus).toBe(9280);
    // The same bytes as synth from the clone.
    const fromClone = mkdtempSync(join(work, 'clone-out-'));
    await run(process.execPath, [join(REPO, 'bin', 'rackshift.mjs'), 'synth', join(project, 'sites'), '--out', fromClone], { cwd: project });
    expect(tree).toEqual(readTree(join(fromClone, 'red-river')));
  }, 120_000);

  it('the generated Pulumi project resolves rackshift/pulumi from node_modules and registers the site under mocks', async () => {
    const dir = join(project, 'cdktf.out', 'red-river', 'pulumi');
    expect(existsSync(join(dir, 'index.ts'))).toBe(true);
    // Mocks first, then the generated program, as `pulumi up` would run it (nodeargs --import tsx).
    writeFileSync(
      join(dir, 'mocked.mjs'),
      [
        `import * as pulumi from '@pulumi/pulumi';`,
        `const types = [];`,
        `await pulumi.runtime.setMocks({ newResource: (a) => { types.push(a.type); return { id: a.name, state: a.inputs }; }, call: (a) => a.inputs }, 'p', 's', false);`,
        `console.log('resolved ' + import.meta.resolve('rackshift/pulumi'));`,
        `await import('./index.ts');`,
        `await new Promise((r) => setTimeout(r, 500));`,
        `console.log('registered ' + types.filter((t) => t === 'rackshift:index:SiteTenancy').length + ' ' + types.length);`,
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'mocked.mjs'], { cwd: dir, maxBuffer: 64 << 20 });
    expect(stdout).toContain(`resolved file://${join(project, 'node_modules', 'rackshift', 'stacks', 'pulumi', 'index.ts')}`);
    const objects = JSON.parse(readFileSync(join(dir, 'objects.json'), 'utf8')) as unknown[];
    // One SiteTenancy, and one child resource per object in objects.json.
    expect(stdout).toContain(`registered 1 ${1 + objects.length}`);
  }, 120_000);
});
