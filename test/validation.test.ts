/**
 * One bad site per validation rule, each made by changing a line or two of the small fixture
 * (test/fixtures/small-site.yaml). For each: `rackshift synth` exits 1, the message names the
 * file, line and column, the field path and the numbers with units, no stack trace is shown,
 * and the output folder of an earlier good synth is byte-identical afterwards.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, runMain, STACK_FRAME } from './helpers/cli';
import { mutate, SMALL_SITE_FILE, tempDir, writeSite } from './helpers/fixture';

interface BadCase {
  /** What the rule checks. */
  readonly rule: string;
  readonly change: readonly (readonly [string, string])[];
  /** `line:col` of the field in the mutated file. */
  readonly at: string;
  readonly path: string;
  /** Parts the message must contain (numbers with units, the names involved). */
  readonly says: readonly string[];
}

const CASES: readonly BadCase[] = [
  {
    // Usable at 55 %: 0.55 × (10 + 9.0829 + 12 + 8) = 21.4956 MW < 22.8869 MW of load (short 1.3913).
    // AI: 3.9168 + 0.67776 (nvl-a, 72 × 7.33 kW + 150 kW) + 0.0728 = 4.6674 MW.
    rule: 'rackshift:power/normal-load',
    change: [['continuousLoadFactor: 0.8', 'continuousLoadFactor: 0.55']],
    at: '12:5',
    path: 'spec.power.feeds',
    says: ['draws 22.9 MW', 'AI 4.7 MW', 'mining 18.2 MW', 'give 21.5 MW usable at 55 % continuous load', '(short 1.4 MW)'],
  },
  {
    // Feeds a1 2 MW, a2 √3×13.8×100×0.95 = 2.2707 MW, b1 30 MW, b2 1 MW; usable ×0.8. Losing b1
    // (24 MW) leaves 1.6 + 1.8166 + 0.8 = 4.2166 MW for h100-a 3.9168 + nvl-a 0.67776 = 4.59456 MW
    // (short 0.37796).
    rule: 'rackshift:power/tier-nplus1',
    change: [
      ['{ name: feed-a1, capacityMW: 10,', '{ name: feed-a1, capacityMW: 2,'],
      ['amps: 400', 'amps: 100'],
      ['{ name: feed-b1, capacityMW: 12,', '{ name: feed-b1, capacityMW: 30,'],
      ['{ name: feed-b2, capacityMW: 8,', '{ name: feed-b2, capacityMW: 1,'],
      ['zone: hall-rd, tier: 2N', 'zone: hall-rd, tier: N+1'],
    ],
    at: '29:7',
    path: 'spec.gpuPools[1]',
    says: ['N+1 power for h100-a, nvl-a needs 4.6 MW', 'losing feed feed-b1 leaves 4.2 MW', '(short 0.38 MW)'],
  },
  {
    // Group a: 0.8 × (2 + 2.2707) = 3.4166 MW survives the loss of group b; h100-a needs 3.9168 MW.
    rule: 'rackshift:power/tier-2n',
    change: [
      ['{ name: feed-a1, capacityMW: 10,', '{ name: feed-a1, capacityMW: 2,'],
      ['amps: 400', 'amps: 100'],
      ['{ name: feed-b1, capacityMW: 12,', '{ name: feed-b1, capacityMW: 30,'],
    ],
    at: '28:7',
    path: 'spec.gpuPools[0]',
    says: ['2N power for h100-a needs 3.9 MW', 'losing group b leaves 3.4 MW', '(short 0.50 MW)'],
  },
  {
    rule: 'rackshift:power/tier-2n (one group)',
    change: [
      ['capacityMW: 12, group: b', 'capacityMW: 12, group: a'],
      ['capacityMW: 8, group: b', 'capacityMW: 8, group: a'],
    ],
    at: '28:7',
    path: 'spec.gpuPools[0]',
    says: ['2N power for h100-a needs 3.9 MW', 'one redundancy group (a)', '0.00 MW', '(short 3.9 MW)'],
  },
  {
    // 320 × 10.2 kW = 3,264 kW of heat in hall-rd.
    rule: 'rackshift:cooling/capacity',
    change: [['capacityKW: 4000', 'capacityKW: 3000']],
    at: '20:43',
    path: 'spec.cooling.zones[1].capacityKW',
    says: ['zone hall-rd must reject 3,264 kW', 'can reject 3,000 kW', '(short 264 kW)'],
  },
  {
    // 5 × 10.2 = 51 kW per rack in a 45 kW zone.
    rule: 'rackshift:cooling/rack-density',
    change: [['nodes: 320, nodesPerRack: 4', 'nodes: 320, nodesPerRack: 5']],
    at: '28:53',
    path: 'spec.gpuPools[0].nodesPerRack',
    says: ['draw 51 kW (5 × 10.2 kW)', 'at most 45 kW per rack', '(over by 6 kW)'],
  },
  {
    rule: 'rackshift:cooling/type (miners)',
    change: [['model: antminer-s21, count: 100', 'model: antminer-s21-hydro, count: 100']],
    at: '26:66',
    path: 'spec.mining.fleets[2].zone',
    says: ['Antminer S21 Hydro needs hydro cooling', 'zone hall-air is air'],
  },
  {
    rule: 'rackshift:cooling/type (GPUs)',
    change: [['nodes: 72, zone: hall-dlc', 'nodes: 72, zone: hall-rd']],
    at: '29:54',
    path: 'spec.gpuPools[1].zone',
    says: ['GB200 NVL72 (rack-scale) needs liquid cooling', 'zone hall-rd is rear-door (takes air)'],
  },
  {
    // 320 nodes / 4 per rack = 80 racks.
    rule: 'rackshift:floor/racks',
    change: [['pue: 1.2, racks: 90', 'pue: 1.2, racks: 70']],
    at: '20:86',
    path: 'spec.cooling.zones[1].racks',
    says: ['needs 80 rack positions (80 GPU, 0 mining)', 'has 70', '(short 10)'],
  },
  {
    rule: 'rackshift:ref/zone',
    change: [['nodesPerRack: 4, zone: hall-rd', 'nodesPerRack: 4, zone: hall-9']],
    at: '28:70',
    path: 'spec.gpuPools[0].zone',
    says: ['no zone "hall-9"', '(zones: hall-air, hall-rd, hall-dlc)'],
  },
  {
    rule: 'rackshift:ref/zone (fleet)',
    change: [['count: 3000, zone: hall-air', 'count: 3000, zone: hall-b']],
    at: '25:65',
    path: 'spec.mining.fleets[1].zone',
    says: ['no zone "hall-b"', '(zones: hall-air, hall-rd, hall-dlc)'],
  },
  {
    rule: 'rackshift:ref/pool',
    change: [['name: bravo, pool: h100-a', 'name: bravo, pool: h100-z']],
    at: '33:22',
    path: 'spec.tenants[1].pool',
    says: ['no GPU pool "h100-z"', '(pools: h100-a, nvl-a, l40s-a)'],
  },
  {
    rule: 'DNS-1123 names',
    change: [['name: acme,', 'name: Acme_AI,']],
    at: '32:9',
    path: 'spec.tenants[0].name',
    says: ['must be a DNS-1123 label', 'got "Acme_AI"'],
  },
  {
    rule: 'rackshift:names/duplicate',
    change: [['name: bravo,', 'name: acme,']],
    at: '33:9',
    path: 'spec.tenants[1].name',
    says: ['duplicate name "acme"', '(also at spec.tenants[0])'],
  },
  {
    // l40s-a: 14 nodes × 8 GPUs = 112.
    rule: 'rackshift:tenant/gpus',
    change: [['gpus: 64,', 'gpus: 200,']],
    at: '35:36',
    path: 'spec.tenants[3].gpus',
    says: ['asks for 200 GPUs', 'pool l40s-a has 112 (14 nodes × 8; short 88)'],
  },
  {
    // acme 2048 / 8 = 256 nodes, bravo 640 / 8 = 80 nodes: 336 > 320.
    rule: 'rackshift:tenant/pool-full (dedicated)',
    change: [
      ['gpus: 1024,', 'gpus: 2048,'],
      ['gpus: 512, isolation: shared', 'gpus: 640, isolation: dedicated'],
    ],
    at: '33:36',
    path: 'spec.tenants[1].gpus',
    says: ['dedicated tenants on h100-a need 336 nodes', 'the pool has 320', '(short 16)'],
  },
  {
    // (320 − 128 dedicated nodes) × 8 = 1,536 GPUs left for shared tenants.
    rule: 'rackshift:tenant/pool-full (shared)',
    change: [['gpus: 512, isolation: shared', 'gpus: 1600, isolation: shared']],
    at: '33:36',
    path: 'spec.tenants[1].gpus',
    says: ['ask for 1600 shared GPUs', '1536 GPUs remain after dedicated nodes', '(short 64)'],
  },
  {
    // Blocks 512 (h100-a) + 128 (nvl-a) + 16 (l40s-a) + 16 reserved = 672 > 510 in a /23.
    rule: 'rackshift:network/exhausted',
    change: [['10.10.0.0/22', '10.10.0.0/23']],
    at: '37:12',
    path: 'spec.networks.bmc.cidr',
    says: ['10.10.0.0/23 has 510 host addresses', '16 reserved + 656 in pool blocks need 672', '(short 162)'],
  },
  {
    rule: 'rackshift:network/gateway',
    change: [['bmc: { cidr: 10.10.0.0/22 }', 'bmc: { cidr: 10.10.0.0/22, gateway: 10.20.0.1 }']],
    at: '37:32',
    path: 'spec.networks.bmc.gateway',
    says: ['gateway 10.20.0.1 is not inside 10.10.0.0/22'],
  },
  {
    rule: 'rackshift:network/cidr',
    change: [['10.11.0.0/22', '10.11.0.5/22']],
    at: '38:21',
    path: 'spec.networks.provisioning.cidr',
    says: ['"10.11.0.5/22" is not a network address'],
  },
  {
    rule: 'rackshift:mining/retire',
    change: [['retire: 500', 'retire: 2500']],
    at: '24:61',
    path: 'spec.mining.fleets[0].retire',
    says: ['retires 2500 miners', 'only 2000 are installed', '(over by 500)'],
  },
  {
    rule: 'rackshift:pool/retire',
    change: [['zone: hall-rd, tier: 2N', 'zone: hall-rd, tier: 2N, retire: [3, 400]']],
    at: '28:107',
    path: 'spec.gpuPools[0].retire[1]',
    says: ['node index 400 is beyond the pool\'s 320 nodes'],
  },
  {
    rule: 'rackshift:catalog/unknown-asic',
    change: [['model: antminer-s19-xp,', 'model: antminer-s99,']],
    at: '24:24',
    path: 'spec.mining.fleets[0].model',
    says: ['unknown miner model "antminer-s99"', 'antminer-s21-xp-hydro', 'add it under spec.catalog.asics'],
  },
  {
    rule: 'rackshift:catalog/unknown-system',
    change: [['system: dgx-h100,', 'system: dgx-h900,']],
    at: '28:23',
    path: 'spec.gpuPools[0].system',
    says: ['unknown GPU system "dgx-h900"', 'gb200-nvl72', 'add it under spec.catalog.systems'],
  },
  {
    rule: 'rackshift:power/feed-capacity (both)',
    change: [['{ name: feed-a2, electrical', '{ name: feed-a2, capacityMW: 9, electrical']],
    at: '14:9',
    path: 'spec.power.feeds[1]',
    says: ['feed feed-a2 gives both capacityMW and electrical; give one'],
  },
  {
    rule: 'rackshift:power/feed-capacity (neither)',
    change: [['{ name: feed-a1, capacityMW: 10, group: a', '{ name: feed-a1, group: a']],
    at: '13:9',
    path: 'spec.power.feeds[0]',
    says: ['feed feed-a1 needs capacityMW or electrical'],
  },
  {
    rule: 'rackshift:tenant/reserved-name',
    change: [['name: acme,', 'name: kube-system,']],
    at: '32:9',
    path: 'spec.tenants[0].name',
    says: ['"kube-system" is a reserved namespace'],
  },
  {
    rule: 'rackshift:cooling/overhead',
    change: [['overheadKW: 150', 'overheadKW: 150, pue: 1.1']],
    at: '21:9',
    path: 'spec.cooling.zones[2]',
    says: ['zone hall-dlc gives both pue and overheadKW; give one'],
  },
  {
    rule: 'rackshift:pool/rack-scale',
    change: [['nodes: 72, zone', 'nodes: 72, nodesPerRack: 16, zone']],
    at: '29:54',
    path: 'spec.gpuPools[1].nodesPerRack',
    says: ['rack-scale system with 18 nodes per rack; got 16'],
  },
];

