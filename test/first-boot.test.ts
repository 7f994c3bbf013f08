/**
 * First boot on DGX/HGX, with the numbers worked by hand: the GPU power cap inside the driver's
 * power-limit range, the power-cap unit and ClusterPolicy following the pool's driver model,
 * root-device hints and software RAID-1 that select only the OS drives of the catalog's layout,
 * and the Grace trays' boot chain (arm64 boot file, aarch64 Hardware, OpenBMC Redfish path).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { formatDiagnostic } from '../constructs/diagnostics';
import { loadSite } from '../constructs/load';
import { GPU_SYSTEMS } from '../constructs/catalog';
import type { DriveSet } from '../constructs/catalog/types';
import { synthesize } from '../synth/synthesize';
import { bareMetalTarget } from '../stacks/bare-metal';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { fullInventoryCsv, smallSiteYaml, writeSmallSite } from './helpers/bare-metal-site';
import { resolvedSite } from './helpers/sites';

const inventory = (text = fullInventoryCsv()) => ({ name: 'delivery.csv', text });

async function files(siteFile: string): Promise<Map<string, string>> {
  const r = await synthesize([siteFile], [bareMetalTarget]);
  expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
  return new Map(r.sites[0]!.files.map((f) => [f.path, f.content]));
}

/** The small site with gpu-a's cap and driver changed (the rest as in the helper). */
function siteWith(capKW: number | undefined, driver?: 'host' | 'operator'): string {
  const file = writeSmallSite({ inventory: inventory() });
  let text = smallSiteYaml({ inventory: inventory() }).replace('      powerCapKW: 8\n', capKW === undefined ? '' : `      powerCapKW: ${capKW}\n`);
  if (driver) text = text.replace('      zone: hall\n      powerCapKW', `      zone: hall\n      driver: ${driver}\n      powerCapKW`);
  writeFileSync(file, text);
  return file;
}

