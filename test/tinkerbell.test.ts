/**
 * Tinkerbell, the opt-in second provisioning backend: one Hardware per delivered node that
 * validates against the upstream v1alpha1 CRD with nothing pruned, carries the node's resolved
 * MAC, address and hostname and the Metal3 path's cloud-init, nothing for pending nodes, and
 * no change at all for sites that do not ask for it.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { parseAllDocuments, parse } from 'yaml';
import { synthesize } from '../synth/synthesize';
import { loadSite } from '../constructs/load';
import { formatDiagnostic } from '../constructs/diagnostics';
import { bareMetalTarget } from '../stacks/bare-metal';
import type { ResolvedSite } from '../constructs/resolved-site';
import { fullInventoryCsv, smallSiteYaml, writeSmallSite, type SmallSiteOptions } from './helpers/bare-metal-site';
import { loadCrds } from './helpers/crds';

type Rendered = { site: ResolvedSite; files: Map<string, string> };

async function render(o: SmallSiteOptions): Promise<Rendered> {
  const r = await synthesize([writeSmallSite(o)], [bareMetalTarget]);
  expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
  const s = r.sites[0]!;
  return { site: s.site, files: new Map(s.files.map((f) => [f.path, f.content])) };
}

const inventory = (text = fullInventoryCsv()) => ({ name: 'delivery.csv', text });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const docsOf = (files: Map<string, string>, prefix: string): any[] =>
  [...files.entries()].filter(([p]) => p.startsWith(prefix)).flatMap(([, c]) => parseAllDocuments(c).map((d) => d.toJS()));
const hardware = (files: Map<string, string>) => docsOf(files, 'bare-metal/tinkerbell/');

let both: Rendered;
let tinkOnly: Rendered;
beforeAll(async () => {
  both = await render({ inventory: inventory(), backends: ['metal3', 'tinkerbell'] });
  tinkOnly = await render({ inventory: inventory(), backends: ['tinkerbell'] });
});

describe('tinkerbell: Hardware objects', () => {
  it('validate against the upstream tinkerbell.org/v1alpha1 Hardware CRD, with no pruned field', ({ skip }) => {
    const crds = loadCrds();
    if (!crds) return skip();
    const all = hardware(both.files);
    expect(all).toHaveLength(12);
    for (const d of all) {
      expect(d.apiVersion).toBe('tinkerbell.org/v1alpha1');
      expect(crds.validate(d), `Hardware/${d.metadata.name}`).toEqual([]);
    }
  });

  it('a broken Hardware is caught: misspelt field, bad MAC, wrong type', ({ skip }) => {
    const crds = loadCrds();
    if (!crds) return skip();
    const good = hardware(both.files)[0];
    const iface = good.spec.interfaces[0];
    const withIface = (i: object) => ({ ...good, spec: { ...good.spec, interfaces: [i] } });
    expect(crds.validate(withIface({ ...iface, netboot: { allowPxe: true, allowWorkflow: true } }))).toEqual([
      'spec.interfaces[0].netboot.allowPxe: not declared by the schema; the API server would prune it',
    ]);
    const bad = crds.validate(withIface({ ...iface, dhcp: { ...iface.dhcp, mac: '02-00-00-01-00-01', lease_time: '86400' } }));
    expect(bad).toEqual([
      'spec.interfaces.0.dhcp.lease_time: must be integer',
      'spec.interfaces.0.dhcp.mac: must match pattern "([0-9a-f]{2}[:]){5}([0-9a-f]{2})"',
    ]);
  });

  it("carries each delivered node's MAC, provisioning address and hostname from ResolvedSite", () => {
    const byName = new Map(hardware(both.files).map((d) => [d.metadata.name, d]));
    // gpu-a-0001: inventory row 1, boot MAC 02:00:00:01:00:01; gpu-a's block starts at offset 0,
    // 16 reserved addresses → host 17 of 10.11.0.0/24; gateway = first address.
    const a1 = byName.get('gpu-a-0001');
    expect(a1.metadata).toMatchObject({
      namespace: 'tink-system',
      labels: { 'app.kubernetes.io/managed-by': 'rackshift', 'rackshift.dev/site': 'testsite', 'rackshift.dev/pool': 'gpu-a', 'rackshift.dev/rack': 'gpu-a-r001' },
      annotations: { 'rackshift.dev/serial': 'SA1', 'rackshift.dev/inventory': 'inventory/delivery.csv:2' },
    });
    expect(a1.spec.interfaces).toEqual([
      {
        dhcp: {
          mac: '02:00:00:01:00:01',
          ip: { address: '10.11.0.17', netmask: '255.255.255.0', gateway: '10.11.0.1' },
          hostname: 'gpu-a-0001',
          name_servers: ['10.10.0.2'],
          time_servers: ['10.10.0.3'],
          domain_name: 'test.example.net',
          lease_time: 86400,
          arch: 'x86_64',
          uefi: true,
        },
        netboot: { allowPXE: true, allowWorkflow: true },
      },
    ]);
    expect(a1.spec.metadata.instance).toEqual({ id: '02:00:00:01:00:01', hostname: 'gpu-a-0001', allow_pxe: true });
    // gpu-b-0003: the 11th row (8 gpu-a rows first) → MAC …:0b; gpu-b's block starts after
    // gpu-a's 16 addresses → host 16 + 16 + 3 = 35.
    const b3 = byName.get('gpu-b-0003');
    expect(b3.spec.interfaces[0].dhcp).toMatchObject({ mac: '02:00:00:01:00:0b', ip: { address: '10.11.0.35' }, hostname: 'gpu-b-0003' });
    // And every one agrees with the resolver's node and inventory host.
    const hosts = new Map(both.site.inventory.hosts.map((h) => [h.node, h]));
    for (const pool of both.site.pools) {
      for (const n of pool.nodes) {
        const dhcp = byName.get(n.name).spec.interfaces[0].dhcp;
        expect([dhcp.mac, dhcp.ip.address, dhcp.hostname]).toEqual([hosts.get(n.name)!.bootMac, n.addresses.provisioning, n.name]);
      }
    }
  });

  it("embeds the Metal3 path's cloud-init, which holds no token", () => {
    const secrets = new Map(docsOf(both.files, 'bare-metal/user-data/').map((d) => [d.metadata.name.replace(/-user-data$/, ''), d.stringData.userData]));
    for (const d of hardware(both.files)) expect(d.spec.userData, d.metadata.name).toBe(secrets.get(d.metadata.name));
    const ud = parse(hardware(both.files)[0].spec.userData);
    expect(ud.hostname).toBe('gpu-a-0001');
    expect(ud.runcmd).toContainEqual(['kubeadm', 'join', '--config', '/etc/kubernetes/rackshift-join.yaml']);
    expect(hardware(both.files)[0].spec.userData).not.toMatch(/token/i);
  });
});

describe('tinkerbell: pending nodes', () => {
  it('get no Hardware: only the pool the manifest names is provisioned', async () => {
    // Only gpu-b's 4 hosts are delivered; gpu-a's 8 nodes stay pending.
    const gpuB = fullInventoryCsv().trimEnd().split('\n').filter((l, i) => i === 0 || l.includes(',gpu-b,'));
    const r = await render({ inventory: inventory(`${gpuB.join('\n')}\n`), backends: ['tinkerbell'] });
    expect(r.site.inventory.pending).toHaveLength(8);
    expect(r.files.has('bare-metal/tinkerbell/gpu-a.yaml')).toBe(false);
    expect(hardware(r.files).map((d) => d.metadata.name)).toEqual(['gpu-b-0001', 'gpu-b-0002', 'gpu-b-0003', 'gpu-b-0004']);
    expect(parse(r.files.get('bare-metal/kustomization.yaml')!).resources).toEqual(['tinkerbell/gpu-b.yaml']);
  });

  it('no inventory at all: no Hardware and no kustomization', async () => {
    const r = await render({ backends: ['tinkerbell'] });
    expect([...r.files.keys()].filter((p) => p.startsWith('bare-metal/tinkerbell/') || p.endsWith('kustomization.yaml'))).toEqual([]);
  });
});

describe('tinkerbell: backend selection', () => {
  it('tinkerbell only: no BareMetalHost or user-data Secret; DHCP and iPXE stay', () => {
    const paths = [...tinkOnly.files.keys()];
    expect(paths.filter((p) => p.startsWith('bare-metal/metal3/') || p.startsWith('bare-metal/user-data/'))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['bare-metal/kea-dhcp4.json', 'bare-metal/dnsmasq.conf', 'bare-metal/ipxe/gpu-a.ipxe', 'bare-metal/tinkerbell/gpu-a.yaml']));
    expect(parse(tinkOnly.files.get('bare-metal/kustomization.yaml')!).resources).toEqual(['tinkerbell/gpu-a.yaml', 'tinkerbell/gpu-b.yaml']);
    // The DHCP files are backend-independent: byte-identical to the two-backend site's.
    for (const p of ['bare-metal/kea-dhcp4.json', 'bare-metal/dnsmasq.conf', 'bare-metal/ipxe/gpu-a.ipxe']) expect(tinkOnly.files.get(p), p).toBe(both.files.get(p));
    // The BMC Secret instruction is Metal3's: not given when Metal3 is off.
    expect(JSON.parse(tinkOnly.files.get('bare-metal/inventory.json')!).bmcCredentials).toBeUndefined();
    expect(hardware(tinkOnly.files)).toEqual(hardware(both.files));
  });

  it('both: the kustomization applies Metal3 and Tinkerbell objects; listing order does not matter', async () => {
    expect(parse(both.files.get('bare-metal/kustomization.yaml')!).resources).toEqual([
      'metal3/gpu-a.yaml', 'metal3/gpu-b.yaml', 'user-data/gpu-a.yaml', 'user-data/gpu-b.yaml', 'tinkerbell/gpu-a.yaml', 'tinkerbell/gpu-b.yaml',
    ]);
    const reversed = await render({ inventory: inventory(), backends: ['tinkerbell', 'metal3'] });
    expect(reversed.site.provisioning.backends).toEqual(['metal3', 'tinkerbell']);
    expect([...reversed.files.entries()]).toEqual([...both.files.entries()]);
  });

  it('default: a site without the setting is Metal3 only, byte-identical to an explicit [metal3]', async () => {
    const implicit = await render({ inventory: inventory() });
    const explicit = await render({ inventory: inventory(), backends: ['metal3'] });
    expect(implicit.site.provisioning.backends).toEqual(['metal3']);
    expect([...implicit.files.keys()].some((p) => p.includes('tinkerbell'))).toBe(false);
    expect([...implicit.files.entries()]).toEqual([...explicit.files.entries()]);
  });
});

describe('tinkerbell: bad settings', () => {
  async function errors(yaml: string): Promise<string[]> {
    const file = writeSmallSite();
    writeFileSync(file, yaml);
    const r = await loadSite(file);
    expect(r.site).toBeUndefined();
    return r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).replace(file, 'site.yaml'));
  }
  const withBackends = (list: string) => `${smallSiteYaml()}  provisioning: { backends: ${list} }\n`;

  it('reports an unknown backend, a repeated one, an empty list and an unknown key, with file:line', async () => {
    const line = smallSiteYaml().split('\n').length; // the appended provisioning line
    const unknown = await errors(withBackends('[metal3, maas]'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatch(new RegExp(`^site\\.yaml:${line}:\\d+ .*spec\\.provisioning\\.backends\\[1\\].*metal3.*tinkerbell`));
    expect((await errors(withBackends('[tinkerbell, tinkerbell]')))[0]).toMatch(/spec\.provisioning\.backends: .*list each backend once/);
    expect((await errors(withBackends('[]')))[0]).toMatch(/spec\.provisioning\.backends: .*at least one provisioning backend/);
    expect((await errors(`${smallSiteYaml()}  provisioning: { backend: [tinkerbell] }\n`))[0]).toMatch(/spec\.provisioning.*backend/);
  });

  it('refuses tinkerbell without a provisioning network (Hardware leases that address)', async () => {
    const yaml = withBackends('[metal3, tinkerbell]').replace(/^ {4}provisioning: \{ cidr: .*\n/m, '');
    const errs = await errors(yaml);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/spec\.provisioning\.backends\[1\]: the tinkerbell backend needs spec\.networks\.provisioning/);
  });
});
