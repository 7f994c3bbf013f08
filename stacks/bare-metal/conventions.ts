/**
 * Names, paths and URLs the bare-metal files share, so the BareMetalHosts, the DHCP servers,
 * the iPXE scripts and cloud-init agree on them. All of them are documented in
 * docs/bare-metal.md; nothing here is a secret.
 */
import type { InventoryHost, ResolvedNode, ResolvedSite } from '../../constructs/resolved-site';
import { PLATFORM_NAMESPACES } from '../../constructs/platform';

/** Namespace of the BareMetalHosts and their Secrets (where Metal3's baremetal-operator watches). */
export const METAL3_NAMESPACE = PLATFORM_NAMESPACES.metal3;

/** Namespace of the Tinkerbell Hardware objects (where the Tinkerbell stack runs by default). */
export const TINKERBELL_NAMESPACE = PLATFORM_NAMESPACES.tinkerbell;

/** DHCP lease of a reserved host, seconds (Kea valid-lifetime, Tinkerbell lease_time). */
export const DHCP_LEASE_SECONDS = 86_400;

/** Secret with the BMC's `username` and `password`: the operator creates it; rackshift only names it. */
export const bmcSecretName = (node: string) => `${node}-bmc`;
/** Secret with the node's cloud-init user-data (key `userData`), in user-data/<pool>.yaml. */
export const userDataSecretName = (node: string) => `${node}-user-data`;

/** Metal3's Ironic serves iPXE scripts and images over HTTP on this port (ironic-image default). */
export const BOOT_HTTP_PORT = 6180;
export const bootHttp = (server: string) => `http://${server}:${BOOT_HTTP_PORT}`;

/** iPXE binaries the boot server's TFTP hands to firmware PXE clients (names as shipped by ironic-image). */
export const IPXE_UEFI = 'snponly.efi';
export const IPXE_BIOS = 'undionly.kpxe';

export const poolIpxeUrl = (server: string, pool: string) => `${bootHttp(server)}/ipxe/${pool}.ipxe`;
export const nodeImage = (server: string) => ({
  url: `${bootHttp(server)}/images/rackshift-node.qcow2`,
  checksum: `${bootHttp(server)}/images/rackshift-node.qcow2.sha256sum`,
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
