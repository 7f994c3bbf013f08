/**
 * BASE and HEAD as git revisions: each revision's sites are exported and synthesized with the
 * current code; the user's working tree, index, stash and worktree list stay as they were.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cp } from 'node:fs/promises';
import { INVENTORY, permianText, runCli, tempDir, removeTempDirs } from './helpers';

let repo: string;
const startDir = process.cwd();

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.net', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
}

beforeAll(async () => {
  repo = await tempDir('rackshift-plan-git-');
  git('init', '-q', '-b', 'main');
  await writeFile(join(repo, 'README.md'), 'a site repository\n');
  git('add', '.');
  git('commit', '-qm', 'start, no sites yet');
  const text = await permianText();
  await mkdir(join(repo, 'sites'));
  await cp(INVENTORY, join(repo, 'sites', 'inventory'), { recursive: true });
  await writeFile(join(repo, 'sites', 'permian-1.yaml'), text);
  git('add', '.');
  git('commit', '-qm', 'permian-1');
  await writeFile(join(repo, 'sites', 'permian-1.yaml'), text.replace('nodes: 768', 'nodes: 832'));
  git('commit', '-qam', 'grow h100-a');
  // uncommitted work the plan must not disturb
  await writeFile(join(repo, 'sites', 'permian-1.yaml'), text.replace('nodes: 768', 'nodes: 784'));
  await writeFile(join(repo, 'notes.txt'), 'untracked\n');
});

afterEach(() => process.chdir(startDir));

async function planIn(dir: string, args: string[]) {
  process.chdir(dir);
  return runCli(['plan', ...args]);
}

afterAll(removeTempDirs);

describe('plan between git revisions', () => {
  it('synthesizes both revisions and leaves the working tree alone', async () => {
    const status = git('status', '--porcelain');
    const run = await planIn(repo, ['--base', 'HEAD~1', '--head', 'HEAD', '--detailed-exitcode']);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(2);
    // 64 more DGX H100 nodes: 64 × 8 = 512 GPUs, 9,216 → 9,728 (+5.6 %)
    expect(run.stdout).toMatch(/· GPUs 9,216 → 9,728 \(\+5\.6%\) ·/);
    const sha = git('rev-parse', '--short=7', 'HEAD~1').trim();
    expect(run.stdout).toContain(`base \`HEAD~1 (${sha})\``);
    expect(git('status', '--porcelain')).toBe(status);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(git('stash', 'list')).toBe('');
  });

  it('runs from a subfolder, with site paths relative to it', async () => {
    const run = await planIn(join(repo, 'sites'), ['--base', 'HEAD~1', '--head', 'HEAD', '.', '--format', 'json']);
    const plan = JSON.parse(run.stdout);
    expect(plan.sites.map((s: { name: string }) => s.name)).toEqual(['permian-1']);
    expect(plan.sites[0].metrics.find((m: { key: string }) => m.key === 'nodes')).toMatchObject({ old: 1152, new: 1216 });
  });

  it('a revision without the sites folder has no sites: everything is added', async () => {
    const run = await planIn(repo, ['--base', 'HEAD~2', '--head', 'HEAD', '--format', 'json']);
    const plan = JSON.parse(run.stdout);
    expect(plan.sites[0]).toMatchObject({ name: 'permian-1', status: 'added' });
  });

  it('mixes a revision with an output folder', async () => {
    const out = join(await tempDir(), 'out');
    process.chdir(repo);
    const { main } = await import('../../cli/main');
    expect(await main(['synth', 'sites', '--out', out])).toBe(0);
    // the output folder holds the uncommitted version (h100-a at 784 nodes, 48 fewer than HEAD)
    const run = await planIn(repo, ['--base', 'HEAD', '--head', out, '--format', 'json']);
    const plan = JSON.parse(run.stdout);
    expect(plan.sites[0].metrics.find((m: { key: string }) => m.key === 'nodes')).toMatchObject({ old: 1216, new: 1168 });
  });

  it('a revision whose site does not synthesize fails with its problems, placed at rev:file:line', async () => {
    git('stash', '-q', '-u');
    try {
      git('checkout', '-q', '-b', 'broken');
      const text = await permianText();
      await writeFile(join(repo, 'sites', 'permian-1.yaml'), text.replace('zone: hall-2\n      tier: 2N\n    - name: h200-a', 'zone: hall-9\n      tier: 2N\n    - name: h200-a'));
      git('commit', '-qam', 'a pool in a zone that does not exist');
      git('checkout', '-q', 'main');
    } finally {
      git('stash', 'pop', '-q');
    }
    const run = await planIn(repo, ['--base', 'main', '--head', 'broken', '--detailed-exitcode']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^broken:sites\/permian-1\.yaml:\d+:\d+ spec\.gpuPools\[0\]\.zone: .*hall-9/m);
    expect(run.stdout).toBe('');
  });

  it('--head defaults to the working tree, and says it holds uncommitted edits', async () => {
    // Working tree: h100-a at 784 nodes (uncommitted); HEAD: 832. 48 fewer nodes × 8 = 384 GPUs: 9,728 → 9,344.
    const run = await planIn(repo, ['--base', 'HEAD']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/· GPUs 9,728 → 9,344 \(-3\.9%\) ·/);
    expect(run.stdout).toContain('head `working tree`');
    expect(run.stdout).toContain('> [!NOTE]\n> The head is the working tree, with uncommitted edits in `sites/permian-1.yaml`.');
    expect(run.stderr).toContain('plan: note: The head is the working tree, with uncommitted edits in sites/permian-1.yaml.');
  });

  it('with --head HEAD, notes the site files whose uncommitted edits it leaves out', async () => {
    const run = await planIn(repo, ['--base', 'HEAD~1', '--head', 'HEAD']);
    expect(run.stdout).toContain('> `sites/permian-1.yaml` has uncommitted edits that HEAD does not include; leave out --head to plan the working tree.');
    // A clean tree has no note: notes.txt is untracked but not a site file.
    git('stash', '-q');
    try {
      const clean = await planIn(repo, ['--base', 'HEAD~1', '--head', 'HEAD']);
      expect(clean.stdout).not.toContain('[!NOTE]');
      const worktree = await planIn(repo, ['--base', 'HEAD~1']);
      expect(worktree.stdout).not.toContain('[!NOTE]');
      expect(worktree.stdout).toMatch(/· GPUs 9,216 → 9,728 \(\+5\.6%\) ·/);
    } finally {
      git('stash', 'pop', '-q');
    }
  });

  it('an unknown revision is an error, exit 1 with --detailed-exitcode and 2 without', async () => {
    const detailed = await planIn(repo, ['--base', 'no-such-branch', '--head', 'HEAD', '--detailed-exitcode']);
    expect(detailed.code).toBe(1);
    expect(detailed.stderr).toContain('no-such-branch: neither an output folder nor a git revision');
    expect((await planIn(repo, ['--base', 'no-such-branch', '--head', 'HEAD'])).code).toBe(2);
  });
});
