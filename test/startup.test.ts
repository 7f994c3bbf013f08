/**
 * Start-up: a command loads only what it uses. The real bin runs with a loader hook that
 * names every module it loads (test/support/log-loads.mjs), and the tests read that list.
 * Also: when bin/rackshift.mjs may run the bundle instead of the sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without type declarations
import { freshBundle } from '../bin/fresh-bundle.mjs';
import { REPO } from './helpers/cli';

function loadsOf(argv: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number | null; modules: string[] } {
  const r = spawnSync(process.execPath, ['--import', join(REPO, 'test', 'support', 'log-loads.mjs'), join(REPO, 'bin', 'rackshift.mjs'), ...argv], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, RACKSHIFT_CRDS: '', ...env },
  });
  const modules = r.stderr.split('\n').filter((l) => l.startsWith('loaded ')).map((l) => l.slice('loaded '.length));
  return { code: r.status, modules };
}

const packagesIn = (modules: readonly string[]) =>
  [...new Set(modules.flatMap((m) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1] ?? []))].sort();
const COMMAND_CHUNK = /\/dist\/chunks\/(synth|validate|plan|deploy|schema|size|dispatch|catalog)-[^/]+\.js$/;
const HEAVY = ['@pulumi/pulumi', '@pulumi/kubernetes', '@kubernetes/client-node', 'kubernetes-models', 'cdktn'];

describe('rackshift loads only what a command uses', () => {
  // The global setup (test/support/bundle-setup.ts) leaves a fresh bundle in dist/.
  it('--version and --help load no command and no package', () => {
    for (const argv of [['--version'], ['--help']]) {
      const { code, modules } = loadsOf(argv);
      expect(code).toBe(0);
      expect(modules.some((m) => m.endsWith('/dist/main.js'))).toBe(true);
      // Only what main.ts imports itself (diagnostics, esbuild's helpers); no command's chunk.
      expect(modules.filter((m) => COMMAND_CHUNK.test(m))).toEqual([]);
      expect(packagesIn(modules)).toEqual([]);
    }
  });

  it('validate without CRDs loads none of deploy, Pulumi, cdktn or the Kubernetes client and models', () => {
    const { code, modules } = loadsOf(['validate', 'sites/permian-1.yaml']);
    expect(code).toBe(0);
    expect(modules.some((m) => /\/dist\/chunks\/validate-[^/]+\.js$/.test(m))).toBe(true);
    expect(modules.filter((m) => COMMAND_CHUNK.test(m) && !m.includes('/validate-'))).toEqual([]);
    expect(packagesIn(modules).filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('synth loads cdktn (it renders Terraform) but not Pulumi or the Kubernetes client', () => {
    const out = mkdtempSync(join(tmpdir(), 'rackshift-startup-'));
    try {
      const { code, modules } = loadsOf(['synth', 'sites/permian-1.yaml', '--out', out]);
      expect(code).toBe(0);
      const packages = packagesIn(modules);
      expect(packages).toContain('cdktn');
      expect(packages.filter((p) => p.startsWith('@pulumi/') || p === '@kubernetes/client-node')).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('freshBundle: the bundle runs only while no source is newer than its build', () => {
  const root = mkdtempSync(join(tmpdir(), 'rackshift-bundle-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const builtAt = Date.UTC(2026, 0, 1);
  const setMtime = (file: string, ms: number) => utimesSync(join(root, file), ms / 1000, ms / 1000);
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'cli'));
  writeFileSync(join(root, 'dist', 'inputs.json'), JSON.stringify({ builtAt, inputs: ['cli/main.ts', 'cli/args.ts'] }));
  writeFileSync(join(root, 'cli', 'main.ts'), '');
  writeFileSync(join(root, 'cli', 'args.ts'), '');

  it('uses dist/main.js when every source is as old as the build or older', () => {
    setMtime('cli/main.ts', builtAt);
    setMtime('cli/args.ts', Date.UTC(1985, 9, 26));
    expect(freshBundle(root, {})).toBe(join(root, 'dist', 'main.js'));
  });

  it('runs the sources after one is edited, when one is gone, or with RACKSHIFT_NO_BUNDLE=1', () => {
    setMtime('cli/args.ts', builtAt);
    expect(freshBundle(root, { RACKSHIFT_NO_BUNDLE: '1' })).toBeUndefined();
    setMtime('cli/args.ts', builtAt + 1); // one millisecond after the build started
    expect(freshBundle(root, {})).toBeUndefined();
    rmSync(join(root, 'cli', 'args.ts'));
    expect(freshBundle(root, {})).toBeUndefined();
  });

  it('in an installed package (under node_modules/) uses the bundle whatever the dates', () => {
    // npm dates unpacked files to the install, after the bundle was built by `npm pack`.
    const installed = join(root, 'node_modules', 'rackshift');
    mkdirSync(join(installed, 'dist'), { recursive: true });
    expect(freshBundle(installed, {})).toBeUndefined(); // no bundle: the sources
    writeFileSync(join(installed, 'dist', 'main.js'), '');
    expect(freshBundle(installed, {})).toBe(join(installed, 'dist', 'main.js'));
  });
});

describe('without a bundle', () => {
  it('runs the sources through tsx', () => {
    const { code, modules } = loadsOf(['--version'], { RACKSHIFT_NO_BUNDLE: '1' });
    expect(code).toBe(0);
    expect(modules.some((m) => m.endsWith('/cli/main.ts'))).toBe(true);
    expect(modules.some((m) => m.includes(`${REPO}/dist/`))).toBe(false);
  });
});
