/**
 * Address stability and exhaustion: adding, retiring or removing nodes and adding pools never
 * moves another node's address; a network too small fails with the numbers.
 */
import { describe, expect, it } from 'vitest';
import { loadSite } from '../constructs/load';
import { formatDiagnostic } from '../constructs/diagnostics';
import type { ResolvedSite } from '../constructs/resolved-site';
import { writeSmallSite, type SmallSiteOptions } from './helpers/bare-metal-site';

async function site(o: SmallSiteOptions): Promise<ResolvedSite> {
  const r = await loadSite(writeSmallSite(o));
  expect(r.site, r.diagnostics.map(formatDiagnostic).join('\n')).toBeDefined();
  return r.site!;
}

function addresses(s: ResolvedSite): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of s.pools) for (const n of p.nodes) m.set(n.name, JSON.stringify(n.addresses));
  return m;
}

/** Every node present in both sites keeps exactly its addresses. */
function expectNoMoves(before: ResolvedSite, after: ResolvedSite): number {
  const a = addresses(before);
  const b = addresses(after);
  let common = 0;
  for (const [name, addr] of a) {
    if (!b.has(name)) continue;
    common++;
    expect(b.get(name), name).toBe(addr);
  }
  return common;
}

describe('addresses are stable', () => {
  it('adding nodes to a pool moves no other address', async () => {
    const before = await site({ nodesA: 8 });
    const after = await site({ nodesA: 12 });
    expect(expectNoMoves(before, after)).toBe(12);
    expect(after.pools[0]!.nodes).toHaveLength(12);
  });

  it('removing nodes from the end and retiring one in the middle moves no other address', async () => {
    const before = await site({ nodesA: 8 });
    const after = await site({ nodesA: 6, retireA: [3] });
    expect(after.pools[0]!.nodes.map((n) => n.name)).toEqual(['gpu-a-0001', 'gpu-a-0002', 'gpu-a-0004', 'gpu-a-0005', 'gpu-a-0006']);
    expect(expectNoMoves(before, after)).toBe(5 + 4);
  });

  it('adding a pool at the end moves no existing address; the new pool gets the next block', async () => {
    const before = await site({});
    const after = await site({ extraPool: true });
    expect(expectNoMoves(before, after)).toBe(12);
    // Blocks of 16 (node counts rounded up to a power of two, at least 16): gpu-c starts at offset 32;
    // with 16 reserved, its node 1 is host 16 + 32 + 1 = 49.
    expect(after.pools[2]!.nodes[0]!.addresses).toEqual({ bmc: '10.10.0.49', provisioning: '10.11.0.49', node: '10.12.0.49' });
  });

  it('a pool with a pinned block grows inside it without moving the next pool', async () => {
    // The default block is the node count rounded up to a power of two, so growing past it would
    // widen the block; pinning maxNodes keeps every later pool where it is.
    const before = await site({ maxNodesA: 64 });
    const after = await site({ maxNodesA: 64, nodesA: 40 });
    expect(expectNoMoves(before, after)).toBe(12);
    // gpu-b starts after gpu-a's 64-wide block: host 16 + 64 + 1 = 81.
    expect(after.pools[1]!.nodes[0]!.addresses.bmc).toBe('10.10.0.81');
  });
});

describe('address exhaustion', () => {
  it('a network too small for the reserved range and the pool blocks fails with the numbers', async () => {
    // /27: 30 host addresses. 16 reserved + blocks of 16 (gpu-a) + 16 (gpu-b) = 48 → short 18.
    const r = await loadSite(writeSmallSite({ bmcCidr: '10.10.0.0/27' }));
    expect(r.site).toBeUndefined();
    const line = r.diagnostics.map(formatDiagnostic).find((l) => l.includes('spec.networks.bmc.cidr'));
    expect(line).toMatch(/:\d+:\d+ spec\.networks\.bmc\.cidr: bmc network 10\.10\.0\.0\/27 has 30 host addresses; 16 reserved \+ 32 in pool blocks need 48 \(short 18\)$/);
  });
});
