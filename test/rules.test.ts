/**
 * One trigger per rule of the catalogue (constructs/rules.ts): each case makes the rule fire
 * and asserts its id; a last test checks that every id in the catalogue has a case here, so
 * a new rule without a test fails. Cases mutate test/fixtures/small-site.yaml; inventory
 * cases add a delivery manifest beside it. Figures behind each rule are tested by hand in
 * budgets/validation/inventory tests; here it is the id that matters.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../constructs/diagnostics';
import { loadSite } from '../constructs/load';
import { PowerFeed } from '../constructs/power-feed';
import { RULES, type RuleId } from '../constructs/rules';
import { Site } from '../constructs/site';
import { SiteError } from '../constructs/diagnostics';
import { synthesize } from '../synth/synthesize';
import { InputErrors, readInputFile } from '../dispatch/inputs';
import { mutate, SMALL_SITE, tempDir, writeSite } from './helpers/fixture';

type Change = readonly (readonly [string, string])[];
const END = [['node: { cidr: 10.12.0.0/22 }', 'node: { cidr: 10.12.0.0/22 }']] as const;
/** Appends lines to the end of the spec (after the networks). */
const append = (...lines: string[]): Change => [[END[0][0], `${END[0][1]}\n${lines.map((l) => `  ${l}`).join('\n')}`]];
const withTenant = (line: string): Change => [['    - { name: lumen,', `    - ${line}\n    - { name: lumen,`]];

/** Everything loadSite reports for the site text (and files beside it). */
async function diagnose(text: string, files: Record<string, string> = {}): Promise<Diagnostic[]> {
  const dir = tempDir('rackshift-rules-');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return [...(await loadSite(writeSite(dir, 'site', text))).diagnostics];
}

const INV_HEADER = 'serial,pool,rack,slot,bmcMac,bmcAddress,bootMac';
const row = (n: number, over: Partial<Record<'serial' | 'pool' | 'rack' | 'slot' | 'bmcMac' | 'bmcAddress' | 'bootMac', string>> = {}) => {
  const hex = n.toString(16).padStart(2, '0');
  const r = { serial: `S${n}`, pool: 'l40s-a', rack: String(Math.ceil(n / 7)), slot: String(((n - 1) % 7) + 1), bmcMac: `3c:ec:ef:00:00:${hex}`, bmcAddress: '', bootMac: `3c:ec:ef:00:01:${hex}`, ...over };
  return [r.serial, r.pool, r.rack, r.slot, r.bmcMac, r.bmcAddress, r.bootMac].join(',');
};
const csv = (...rows: string[]) => ({ 'inv.csv': [INV_HEADER, ...rows].join('\n') + '\n' });
const WITH_INV = mutate(append('inventory: { file: inv.csv }'));
const fullRows = () => Array.from({ length: 14 }, (_, i) => row(i + 1));

const SYSTEM = (over: string) => `catalog: { systems: [{ id: my-box, vendor: Acme, gpu: h100-sxm, gpusPerNode: 8, nodeMaxKW: 10, cooling: air, cpuCores: 64, memoryGiB: 1024, source: test${over} }] }`;

/** Rules still raised as their own error type; their case checks that error instead. */
const NOT_YET_DIAGNOSTICS = new Set<RuleId>(['rackshift:dispatch/input']);

