/**
 * The bare-metal target on a small site: the real daemons accept the DHCP files, cloud-init
 * accepts the user-data, Metal3 objects validate against the upstream CRDs with nothing
 * pruned, no credential reaches the output, and pending nodes get nothing invented.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { synthesize, writeOutput } from '../synth/synthesize';
import type { OutputFile } from '../stacks';
import { bareMetalTarget } from '../stacks/bare-metal';
import type { ResolvedSite } from '../constructs/resolved-site';
import { fullInventoryCsv, writeSmallSite } from './helpers/bare-metal-site';
import { hasTool, run } from './helpers/tools';
import { loadCrds } from './helpers/crds';
import { BootLab } from './support/boot-lab';

const SECRETS = ['Hunter2-BMC-pass', 'root-admin-7731', 'eyJhbGciOiJSUzI1NiJ9.tok'];

async function render(inventory?: string): Promise<{ site: ResolvedSite; files: Map<string, string> }> {
  const file = writeSmallSite(inventory === undefined ? {} : { inventory: { name: 'delivery.csv', text: inventory } });
  const r = await synthesize([file], [bareMetalTarget]);
  expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  const s = r.sites[0]!;
  return { site: s.site, files: new Map(s.files.map((f: OutputFile) => [f.path, f.content])) };
}

let full: { site: ResolvedSite; files: Map<string, string> };
let dir: string;
beforeAll(async () => {
  full = await render(fullInventoryCsv());
  dir = mkdtempSync(join(tmpdir(), 'rackshift-bm-out-'));
  for (const [p, c] of full.files) {
    if (p.endsWith('.json') || p.endsWith('.conf')) writeFileSync(join(dir, p.replace(/\//g, '_')), c);
  }
  for (const [node, text] of userData(full.files)) writeFileSync(join(dir, `cloud-init_${node}.yaml`), text);
});

describe('bare-metal: real tools accept the files', () => {
  it('kea-dhcp4 -t accepts kea-dhcp4.json', () => {
    if (!hasTool('kea-dhcp4')) return;
    const r = run('kea-dhcp4', ['-t', join(dir, 'bare-metal_kea-dhcp4.json')]);
    expect(r.status, r.output).toBe(0);
  });

  it('kea-dhcp4 -t accepts a config naming the site\'s interface, with socket retries (in a namespace that has it)', async () => {
    if (!hasTool('kea-dhcp4') || !hasTool('ip')) return;
    if (process.getuid?.() !== 0) {
      if (process.env.CI === 'true') throw new Error('network namespaces need root, and CI=true requires this check');
      console.warn('skipping: kea-dhcp4 -t with a named interface needs root (a network namespace)');
      return;
    }
    const r = await synthesize([writeSmallSite({ provisioningInterface: 'rsprov0', inventory: { name: 'delivery.csv', text: fullInventoryCsv() } })], [bareMetalTarget]);
    const text = r.sites[0]!.files.find((f) => f.path === 'bare-metal/kea-dhcp4.json')!.content;
    const config = JSON.parse(text).Dhcp4['interfaces-config'];
    expect(config).toEqual({ interfaces: ['rsprov0'], 'service-sockets-max-retries': 60, 'service-sockets-retry-wait-time': 5000 });
    const file = join(dir, 'kea-iface.json');
    writeFileSync(file, text);
    // Kea checks that the interface exists: outside a namespace that has it, -t fails.
    const lab = new BootLab(`rs-keat-${process.pid}`, 'rsprov0', dir);
    try {
      lab.up('10.11.0.2/24');
      const ok = run('ip', ['netns', 'exec', lab.ns, 'kea-dhcp4', '-t', file]);
      expect(ok.status, ok.output).toBe(0);
    } finally {
      await lab.close();
    }
  });

  it('dnsmasq --test accepts dnsmasq.conf', () => {
    if (!hasTool('dnsmasq')) return;
    const r = run('dnsmasq', ['--test', `--conf-file=${join(dir, 'bare-metal_dnsmasq.conf')}`]);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('syntax check OK');
  });

  it('the real tools reject a broken file (the checks can fail)', () => {
    if (!hasTool('kea-dhcp4') || !hasTool('dnsmasq')) return;
    const badKea = join(dir, 'bad-kea.json');
    writeFileSync(badKea, full.files.get('bare-metal/kea-dhcp4.json')!.replace('"hw-address"', '"hw-adress"'));
    expect(run('kea-dhcp4', ['-t', badKea]).status).not.toBe(0);
    const badDnsmasq = join(dir, 'bad-dnsmasq.conf');
    writeFileSync(badDnsmasq, `${full.files.get('bare-metal/dnsmasq.conf')!}dhcp-rnage=1.2.3.4\n`);
    expect(run('dnsmasq', ['--test', `--conf-file=${badDnsmasq}`]).status).not.toBe(0);
  });

  it('cloud-init schema accepts the user-data of a capped node and of an uncapped one', () => {
    if (!hasTool('cloud-init')) return;
    for (const node of ['gpu-a-0001', 'gpu-b-0001']) {
      const r = run('cloud-init', ['schema', '--config-file', join(dir, `cloud-init_${node}.yaml`)]);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('Valid cloud-config');
    }
  });
});

describe('bare-metal: DHCP content', () => {
  it('reserves each inventoried MAC at its allocated address, and nothing else', () => {
    const kea = JSON.parse(full.files.get('bare-metal/kea-dhcp4.json')!);
    const [bmc, prov] = kea.Dhcp4.subnet4;
    expect(bmc.subnet).toBe('10.10.0.0/24');
    expect(bmc.reservations).toHaveLength(12);
    expect(prov.reservations).toHaveLength(12);
    expect(bmc.pools).toBeUndefined();
    // gpu-a node 1: block offset 0, reserved 16 → host 17 of each network.
    expect(bmc.reservations[0]).toMatchObject({ 'hw-address': '02:00:00:00:00:01', 'ip-address': '10.10.0.17', hostname: 'gpu-a-0001-bmc' });
    expect(prov.reservations[0]).toMatchObject({ 'hw-address': '02:00:00:01:00:01', 'ip-address': '10.11.0.17', hostname: 'gpu-a-0001', 'client-classes': ['rackshift-pool-gpu-a'] });
    // gpu-b: second block (gpu-a's block is 16 wide) → node 1 at 16 + 16 + 1 = host 33.
    expect(prov.reservations[8]).toMatchObject({ 'ip-address': '10.11.0.33', hostname: 'gpu-b-0001' });
    const dnsmasq = full.files.get('bare-metal/dnsmasq.conf')!;
    expect(dnsmasq).toContain('dhcp-host=02:00:00:01:00:01,set:pool-gpu-a,10.11.0.17,gpu-a-0001\n');
    expect(dnsmasq).toContain('dhcp-boot=tag:ipxe,tag:pool-gpu-b,http://10.11.0.2:6180/ipxe/gpu-b.ipxe\n');
  });

  it('chains UEFI and legacy PXE to iPXE, and iPXE to its pool script', () => {
    const kea = JSON.parse(full.files.get('bare-metal/kea-dhcp4.json')!);
    const classes = new Map<string, Record<string, unknown>>(kea.Dhcp4['client-classes'].map((c: { name: string }) => [c.name, c]));
    expect(classes.get('pxe-efi-x86_64')).toMatchObject({ 'boot-file-name': 'snponly.efi', 'next-server': '10.11.0.2' });
    expect(classes.get('pxe-bios')).toMatchObject({ 'boot-file-name': 'undionly.kpxe' });
    expect(classes.get('ipxe-gpu-a')).toMatchObject({ 'option-data': [{ name: 'boot-file-name', data: 'http://10.11.0.2:6180/ipxe/gpu-a.ipxe' }] });
    expect(full.files.get('bare-metal/ipxe/gpu-a.ipxe')!.startsWith('#!ipxe\n')).toBe(true);
  });
});

describe('bare-metal: Metal3 objects', () => {
  const docs = () => [...full.files.entries()].filter(([p]) => p.startsWith('bare-metal/metal3/')).flatMap(([, c]) => parseAllDocuments(c).map((d) => d.toJS()));

  it('validate against the upstream BareMetalHost and HostFirmwareSettings CRDs, with no pruned field', ({ skip }) => {
    const crds = loadCrds();
    if (!crds) return skip();
    const all = docs();
    expect(all.filter((d) => d.kind === 'BareMetalHost')).toHaveLength(12);
    expect(all.filter((d) => d.kind === 'HostFirmwareSettings')).toHaveLength(4);
    for (const d of all) expect(crds.validate(d), `${d.kind}/${d.metadata.name}`).toEqual([]);
    // The check itself catches a misspelt field.
    expect(crds.validate({ ...all[0], spec: { ...all[0].spec, bootMacAddress: 'x' } })).toEqual(['spec.bootMacAddress: not declared by the schema; the API server would prune it']);
  });

  it('use the BMC URL scheme of the system, the boot MAC and a credentials Secret it never writes', () => {
    const all = docs();
    const a1 = all.find((d) => d.metadata.name === 'gpu-a-0001');
    expect(a1.spec).toMatchObject({
      online: true,
      bootMACAddress: '02:00:00:01:00:01',
      bmc: { address: 'redfish-virtualmedia://10.10.0.17/redfish/v1/Systems/DGX', credentialsName: 'gpu-a-0001-bmc' },
      userData: { name: 'gpu-a-0001-user-data', namespace: 'baremetal-operator-system' },
    });
    // A DGX H100's two OS drives, by the serials the inventory lists: software RAID-1, no size hint.
    expect(a1.spec.raid).toEqual({ softwareRAIDVolumes: [{ level: '1', physicalDisks: [{ serialNumber: 'OSA1-1' }, { serialNumber: 'OSA1-2' }] }] });
    expect(a1.spec.rootDeviceHints).toBeUndefined();
    const b1 = all.find((d) => d.kind === 'BareMetalHost' && d.metadata.name === 'gpu-b-0001');
    expect(b1.spec.bmc.address).toBe('idrac-virtualmedia://10.10.0.33/redfish/v1/Systems/System.Embedded.1');
    // The XE9680's drives are not in the catalog: any solid-state disk of at least 200 GB.
    expect(b1.spec.rootDeviceHints).toEqual({ minSizeGigabytes: 200, rotational: false });
    expect(all.find((d) => d.kind === 'HostFirmwareSettings' && d.metadata.name === 'gpu-b-0001').spec.settings).toEqual({ LogicalProc: 'Disabled', SriovGlobalEnable: 'Enabled' });
    expect(all.some((d) => d.kind === 'Secret')).toBe(false);
    const kustomization = parse(full.files.get('bare-metal/kustomization.yaml')!);
    expect(kustomization.resources).toEqual(['metal3/gpu-a.yaml', 'metal3/gpu-b.yaml', 'user-data/gpu-a.yaml', 'user-data/gpu-b.yaml']);
    // The user-data Secrets hold user-data only: the key Metal3 reads, nothing else.
    const secrets = parseAllDocuments(full.files.get('bare-metal/user-data/gpu-a.yaml')!).map((d) => d.toJS());
    expect(secrets).toHaveLength(8);
    expect(Object.keys(secrets[0].stringData)).toEqual(['userData']);
    expect(secrets[0].metadata).toMatchObject({ name: 'gpu-a-0001-user-data', namespace: 'baremetal-operator-system' });
  });
});

describe('bare-metal: cloud-init', () => {
  it('registers the resolved node labels and taints, and joins without embedding a token', () => {
    const ud = parse(userData(full.files).get('gpu-a-0001')!);
    const node = full.site.pools[0]!.nodes[0]!;
    expect(ud.hostname).toBe('gpu-a-0001');
    const join = parse(ud.write_files.find((f: { path: string }) => f.path === '/etc/kubernetes/rackshift-join.yaml').content);
    const labels = Object.fromEntries(join.nodeRegistration.kubeletExtraArgs[0].value.split(',').map((kv: string) => kv.split('=')));
    expect(labels).toEqual(node.labels);
    // Dedicated tenant team-x owns gpu-a-0001 and gpu-a-0002 (16 GPUs / 8 per node): the kubelet
    // registers its taint, but no label that decides who runs here (NodeRestriction would refuse
    // node-restriction.kubernetes.io/ ones; deploy sets those).
    expect(join.nodeRegistration.taints).toContainEqual({ key: 'rackshift.dev/tenant', value: 'team-x', effect: 'NoSchedule' });
    expect(Object.keys(labels).filter((k) => k.startsWith('node-restriction.kubernetes.io/') || k.includes('.node-restriction.kubernetes.io/'))).toEqual([]);
    expect(labels['rackshift.dev/tenant']).toBeUndefined();
    expect(node.isolationLabels['node-restriction.kubernetes.io/rackshift-tenant']).toBe('team-x');
    expect(join.nodeRegistration.taints).toEqual(node.taints);
    expect(join.discovery).toEqual({ file: { kubeConfigPath: 'https://10.11.0.2/rackshift/join/gpu-a-0001.kubeconfig' } });
    expect(JSON.stringify(join)).not.toMatch(/token/i);
  });

  it('holds capped GPUs at the limit that keeps the node inside its cap', () => {
    // DGX H100: 10.2 kW max, 8 × 700 W GPUs → the rest of the node draws up to 10,200 − 5,600 = 4,600 W.
    // Cap 8 kW: (8,000 − 4,600) / 8 = 425 W per GPU.
    expect(full.site.pools[0]!.gpuPowerLimitW).toBe(425);
    const ud = parse(userData(full.files).get('gpu-a-0003')!);
    const unit = ud.write_files.find((f: { path: string }) => f.path.endsWith('rackshift-gpu-power-limit.service'));
    // gpu-a uses the GPU Operator's driver (the default): its nvidia-smi, once the driver is loaded.
    expect(unit.content).toContain('ExecStart=/usr/sbin/chroot /run/nvidia/driver nvidia-smi --power-limit=425\n');
    expect(ud.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'rackshift-gpu-power-limit.path']);
    // gpu-b is not capped: no limit.
    expect(userData(full.files).get('gpu-b-0001')).not.toContain('power-limit');
    expect(userData(full.files).get('gpu-b-0001')!.startsWith('#cloud-config\n')).toBe(true);
  });
});

describe('bare-metal: no inventory yet', () => {
  it('lists every node as pending and invents no host, MAC or reservation', async () => {
    const r = await render();
    expect([...r.files.keys()].some((p) => p.startsWith('bare-metal/metal3/'))).toBe(false);
    // User-data needs no inventory: every node has it, ready for when its host arrives.
    expect(userData(r.files).size).toBe(12);
    const kea = JSON.parse(r.files.get('bare-metal/kea-dhcp4.json')!);
    expect(kea.Dhcp4.subnet4.map((s: { reservations: unknown[] }) => s.reservations.length)).toEqual([0, 0]);
    expect(r.files.get('bare-metal/dnsmasq.conf')).not.toContain('dhcp-host=');
    const status = JSON.parse(r.files.get('bare-metal/inventory.json')!);
    expect(status.pendingNodes).toBe(12);
    expect(status.pools[1]).toEqual({ name: 'gpu-b', nodes: 4, hosts: 0, pending: ['gpu-b-0001', 'gpu-b-0002', 'gpu-b-0003', 'gpu-b-0004'] });
  });
});

describe('bare-metal: no credential anywhere in the output', () => {
  it('secrets planted in the inventory appear in no file of the written output tree', async () => {
    const csv = fullInventoryCsv(',bmcUser,bmcPassword,password', (n) => `,${SECRETS[1]},${SECRETS[0]}-${n},${SECRETS[2]}`);
    // Both backends on, so Tinkerbell's Hardware (with embedded user-data) is searched too.
    const file = writeSmallSite({ inventory: { name: 'delivery.csv', text: csv }, backends: ['metal3', 'tinkerbell'] });
    const r = await synthesize([file]);
    expect(r.ok).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'rackshift-bm-secrets-'));
    await writeOutput(out, r.sites);
    const files = walk(out);
    expect(files.length).toBeGreaterThan(8);
    expect(files.filter((f) => /bare-metal\/(tinkerbell|metal3|user-data)\/gpu-a\.yaml$/.test(f))).toHaveLength(3);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of SECRETS) expect(text.includes(s), `${s} in ${f}`).toBe(false);
    }
    // The planted values really were in the input.
    expect(csv).toContain(SECRETS[0]);
  });
});

describe('bare-metal: deterministic', () => {
  it('renders byte-identical files twice', async () => {
    const again = await render(fullInventoryCsv());
    expect([...again.files.entries()]).toEqual([...full.files.entries()]);
  });
});

/** Node → user-data text, from the user-data Secrets of every pool. */
function userData(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, c] of files) {
    if (!p.startsWith('bare-metal/user-data/')) continue;
    for (const d of parseAllDocuments(c).map((x) => x.toJS())) out.set(d.metadata.name.replace(/-user-data$/, ''), d.stringData.userData);
  }
  return out;
}

function walk(d: string): string[] {
  return readdirSync(d).flatMap((e) => {
    const p = join(d, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
