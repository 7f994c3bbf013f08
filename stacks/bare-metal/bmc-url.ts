/**
 * The BMC address Metal3 expects, per driver: `redfish-virtualmedia://<ip>/redfish/v1/Systems/<id>`,
 * `idrac-virtualmedia://<ip>/redfish/v1/Systems/System.Embedded.1`, `ilo5-virtualmedia://…`, `ipmi://<ip>`.
 * (URL forms: metal3-io/baremetal-operator docs/api.md, "bmc".)
 */
import type { GpuSystem } from '../../constructs/catalog';

/**
 * Redfish ComputerSystem id by BMC vendor: Dell iDRAC calls it System.Embedded.1, NVIDIA DGX
 * BMCs DGX, most others (HPE iLO, Supermicro, OpenBMC) 1.
 */
function redfishSystemId(vendor: string | undefined, driver: GpuSystem['bmcDriver'], catalogId: string | undefined): string {
  // The catalog knows BMCs that differ from their vendor's usual id (NVIDIA's OpenBMC on Grace trays: System_0).
  if (catalogId) return catalogId;
  const v = (vendor ?? '').toLowerCase();
  if (driver === 'idrac-virtualmedia' || v.includes('dell')) return 'System.Embedded.1';
  if (v.includes('nvidia')) return 'DGX';
  return '1';
}

export function bmcUrl(system: GpuSystem, address: string, vendor: string | undefined): string {
  const driver = system.bmcDriver;
  if (driver === 'ipmi') return `ipmi://${address}`;
  return `${driver}://${address}/redfish/v1/Systems/${redfishSystemId(vendor, driver, system.redfishSystemId)}`;
}
