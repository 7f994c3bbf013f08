/**
 * A small site for bare-metal tests — two pools (dgx-h100 capped at 8 kW, Dell XE9680 with
 * BIOS settings) — written with an inventory to a temporary folder.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallSiteOptions {
  /** Nodes in pool gpu-a (dgx-h100, 4 per rack). */
  readonly nodesA?: number;
  readonly nodesB?: number;
  readonly retireA?: readonly number[];
  /** Pin gpu-a's address block size. */
  readonly maxNodesA?: number;
  /** Extra pool appended at the end. */
  readonly extraPool?: boolean;
  readonly bmcCidr?: string;
  readonly inventory?: { readonly name: string; readonly text: string };
  /** spec.provisioning.backends; left out of the file when not given. */
  readonly backends?: readonly string[];
  /** Adds pool gpu-g: one GB200 NVL72 rack (18 Grace trays, aarch64) in a direct-liquid zone. */
  readonly grace?: boolean;
  /** spec.networks.provisioning.interface. */
  readonly provisioningInterface?: string;
}

export function smallSiteYaml(o: SmallSiteOptions = {}): string {
  return `apiVersion: rackshift.dev/v1alpha1
kind: Site
metadata: { name: testsite }
spec:
  power:
    feeds:
      - { name: a, capacityMW: 10, group: a }
      - { name: b, capacityMW: 10, group: b }
  cooling:
    zones:
      - { name: hall, type: rear-door, capacityKW: 5000, maxRackKW: 45, pue: 1.2, racks: 100 }
${o.grace ? '      - { name: dlc, type: direct-liquid, capacityKW: 1000, maxRackKW: 140, pue: 1.1, racks: 2 }\n' : ''}  gpuPools:
    - name: gpu-a
      system: dgx-h100
      nodes: ${o.nodesA ?? 8}
      nodesPerRack: 4
      zone: hall
      powerCapKW: 8
      retire: [${(o.retireA ?? []).join(', ')}]
${o.maxNodesA ? `      maxNodes: ${o.maxNodesA}\n` : ''}    - name: gpu-b
      system: hgx-h100-air
      nodes: ${o.nodesB ?? 4}
      nodesPerRack: 2
      zone: hall
      bios: { LogicalProc: Disabled, SriovGlobalEnable: Enabled }
${o.extraPool ? `    - { name: gpu-c, system: dgx-h100, nodes: 4, nodesPerRack: 4, zone: hall }\n` : ''}${o.grace ? `    - { name: gpu-g, system: gb200-nvl72, nodes: 18, zone: dlc, addressOffset: 64 }\n` : ''}  tenants:
    - { name: team-x, pool: gpu-a, gpus: 16, isolation: dedicated }
  networks:
    bmc: { cidr: ${o.bmcCidr ?? '10.10.0.0/24'}, vlan: 10 }
    provisioning: { cidr: 10.11.0.0/24, vlan: 11${o.provisioningInterface ? `, interface: ${o.provisioningInterface}` : ''} }
    node: { cidr: 10.12.0.0/24 }
    dns: [10.10.0.2]
    ntp: [10.10.0.3]
    domain: test.example.net
${o.inventory ? `  inventory: { file: inventory/${o.inventory.name} }\n` : ''}${o.backends ? `  provisioning: { backends: [${o.backends.join(', ')}] }\n` : ''}`;
}

/**
 * CSV rows for every active node of gpu-a and gpu-b (same MAC scheme as the example inventory),
 * with the OS drive serials the catalog's layouts need: a DGX H100's two (OSA<n>-1;OSA<n>-2), a
 * GB200 tray's one; gpu-b's XE9680 has no documented layout, so none.
 */
export function fullInventoryCsv(extraHeader = '', extra: (i: number) => string = () => '', grace = false): string {
  const rows = [`serial,pool,rack,slot,vendor,bmcMac,bmcAddress,bootMac${extraHeader},osDriveSerials`];
  let n = 0;
  for (let i = 1; i <= 8; i++) {
    n++;
    rows.push(`SA${i},gpu-a,${Math.ceil(i / 4)},${((i - 1) % 4) + 1},NVIDIA,02:00:00:00:00:${hex(n)},dhcp,02:00:00:01:00:${hex(n)}${extra(n)},OSA${i}-1;OSA${i}-2`);
  }
  for (let i = 1; i <= 4; i++) {
    n++;
    rows.push(`SB${i},gpu-b,${Math.ceil(i / 2)},${((i - 1) % 2) + 1},Dell,02:00:00:00:00:${hex(n)},dhcp,02:00:00:01:00:${hex(n)}${extra(n)},`);
  }
  // gpu-g (with `grace`): the 18 trays of one NVL72 rack, boot MACs 02:00:00:01:01:01…12.
  for (let i = 1; i <= (grace ? 18 : 0); i++) {
    n++;
    rows.push(`SG${i},gpu-g,1,${i},NVIDIA,02:00:00:00:01:${hex(i)},dhcp,02:00:00:01:01:${hex(i)}${extra(n)},OSG${i}`);
  }
  return `${rows.join('\n')}\n`;
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** Writes site.yaml (and inventory/<name>) into a fresh temporary folder; returns the site file path. */
export function writeSmallSite(o: SmallSiteOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-bm-'));
  if (o.inventory) {
    mkdirSync(join(dir, 'inventory'));
    writeFileSync(join(dir, 'inventory', o.inventory.name), o.inventory.text);
  }
  const file = join(dir, 'site.yaml');
  writeFileSync(file, smallSiteYaml(o));
  return file;
}
