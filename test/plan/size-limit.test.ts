/**
 * A change to a 20,000-node site (bench/generate.ts): the comment stays under GitHub's limit,
 * keeps the summary line and the banner first, lists what it leaves out, and --out has it all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSite } from '../../bench/generate';
import { planChange } from '../../bench/plan-change';
import { GITHUB_COMMENT_LIMIT } from '../../plan/fit-comment';
import { bannerOf, runCli, synthFolder, tempDir, type CliRun, removeTempDirs } from './helpers';

let run: CliRun;
let full: string;

beforeAll(async () => {
  // GIVEN the 20,000-node benchmark site
  const base = generateSite({ nodes: 20_000, miners: 100_000 });
  // WHEN tenant-43 leaves, tenant-42 halves its ask and dgx-h100-7 retires its last 100 nodes
  const baseDir = await synthFolder({ 'bench-20000': stringify(base) });
  const headDir = await synthFolder({ 'bench-20000': stringify(planChange(base)) });
  const out = join(await tempDir(), 'plan.md');
  run = await runCli(['plan', '--base', baseDir, '--head', headDir, '--out', out, '--link', 'https://ci.example/run/1']);
  full = await readFile(out, 'utf8');
}, 180_000);

afterAll(removeTempDirs);

describe('plan of a 20k-node site', () => {
  it('fits in one GitHub comment with the summary line and the banner first', () => {
    expect(run.code).toBe(0);
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(run.stdout.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('<!-- rackshift-plan sites=bench-20000 -->');
    // Dedicated tenants are pinned (firstNode): on dgx-h100-6 each of seven takes 214 nodes,
    // tenant-42 from node 215, tenant-43 from 429. Halving tenant-42 (1,712 → 856 GPUs = 107
    // nodes) frees nodes 322-428 (107); tenant-43 leaving frees 429-642 (214). Nobody else
    // moves. 107 + 214 = 321 nodes lose their tenant: the taint on the Node and in its user-data
    // Secret, and the isolation label in node-labels/: 3 × 321 = 963. Plus tenant-42's ResourceQuota and ClusterQueue, the PriorityClass and
    // WorkloadPriorityClass naming tenants, kustomization.yaml, the Terraform and Pulumi files,
    // agent.conf and inventory.json: 9. Changes 963 + 9 = 972.
    // Deletes: 100 Nodes + their 100 node-labels/ documents + 100 user-data Secrets +
    // tenant-43's 14 tenancy objects and its ResourceFlavor = 315. GPUs: − 100 DGX H100 × 8 = −800 (136,024 → 135,224, −0.6 %);
    // AI IT load: the 5,994 GB200 trays draw 7.33 kW each (132 kW racks), 5,994 × 0.66 kW =
    // 3.95604 MW more than at 6.67 kW, so 178.504 + 3.95604 = 182.46004 MW; − 100 × 10.2 kW =
    // −1.02 MW → 181.44004 MW.
    expect(lines[3]).toMatch(/^\*\*\+0 to add, ~972 to change, -315 to destroy\*\* · tenant \*\*tenant-42\*\* resized 1,712 → 856 GPUs · tenant \*\*tenant-43\*\* removed \(1,712 GPUs\) · pool \*\*dgx-h100-7\*\* shrunk 2,500 → 2,400 nodes · GPUs 136,024 → 135,224 \(-0\.6%\) · AI IT load 182\.5 → 181\.4 MW \(-0\.6%\) · /);
    const banner = bannerOf(run.stdout);
    expect(banner).toContain('tenant tenant-43 is removed: its namespace, quota and queue go (1,712 GPUs of quota, 214 dedicated nodes)');
    expect(banner).toContain('tenant tenant-42: GPU quota 1,712 → 856, as the head asks (1,712 → 856 GPUs asked)');
    expect(banner).toContain('tenant tenant-42 loses 107 dedicated nodes (214 → 107)');
    expect(banner).toContain('pool dgx-h100-7 shrinks 2,500 → 2,400 nodes: 100 nodes and 800 GPUs deprovisioned');
    expect(banner).toContain('107 Nodes change tenant, tenant-42 → no tenant');
    expect(banner).toContain('214 Nodes change tenant, tenant-43 → no tenant');
    expect(banner).not.toContain('tenant-44');
    expect(banner).toContain('100 Nodes deleted: dgx-h100-7-{2401..2500}');
    expect(banner).toContain('1 namespace deleted: tenant-43');
  });

  it('names what it leaves out, and the full plan has it', () => {
    expect(run.stdout).toContain('**kubernetes › Node → workload cluster (the deploy context)**: 321 to change, 100 to destroy. Left out of this comment (too long); see the full plan: https://ci.example/run/1. Addresses: ');
    expect(run.stdout).toContain('`-dgx-h100-7-{2401..2500}`');
    expect(run.stdout).toMatch(/`~dgx-h100-6-\{\d{4}\.\.\d{4}\}`/);
    expect(run.stderr).toMatch(/shortened to fit 65536 characters/);
    expect(full).toMatch(/^- Node dgx-h100-7-2500$/m);
    expect(full).toMatch(/^~ Node dgx-h100-6-0322\n- {5}metadata\.labels\["node-restriction\.kubernetes\.io\/rackshift-tenant"\]: "tenant-42"$/m);
    // nodes of untouched pools appear nowhere
    expect(full).not.toContain('dgx-b200-4-');
  });
});
