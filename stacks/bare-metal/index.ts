/**
 * The bare-metal target: from the resolved site and its delivery inventory to what takes a
 * racked server from power-on to a joined Kubernetes node — Metal3 BareMetalHosts with their
 * cloud-init user-data and/or Tinkerbell Hardware (spec.provisioning.backends), Kea and dnsmasq
 * DHCP with PXE, iPXE scripts. Output under `bare-metal/`.
 */
import type { Target } from '../target';
import { userDataFiles } from './cloud-init';
import { dnsmasqFile } from './dnsmasq';
import { ipxeFiles } from './ipxe';
import { keaFile } from './kea';
import { kustomization, metal3Files } from './metal3';
import { statusFile } from './status';
import { tinkerbellFiles } from './tinkerbell';

export const bareMetalTarget: Target = {
  name: 'bare-metal',
  render: (site) => {
    const { backends } = site.provisioning;
    // Backends not selected write nothing; DHCP, iPXE and the status file serve every backend.
    const metal3 = backends.includes('metal3') ? [...metal3Files(site), ...userDataFiles(site)] : [];
    const tinkerbell = backends.includes('tinkerbell') ? tinkerbellFiles(site) : [];
    const resources = [...metal3, ...tinkerbell];
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
