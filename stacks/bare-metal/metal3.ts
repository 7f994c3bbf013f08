/**
 * Metal3: one BareMetalHost per inventoried node (and a HostFirmwareSettings where the pool
 * sets BIOS options), one multi-document file per pool. Nodes still waiting for their
 * inventory get nothing here: a BareMetalHost without a boot MAC and BMC would be invented.
 */
import type { InventoryHost, ResolvedPool, ResolvedSite } from '../../constructs/resolved-site';
import { LABELS } from '../../constructs/platform';
import { toYaml, toYamlDocument, type YamlValue } from './block-yaml';
import { bmcUrl } from './bmc-url';
import { bmcSecretName, bootUrl, FILES, hostsByPool, nodeImage, nodesByName, userDataSecretName } from './conventions';
import type { OutputFile } from '../target';

/** Without a named OS disk, take a solid-state disk of at least this size (skips small boot/SATADOM devices). */
export const DEFAULT_ROOT_MIN_GB = 200;

export function metal3Files(site: ResolvedSite): OutputFile[] {
  const byPool = hostsByPool(site);
  const base = bootUrl(site);
  // One image object for every host (the writer only reads it).
  const image = base ? nodeImage(base) : undefined;
  const nodes = nodesByName(site);
  const files: OutputFile[] = [];
  for (const pool of site.pools) {
    const hosts = byPool.get(pool.name);
    if (!hosts || hosts.length === 0) continue;
    // Each document is written as soon as it is built (see cloud-init.ts).
    const docs: string[] = [];
    for (const h of hosts) {
      const node = nodes.get(h.node)!;
      const labels = { [LABELS.site]: site.name, [LABELS.pool]: pool.name, [LABELS.rack]: node.rack };
      docs.push(toYamlDocument(bareMetalHost(site, pool, h, labels, image, `rack ${node.rack} slot ${node.slot}`)));
      if (pool.bios) docs.push(toYamlDocument(hostFirmwareSettings(site.provisioning.metal3Namespace, h.node, labels, pool.bios)));
    }
    files.push({ path: FILES.metal3(pool.name), content: docs.join('') });
  }
  return files;
}

function bareMetalHost(site: ResolvedSite, pool: ResolvedPool, h: InventoryHost, labels: Record<string, string>, image: YamlValue | undefined, place: string): YamlValue {
  return {
    apiVersion: 'metal3.io/v1alpha1',
    kind: 'BareMetalHost',
    metadata: {
      name: h.node,
      namespace: site.provisioning.metal3Namespace,
      labels,
      annotations: { 'rackshift.dev/serial': h.serial, 'rackshift.dev/inventory': h.source },
    },
    spec: {
      online: true,
      description: `${pool.system.displayName}, ${place}, serial ${h.serial}`,
      bootMACAddress: h.bootMac,
      bootMode: 'UEFI',
      bmc: {
        address: bmcUrl(pool.system, h.bmcAddress!, h.vendor ?? pool.system.vendor),
        credentialsName: bmcSecretName(h.node),
      },
      automatedCleaningMode: 'metadata',
      ...osDisks(pool, h),
      ...(image ? { image } : {}),
      userData: { name: userDataSecretName(h.node), namespace: site.provisioning.metal3Namespace },
    },
  };
}

/**
 * Where the OS goes. Two OS drive serials: Metal3 software RAID-1 over exactly those drives (its
 * first volume is the root device, so no root hint). One: a hint on that serial. None: a size
 * hint just under the catalog's OS drive size where data drives are smaller (the resolver
 * refuses hosts whose OS drives only serials can tell from data drives), else any solid-state
 * disk of at least DEFAULT_ROOT_MIN_GB where the catalog does not know the drives.
 */
export function osDisks(pool: ResolvedPool, h: InventoryHost): Record<string, YamlValue> {
  const serials = h.osDriveSerials ?? [];
  if (serials.length >= 2) return { raid: { softwareRAIDVolumes: [{ level: '1', physicalDisks: serials.map((s) => ({ serialNumber: s })) }] } };
  if (serials.length === 1) return { rootDeviceHints: { serialNumber: serials[0]! } };
  const os = pool.system.storage?.os;
  if (os?.sizeGB !== undefined) return { rootDeviceHints: { minSizeGigabytes: Math.floor(os.sizeGB * 0.9), rotational: false } };
  return { rootDeviceHints: { minSizeGigabytes: DEFAULT_ROOT_MIN_GB, rotational: false } };
}

function hostFirmwareSettings(namespace: string, node: string, labels: Record<string, string>, bios: Readonly<Record<string, string>>): YamlValue {
  const settings: Record<string, string> = {};
  for (const k of Object.keys(bios).sort()) settings[k] = bios[k]!;
  return {
    apiVersion: 'metal3.io/v1alpha1',
    kind: 'HostFirmwareSettings',
    // Metal3 pairs it with the BareMetalHost of the same name and namespace.
    metadata: { name: node, namespace, labels },
    spec: { settings },
  };
}

/** kustomization.yaml: `kubectl apply -k bare-metal/` creates the selected backends' objects (no credentials in any). */
export function kustomization(resources: readonly OutputFile[]): OutputFile {
  const doc = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: resources.map((f) => f.path.replace(/^bare-metal\//, '')),
  };
  return { path: FILES.kustomization, content: toYaml(doc) };
}
