/**
 * cloud-init user-data per node: hostname, time, the GPU power limit that keeps a capped pool
 * inside its power budget, and a kubeadm join whose node labels and taints are the resolved
 * node's: the taints the ResourceFlavors tolerate, and informational labels only. The labels
 * the flavors select on (node-restriction.kubernetes.io/, ResolvedNode.isolationLabels) are not
 * here: NodeRestriction refuses them from a kubelet, so rackshift deploy sets them once the node
 * has joined. The join token is not here: kubeadm fetches its discovery kubeconfig from the
 * join endpoint at boot.
 *
 * Nodes need no inventory for this, so every active node gets its user-data. Each node's
 * user-data is a Secret (key `userData`, the key Metal3 reads) named by its BareMetalHost; they
 * hold no credentials. One file per pool holds them all: a 20k-node site would otherwise write
 * 20k files, and writing that many files alone takes longer than the whole synth may.
 */
import type { ResolvedNode, ResolvedPool, ResolvedSite } from '../../constructs/resolved-site';
import { LABELS } from '../../constructs/platform';
import { scalar, toYaml, toYamlDocument } from './block-yaml';
import { bootServer, FILES, joinKubeconfigUrl, userDataSecretName } from './conventions';
import { lazyFile, type OutputFile } from '../target';
import { commentText } from './encode';

export const JOIN_CONFIG_PATH = '/etc/kubernetes/rackshift-join.yaml';
export const POWER_UNIT = 'rackshift-gpu-power-limit.service';
/** Operator driver: starts POWER_UNIT once the GPU Operator's validator has found the driver loaded. */
export const POWER_PATH_UNIT = 'rackshift-gpu-power-limit.path';
/** Written by the GPU Operator's validator when the containerised driver is loaded and works. */
export const OPERATOR_DRIVER_READY = '/run/nvidia/validations/driver-ready';
/** The operator's driver container publishes its root (with nvidia-smi) here on the host. */
export const OPERATOR_DRIVER_ROOT = '/run/nvidia/driver';

export function userDataFiles(site: ResolvedSite): OutputFile[] {
  const files: OutputFile[] = [];
  const server = bootServer(site);
  for (const pool of site.pools) {
    if (pool.nodes.length === 0) continue;
    // Rendered when read: a writer streaming the output holds one pool's Secrets at a time.
    files.push(lazyFile(FILES.userData(pool.name), () => pool.nodes.map(poolUserDataSecret(site, pool, server)).join('')));
  }
  return files;
}

/** One node's user-data Secret, written out in full: the reference poolUserDataSecret must match. */
export function userDataSecret(site: ResolvedSite, pool: ResolvedPool, node: ResolvedNode, userDataOf: (node: ResolvedNode) => string): string {
  return toYamlDocument({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: userDataSecretName(node.name),
      namespace: site.provisioning.metal3Namespace,
      labels: { [LABELS.site]: site.name, [LABELS.pool]: pool.name, [LABELS.rack]: node.rack },
    },
    type: 'Opaque',
    stringData: { userData: userDataOf(node) },
  });
}

/** Stand-ins for a node's name, rack and slot in a template; plain YAML scalars that occur nowhere else. */
const NAME_SLOT = 'rackshift-template-node-name';
const RACK_SLOT = 'rackshift-template-node-rack';
const SLOT_SLOT = 'rackshift-template-node-slot';
const SLOTS = new RegExp(`(${NAME_SLOT}|${RACK_SLOT}|${SLOT_SLOT})`);

/**
 * The user-data Secrets of a pool's nodes, the same bytes as userDataSecret, fast: nodes with
 * the same labels (but the rack) and taints differ only in name, rack and slot, so their
 * Secret is written once with stand-ins and the rest is splicing. A value is spliced only when
 * every string carrying it is a plain YAML scalar (then stand-in and value are spelled alike)
 * and, for the rack, when no other label or taint carries it; a node whose name fails that is
 * written out in full, a rack that fails it gets a template of its own.
 */