describe('first boot: GPU power cap inside the power-limit range', () => {
  it('refuses a cap that leaves a DGX H100 GPU below its 200 W minimum, with the figures', async () => {
    // DGX H100: 10.2 kW max, 8 × 700 W GPUs → the rest of the node draws 10,200 − 5,600 = 4,600 W.
    // Cap 6 kW: (6,000 − 4,600) / 8 = 175 W per GPU < 200 W (H100 SXM Min Power Limit).
    // Lowest cap that works: (4,600 + 8 × 200) / 1,000 = 6.2 kW.
    const r = await loadSite(siteWith(6));
    expect(r.site).toBeUndefined();
    const line = r.diagnostics.map(formatDiagnostic).find((l) => l.includes('powerCapKW'))!;
    expect(line).toMatch(/spec\.gpuPools\[0\]\.powerCapKW: cap 6 kW leaves each GPU 175 W \(\(6000 − 4600\) \/ 8\), outside the NVIDIA H100 SXM 80GB's power-limit range 200–700 W; the lowest cap that works is 6\.2 kW$/);
  });

  it('accepts the lowest cap that works: 6.2 kW → (6,200 − 4,600) / 8 = 200 W', async () => {
    const r = await loadSite(siteWith(6.2));
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(r.site!.pools[0]!.gpuPowerLimitW).toBe(200);
  });
});

describe('first boot: driver model', () => {
  const unitOf = (f: Map<string, string>) => {
    const secret = parseAllDocuments(f.get('bare-metal/user-data/gpu-a.yaml')!)[0]!.toJS();
    return parse(secret.stringData.userData) as { write_files: { path: string; content: string }[]; runcmd: string[][] };
  };

  it('host driver (DGX OS): nvidia-smi from the image after nvidia-persistenced; the operator skips its driver there', async () => {
    const site = await resolvedSite(siteWith(8, 'host'));
    const ud = unitOf(await files(siteWith(8, 'host')));
    const service = ud.write_files.find((w) => w.path === '/etc/systemd/system/rackshift-gpu-power-limit.service')!.content;
    // Cap 8 kW: (8,000 − 4,600) / 8 = 425 W.
    expect(service).toContain('After=nvidia-persistenced.service\nBefore=kubelet.service\n');
    expect(service).toContain('ExecStart=/usr/bin/nvidia-smi --power-limit=425\n');
    expect(ud.write_files.some((w) => w.path.endsWith('.path'))).toBe(false);
    expect(ud.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'rackshift-gpu-power-limit.service']);
    expect(site.pools[0]!.labels['nvidia.com/gpu.deploy.driver']).toBe('false');
    // gpu-b still uses the operator's driver, so the ClusterPolicy keeps it on.
    const cp = kubernetesObjects(site).find((o) => o.kind === 'ClusterPolicy')! as unknown as { spec: Record<string, Record<string, unknown>> };
    expect(cp.spec.driver).toEqual({ enabled: true });
    expect(site.pools[1]!.labels['nvidia.com/gpu.deploy.driver']).toBeUndefined();
  });

  it("operator driver: a path unit waits for the operator's driver-ready file and runs the driver container's nvidia-smi", async () => {
    const ud = unitOf(await files(siteWith(8, 'operator')));
    const service = ud.write_files.find((w) => w.path === '/etc/systemd/system/rackshift-gpu-power-limit.service')!.content;
    const path = ud.write_files.find((w) => w.path === '/etc/systemd/system/rackshift-gpu-power-limit.path')!.content;
    expect(path).toContain('PathExists=/run/nvidia/validations/driver-ready\nUnit=rackshift-gpu-power-limit.service\n');
    expect(service).toContain('ExecStart=/usr/sbin/chroot /run/nvidia/driver nvidia-smi --power-limit=425\n');
    expect(service).not.toContain('/usr/bin/nvidia-smi');
    expect(ud.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'rackshift-gpu-power-limit.path']);
  });

  it('every pool on the host driver: the ClusterPolicy turns the driver off and sets no deprecated field', async () => {
    const file = siteWith(8, 'host');
    writeFileSync(file, smallSiteYaml({ inventory: inventory() }).replace(/      zone: hall\n/g, '      zone: hall\n      driver: host\n'));
    const cp = kubernetesObjects(await resolvedSite(file)).find((o) => o.kind === 'ClusterPolicy')! as unknown as { spec: Record<string, Record<string, unknown>> };
    expect(cp.spec.driver).toEqual({ enabled: false });
    // operator.defaultRuntime is deprecated in the CRD ("no longer used"): not written.
    expect(cp.spec.operator).toEqual({});
  });
});

/**
 * Metal3's root-device hint semantics (every hint given must hold; minSizeGigabytes is a lower
 * bound, in GB; serialNumber exact), applied to a drive list.
 */
interface Drive { readonly serial: string; readonly sizeGB: number; readonly rotational: boolean }
type Hints = { serialNumber?: string; minSizeGigabytes?: number; rotational?: boolean };
const matches = (d: Drive, h: Hints) =>
  (h.serialNumber === undefined || d.serial === h.serialNumber) && (h.minSizeGigabytes === undefined || d.sizeGB >= h.minSizeGigabytes) && (h.rotational === undefined || d.rotational === h.rotational);
const drives = (prefix: string, set: DriveSet): Drive[] => Array.from({ length: set.count }, (_, i) => ({ serial: `${prefix}-${i + 1}`, sizeGB: set.sizeGB!, rotational: false }));

