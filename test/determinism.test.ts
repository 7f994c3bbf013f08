/**
 * Same input, same bytes; and stable names and addresses: adding a node or a tenant, or
 * retiring a node, never moves what already exists.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSite } from '../constructs/load';
import type { ResolvedNode, ResolvedSite } from '../constructs/resolved-site';
import { readTree, REPO, runMain } from './helpers/cli';
import { mutate, SMALL_SITE_FILE, tempDir, writeSite } from './helpers/fixture';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function resolveText(name: string, text: string): Promise<ResolvedSite> {
  const loaded = await loadSite(writeSite(dir, name, text));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.site!;
}

const nodesByName = (site: ResolvedSite) => new Map<string, ResolvedNode>(site.pools.flatMap((p) => p.nodes.map((n) => [n.name, n] as const)));

describe('determinism', () => {
  it('two synths of the same sites give byte-identical trees', async () => {
    const sites = [join(REPO, 'sites'), SMALL_SITE_FILE];
    const a = await runMain(['synth', ...sites, '--out', join(dir, 'a')]);
    const b = await runMain(['synth', ...sites, '--out', join(dir, 'b')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const treeA = readTree(join(dir, 'a'));
    expect(Object.keys(treeA).length).toBeGreaterThanOrEqual(2);
    expect(readTree(join(dir, 'b'))).toEqual(treeA);
  });
});

describe('stable names and addresses', () => {
  it('adding a node to a pool changes no existing node', async () => {
    const before = await resolveText('base', mutate([]));
    const after = await resolveText('plus-one', mutate([['nodes: 320,', 'nodes: 321,']]));
    const old = nodesByName(before);
    const now = nodesByName(after);
    expect(now.size).toBe(old.size + 1);
    for (const [name, node] of old) expect(now.get(name), name).toEqual(node);
    // The new node takes the next index and the next address in the pool's block.
    const added = now.get('h100-a-0321')!;
    expect(added.addresses.bmc).toBe('10.10.1.81'); // 10.10.0.0 + 16 reserved + offset 0 + index 321 = .337 → 10.10.1.81
  });

  it('adding a tenant at the end moves no other tenant\'s nodes', async () => {
    const before = await resolveText('tenants-base', mutate([]));
    const after = await resolveText('tenants-plus', mutate([[
      '    - { name: lumen, pool: l40s-a, gpus: 64, isolation: shared }\n',
      '    - { name: lumen, pool: l40s-a, gpus: 64, isolation: shared }\n    - { name: zeta, pool: h100-a, gpus: 64, isolation: dedicated }\n',
    ]]));
    for (const t of before.tenants) expect(after.tenants.find((x) => x.name === t.name)!.nodeNames).toEqual(t.nodeNames);
    // zeta takes the next 8 free nodes after acme's 128.
    expect(after.tenants.find((t) => t.name === 'zeta')!.nodeNames).toEqual(['h100-a-0129', 'h100-a-0130', 'h100-a-0131', 'h100-a-0132', 'h100-a-0133', 'h100-a-0134', 'h100-a-0135', 'h100-a-0136']);
    const old = nodesByName(before);
    for (const [name, node] of nodesByName(after)) {
      if (node.tenant === 'zeta') continue;
      expect(node, name).toEqual(old.get(name));
    }
  });

  it('retiring a node frees its name and address without moving others', async () => {
    const before = await resolveText('retire-base', mutate([]));
    const after = await resolveText('retire-5', mutate([['zone: hall-rd, tier: 2N', 'zone: hall-rd, tier: 2N, retire: [5]']]));
    const old = nodesByName(before);
    const now = nodesByName(after);
    expect(now.has('h100-a-0005')).toBe(false);
    expect(now.size).toBe(old.size - 1);
    const freed = old.get('h100-a-0005')!.addresses;
    for (const [name, node] of now) {
      // Ownership of the pool's dedicated nodes shifts by one (acme takes one more node at
      // the end), but names, racks and addresses never move.
      expect({ ...node, tenant: undefined, labels: undefined, isolationLabels: undefined, taints: undefined }, name).toEqual({ ...old.get(name)!, tenant: undefined, labels: undefined, isolationLabels: undefined, taints: undefined });
      expect(Object.values(node.addresses)).not.toContain(freed.bmc);
      expect(Object.values(node.addresses)).not.toContain(freed.node);
    }
    // acme still has 128 nodes: 1-4 and 6-129.
    const acme = after.tenants.find((t) => t.name === 'acme')!;
    expect(acme.nodeNames).toHaveLength(128);
    expect(acme.nodeNames).not.toContain('h100-a-0005');
    expect(acme.nodeNames.at(-1)).toBe('h100-a-0129');
  });
});
