/**
 * Kea DHCPv4 configuration: the BMC and provisioning subnets with reservations by MAC for
 * inventoried hosts only (no dynamic pools: an unknown MAC gets no address, and nothing is
 * invented for pending nodes), and PXE chaining: firmware PXE clients get an iPXE binary
 * over TFTP (UEFI x86-64 or legacy BIOS by client architecture, option 93); iPXE (user class
 * "iPXE", option 77) gets its pool's iPXE script over HTTP.
 */
import type { ResolvedNetwork, ResolvedSite } from '../../constructs/resolved-site';
import { stableJson } from '../../lib/json';
import { bmcDhcpReservations, bootFileUrl, bootServer, bootUrl, dhcpInterfaces, DHCP_LEASE_SECONDS, FILES, nodesByName, poolIpxeUrl, siteBootArches, type BootArch } from './conventions';
import type { OutputFile } from '../target';

/** Stable subnet ids: Kea keys leases by them, so they never change. */
export const SUBNET_IDS = { bmc: 1, provisioning: 2 } as const;

const IPXE_CLASS = 'ipxe';
/** Socket retries while the interface comes up: 60 × 5 s covers a slow bond or VLAN at boot. */
const SOCKET_RETRIES = 60;
const SOCKET_RETRY_WAIT_MS = 5000;
const poolClass = (pool: string) => `rackshift-pool-${pool}`;
const poolIpxeClass = (pool: string) => `ipxe-${pool}`;

export function keaFile(site: ResolvedSite): OutputFile | undefined {
  const { bmc, provisioning } = site.networks;
  if (!bmc && !provisioning) return undefined;
  const server = bootServer(site);
  const base = bootUrl(site);
  const nodes = nodesByName(site);
  const subnets: unknown[] = [];
  if (bmc) {
    const reservations = bmcDhcpReservations(site).map((r) => ({ 'hw-address': r.mac, 'ip-address': r.address, hostname: r.hostname, 'user-context': { node: r.host.node, serial: r.host.serial } }));
    subnets.push(subnet(SUBNET_IDS.bmc, bmc, reservations));
  }
  if (provisioning) {
    const reservations = site.inventory.hosts.map((h) => ({
      'hw-address': h.bootMac,
      'ip-address': nodes.get(h.node)!.addresses.provisioning,
      hostname: h.node,
      'client-classes': [poolClass(h.pool)],
      'user-context': { node: h.node, serial: h.serial },
    }));
    subnets.push({
      ...subnet(SUBNET_IDS.provisioning, provisioning, reservations),
      ...(server && base ? { 'next-server': server, 'require-client-classes': site.pools.map((p) => poolIpxeClass(p.name)) } : {}),
    });
  }
  const clientClasses = server && base
    ? [
        { name: IPXE_CLASS, test: "substring(option[77].hex,0,4) == 'iPXE'" },
        ...siteBootArches(site).map((a) => archClass(a, server, base)),
        // Assigned by the host reservations; evaluated late (only-if-required) so member() sees them.
        ...site.pools.map((p) => ({ name: poolClass(p.name) })),
        ...site.pools.map((p) => ({
          name: poolIpxeClass(p.name),
          test: `member('${IPXE_CLASS}') and member('${poolClass(p.name)}')`,
          'only-if-required': true,
          'option-data': [{ name: 'boot-file-name', data: poolIpxeUrl(base, p.name) }],
        })),
      ]
    : [];
  const options: { name: string; data: string }[] = [];
  if (site.networks.dns.length > 0) options.push({ name: 'domain-name-servers', data: site.networks.dns.join(', ') });
  if (site.networks.domain) options.push({ name: 'domain-name', data: site.networks.domain });
  const ntpIps = site.networks.ntpAddresses;
  if (ntpIps.length > 0) options.push({ name: 'ntp-servers', data: ntpIps.join(', ') });
  const interfaces = dhcpInterfaces(site);
  const config = {
    Dhcp4: {
      'interfaces-config': {
        // The site's DHCP interfaces ('*': every interface, when the site names none). Kea keeps
        // retrying sockets it cannot open (interface not up yet at boot) instead of giving up.
        interfaces: interfaces.length > 0 ? interfaces : ['*'],
        'service-sockets-max-retries': SOCKET_RETRIES,
        'service-sockets-retry-wait-time': SOCKET_RETRY_WAIT_MS,
      },
      'lease-database': { type: 'memfile', persist: true, name: '/var/lib/kea/kea-leases4.csv', 'lfc-interval': 3600 },
      'valid-lifetime': DHCP_LEASE_SECONDS,
      'renew-timer': 43200,
      'rebind-timer': 75600,
      'host-reservation-identifiers': ['hw-address'],
      'match-client-id': false,
      authoritative: true,
      'option-data': options,
      'client-classes': clientClasses,
      subnet4: subnets,
      loggers: [{ name: 'kea-dhcp4', severity: 'INFO', 'output_options': [{ output: 'stdout' }] }],
    },
  };
  return { path: FILES.kea, content: stableJson(config) };
}

/** Firmware network-boot clients of one architecture get its iPXE binary (TFTP; UEFI HTTP boot: its URL). */
function archClass(a: BootArch, server: string, base: string) {
  const codes = a.codes.map((c) => `option[93].hex == 0x${c.toString(16).padStart(4, '0')}`);
  const test = `not member('${IPXE_CLASS}') and ${codes.length > 1 ? `(${codes.join(' or ')})` : codes[0]}`;
  return a.http
    ? { name: `pxe-${a.name}`, test, 'boot-file-name': bootFileUrl(base, a), 'option-data': [{ name: 'vendor-class-identifier', data: 'HTTPClient' }] }
    : { name: `pxe-${a.name}`, test, 'next-server': server, 'boot-file-name': a.file };
}

function subnet(id: number, net: ResolvedNetwork, reservations: unknown[]) {
  return {
    id,
    subnet: net.cidr,
    'option-data': [{ name: 'routers', data: net.gateway }],
    // Reservations only, no pools: every address handed out is one rackshift allocated.
    'reservations-in-subnet': true,
    'reservations-out-of-pool': true,
    reservations,
    'user-context': { network: net.name, ...(net.vlan !== undefined ? { vlan: net.vlan } : {}) },
  };
}
