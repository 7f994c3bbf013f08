/**
 * The bare-metal target: from the resolved site and its delivery inventory to what takes a
 * racked server from power-on to a joined Kubernetes node — Metal3 BareMetalHosts, Kea and
 * dnsmasq DHCP with PXE, iPXE scripts and cloud-init user-data. Output under `bare-metal/`.
 */
import type { Target } from '../target';
import { userDataFiles } from './cloud-init';
import { dnsmasqFile } from './dnsmasq';
import { ipxeFiles } from './ipxe';
import { keaFile } from './kea';
import { kustomization, metal3Files } from './metal3';
import { statusFile } from './status';

export const bareMetalTarget: Target = {
  name: 'bare-metal',
  render: (site) => {
    const metal3 = metal3Files(site);
    const userData = userDataFiles(site);
    const resources = [...metal3, ...userData];
    const kea = keaFile(site);
    const dnsmasq = dnsmasqFile(site);
    return [
      statusFile(site),
      ...(kea ? [kea] : []),
      ...(dnsmasq ? [dnsmasq] : []),
      ...ipxeFiles(site),
      ...resources,
      ...(resources.length > 0 ? [kustomization(resources)] : []),
    ];
  },
};