/** How to trigger each rule. */
const CASES: Record<RuleId, () => Promise<Diagnostic[]>> = {
  'rackshift:file/unreadable': async () => [...(await loadSite(join(tempDir(), 'missing.yaml'))).diagnostics],
  'rackshift:file/secret': () => diagnose(mutate([['region: test-grid', 'region: AKIAIOSFODNN7EXAMPLE']])),
  'rackshift:file/yaml': () => diagnose('a: [b\n'),
  // 1 MiB + 1 byte of comment after a good site: refused on its size alone.
  'rackshift:file/too-large': () => diagnose(`${SMALL_SITE}#${'x'.repeat(1024 * 1024)}\n`),
  'rackshift:file/refused': async () => {
    const dir = tempDir('rackshift-rules-');
    mkdirSync(join(dir, 'site.yaml'));
    return [...(await loadSite(join(dir, 'site.yaml'))).diagnostics];
  },
  // 101 aliases of one anchor: one past the limit of 100.
  'rackshift:file/aliases': () => diagnose(`a: &a x\nb: [${Array.from({ length: 101 }, () => '*a').join(', ')}]\n`),
  'rackshift:file/too-deep': () => diagnose(`a: ${'['.repeat(65)}${']'.repeat(65)}\n`),
  'rackshift:file/list-too-long': () => diagnose(`a: [${Array.from({ length: 10_001 }, () => '1').join(',')}]\n`),
  'rackshift:file/not-a-site': () => diagnose('kind: Deployment\n'),
  'rackshift:schema/unknown-key': () => diagnose(mutate([['racks: 8 }', 'racks: 8, colour: blue }']])),
  'rackshift:schema/invalid': () => diagnose(mutate([['type: air', 'type: water']])),
  'rackshift:construct/props': async () => {
    try {
      new PowerFeed(new Site(undefined, 'x'), 'f', { capacityMW: -1, group: 'a' });
      return [];
    } catch (e) {
      return [...(e as SiteError).diagnostics];
    }
  },
  'rackshift:names/duplicate': () => diagnose(mutate([['{ name: feed-a2,', '{ name: feed-a1,']])),
  'rackshift:names/duplicate-site': async () => {
    const dir = tempDir();
    writeSite(dir, 'a', SMALL_SITE);
    writeSite(dir, 'b', SMALL_SITE);
    return [...(await synthesize([dir], [])).diagnostics];
  },
  'rackshift:catalog/unknown-asic': () => diagnose(mutate([['model: antminer-s19-xp,', 'model: antminer-s99,']])),
  'rackshift:catalog/unknown-system': () => diagnose(mutate([['system: dgx-h100', 'system: dgx-h900']])),
  'rackshift:catalog/unknown-gpu': () => diagnose(mutate(append(SYSTEM('').replace('gpu: h100-sxm', 'gpu: z100')))),
  'rackshift:catalog/override': () => diagnose(mutate(append(SYSTEM('').replace('id: my-box', 'id: dgx-h100')))),
  'rackshift:power/feed-capacity': () => diagnose(mutate([['{ name: feed-b2, capacityMW: 8, group: b }', '{ name: feed-b2, group: b }']])),
  // Usable 0.1 × 39.08 = 3.9 MW; N needs every pool and the firm miners (about 5 MW).
  'rackshift:power/tier-n': () => diagnose(mutate([['continuousLoadFactor: 0.8', 'continuousLoadFactor: 0.1']])),
  'rackshift:power/tier-nplus1': () =>
    diagnose(mutate([['{ name: feed-a1, capacityMW: 10,', '{ name: feed-a1, capacityMW: 2,'], ['amps: 400', 'amps: 100'], ['{ name: feed-b1, capacityMW: 12,', '{ name: feed-b1, capacityMW: 30,'], ['{ name: feed-b2, capacityMW: 8,', '{ name: feed-b2, capacityMW: 1,'], ['zone: hall-rd, tier: 2N', 'zone: hall-rd, tier: N+1']])),
  'rackshift:power/tier-2n': () => diagnose(mutate([['{ name: feed-a1, capacityMW: 10,', '{ name: feed-a1, capacityMW: 2,'], ['amps: 400', 'amps: 100'], ['{ name: feed-b1, capacityMW: 12,', '{ name: feed-b1, capacityMW: 30,']])),
  'rackshift:power/normal-load': () => diagnose(mutate([['continuousLoadFactor: 0.8', 'continuousLoadFactor: 0.55']])),
  // Firm load ≈ 5.05 MW; at 0.132 × 39.08 = 5.16 MW usable it leaves under 5 %.
  'rackshift:power/near-limit': () => diagnose(mutate([['continuousLoadFactor: 0.8', 'continuousLoadFactor: 0.132']])),
  // At 0.25 the worst failure (group a lost) leaves 0.25 × 20 = 5 MW for about 5.05 MW firm.
  'rackshift:power/n-tier-loss': () => diagnose(mutate([['continuousLoadFactor: 0.8', 'continuousLoadFactor: 0.25']])),
  'rackshift:cooling/type': () => diagnose(mutate([['zone: hall-dlc, tier: N+1', 'zone: hall-air, tier: N+1']])),
  'rackshift:cooling/overhead': () => diagnose(mutate([['overheadKW: 150', 'overheadKW: 150, pue: 1.1']])),
  'rackshift:cooling/capacity': () => diagnose(mutate([['capacityKW: 4000', 'capacityKW: 3000']])),
  'rackshift:cooling/rack-density': () => diagnose(mutate([['nodesPerRack: 7', 'nodesPerRack: 70']])),
  'rackshift:floor/racks': () => diagnose(mutate([['racks: 8 }', 'racks: 2 }']])),
  'rackshift:mining/retire': () => diagnose(mutate([['retire: 500', 'retire: 5000']])),
  'rackshift:pool/rack-scale': () => diagnose(mutate([['nodes: 72, zone: hall-dlc', 'nodes: 72, nodesPerRack: 9, zone: hall-dlc']])),
  'rackshift:pool/nodes-per-rack': () => diagnose(mutate([['nodesPerRack: 7', 'nodesPerRack: 0']])),
  'rackshift:pool/partial-rack': () => diagnose(mutate([['nodes: 72, zone: hall-dlc', 'nodes: 70, zone: hall-dlc']])),
  'rackshift:pool/retire': () => diagnose(mutate([['nodes: 320, nodesPerRack: 4,', 'nodes: 320, retire: [999], nodesPerRack: 4,']])),
  'rackshift:pool/cap-above-max': () => diagnose(mutate([['nodes: 320, nodesPerRack: 4,', 'nodes: 320, powerCapKW: 20, nodesPerRack: 4,']])),
  // dgx-h100: the rest of the node draws 10.2 kW − 8 × 700 W = 4.6 kW; a 5 kW cap leaves 50 W a GPU.
  'rackshift:pool/cap-outside-gpu-limits': () => diagnose(mutate([['nodes: 320, nodesPerRack: 4,', 'nodes: 320, powerCapKW: 5, nodesPerRack: 4,']])),
  'rackshift:pool/cap-too-low': () => diagnose(mutate([['nodes: 320, nodesPerRack: 4,', 'nodes: 320, powerCapKW: 1, nodesPerRack: 4,']])),
  'rackshift:pool/mig': () => diagnose(mutate([['nodes: 320, nodesPerRack: 4,', 'nodes: 320, mig: { strategy: single }, nodesPerRack: 4,']])),
  'rackshift:pool/mig-quota': () => diagnose(mutate([['nodes: 320, nodesPerRack: 4,', 'nodes: 320, mig: { strategy: mixed }, nodesPerRack: 4,']])),
  'rackshift:ref/zone': () => diagnose(mutate([['zone: hall-rd, tier: 2N', 'zone: hall-9, tier: 2N']])),
  'rackshift:ref/pool': () => diagnose(mutate([['pool: nvl-a, gpus: 144', 'pool: h100-z, gpus: 144']])),
  'rackshift:tenant/reserved-name': () => diagnose(mutate([['{ name: acme,', '{ name: rackshift-system,']])),
  'rackshift:tenant/gpus': () => diagnose(mutate([['gpus: 64', 'gpus: 640']])),
  'rackshift:tenant/pool-full': () => diagnose(mutate([['gpus: 512', 'gpus: 1600']])),
  'rackshift:tenant/whole-nodes': () => diagnose(mutate([['gpus: 1024', 'gpus: 1020']])),
  // nvl-a is 72 GB200 trays = 4 NVLink domains of 72 GPUs; nova asks 144 (2 domains).
  'rackshift:tenant/whole-domains': () => diagnose(mutate([['{ name: nova, pool: nvl-a, gpus: 144,', '{ name: nova, pool: nvl-a, gpus: 100,']])),
  'rackshift:tenant/domain-start': () => diagnose(mutate([['{ name: nova, pool: nvl-a, gpus: 144, isolation: dedicated }', '{ name: nova, pool: nvl-a, gpus: 144, isolation: dedicated, firstNode: 5 }']])),
  // Tray 5 retired: nova's two domains take trays 1–4 and 6–37, splitting rack 3 with the shared pool.
  'rackshift:tenant/split-domain': () => diagnose(mutate([['{ name: nvl-a, system: gb200-nvl72, nodes: 72,', '{ name: nvl-a, system: gb200-nvl72, nodes: 72, retire: [5],']])),
  'rackshift:tenant/node-overlap': () => diagnose(mutate([['admins: [acme-admins] }', 'admins: [acme-admins], firstNode: 1 }'], ...withTenant('{ name: zed, pool: h100-a, gpus: 8, isolation: dedicated, firstNode: 1 }')])),
  'rackshift:tenant/node-range': () => diagnose(mutate([['admins: [acme-admins] }', 'admins: [acme-admins], firstNode: 300 }']])),
  'rackshift:tenant/unpinned-nodes': () => diagnose(mutate(withTenant('{ name: zed, pool: h100-a, gpus: 8, isolation: dedicated }'))),
  'rackshift:network/pool-block': () => diagnose(mutate([['nodes: 320, nodesPerRack: 4,', 'nodes: 320, maxNodes: 100, nodesPerRack: 4,']])),
  'rackshift:network/unpinned-block': () => diagnose(mutate([['tier: N+1, addressOffset: 512 }', 'tier: N+1 }']])),
  'rackshift:network/pool-overlap': () => diagnose(mutate([['addressOffset: 512', 'addressOffset: 0']])),
  'rackshift:network/cidr': () => diagnose(mutate([['10.10.0.0/22', '10.10.0.1/22']])),
  'rackshift:network/gateway': () => diagnose(mutate([['{ cidr: 10.10.0.0/22 }', '{ cidr: 10.10.0.0/22, gateway: 10.99.0.1 }']])),
  'rackshift:network/exhausted': () => diagnose(mutate([['10.10.0.0/22', '10.10.0.0/26']])),
  'rackshift:network/boot-server': () => diagnose(mutate([['{ cidr: 10.11.0.0/22 }', '{ cidr: 10.11.0.0/22, reserved: 1 }']])),
  'rackshift:provisioning/network': () => diagnose(mutate([['    provisioning: { cidr: 10.11.0.0/22 }\n', ''], ...append('provisioning: { backends: [metal3, tinkerbell] }')])),
  'rackshift:gitops/repo-url': () => diagnose(mutate(append("gitops: { repoURL: 'ftp://example.com/x.git' }"))),
  'rackshift:inventory/unreadable': () => diagnose(WITH_INV),
  'rackshift:inventory/outside': async () => {
    // A good manifest, but one folder up from the site file.
    const dir = tempDir('rackshift-rules-');
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'inv.csv'), [INV_HEADER, ...fullRows()].join('\n'));
    return [...(await loadSite(writeSite(join(dir, 'site'), 'site', mutate(append('inventory: { file: ../inv.csv }'))))).diagnostics];
  },
  'rackshift:inventory/refused': async () => {
    const dir = tempDir('rackshift-rules-');
    mkdirSync(join(dir, 'inv.csv'));
    return [...(await loadSite(writeSite(dir, 'site', WITH_INV))).diagnostics];
  },
  'rackshift:inventory/bad-value': () => diagnose(WITH_INV, csv(row(1, { serial: 'S1<script>' }), ...fullRows().slice(1))),
  'rackshift:inventory/format': () => diagnose(mutate(append('inventory: { file: inv.txt }')), { 'inv.txt': 'x\n' }),
  'rackshift:inventory/csv': () => diagnose(WITH_INV, csv('S1,l40s-a,1')),
  'rackshift:inventory/yaml': () => diagnose(mutate(append('inventory: { file: inv.yaml }')), { 'inv.yaml': 'kind: Deployment\nhosts: []\n' }),
  'rackshift:inventory/credentials': () => diagnose(WITH_INV, { 'inv.csv': `${INV_HEADER},password\n${fullRows().map((r) => `${r},x`).join('\n')}\n` }),
  'rackshift:inventory/unknown-column': () => diagnose(WITH_INV, { 'inv.csv': `${INV_HEADER},colour\n${fullRows().map((r) => `${r},blue`).join('\n')}\n` }),
  'rackshift:inventory/unknown-field': () => diagnose(mutate(append('inventory: { file: inv.yaml }')), { 'inv.yaml': 'kind: Inventory\nhosts:\n  - { serial: S1, node: l40s-a-0001, bootMac: "3c:ec:ef:00:01:01", colour: blue }\n' }),
  'rackshift:inventory/malformed-mac': () => diagnose(WITH_INV, csv(row(1, { bootMac: 'zz' }), ...fullRows().slice(1))),
  'rackshift:inventory/duplicate-mac': () => diagnose(WITH_INV, csv(row(1, { bootMac: '3c:ec:ef:00:01:02' }), ...fullRows().slice(1))),
  'rackshift:inventory/unknown-pool': () => diagnose(WITH_INV, csv(...fullRows(), row(15, { pool: 'gpu-z' }))),
  'rackshift:inventory/unknown-node': () => diagnose(mutate(append('inventory: { file: inv.yaml }')), { 'inv.yaml': 'kind: Inventory\nhosts:\n  - { serial: S1, node: l40s-a-0099, bootMac: "3c:ec:ef:00:01:01" }\n' }),
  'rackshift:inventory/unknown-rack': () => diagnose(WITH_INV, csv(...fullRows().slice(1), row(1, { rack: '9' }))),
  'rackshift:inventory/missing-field': () => diagnose(WITH_INV, csv(row(1, { serial: '' }), ...fullRows().slice(1))),
  'rackshift:inventory/duplicate-node': () => diagnose(WITH_INV, csv(...fullRows(), row(15, { rack: '1', slot: '1' }))),
  'rackshift:inventory/duplicate-serial': () => diagnose(WITH_INV, csv(row(1, { serial: 'S2' }), ...fullRows().slice(1))),
  'rackshift:inventory/bmc-address': () => diagnose(WITH_INV, csv(row(1, { bmcAddress: 'abc' }), ...fullRows().slice(1))),
  'rackshift:inventory/count': () => diagnose(WITH_INV, csv(...fullRows(), row(15))),
  'rackshift:inventory/pending': () => diagnose(WITH_INV, csv(row(1))),
  'rackshift:inventory/os-drives': () => diagnose(WITH_INV, { 'inv.csv': `${INV_HEADER},osDriveSerials\n${fullRows().map((r, i) => `${r},${i === 0 ? 'D1;D1' : `D${i}a;D${i}b`}`).join('\n')}\n` }),
  'rackshift:ref/fleet': () => diagnose(mutate(append('dispatch: { fleets: [{ fleet: nope }] }'))),
  'rackshift:ref/tenant': () => diagnose(mutate(append('dispatch: { interruptible: [{ tenant: nope }] }'))),
  'rackshift:dispatch/firm-fleet': () => diagnose(mutate(append('dispatch: { fleets: [{ fleet: s21-firm }] }'))),
  'rackshift:dispatch/duplicate': () => diagnose(mutate(append('dispatch: { fleets: [{ fleet: s19xp }, { fleet: s19xp }] }'))),
  // Firm load is about 5 MW (every tenant is firm unless listed as interruptible).
  'rackshift:dispatch/contract': () => diagnose(mutate(append('dispatch: { contractedMW: 1 }'))),
  'rackshift:dispatch/input': async () => {
    // Not yet a Diagnostic: dispatch/inputs.ts throws InputErrors (file:line, message) for it.
    const f = join(tempDir(), 'prices.csv');
    writeFileSync(f, 'not,a,price,file\n1,2,3,4\n');
    await expect(readInputFile(f, 'power', 'HB_WEST')).rejects.toBeInstanceOf(InputErrors);
    return [];
  },
  'rackshift:offer/invalid': async () => {
    const dir = tempDir();
    writeSite(dir, 'site', mutate(append('offers: [{ name: big, gpus: 8, system: dgx-z9 }]')));
    // The offers target refuses the site while rendering.
    try {
      return [...(await synthesize([dir])).diagnostics];
    } catch (e) {
      if (e instanceof SiteError) return [...e.diagnostics];
      throw e;
    }
  },
};

describe('rule catalogue', () => {
  it.each(Object.keys(CASES) as RuleId[])('%s fires with its id and catalogued severity', async (id) => {
    if (NOT_YET_DIAGNOSTICS.has(id)) return void (await CASES[id]());
    const found = (await CASES[id]()).filter((d) => d.rule === id);
    expect(found.length, `no ${id} among what was reported`).toBeGreaterThan(0);
    expect(found[0]!.severity).toBe(RULES[id].severity);
  });

  it('every rule in the catalogue has a case here', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(RULES).sort());
  });

  it('an acknowledged warning is left out of the resolved site; others stay', async () => {
    const text = mutate([['gpus: 1024', 'gpus: 1020']]);
    const plain = (await loadSite(writeSite(tempDir(), 'site', text))).site!;
    expect(plain.warnings.map((w) => w.rule)).toContain('rackshift:tenant/whole-nodes');
    const acked = (await loadSite(writeSite(tempDir(), 'site', mutate(append('warningsAcknowledged: [rackshift:tenant/whole-nodes]'), text)))).site!;
    expect(acked.warnings.map((w) => w.rule)).not.toContain('rackshift:tenant/whole-nodes');
  });
});
