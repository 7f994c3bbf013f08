/**
 * The same DHCP and PXE service as kea-dhcp4.json, for dnsmasq: static ranges (reservations
 * only), dhcp-host lines by MAC for inventoried hosts, and boot files chosen by tags — firmware
 * PXE gets an iPXE binary by client architecture, iPXE gets its pool's script.
 */
import type { ResolvedNetwork, ResolvedSite } from '../../constructs/resolved-site';
import { bmcDhcpReservations, bootFileUrl, bootServer, bootUrl, dhcpInterfaces, FILES, nodesByName, poolIpxeUrl, siteBootArches } from './conventions';
import type { OutputFile } from '../target';
import { commentText, dnsmasqField as f } from './encode';

const poolTag = (pool: string) => f('pool tag', `pool-${pool}`);
/** A comma-separated list of fields (addresses): each checked on its own. */
const list = (field: string, values: readonly string[]) => values.map((v) => f(field, v)).join(',');

export function dnsmasqFile(site: ResolvedSite): OutputFile | undefined {
  const { bmc, provisioning } = site.networks;
  if (!bmc && !provisioning) return undefined;
  const server = bootServer(site);
  const base = bootUrl(site);
  const nodes = nodesByName(site);
  const out: string[] = [
    `# rackshift: DHCP and PXE for site ${commentText('dnsmasq.conf', 'site name', site.name)}. Generated; edit the site file instead.`,
    '# DHCP only: no DNS service from this dnsmasq.',
    'port=0',
    'log-dhcp',
    '# Only hosts with a dhcp-host line get an address; nothing else on these networks is served.',
    'dhcp-ignore=tag:!known',
  ];
  const interfaces = dhcpInterfaces(site);
  if (interfaces.length > 0) out.push('# Listen only where the site says; relayed networks arrive on these too.', ...interfaces.map((i) => `interface=${f('interface', i)}`));
  const range = (tag: string, net: ResolvedNetwork) => {
    out.push('', `# ${net.name} network ${f('cidr', net.cidr)}${net.vlan !== undefined ? ` (VLAN ${net.vlan})` : ''}`);
    out.push(`dhcp-range=set:${tag},${f('network', net.network)},static,${f('netmask', net.netmask)},24h`);
    out.push(`dhcp-option=tag:${tag},option:router,${f('gateway', net.gateway)}`);
  };
  if (bmc) range('bmc', bmc);
  if (provisioning) range('provisioning', provisioning);
  out.push('');
  if (site.networks.dns.length > 0) out.push(`dhcp-option=option:dns-server,${list('DNS server', site.networks.dns)}`);
  if (site.networks.domain) out.push(`dhcp-option=option:domain-name,${f('domain', site.networks.domain)}`);
  const ntpIps = site.networks.ntpAddresses;
  if (ntpIps.length > 0) out.push(`dhcp-option=option:ntp-server,${list('NTP server', ntpIps)}`);
  if (provisioning && server && base) {
    out.push(
      '',
      '# PXE: firmware gets the iPXE binary for its architecture code (option 93) over TFTP from the',
      '# boot server (UEFI HTTP boot: over HTTP); iPXE gets its pool script over HTTP.',
      'dhcp-userclass=set:ipxe,iPXE',
    );
    for (const a of siteBootArches(site)) {
      for (const code of a.codes) out.push(`dhcp-match=set:${a.name},option:client-arch,${code}`);
      if (a.http) out.push(`dhcp-option-force=tag:${a.name},option:vendor-class,HTTPClient`, `dhcp-boot=tag:!ipxe,tag:${a.name},${f('boot file URL', bootFileUrl(base, a))}`);
      else out.push(`dhcp-boot=tag:!ipxe,tag:${a.name},${a.file},,${f('boot server', server)}`);
    }
    for (const p of site.pools) out.push(`dhcp-boot=tag:ipxe,tag:${poolTag(p.name)},${f('iPXE script URL', poolIpxeUrl(base, p.name))}`);
  }
  if (bmc) {
    const lines = bmcDhcpReservations(site).map((r) => `dhcp-host=${f('BMC MAC', r.mac)},${f('BMC address', r.address)},${f('BMC host name', r.hostname)}`);
    if (lines.length > 0) out.push('', '# BMCs', ...lines);
  }
  if (provisioning) {
    const lines = site.inventory.hosts.map((h) => `dhcp-host=${f('boot MAC', h.bootMac)},set:${poolTag(h.pool)},${f('provisioning address', nodes.get(h.node)!.addresses.provisioning ?? '')},${f('node name', h.node)}`);
    if (lines.length > 0) out.push('', '# Provisioning NICs', ...lines);
  }
  return { path: FILES.dnsmasq, content: `${out.join('\n')}\n` };
}
