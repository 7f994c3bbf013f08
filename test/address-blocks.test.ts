/**
 * Address blocks: a pool that follows another without a pinned offset is warned about (its
 * addresses would move if the earlier pool outgrew its block); pinned blocks never move, and
 * pins that overlap are an error with both ranges.
 */
import { describe, expect, it } from 'vitest';
import { mutate, resolveErrors, resolveText } from './helpers/fixture';

const NVL = '- { name: nvl-a, system: gb200-nvl72, nodes: 72, zone: hall-dlc, tier: N+1, addressOffset: 512 }';
const H100 = '- { name: h100-a, system: dgx-h100, nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N }';

describe('address blocks', () => {
  it('warns, with the offset to pin, when a block follows earlier blocks unpinned', () => {
    const site = resolveText(mutate([[NVL, NVL.replace(', addressOffset: 512', '')]]));
    const w = site.warnings.filter((x) => x.rule === 'rackshift:network/unpinned-block');
    // h100-a has 320 nodes → a block of 512 (next power of two), so nvl-a starts at 512.
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('addressOffset: 512');
    expect(w[0]!.path).toBe('spec.gpuPools[1].name');
  });

  it('keeps pinned pools\' addresses when an earlier pool\'s block grows, and shows why pins matter', () => {
    const L40S = '- { name: l40s-a, system: l40s-8gpu, nodes: 14, nodesPerRack: 7, zone: hall-air, tier: N, addressOffset: 640 }';
    // /21 networks: 2,046 hosts, room for blocks up to offset 1168 + 16 reserved.
    const wide: [string, string][] = ['bmc: { cidr: 10.10.0.0/22 }', 'provisioning: { cidr: 10.11.0.0/22 }', 'node: { cidr: 10.12.0.0/22 }'].map(
      (l) => [l, l.replace('/22', '/21').replace('10.11.', '10.16.').replace('10.12.', '10.24.')] as [string, string],
    );
    const pinned: [string, string][] = [...wide, [NVL, NVL.replace('512', '1024')], [L40S, L40S.replace('640', '1152')]];
    // h100-a's block grows from 512 (320 nodes rounded up) to 1024 addresses.
    const grow: [string, string] = [H100, H100.replace('tier: 2N }', 'tier: 2N, maxNodes: 1024 }')];
    const others = (s: ReturnType<typeof resolveText>) =>
      s.pools.filter((p) => p.name !== 'h100-a').flatMap((p) => p.nodes.map((n) => [n.name, n.addresses.node, n.addresses.bmc]));

    expect(others(resolveText(mutate([...pinned, grow])))).toEqual(others(resolveText(mutate(pinned))));

    // Unpinned, the same growth moves every later pool: nvl-a's first node goes from offset
    // 512 to 1024 (10.24.2.17 → 10.24.4.17 with 16 reserved addresses).
    const unpinned: [string, string][] = [...wide, [NVL, NVL.replace(', addressOffset: 512', '')], [L40S, L40S.replace(', addressOffset: 640', '')]];
    const first = (s: ReturnType<typeof resolveText>) => s.pools.find((p) => p.name === 'nvl-a')!.nodes[0]!.addresses.node;
    expect(first(resolveText(mutate(unpinned)))).toBe('10.24.2.17');
    expect(first(resolveText(mutate([...unpinned, grow])))).toBe('10.24.4.17');
  });

  it('fails with both ranges when an earlier pool grows into a pinned block', () => {
    // h100-a grows 320 → 600 nodes: block 1024 (0–1023) overlaps nvl-a's pinned 512–639.
    const errors = resolveErrors(mutate([[H100, H100.replace('nodes: 320', 'nodes: 600')]]));
    const overlap = errors.find((x) => x.rule === 'rackshift:network/pool-overlap');
    expect(overlap?.message).toMatch(/address block 512-639 of nvl-a overlaps h100-a \(0-1023\)/);
  });
});
