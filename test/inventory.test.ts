/**
 * Delivery inventory: CSV and YAML manifests bound to nodes, and every bad-inventory case
 * reported with the manifest's file:line, together with the site's own errors.
 */
import { describe, expect, it } from 'vitest';
import { basename, dirname } from 'node:path';
import { writeFileSync } from 'node:fs';
import { displayPath, loadSite } from '../constructs/load';
import { formatDiagnostic } from '../constructs/diagnostics';
import { normaliseMac } from '../constructs/inventory';
import { fullInventoryCsv, smallSiteYaml, writeSmallSite } from './helpers/bare-metal-site';
import { synthesize } from '../synth/synthesize';
import { bareMetalTarget } from '../stacks/bare-metal';

async function load(text: string, name = 'delivery.csv', extra: Parameters<typeof writeSmallSite>[0] = {}) {
  const file = writeSmallSite({ ...extra, inventory: { name, text } });
  const r = await loadSite(file);
  const inv = displayPath(`${dirname(file)}/inventory/${name}`);
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
  return { ...r, lines: r.diagnostics.map(formatDiagnostic), errors, inv, file };
}

/** The CSV with line `n` (1-based, header is line 1) replaced by `row`, which keeps the line's OS drive serials (last column). */
function withLine(n: number, row: string): string {
  const lines = fullInventoryCsv().trimEnd().split('\n');
  lines[n - 1] = `${row},${lines[n - 1]!.split(',').at(-1)}`;
  return `${lines.join('\n')}\n`;
}

describe('inventory: a good manifest', () => {
  it('binds every CSV row to its node by pool, rack and slot, with the row as source', async () => {
    const r = await load(fullInventoryCsv());
    expect(r.errors).toEqual([]);
    const inv = r.site!.inventory;
    expect(inv.hosts).toHaveLength(12);
    expect(inv.pending).toEqual([]);
    // Row 7 (line 7): gpu-a rack 2 slot 2 → index (2−1)×4+2 = 6.
    const h = inv.hosts.find((x) => x.serial === 'SA6')!;
    expect(h).toMatchObject({ node: 'gpu-a-0006', pool: 'gpu-a', bootMac: '02:00:00:01:00:06', bmcMac: '02:00:00:00:00:06', bmcAddressMode: 'dhcp', source: "inventory/delivery.csv:7" });
    // DHCP BMCs answer on the node's allocated BMC address.
    expect(h.bmcAddress).toBe(r.site!.pools[0]!.nodes.find((n) => n.name === 'gpu-a-0006')!.addresses.bmc);
  });

  it('reads a YAML manifest (kind: Inventory), by node name, with a static BMC address', async () => {
    const hosts = fullInventoryCsv()
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((row, i) => {
        const [serial, pool, rack, slot, vendor, bmcMac, , bootMac, os] = row.split(',');
        const osDrives = os ? `, osDriveSerials: "${os}"` : '';
        return i === 0
          ? `  - { serial: ${serial}, node: gpu-a-0001, bmcAddress: 10.99.0.5, bootMac: "${bootMac}"${osDrives} }`
          : `  - { serial: ${serial}, pool: ${pool}, rack: ${rack}, slot: ${slot}, vendor: ${vendor}, bmcMac: "${bmcMac}", bootMac: "${bootMac}"${osDrives} }`;
      });
    const r = await load(`apiVersion: rackshift.dev/v1alpha1\nkind: Inventory\nhosts:\n${hosts.join('\n')}\n`, 'delivery.yaml');
    expect(r.errors).toEqual([]);
    const h = r.site!.inventory.hosts[0]!;
    expect(h).toMatchObject({ node: 'gpu-a-0001', bmcAddress: '10.99.0.5', bmcAddressMode: 'static', source: "inventory/delivery.yaml:4" });
  });

  it('leaves pools the manifest does not name pending, and invents nothing for them', async () => {
    const onlyB = fullInventoryCsv().trimEnd().split('\n').filter((l, i) => i === 0 || l.includes('gpu-b')).join('\n');
    const r = await load(`${onlyB}\n`);
    expect(r.errors).toEqual([]);
    expect(r.site!.inventory.hosts.map((h) => h.node)).toEqual(['gpu-b-0001', 'gpu-b-0002', 'gpu-b-0003', 'gpu-b-0004']);
    expect(r.site!.inventory.pending).toEqual(['gpu-a-0001', 'gpu-a-0002', 'gpu-a-0003', 'gpu-a-0004', 'gpu-a-0005', 'gpu-a-0006', 'gpu-a-0007', 'gpu-a-0008']);
  });

  it('accepts the usual MAC spellings and rejects the rest', () => {
    expect(normaliseMac('3C-EC-EF-12-34-56')).toBe('3c:ec:ef:12:34:56');
    expect(normaliseMac('3cec.ef12.3456')).toBe('3c:ec:ef:12:34:56');
    expect(normaliseMac('3cecef123456')).toBe('3c:ec:ef:12:34:56');
    expect(normaliseMac('3c:ec:ef:12:34')).toBeUndefined();
    expect(normaliseMac('3c:ec:ef:12:34:5g')).toBeUndefined();
  });
});