describe('first boot: OS drives', () => {
  // The catalog's DGX H100 layout: 2 × 1.92 TB M.2 OS drives and 8 × 3.84 TB U.2 cache drives.
  const layout = GPU_SYSTEMS['dgx-h100']!.storage!;
  // gpu-a-0001's drives as the inventory names them: OSA1-1, OSA1-2 (OS) and eight cache drives.
  const host = [...drives('OSA1', layout.os), ...drives('CACHE', layout.data!)];

  it("selects only the OS drives of the catalog's DGX H100 layout, and the old size hint did not", async () => {
    expect(layout.os).toEqual({ count: 2, sizeGB: 1920, formFactor: 'M.2' });
    expect(layout.data).toEqual({ count: 8, sizeGB: 3840, formFactor: 'U.2' });
    const bmh = parseAllDocuments((await files(writeSmallSite({ inventory: inventory() }))).get('bare-metal/metal3/gpu-a.yaml')!)
      .map((d) => d.toJS())
      .find((d) => d.metadata.name === 'gpu-a-0001');
    const disks: Hints[] = bmh.spec.raid.softwareRAIDVolumes[0].physicalDisks;
    // Each RAID member hint matches exactly one drive, and together they are the two OS drives.
    const picked = disks.map((h) => host.filter((d) => matches(d, h)).map((d) => d.serial));
    expect(picked).toEqual([['OSA1-1'], ['OSA1-2']]);
    // The size-only hint rackshift wrote before matched all 10 drives: 1,920 and 3,840 ≥ 200.
    expect(host.filter((d) => matches(d, { minSizeGigabytes: 200, rotational: false }))).toHaveLength(10);
  });

  it('two OS drives get Metal3 software RAID-1 over exactly them, and no root hint that could pick a cache drive', async () => {
    const bmh = parseAllDocuments((await files(writeSmallSite({ inventory: inventory() }))).get('bare-metal/metal3/gpu-a.yaml')!)
      .map((d) => d.toJS())
      .find((d) => d.metadata.name === 'gpu-a-0002');
    // The BareMetalHost CRD: the first software RAID volume must be RAID-1 and becomes the root device.
    expect(bmh.spec.raid).toEqual({ softwareRAIDVolumes: [{ level: '1', physicalDisks: [{ serialNumber: 'OSA2-1' }, { serialNumber: 'OSA2-2' }] }] });
    expect(bmh.spec.rootDeviceHints).toBeUndefined();
  });

  it('a DGX row without OS drive serials is refused (one line per pool), and so is a wrong count', async () => {
    const noSerials = fullInventoryCsv().replace(/,OSA\d-1;OSA\d-2$/gm, ',');
    const r = await loadSite(writeSmallSite({ inventory: inventory(noSerials) }));
    const lines = r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/delivery\.csv:2:1 row 1\.osDriveSerials: pool gpu-a: 8 hosts list no osDriveSerials; a NVIDIA DGX H100 has 2 × 1\.92 TB M\.2 OS and 8 × 3\.84 TB U\.2 data drives, and no size hint selects only the OS drives/);
    const one = await loadSite(writeSmallSite({ inventory: inventory(fullInventoryCsv().replace('OSA3-1;OSA3-2', 'OSA3-1')) }));
    expect(one.diagnostics.map(formatDiagnostic)).toContainEqual(expect.stringMatching(/delivery\.csv:4:\d+ row 3\.osDriveSerials: lists 1 OS drive serial; a NVIDIA DGX H100 has 2 OS drives \(catalog\)$/));
  });
});