describe('a bad site per validation rule', () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  let before: Record<string, string>;

  beforeAll(async () => {
    const good = await runMain(['synth', SMALL_SITE_FILE, '--out', out]);
    expect(good.code, good.stderr).toBe(0);
    before = readTree(out);
    expect(Object.keys(before)).toContain('small-1/summary.json');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES.map((c) => [c.rule, c] as const))('%s', async (_rule, c) => {
    const file = writeSite(dir, `bad-${CASES.indexOf(c)}`, mutate(c.change));
    const r = await runMain(['synth', file, '--out', out]);
    expect(r.code).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.startsWith(`${file}:${c.at} ${c.path}: `));
    expect(line, `no line "${file}:${c.at} ${c.path}: …" in:\n${r.stderr}`).toBeDefined();
    for (const part of c.says) expect(line).toContain(part);
    expect(r.stderr).toMatch(/\d+ errors?; nothing was written/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readTree(out)).toEqual(before);
  });

  it('reports every problem at once, not just the first', async () => {
    // nvl-a moved to the rear-door hall: wrong cooling type AND too dense; plus an unknown pool.
    const file = writeSite(dir, 'many', mutate([
      ['nodes: 72, zone: hall-dlc', 'nodes: 72, zone: hall-rd'],
      ['name: bravo, pool: h100-a', 'name: bravo, pool: h100-z'],
    ]));
    const r = await runMain(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:29:54 spec.gpuPools[1].zone: NVIDIA GB200 NVL72 (rack-scale) needs liquid cooling`);
    expect(r.stderr).toContain(`${file}:29:7 spec.gpuPools[1].nodesPerRack: racks of nvl-a draw 132 kW (18 × 7.33 kW) but zone hall-rd takes at most 45 kW per rack (over by 87 kW)`);
    expect(r.stderr).toContain(`${file}:33:22 spec.tenants[1].pool: no GPU pool "h100-z"`);
    expect(readTree(out)).toEqual(before);
  });

  it('warns (and still synthesizes) when a dedicated tenant is rounded up to whole nodes', async () => {
    const file = writeSite(dir, 'whole-nodes', mutate([['gpus: 1024,', 'gpus: 1020,']]));
    const warnOut = join(dir, 'out-warn');
    const r = await runMain(['synth', file, '--out', warnOut]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}:32:35 warning: spec.tenants[0].gpus: dedicated tenants take whole nodes: 1020 GPUs round up to 128 nodes (1024 GPUs; 4 idle)`);
    const summary = JSON.parse(readTree(warnOut)['small-1/summary.json']!);
    expect(summary.warnings.map((w: { rule: string }) => w.rule)).toEqual(['rackshift:tenant/whole-nodes']);
    expect(summary.tenants[0].dedicatedNodes).toBe(128);
  });
});
