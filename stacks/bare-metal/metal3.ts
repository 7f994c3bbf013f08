/**
 * Metal3: one BareMetalHost per inventoried node (and a HostFirmwareSettings where the pool
 * sets BIOS options), one multi-document file per pool. Nodes still waiting for their
 * inventory get nothing here: a BareMetalHost without a boot MAC and BMC would be invented.
 */
import type { InventoryHost, ResolvedPool, ResolvedSite } from '../../constructs/resolved-site';
import { LABELS } from '../../constructs/platform';
import { toYaml, toYamlDocument, type YamlValue } from './block-yaml';
import { bmcUrl } from './bmc-url';
import { bmcSecretName, bootServer, FILES, hostsByPool, METAL3_NAMESPACE, nodeImage, nodesByName, userDataSecretName } from './conventions';
import type { OutputFile } from '../target';

/** Without a named OS disk, take a solid-state disk of at least this size (skips small boot/SATADOM devices). */
export const DEFAULT_ROOT_MIN_GB = 200;

export function metal3Files(site: ResolvedSite): OutputFile[] {
  const byPool = hostsByPool(site);
  const server = bootServer(site);
  // One image object for every host (the writer only reads it).
  const image = server ? nodeImage(server) : undefined;
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
      docs.push(toYamlDocument(bareMetalHost(pool, h, labels, image, `rack ${node.rack} slot ${node.slot}`)));
      if (pool.bios) docs.push(toYamlDocument(hostFirmwareSettings(h.node, labels, pool.bios)));
    }
    files.push({ path: FILES.metal3(pool.name), content: docs.join('') });
  }
  return files;
}

function bareMetalHost(pool: ResolvedPool, h: InventoryHost, labels: Record<string, string>, image: YamlValue | undefined, place: string): YamlValue {
  return {
    apiVersion: 'metal3.io/v1alpha1',
    kind: 'BareMetalHost',
    metadata: {
      name: h.node,
      namespace: METAL3_NAMESPACE,
      labels,
      annotations: { 'rackshift.dev/serial': h.serial, 'rackshift.dev/inventory': h.source },
    },
    spec: {
      online: true,
      description: `${pool.system.displayName}, ${place}, serial ${h.serial}`,
      bootMACAddress: h.bootMac,
      bootMode: 'UEFI',
      bmc: {
        address: bmcUrl(pool.system.bmcDriver, h.bmcAddress!, h.vendor ?? pool.system.vendor),
        credentialsName: bmcSecretName(h.node),
      },
      automatedCleaningMode: 'metadata',
      rootDeviceHints: h.rootDeviceSerial ? { serialNumber: h.rootDeviceSerial } : { minSizeGigabytes: DEFAULT_ROOT_MIN_GB, rotational: false },
      ...(image ? { image } : {}),
      userData: { name: userDataSecretName(h.node), namespace: METAL3_NAMESPACE },
    },
  };
}

function hostFirmwareSettings(node: string, labels: Record<string, string>, bios: Readonly<Record<string, string>>): YamlValue {
  const settings: Record<string, string> = {};
  for (const k of Object.keys(bios).sort()) settings[k] = bios[k]!;
  return {
    apiVersion: 'metal3.io/v1alpha1',
    kind: 'HostFirmwareSettings',
    // Metal3 pairs it with the BareMetalHost of the same name and namespace.
    metadata: { name: node, namespace: METAL3_NAMESPACE, labels },
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