describe('first boot: Grace trays (aarch64)', () => {
  it("red-river's GB200 trays get the arm64 boot file in both DHCP configs", async () => {
    const f = await files('sites/red-river.yaml');
    const dnsmasq = f.get('bare-metal/dnsmasq.conf')!;
    // Architecture code 11 (ARM64 UEFI) → snponly-arm64.efi over TFTP; 19 (ARM64 UEFI HTTP) → its URL.
    expect(dnsmasq).toContain('dhcp-match=set:efi-arm64,option:client-arch,11\n');
    expect(dnsmasq).toMatch(/^dhcp-boot=tag:!ipxe,tag:efi-arm64,snponly-arm64\.efi,,10\.61\.0\.\d+$/m);
    expect(dnsmasq).toContain('dhcp-match=set:efi-arm64-http,option:client-arch,19\n');
    const kea = JSON.parse(f.get('bare-metal/kea-dhcp4.json')!);
    const arm = kea.Dhcp4['client-classes'].find((c: { name: string }) => c.name === 'pxe-efi-arm64');
    expect(arm).toMatchObject({ test: "not member('ipxe') and option[93].hex == 0x000b", 'boot-file-name': 'snponly-arm64.efi' });
    // red-river also has x86 DGX B200 pools: they keep their x86 boot files.
    expect(dnsmasq).toContain('dhcp-match=set:efi-x86_64,option:client-arch,7\n');
  });

  it('an x86-only site gets no arm64 rules', async () => {
    const f = await files(writeSmallSite({ inventory: inventory() }));
    expect(f.get('bare-metal/dnsmasq.conf')).not.toContain('arm64');
    expect(f.get('bare-metal/kea-dhcp4.json')).not.toContain('arm64');
  });

  it('Tinkerbell Hardware says aarch64 for a Grace tray and x86_64 for a DGX; the tray BMC is OpenBMC System_0', async () => {
    const f = await files(writeSmallSite({ grace: true, backends: ['metal3', 'tinkerbell'], inventory: inventory(fullInventoryCsv('', () => '', true)) }));
    const hw = (pool: string) => parseAllDocuments(f.get(`bare-metal/tinkerbell/${pool}.yaml`)!).map((d) => d.toJS());
    expect(hw('gpu-g')).toHaveLength(18);
    expect(hw('gpu-g').every((h) => h.spec.interfaces[0].dhcp.arch === 'aarch64')).toBe(true);
    expect(hw('gpu-a')[0].spec.interfaces[0].dhcp.arch).toBe('x86_64');
    const bmh = parseAllDocuments(f.get('bare-metal/metal3/gpu-g.yaml')!).map((d) => d.toJS())[0];
    expect(bmh.spec.bmc.address).toMatch(/^redfish-virtualmedia:\/\/10\.10\.0\.\d+\/redfish\/v1\/Systems\/System_0$/);
    // One M.2 OS drive per tray, named by serial.
    expect(bmh.spec.rootDeviceHints).toEqual({ serialNumber: 'OSG1' });
  });
});

describe('namespaces as site settings', () => {
  it('default to upstream: baremetal-operator-system for Metal3, tink-system for Tinkerbell', async () => {
    const f = await files(writeSmallSite({ backends: ['metal3', 'tinkerbell'], inventory: inventory() }));
    const ns = (path: string) => new Set(parseAllDocuments(f.get(path)!).map((d) => d.toJS().metadata.namespace));
    expect(ns('bare-metal/metal3/gpu-a.yaml')).toEqual(new Set(['baremetal-operator-system']));
    expect(ns('bare-metal/user-data/gpu-a.yaml')).toEqual(new Set(['baremetal-operator-system']));
    expect(ns('bare-metal/tinkerbell/gpu-a.yaml')).toEqual(new Set(['tink-system']));
  });

  it("follow the site's settings, and a tenant may not take them", async () => {
    const file = writeSmallSite({ backends: ['metal3', 'tinkerbell'], inventory: inventory() });
    const text = smallSiteYaml({ backends: ['metal3', 'tinkerbell'], inventory: inventory() }).replace(
      'provisioning: { backends: [metal3, tinkerbell] }',
      'provisioning: { backends: [metal3, tinkerbell], metal3Namespace: metal3, tinkerbellNamespace: tink, bootServerUrl: "http://10.11.0.9:8080/boot" }',
    );
    writeFileSync(file, text);
    const f = await files(file);
    expect(parseAllDocuments(f.get('bare-metal/metal3/gpu-a.yaml')!)[0]!.toJS().metadata.namespace).toBe('metal3');
    expect(parseAllDocuments(f.get('bare-metal/tinkerbell/gpu-a.yaml')!)[0]!.toJS().metadata.namespace).toBe('tink');
    // The boot-server URL setting is where iPXE fetches its pool script and the image comes from.
    expect(f.get('bare-metal/dnsmasq.conf')).toContain('dhcp-boot=tag:ipxe,tag:pool-gpu-a,http://10.11.0.9:8080/boot/ipxe/gpu-a.ipxe\n');
    expect(f.get('bare-metal/ipxe/gpu-a.ipxe')).toContain('chain --autofree http://10.11.0.9:8080/boot/boot.ipxe');
    writeFileSync(file, text.replace('{ name: team-x,', '{ name: tink,'));
    const r = await loadSite(file);
    expect(r.diagnostics.map(formatDiagnostic)).toContainEqual(expect.stringMatching(/spec\.tenants\[0\]\.name: "tink" is a reserved namespace \(.*tink\)$/));
  });
});