describe('inventory: each bad case gives its clear error at file:line', () => {
  const cases: { name: string; text: () => string; expect: (inv: string) => string }[] = [
    {
      name: 'duplicate MAC',
      text: () => withLine(3, 'SA2,gpu-a,1,2,NVIDIA,02:00:00:00:00:02,dhcp,02:00:00:01:00:01'),
      expect: (inv) => `${inv}:3:45 row 2.bootMac: duplicate MAC 02:00:00:01:00:01 (also bootMac on line 2)`,
    },
    {
      name: 'duplicate serial',
      text: () => withLine(4, 'SA1,gpu-a,1,3,NVIDIA,02:00:00:00:00:03,dhcp,02:00:00:01:00:03'),
      expect: (inv) => `${inv}:4:1 row 3.serial: duplicate serial "SA1" (also on line 2)`,
    },
    {
      name: 'malformed MAC',
      text: () => withLine(5, 'SA4,gpu-a,1,4,NVIDIA,02:00:00:00:00:04,dhcp,02:00:00:01:00'),
      expect: (inv) => `${inv}:5:45 row 4.bootMac: "02:00:00:01:00" is not a MAC address (expected six hex pairs, e.g. 3c:ec:ef:12:34:56)`,
    },
    {
      name: 'unknown pool',
      text: () => withLine(5, 'SA4,gpu-z,1,4,NVIDIA,02:00:00:00:00:04,dhcp,02:00:00:01:00:04'),
      expect: (inv) => `${inv}:5:5 row 4.pool: no GPU pool "gpu-z" (pools: gpu-a, gpu-b)`,
    },
    {
      name: 'unknown rack',
      // gpu-a has 8 nodes at 4 per rack: racks 1-2.
      text: () => withLine(5, 'SA4,gpu-a,3,4,NVIDIA,02:00:00:00:00:04,dhcp,02:00:00:01:00:04'),
      expect: (inv) => `${inv}:5:11 row 4.rack: no rack "3" in pool gpu-a (racks 1-2: gpu-a-r001 … gpu-a-r002)`,
    },
    {
      name: 'slot outside the rack',
      text: () => withLine(5, 'SA4,gpu-a,1,5,NVIDIA,02:00:00:00:00:04,dhcp,02:00:00:01:00:04'),
      expect: (inv) => `${inv}:5:13 row 4.slot: slot "5" is outside 1-4 (pool gpu-a has 4 nodes per rack)`,
    },
    {
      name: 'more hosts than the pool declares',
      text: () => `${fullInventoryCsv()}SA9,gpu-a,,,NVIDIA,02:00:00:00:00:99,dhcp,02:00:00:01:00:99,OSA9-1;OSA9-2\n`,
      expect: (inv) => `${inv}:2:1 row 1: pool gpu-a has 8 active nodes; the inventory lists 9 hosts for it (1 more than the pool has)`,
    },
    {
      name: 'two hosts in one slot',
      text: () => withLine(3, 'SA2,gpu-a,1,1,NVIDIA,02:00:00:00:00:02,dhcp,02:00:00:01:00:02'),
      expect: (inv) => `${inv}:3:13 row 2.slot: node gpu-a-0001 is already listed on line 2`,
    },
    {
      name: 'DHCP BMC without its MAC',
      text: () => withLine(3, 'SA2,gpu-a,1,2,NVIDIA,,dhcp,02:00:00:01:00:02'),
      expect: (inv) => `${inv}:3:1 row 2.bmcMac: required when the BMC takes its address by DHCP (bmcAddress empty or "dhcp")`,
    },
    {
      name: 'static BMC address that is not an address',
      text: () => withLine(3, 'SA2,gpu-a,1,2,NVIDIA,02:00:00:00:00:02,10.0.0.300,02:00:00:01:00:02'),
      expect: (inv) => `${inv}:3:40 row 2.bmcAddress: "10.0.0.300" is not an IPv4 address or "dhcp"`,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await load(c.text());
      expect(r.site).toBeUndefined();
      expect(r.lines).toContain(c.expect(r.inv));
    });
  }

  it('names the YAML item line for a bad host', async () => {
    const r = await load('hosts:\n  - { serial: S1, pool: gpu-a, rack: 1, slot: 1, bootMac: "zz:00:00:00:00:01", bmcAddress: 10.9.9.9 }\n', 'd.yaml');
    expect(r.lines).toContain(`${r.inv}:2:59 hosts[0].bootMac: "zz:00:00:00:00:01" is not a MAC address (expected six hex pairs, e.g. 3c:ec:ef:12:34:56)`);
  });

  it('reports inventory errors together with the site errors, each in its own file', async () => {
    const r = await load(withLine(3, 'SA2,gpu-a,1,2,NVIDIA,02:00:00:00:00:02,dhcp,not-a-mac'));
    // Break the site too: a tenant on a pool that does not exist.
    writeFileSync(r.file, smallSiteYaml({ inventory: { name: 'delivery.csv', text: '' } }).replace('pool: gpu-a, gpus: 16', 'pool: gpu-q, gpus: 16'));
    const again = await loadSite(r.file);
    const lines = again.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    const site = displayPath(r.file);
    expect(lines.some((l) => l.startsWith(`${site}:`) && l.includes('no GPU pool "gpu-q"'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${r.inv}:3:`) && l.includes('"not-a-mac" is not a MAC address'))).toBe(true);
  });

  it('growing a delivered pool leaves the new nodes pending with a warning, not an error', async () => {
    // gpu-a grows from the 8 nodes its inventory lists to 10: nodes 9 and 10 wait for theirs.
    const r = await load(fullInventoryCsv(), 'delivery.csv', { nodesA: 10 });
    expect(r.errors).toEqual([]);
    const inv = r.site!.inventory;
    // 8 gpu-a + 4 gpu-b hosts delivered; 10 − 8 = 2 pending.
    expect(inv.hosts).toHaveLength(12);
    expect(inv.pending).toEqual(['gpu-a-0009', 'gpu-a-0010']);
    expect(r.lines).toContain(`${r.inv}:2:1 warning: row 1: pool gpu-a has 10 active nodes; the inventory lists 8 hosts for it: 2 pending until the inventory lists them (gpu-a-0009, gpu-a-0010)`);
    // Every delivered host keeps its reservation; nothing is invented for the pending two.
    const written = await synthesize([r.file], [bareMetalTarget]);
    const kea = JSON.parse(written.sites[0]!.files.find((f) => f.path === 'bare-metal/kea-dhcp4.json')!.content);
    expect(kea.Dhcp4.subnet4[1].reservations.map((x: { hostname: string }) => x.hostname)).not.toContain('gpu-a-0009');
    expect(kea.Dhcp4.subnet4[1].reservations).toHaveLength(12);
  });

  it('still refuses an inventory that lists more hosts than the pool, and unknown pools', async () => {
    const more = await load(`${fullInventoryCsv()}SA9,gpu-a,,,NVIDIA,02:00:00:00:00:99,dhcp,02:00:00:01:00:99,OSA9-1;OSA9-2\n`);
    expect(more.errors).toContain(`${more.inv}:2:1 row 1: pool gpu-a has 8 active nodes; the inventory lists 9 hosts for it (1 more than the pool has)`);
    const unknown = await load(`${fullInventoryCsv()}SQ1,gpu-q,1,1,NVIDIA,02:00:00:00:00:98,dhcp,02:00:00:01:00:98,\n`);
    expect(unknown.errors.some((l) => l.includes('gpu-q'))).toBe(true);
  });

  it('a missing inventory file is an error at the site field', async () => {
    const file = writeSmallSite({ inventory: { name: 'x.csv', text: '' } });
    writeFileSync(file, smallSiteYaml({ inventory: { name: 'missing.csv', text: '' } }));
    const r = await loadSite(file);
    const line = r.diagnostics.map(formatDiagnostic).find((l) => l.includes('spec.inventory.file'))!;
    expect(line).toMatch(new RegExp(`^${displayPath(file).replace(/[.]/g, '\\.')}:\\d+:\\d+ spec\\.inventory\\.file: no such file: .*inventory/missing\\.csv$`));
    expect(basename(file)).toBe('site.yaml');
  });

  it('drops credential columns with a warning that never shows the value', async () => {
    const r = await load(fullInventoryCsv(',bmcPassword', (n) => `,Sup3rSecret-${n}`));
    expect(r.site).toBeDefined();
    const warn = r.lines.find((l) => l.includes('BMC credentials'))!;
    expect(warn).toBe(`${r.inv}:1:56 warning: header: column "bmcPassword" holds BMC credentials; rackshift ignores it (put credentials in the BMC Secrets, never in the repository)`);
    expect(JSON.stringify(r.site)).not.toContain('Sup3rSecret');
  });
});
