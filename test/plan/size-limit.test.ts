/**
 * A change to a 20,000-node site: the comment stays under GitHub's limit, keeps the summary
 * line and the banner first, lists what it leaves out, and --out has everything.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { largeSiteYaml } from '../../bench/large-site';
import { GITHUB_COMMENT_LIMIT } from '../../plan/fit-comment';
import { runCli, synthFolder, tempDir, type CliRun } from './helpers';

let run: CliRun;
let full: string;

beforeAll(async () => {
  // GIVEN 20,000 DGX H100 nodes: 9 pools of 2,048 and one of 1,568, a dedicated tenant on each
  const base = largeSiteYaml(20_000);
  // WHEN the last pool grows by 32 nodes, tenant-02 halves its ask and tenant-03 leaves
  const head = base
    .replace('nodes: 1568', 'nodes: 1600')
    .replace('name: tenant-02\n      pool: h100-02\n      gpus: 8192', 'name: tenant-02\n      pool: h100-02\n      gpus: 4096')
    .replace(/ {4}- name: tenant-03\n(?: {6}.*\n)+/, '');
  expect(head).not.toContain('tenant-03');
  // one after the other: synthFolder works from its own folder
  const baseDir = await synthFolder({ 'big-1': base });
  const headDir = await synthFolder({ 'big-1': head });
  const out = join(await tempDir(), 'plan.md');
  run = await runCli(['plan', '--base', baseDir, '--head', headDir, '--out', out, '--link', 'https://ci.example/run/1']);
  full = await readFile(out, 'utf8');
}, 120_000);

describe('plan of a 20k-node site', () => {
  it('fits in one GitHub comment with the summary line and the banner first', () => {
    expect(run.code).toBe(0);
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(run.stdout.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('<!-- rackshift-plan sites=big-1 -->');
    // Adds: 32 Nodes + their 32 user-data Secrets = 64.
    // Changes: 512 (tenant-02's second half) + 1,024 (tenant-03's) nodes lose their tenant label,
    // on the Node and in its user-data Secret (kubelet labels) = 3,072; tenant-02's ResourceQuota
    // and ClusterQueue, the PriorityClass and WorkloadPriorityClass naming the tenants,
    // kubernetes/kustomization.yaml, the Terraform and Pulumi files, agent.conf, inventory.json
    // = 9; total 3,081.
    // Deletes: tenant-03's 13 tenancy objects and its ResourceFlavor = 14.
    // GPUs: + 32 × 8 = 256 → 160,256 (+0.16 %).
    expect(lines[3]).toMatch(/^\*\*\+64 to add, ~3,081 to change, -14 to destroy\*\* · GPUs 160,000 → 160,256 \(\+0\.2%\) · /);
    const banner = run.stdout.slice(run.stdout.indexOf('> [!CAUTION]'), run.stdout.indexOf('<sub>base'));
    expect(banner).toContain('tenant tenant-03 is removed: its namespace, quota and queue go (8,192 GPUs of quota, 1,024 dedicated nodes)');
    expect(banner).toContain('tenant tenant-02: GPU quota 8,192 → 4,096, below the 8,192 GPUs it asked for');
    expect(banner).toContain('tenant tenant-02 loses 512 dedicated nodes (1,024 → 512)');
    expect(banner).toContain('1,024 Nodes change tenant, tenant-03 → no tenant');
    expect(banner).toContain('512 Nodes change tenant, tenant-02 → no tenant');
    expect(banner).toContain('1 namespace deleted: tenant-03');
  });

  it('names what it leaves out, and the full plan has it', () => {
    expect(run.stdout).toContain('**kubernetes › Node**: 32 to add, 1,536 to change. Left out of this comment (too long); see the full plan: https://ci.example/run/1. Addresses: ');
    expect(run.stdout).toContain('`~h100-03-{0001..1024}`');
    expect(run.stdout).toContain('`+h100-10-{1569..1600}`');
    expect(run.stderr).toMatch(/shortened to fit 65536 characters/);
    expect(full).toMatch(/^~ Node h100-03-1024\n- {5}metadata\.labels\["rackshift\.dev\/tenant"\]: "tenant-03"$/m);
    expect(full).toMatch(/^\+ Node h100-10-1600$/m);
    // unchanged nodes appear nowhere
    expect(full).not.toContain('h100-01-');
  });
});
