/**
 * The comment a reviewer reads for the most common change: one new 32-node tenant on
 * permian-1, with every real target (Kubernetes manifests, Terraform, Pulumi, bare metal).
 * It must read in seconds: at most 15,000 characters, the tenant named on the summary line,
 * each object shown once (Terraform and Pulumi are one note), Secrets only named, and the new
 * tenant's objects read against an existing tenant's.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../../stacks';
import { synthesize, writeOutput } from '../../synth/synthesize';
import { INVENTORY, permianText, removeTempDirs, runCli, tempDir } from './helpers';

// h100-a has 768 nodes; acme-ai takes 512 (1–512), borealis-labs 128 (513–640): 641–672 are free.
const TENANT = '    - { name: zephyr-ai, pool: h100-a, gpus: 256, isolation: dedicated, admins: [zephyr-admins], firstNode: 641 }\n';

async function realSynth(text: string): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'sites'));
  await cp(INVENTORY, join(dir, 'sites', 'inventory'), { recursive: true });
  await writeFile(join(dir, 'sites', 'permian-1.yaml'), text);
  const r = await synthesize(['sites'], TARGETS, { cwd: dir });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  await writeOutput(join(dir, 'out'), r.sites);
  return join(dir, 'out');
}

afterAll(removeTempDirs);

describe('the reviewer comment for one new 32-node tenant', () => {
  it('is at most 15,000 characters and names the tenant on the summary line', async () => {
    const base = await permianText();
    const head = base.replace(/^  networks:$/m, `${TENANT}  networks:`);
    expect(head).not.toBe(base);
    const md = (await runCli(['plan', '--base', await realSynth(base), '--head', await realSynth(head)])).stdout;

    expect(md.length).toBeLessThanOrEqual(15_000);
    const summary = md.split('\n').find((l) => l.startsWith('**+'))!;
    // 32 nodes × 8 GPUs = 256 GPUs on h100-a.
    expect(summary).toContain('tenant **zephyr-ai** added (256 GPUs on h100-a)');
    expect(summary.split(' · ').length - 1).toBeLessThanOrEqual(8);
    // Nothing was cut to fit.
    expect(md).not.toContain('Left out of this comment');
    // Terraform and Pulumi: one note, not ~900 lines of cdk.tf.json.
    expect(md).toMatch(/pulumi \(`pulumi\/objects\.json`\) and terraform \(`terraform\/stacks\/permian-1\/cdk\.tf\.json`\) change the same \d+ objects as kubernetes\/ above/);
    expect(md).not.toContain('terraform › File');
    // The 32 user-data Secrets: one line, by name, never "(redacted) → (redacted)".
    expect(md).toContain('~ 32 Secrets baremetal-operator-system/h100-a-{0641..0672}-user-data: content changed (secret, not shown)');
    expect(md).not.toContain('"(redacted)"');
    // The new tenant's Roles read as acme-ai's (the same RBAC), not as 200 lines of rules.
    expect(md).toMatch(/^\+ Role zephyr-ai\/tenant-admin as Role [a-z-]+\/tenant-admin, names aside$/m);
    // Its quota differs from the template only in its numbers, which are shown: 32 nodes × 8 = 256 GPUs.
    expect(md).toMatch(/^\+ {5}spec\.hard\["requests\.nvidia\.com\/gpu"\]: "256"$/m);
  });
});
