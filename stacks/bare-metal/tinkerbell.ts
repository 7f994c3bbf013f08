/**
 * Tinkerbell (opt-in backend): one `Hardware` (tinkerbell.org/v1alpha1, the storage version)
 * per inventoried node, one multi-document file per pool. Smee leases the host its
 * provisioning address from `interfaces[].dhcp` and netboots it into HookOS for workflows;
 * Hegel serves `userData` — the same cloud-init the Metal3 path puts in its Secret, which holds
 * no credential (the join token is fetched at boot). Pending nodes get nothing: a Hardware
 * without a MAC would be invented.
 */
import type { InventoryHost, ResolvedNetwork, ResolvedPool, ResolvedSite } from '../../constructs/resolved-site';
import { LABELS } from '../../constructs/platform';
import { MANAGED_BY } from '../kubernetes/k8s-object';
import { toYamlDocument, type YamlValue } from './block-yaml';
import { poolUserData } from './cloud-init';
import { DHCP_LEASE_SECONDS, FILES, hostsByPool, nodesByName } from './conventions';
import type { OutputFile } from '../target';

export function tinkerbellFiles(site: ResolvedSite): OutputFile[] {
  const provisioning = site.networks.provisioning;
  // resolve.ts refuses the tinkerbell backend without a provisioning network.
  if (!provisioning) return [];
  const lease = dhcpCommon(site, provisioning);
  const byPool = hostsByPool(site);
  const nodes = nodesByName(site);
  const files: OutputFile[] = [];
  for (const pool of site.pools) {
    const hosts = byPool.get(pool.name);
    if (!hosts || hosts.length === 0) continue;
    const userDataOf = poolUserData(site, pool);
    // Each document is written as soon as it is built (see cloud-init.ts).
    const docs: string[] = [];
    for (const h of hosts) {
      const node = nodes.get(h.node)!;
      const labels = { ...MANAGED_BY, [LABELS.site]: site.name, [LABELS.pool]: pool.name, [LABELS.rack]: node.rack };
      docs.push(toYamlDocument(hardware(site, pool, h, node.addresses.provisioning!, labels, lease, userDataOf(node))));
    }
    files.push({ path: FILES.tinkerbell(pool.name), content: docs.join('') });
  }
  return files;
}

/** The DHCP fields every host of the site shares: netmask, gateway, DNS, NTP, domain, lease. */
function dhcpCommon(site: ResolvedSite, net: ResolvedNetwork): Record<string, YamlValue> {
  // Option 42 carries addresses only, as in the Kea and dnsmasq configs.
  const ntp = site.networks.ntpAddresses;
  return {
    netmask: net.netmask,
    gateway: net.gateway,
    ...(site.networks.dns.length > 0 ? { name_servers: [...site.networks.dns] } : {}),
    ...(ntp.length > 0 ? { time_servers: ntp } : {}),
    ...(site.networks.domain ? { domain_name: site.networks.domain } : {}),
  };
}

function hardware(site: ResolvedSite, pool: ResolvedPool, h: InventoryHost, address: string, labels: Record<string, string>, common: Record<string, YamlValue>, userData: string): YamlValue {
  const { netmask, gateway, ...options } = common;
  return {
    apiVersion: 'tinkerbell.org/v1alpha1',
    kind: 'Hardware',
    metadata: {
      name: h.node,
      namespace: site.provisioning.tinkerbellNamespace,
      labels,
      annotations: { 'rackshift.dev/serial': h.serial, 'rackshift.dev/inventory': h.source },
    },
    spec: {
      interfaces: [
        {
          dhcp: {
            mac: h.bootMac,
            ip: { address, netmask, gateway },
            hostname: h.node,
            ...options,
            lease_time: DHCP_LEASE_SECONDS,
            // Smee picks the iPXE binary by arch and firmware: Grace trays are aarch64 UEFI.
            arch: pool.system.cpuArch,
            uefi: true,
          },
          // No ipxe.url: Smee's own script boots HookOS, which runs the host's workflows.
          netboot: { allowPXE: true, allowWorkflow: true },
        },
      ],
      metadata: {
        // Hegel's instance-id: the boot MAC, so a replaced chassis is a new instance to cloud-init.
        instance: { id: h.bootMac, hostname: h.node, allow_pxe: true },
      },
      userData,
    },
  };
}