export function poolUserDataSecret(site: ResolvedSite, pool: ResolvedPool, server = bootServer(site)): (node: ResolvedNode) => string {
  const userDataOf = poolUserData(site, pool, server);
  const templates = new Map<string, string[]>();
  const domain = site.networks.domain;
  return (node) => {
    const carriers = [node.name, userDataSecretName(node.name), ...(domain ? [`${node.name}.${domain}`] : []), ...(server ? [joinKubeconfigUrl(server, node.name)] : [])];
    if (!carriers.every((c) => scalar(c) === c) || SLOTS.test(node.rack)) return userDataSecret(site, pool, node, userDataOf);
    const rackSpliced = rackSpliceable(node);
    const key = `${labelsKey(node.labels, rackSpliced)}\0${taintsKey(node.taints)}${rackSpliced ? '' : `\0${node.rack}`}`;
    let parts = templates.get(key);
    if (!parts) {
      const rack = rackSpliced ? { rack: RACK_SLOT, labels: { ...node.labels, [LABELS.rack]: RACK_SLOT } } : {};
      const stand = { ...node, name: NAME_SLOT, slot: SLOT_SLOT as unknown as number, ...rack };
      parts = userDataSecret(site, pool, stand, userDataOf).split(SLOTS);
      templates.set(key, parts);
    }
    let text = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) text += (parts[i] === NAME_SLOT ? node.name : parts[i] === RACK_SLOT ? node.rack : String(node.slot)) + parts[i + 1]!;
    return text;
  };
}

/** The rack reaches the Secret only as node.rack and the rack label, and is spelled plain everywhere (also inside the quoted --node-labels). */
function rackSpliceable(node: ResolvedNode): boolean {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(node.rack) || scalar(node.rack) !== node.rack || node.labels[LABELS.rack] !== node.rack) return false;
  for (const [k, v] of Object.entries(node.labels)) if (k !== LABELS.rack && v.includes(node.rack)) return false;
  return node.taints.every((t) => !t.key.includes(node.rack) && !(t.value ?? '').includes(node.rack));
}

/** Template keys, once per labels or taints object (nodes of one rack and owner share them). */
const labelKeys = new WeakMap<object, string>();
const labelKeysNoRack = new WeakMap<object, string>();
function labelsKey(labels: Readonly<Record<string, string>>, withoutRack: boolean): string {
  const cache = withoutRack ? labelKeysNoRack : labelKeys;
  let key = cache.get(labels);
  if (key === undefined) {
    key = JSON.stringify(Object.entries(labels).filter(([k]) => !(withoutRack && k === LABELS.rack)));
    cache.set(labels, key);
  }
  return key;
}
const taintKeys = new WeakMap<object, string>();
function taintsKey(taints: ResolvedNode['taints']): string {
  let key = taintKeys.get(taints);
  if (key === undefined) {
    key = JSON.stringify(taints);
    taintKeys.set(taints, key);
  }
  return key;
}

/**
 * The user-data of a pool's nodes (the GPU power unit is built once per pool). Every backend
 * hands a node this same text: Metal3 from its Secret, Tinkerbell from the Hardware.
 */
export function poolUserData(site: ResolvedSite, pool: ResolvedPool, server = bootServer(site)): (node: ResolvedNode) => string {
  const powerUnit = pool.gpuPowerLimitW !== undefined ? gpuPowerUnits(pool) : undefined;
  return (node) => userData(site, pool, node, server, powerUnit);
}

