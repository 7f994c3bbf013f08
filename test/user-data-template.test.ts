/**
 * cloud-init.ts poolUserDataSecret splices each node into a per-rack template; it must give
 * the same bytes as writing each node's Secret out in full (userDataSecret), for host and
 * operator drivers, with and without a power cap, and for node names YAML would quote.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateSite } from '../bench/generate';
import { loadSite } from '../constructs/load';
import type { ResolvedSite } from '../constructs/resolved-site';
import { poolUserData, poolUserDataSecret, userDataSecret } from '../stacks/bare-metal/cloud-init';
import { REPO } from './helpers/cli';
import { SMALL_SITE, resolveText } from './helpers/fixture';

function compare(site: ResolvedSite): number {
  let nodes = 0;
  for (const pool of site.pools) {
    const fast = poolUserDataSecret(site, pool);
    const full = poolUserData(site, pool);
    for (const node of pool.nodes) {
      expect(fast(node), node.name).toBe(userDataSecret(site, pool, node, full));
      nodes++;
    }
  }
  return nodes;
}

describe('user-data Secrets from templates', () => {
  it('match the Secrets written in full on the example sites and a generated site', async () => {
    const sites = [
      (await loadSite(join(REPO, 'sites', 'permian-1.yaml'))).site!,
      (await loadSite(join(REPO, 'sites', 'red-river.yaml'))).site!,
      resolveText(stringify(generateSite({ nodes: 2_000, miners: 100 }))),
    ];
    // Every node of every pool was compared (permian-1 and red-river have hundreds each).
    expect(sites.map(compare).reduce((a, b) => a + b)).toBeGreaterThan(2_000);
  });

  it.each([
    ['a power cap, host driver', SMALL_SITE.replace('nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N', 'nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N, powerCapKW: 8, driver: host')],
    ['a power cap, operator driver', SMALL_SITE.replace('nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N', 'nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N, powerCapKW: 8, driver: operator')],
    // Names starting with a digit are quoted by the YAML writer: those nodes are written in full.
    ['node names YAML quotes', SMALL_SITE.replaceAll('h100-a', '1h100')],
  ])('match with %s', (_what, text) => {
    expect(text).not.toBe(SMALL_SITE);
    const site = resolveText(text);
    expect(compare(site)).toBe(site.pools.reduce((n, p) => n + p.nodes.length, 0));
    if (text.includes('1h100')) expect(poolUserDataSecret(site, site.pools.find((p) => p.name === '1h100')!)(site.pools.find((p) => p.name === '1h100')!.nodes[0]!)).toContain('name: "1h100-0001-user-data"');
  });
});
