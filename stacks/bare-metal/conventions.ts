/**
 * Names, paths and URLs the bare-metal files share, so the BareMetalHosts, the DHCP servers,
 * the iPXE scripts and cloud-init agree on them. All of them are documented in
 * docs/bare-metal.md; nothing here is a secret.
 */
import type { CpuArch } from '../../constructs/catalog/types';
import type { InventoryHost, ResolvedNode, ResolvedSite } from '../../constructs/resolved-site';

/** DHCP lease of a reserved host, seconds (Kea valid-lifetime, Tinkerbell lease_time). */
export const DHCP_LEASE_SECONDS = 86_400;

/**
 * The BMCs that take their address by DHCP, with the reservation each needs (hostname
 * `<node>-bmc`): the Kea and dnsmasq configs list the same ones.
 */
export function bmcDhcpReservations(site: ResolvedSite): { mac: string; address: string; hostname: string; host: InventoryHost }[] {
  return site.inventory.hosts
    .filter((h) => h.bmcAddressMode === 'dhcp' && h.bmcMac && h.bmcAddress)
    .map((h) => ({ mac: h.bmcMac!, address: h.bmcAddress!, hostname: `${h.node}-bmc`, host: h }));
}

/** Secret with the BMC's `username` and `password`: the operator creates it; rackshift only names it. */
export const bmcSecretName = (node: string) => `${node}-bmc`;
/** Secret with the node's cloud-init user-data (key `userData`), in user-data/<pool>.yaml. */
export const userDataSecretName = (node: string) => `${node}-user-data`;

/**
 * iPXE binaries the boot server hands to firmware network-boot clients, by the client's
 * architecture code (DHCP option 93; IANA "Processor Architecture Types", RFC 4578). Names as
 * iPXE's build targets produce them (bin/undionly.kpxe, bin-x86_64-efi/snponly.efi — both in
 * Debian's `ipxe` package and in ironic-image — and bin-arm64-efi/snponly.efi, which a site
 * builds or takes from ironic-image and publishes as snponly-arm64.efi; docs/bare-metal.md).
 * `http`: the client boots over UEFI HTTP, so it gets a URL and must be answered as HTTPClient.
 */
export interface BootArch {
  readonly name: string;
  readonly cpu: CpuArch;
  readonly codes: readonly number[];
  readonly file: string;
  readonly http?: boolean;
}
export const BOOT_ARCHES: readonly BootArch[] = [
  { name: 'bios', cpu: 'x86_64', codes: [0], file: 'undionly.kpxe' },
  // 9 is EFI BC in RFC 4578, but x86-64 UEFI firmware commonly sends it; both get the x86-64 binary.
  { name: 'efi-x86_64', cpu: 'x86_64', codes: [7, 9], file: 'snponly.efi' },
  { name: 'efi-arm64', cpu: 'aarch64', codes: [11], file: 'snponly-arm64.efi' },
  { name: 'efi-arm64-http', cpu: 'aarch64', codes: [19], file: 'snponly-arm64.efi', http: true },
];

/** Boot architectures the site's pools need, in table order (a site with only x86 pools gets no arm64 rules). */
export function siteBootArches(site: ResolvedSite): readonly BootArch[] {
  const cpus = new Set(site.pools.map((p) => p.system.cpuArch));
  return BOOT_ARCHES.filter((a) => cpus.has(a.cpu));
}

/** The boot server's HTTP base URL (site setting, default Ironic's http://<boot server>:6180). */
export function bootUrl(site: ResolvedSite): string | undefined {
  return site.provisioning.bootServerUrl;
}
export const bootFileUrl = (base: string, a: BootArch) => `${base}/${a.file}`;
export const poolIpxeUrl = (base: string, pool: string) => `${base}/ipxe/${pool}.ipxe`;
export const nodeImage = (base: string) => ({
  url: `${base}/images/rackshift-node.qcow2`,
  checksum: `${base}/images/rackshift-node.qcow2.sha256sum`,
  checksumType: 'sha256',
  format: 'qcow2',
});

/**
 * The cluster join secret source: an HTTPS endpoint on the boot server that hands a node its
 * kubeadm discovery kubeconfig (with a short-lived bootstrap token) at boot. The token is never
 * in the user-data.
 */
export const joinKubeconfigUrl = (server: string, node: string) => `https://${server}/rackshift/join/${node}.kubeconfig`;

const nodeIndexes = new WeakMap<ResolvedSite, ReadonlyMap<string, ResolvedNode>>();
/** Every active node by name: built once per site and shared by the bare-metal files. */
export function nodesByName(site: ResolvedSite): ReadonlyMap<string, ResolvedNode> {
  let index = nodeIndexes.get(site);
  if (!index) {
    const byName = new Map<string, ResolvedNode>();
    for (const p of site.pools) for (const n of p.nodes) byName.set(n.name, n);
    nodeIndexes.set(site, (index = byName));
  }
  return index;
}

const hostIndexes = new WeakMap<ResolvedSite, ReadonlyMap<string, readonly InventoryHost[]>>();
/** Inventoried hosts by pool name, in inventory order: built once per site and shared by the backends. */
export function hostsByPool(site: ResolvedSite): ReadonlyMap<string, readonly InventoryHost[]> {
  let index = hostIndexes.get(site);
  if (!index) {
    const byPool = new Map<string, InventoryHost[]>();
    for (const h of site.inventory.hosts) {
      const list = byPool.get(h.pool);
      if (list) list.push(h);
      else byPool.set(h.pool, [h]);
    }
    hostIndexes.set(site, (index = byPool));
  }
  return index;
}

/** Interfaces the DHCP servers listen on: those the site names for its BMC and provisioning networks. */
export function dhcpInterfaces(site: ResolvedSite): readonly string[] {
  const names = [site.networks.bmc?.interface, site.networks.provisioning?.interface].filter((i): i is string => i !== undefined);
  return [...new Set(names)];
}

/** The provisioning network's boot server, when the site has a provisioning network. */
export function bootServer(site: ResolvedSite): string | undefined {
  return site.networks.provisioning?.bootServer;
}

export const FILES = {
  status: 'bare-metal/inventory.json',
  kea: 'bare-metal/kea-dhcp4.json',
  dnsmasq: 'bare-metal/dnsmasq.conf',
  kustomization: 'bare-metal/kustomization.yaml',
  metal3: (pool: string) => `bare-metal/metal3/${pool}.yaml`,
  tinkerbell: (pool: string) => `bare-metal/tinkerbell/${pool}.yaml`,
  ipxe: (pool: string) => `bare-metal/ipxe/${pool}.ipxe`,
  userData: (pool: string) => `bare-metal/user-data/${pool}.yaml`,
} as const;