function userData(site: ResolvedSite, pool: ResolvedPool, node: ResolvedNode, server: string | undefined, powerUnit: PowerUnits | undefined): string {
  const domain = site.networks.domain;
  const writeFiles: Record<string, string>[] = [];
  const runcmd: string[][] = [];
  if (powerUnit) {
    for (const [name, content] of powerUnit.files) writeFiles.push({ path: `/etc/systemd/system/${name}`, owner: 'root:root', permissions: '0644', content });
    runcmd.push(['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', powerUnit.enable]);
  }
  if (server) {
    writeFiles.push({ path: JOIN_CONFIG_PATH, owner: 'root:root', permissions: '0600', content: joinConfiguration(node, server) });
    runcmd.push(['kubeadm', 'join', '--config', JOIN_CONFIG_PATH]);
  }
  const doc = {
    hostname: node.name,
    ...(domain ? { fqdn: `${node.name}.${domain}`, prefer_fqdn_over_hostname: false } : {}),
    manage_etc_hosts: true,
    ...(site.networks.ntp.length > 0 ? { ntp: { enabled: true, servers: [...site.networks.ntp] } } : {}),
    ...(writeFiles.length > 0 ? { write_files: writeFiles } : {}),
    ...(runcmd.length > 0 ? { runcmd } : {}),
  };
  return `#cloud-config\n${commentText('user-data', 'node comment', `# rackshift: ${node.name} (${pool.system.displayName}, ${node.rack} slot ${node.slot}), site ${site.name}`)}\n${toYaml(doc)}`;
}

/**
 * `k=v,…` for kubelet's --node-labels, sorted by key. The nodes of one rack and owner share
 * one labels object (see resolve.ts buildPool), so each is joined once, not once per node.
 */
const labelArgs = new WeakMap<object, string>();
function nodeLabelsArg(labels: Readonly<Record<string, string>>): string {
  let arg = labelArgs.get(labels);
  if (arg === undefined) {
    arg = Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(',');
    labelArgs.set(labels, arg);
  }
  return arg;
}

/** kubeadm JoinConfiguration (kubeadm.k8s.io/v1beta4): labels and taints registered with the node. */
function joinConfiguration(node: ResolvedNode, server: string): string {
  const labels = nodeLabelsArg(node.labels);
  return toYaml({
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kind: 'JoinConfiguration',
    discovery: { file: { kubeConfigPath: joinKubeconfigUrl(server, node.name) } },
    nodeRegistration: {
      name: node.name,
      kubeletExtraArgs: [{ name: 'node-labels', value: labels }],
      taints: node.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
    },
  });
}

interface PowerUnits {
  readonly files: readonly (readonly [name: string, content: string])[];
  /** The unit to enable: the service itself (host driver) or the path unit that starts it (operator driver). */
  readonly enable: string;
}

/**
 * The per-GPU power limit, set at every boot by a oneshot unit once the driver is there. Host
 * driver (DGX OS): nvidia-smi from the image, after nvidia-persistenced and before the kubelet.
 * GPU Operator driver: there is no nvidia-smi on the host and the driver loads after the kubelet
 * starts, so a path unit waits for the operator's driver-ready file and the service runs the
 * driver container's nvidia-smi from its published root.
 */
function gpuPowerUnits(pool: ResolvedPool): PowerUnits {
  const description = `Description=rackshift: limit each GPU to ${pool.gpuPowerLimitW} W so ${pool.name} nodes stay within ${pool.powerCapKW} kW`;
  const host = pool.driver === 'host';
  const smi = host ? '/usr/bin/nvidia-smi' : `/usr/sbin/chroot ${OPERATOR_DRIVER_ROOT} nvidia-smi`;
  const service = [
    '[Unit]',
    description,
    ...(host ? ['After=nvidia-persistenced.service', 'Before=kubelet.service'] : [`ConditionPathExists=${OPERATOR_DRIVER_READY}`]),
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `ExecStart=${smi} --persistence-mode=1`,
    `ExecStart=${smi} --power-limit=${pool.gpuPowerLimitW}`,
    '',
    ...(host ? ['[Install]', 'WantedBy=multi-user.target', ''] : []),
  ].join('\n');
  if (host) return { files: [[POWER_UNIT, service]], enable: POWER_UNIT };
  const path = [
    '[Unit]',
    `${description} (once the GPU Operator's driver is loaded)`,
    '',
    '[Path]',
    `PathExists=${OPERATOR_DRIVER_READY}`,
    `Unit=${POWER_UNIT}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
  return { files: [[POWER_UNIT, service], [POWER_PATH_UNIT, path]], enable: POWER_PATH_UNIT };
}
