/**
 * The rule catalogue: every problem rackshift reports, with its stable id, severity, the
 * shape of its message and how to fix it. Ids are typed, so a rule cannot be raised, matched
 * or acknowledged under a misspelt id; docs/rules.md and the per-rule tests are written from
 * this table. A warning can be acknowledged in a site's spec.warningsAcknowledged by its id.
 *
 * `message` is the template of what the rule says ({braces} are filled in at the call site
 * with the figures); `fix` is the hint for the person reading it.
 */
import type { Severity } from './diagnostics';

export interface RuleDef {
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
}

const error = (message: string, fix: string): RuleDef => ({ severity: 'error', message, fix });
const warning = (message: string, fix: string): RuleDef => ({ severity: 'warning', message, fix });

export const RULES = {
  // ---- the site file ------------------------------------------------------------------
  'rackshift:file/unreadable': error('no such file / cannot read the file ({code})', 'Check the path and its permissions.'),
  'rackshift:file/too-large': error('is {size}; the limit is 1.0 MiB for a site file (checked before reading)', 'Split the site, or look for what made the file this large: a real site is a few KB.'),
  'rackshift:file/refused': error('is a FIFO / a folder / a device; only regular files are read', 'Give the path of a regular file.'),
  'rackshift:file/aliases': error('more than 100 YAML aliases (*name)', 'Write the values out instead of aliasing them; aliases can expand exponentially.'),
  'rackshift:file/too-deep': error('nests more than 64 levels of mappings and lists', 'Flatten the file: a site nests fewer than 10 levels.'),
  'rackshift:file/list-too-long': error('a list of {n} items; the limit is 10000 per list', 'Shorten the list; a real site\'s longest list has under 100 items.'),
  'rackshift:file/secret': error('holds a credential (a URL with user info, a token or a private key); the value is not shown', 'Remove the credential from the site file; keep it in a Secret the cluster reads.'),
  'rackshift:file/yaml': error('invalid YAML: {parser message}', 'Fix the YAML syntax at the line and column shown.'),
  'rackshift:file/not-a-site': error('not a rackshift site; expected apiVersion rackshift.dev/v1alpha1, kind Site', 'Start the file with apiVersion: rackshift.dev/v1alpha1 and kind: Site.'),
  'rackshift:schema/unknown-key': error('unknown field "{key}"', 'Remove the field or correct its spelling (see site.schema.json).'),
  'rackshift:schema/invalid': error('{what the schema expected}', 'Give a value of the type and range the schema names.'),
  'rackshift:construct/props': error('{what the props schema expected}', 'Pass props of the documented shape to the construct.'),
  'rackshift:names/duplicate': error('duplicate name "{name}" (also at {other})', 'Give every feed, zone, fleet, pool and tenant its own name.'),
  'rackshift:names/duplicate-site': error('site name "{name}" is also used by {other file}', 'Give each site file its own metadata.name.'),
  // ---- catalog ------------------------------------------------------------------------
  'rackshift:catalog/unknown-asic': error('unknown miner model "{id}" (catalog: {ids})', 'Use an id from `rackshift catalog --kind asic`, or add the model under spec.catalog.asics.'),
  'rackshift:catalog/unknown-system': error('unknown GPU system "{id}" (catalog: {ids})', 'Use an id from `rackshift catalog --kind system`, or add the system under spec.catalog.systems.'),
  'rackshift:catalog/unknown-gpu': error('unknown GPU "{id}" (catalog: {ids})', 'Use a GPU id from `rackshift catalog --kind gpu`.'),
  'rackshift:catalog/override': warning('overrides the built-in {kind} {id}', 'Rename the site model if it is a different one; acknowledge the warning if the override is meant.'),
  // ---- power --------------------------------------------------------------------------
  'rackshift:power/feed-capacity': error('feed {name} gives both capacityMW and electrical / needs one of them', 'Give capacityMW, or electrical (voltageKV, amps, phases, powerFactor), not both.'),
  'rackshift:power/tier-n': error('N power for {pools} needs {MW}; the feeds give {MW} (short {MW})', 'Retire miners, shrink or cap pools, or add feed capacity.'),
  'rackshift:power/tier-nplus1': error('N+1 power for {pools} needs {MW}; losing feed {feed} leaves {MW} (short {MW})', 'Move pools to tier N, shrink them, or add a feed so the largest one can be lost.'),
  'rackshift:power/tier-2n': error('2N power for {pools} needs {MW}; losing group {group} leaves {MW} (short {MW})', 'Move pools to N+1, shrink them, or add a second redundancy group of feeds.'),
  'rackshift:power/normal-load': error('normal operation draws {MW} but the feeds give {MW} usable (short {MW})', 'Retire miners (spec.mining.fleets[].retire) or shrink pools.'),
  'rackshift:power/near-limit': warning('firm load leaves {MW} of {MW} usable (under 5 %)', 'Keep headroom for growth and measurement error, or acknowledge the warning.'),
  'rackshift:power/n-tier-loss': warning('N-tier pools {pools} lose power when {feed or group} is lost', 'Move the pools to N+1 if they must ride through the loss, or acknowledge it.'),
  // ---- cooling and floor --------------------------------------------------------------
  'rackshift:cooling/type': error('{hardware} needs {cooling} cooling; zone {zone} is {type}', 'Place the hardware in a zone whose type takes its cooling.'),
  'rackshift:cooling/overhead': error('zone {zone} gives both pue and overheadKW', 'Give pue or overheadKW, not both.'),
  'rackshift:cooling/capacity': error('zone {zone} must reject {kW} of heat but can reject {kW} (short {kW})', 'Move load to another zone, retire miners in it, or raise capacityKW.'),
  'rackshift:cooling/rack-density': error('racks of {pool} draw {kW} but zone {zone} takes at most {kW} per rack', 'Lower nodesPerRack, cap node power (powerCapKW), or use a denser zone.'),
  'rackshift:floor/racks': error('zone {zone} needs {n} rack positions but has {n} (short {n})', 'Retire miners in the zone, pack nodes more densely, or add rack positions.'),
  // ---- mining and pools ---------------------------------------------------------------
  'rackshift:mining/retire': error('retires {n} miners but only {n} are installed', 'Retire at most the fleet\'s count.'),
  'rackshift:pool/rack-scale': error('{system} is a rack-scale system with {n} nodes per rack; got {n}', 'Leave nodesPerRack out for rack-scale systems.'),
  'rackshift:pool/nodes-per-rack': error('nodesPerRack must be at least 1', 'Give nodesPerRack of 1 or more.'),
  'rackshift:pool/partial-rack': error('rack-scale pools are placed in whole racks: {n} nodes is {x} {system} racks of {n} trays', 'Give a multiple of the trays per rack (a rack is one NVLink domain).'),
  'rackshift:pool/retire': error('node index {i} is beyond the pool\'s {n} nodes', 'Retire indices between 1 and the pool\'s node count.'),
  'rackshift:pool/cap-above-max': warning('cap {kW} is above the system\'s maximum {kW}; it has no effect', 'Remove powerCapKW or set it below nodeMaxKW.'),
  'rackshift:pool/cap-outside-gpu-limits': error('cap {kW} leaves each GPU {W}, outside the GPU\'s power-limit range {min}–{max} W', 'Raise the cap to at least the lowest cap the message names, or leave it out.'),
  'rackshift:pool/cap-too-low': error('cap {kW} leaves no power for the GPUs', 'Raise powerCapKW above what the rest of the node draws.'),
  'rackshift:pool/mig': error('{gpu} does not support MIG / needs a profile / has no profile "{profile}"', 'Use a MIG profile the GPU lists, or remove mig.'),
  'rackshift:pool/mig-quota': warning('MIG mixed without a profile: quotas do not bound MIG instances', 'Name a profile to quota nvidia.com/mig-<profile>, or acknowledge the warning.'),
  // ---- tenants ------------------------------------------------------------------------
  'rackshift:ref/zone': error('no zone "{zone}" (zones: {zones})', 'Name a zone declared under spec.cooling.zones.'),
  'rackshift:ref/pool': error('no GPU pool "{pool}" (pools: {pools})', 'Name a pool declared under spec.gpuPools.'),
  'rackshift:tenant/reserved-name': error('"{name}" is a reserved namespace ({reserved})', 'Name the tenant after the customer, not after a Kubernetes or platform namespace.'),
  'rackshift:tenant/gpus': error('asks for {n} GPUs but pool {pool} has {n}', 'Ask for at most the pool\'s GPUs, or grow the pool.'),
  'rackshift:tenant/pool-full': error('tenants on {pool} need {n} nodes / GPUs; the pool has {n}', 'Shrink tenants on the pool, or grow it.'),
  'rackshift:tenant/whole-nodes': warning('dedicated tenants take whole nodes: {n} GPUs round up to {n} nodes', 'Ask for a multiple of the GPUs per node, or acknowledge the idle GPUs.'),
  'rackshift:tenant/whole-domains': warning('dedicated tenants on {system} take whole NVLink domains ({n} GPUs each): {n} GPUs round up to {n} domains', 'Ask for a multiple of the GPUs per rack, or acknowledge the idle GPUs.'),
  'rackshift:tenant/domain-start': error('{tenant} gets whole NVLink domains, so firstNode must be the first tray of a rack; {i} is tray {n} of a rack', 'Pin firstNode at 1 + a multiple of the trays per rack.'),
  'rackshift:tenant/split-domain': error('rack {n} of {pool} is one NVLink domain but would be split between {owners}', 'Pin firstNode at a rack start, and keep retired trays out of dedicated tenants\' ranges.'),
  'rackshift:tenant/node-overlap': error('{tenant} needs {n} nodes from node {i}, but node {node} belongs to {other}', 'Move firstNode past the other tenant\'s nodes.'),
  'rackshift:tenant/node-range': error('{tenant} needs {n} nodes from node {i}; pool {pool} has {n} from there', 'Lower firstNode, or grow the pool.'),
  'rackshift:tenant/unpinned-nodes': warning('nodes of {tenant} follow those of tenants declared before it', 'Pin the nodes with the firstNode the message gives.'),
  // ---- networks and provisioning ------------------------------------------------------
  'rackshift:network/pool-block': error('maxNodes {n} is below the pool\'s {n} nodes', 'Raise maxNodes to at least the pool\'s nodes.'),
  'rackshift:network/unpinned-block': warning('address block of {pool} starts at offset {n}, after earlier pools\' blocks', 'Pin it with the addressOffset the message gives.'),
  'rackshift:network/pool-overlap': error('address block {range} of {pool} overlaps {other}', 'Give the pools address blocks that do not overlap.'),
  'rackshift:network/cidr': error('"{cidr}" is not a network address', 'Give the network address with its prefix, host bits clear (10.0.0.0/16).'),
  'rackshift:network/gateway': error('gateway {ip} is not inside {cidr}', 'Give a gateway inside the network, or leave it out (first address).'),
  'rackshift:network/exhausted': error('{kind} network {cidr} has {n} host addresses; {n} are needed', 'Use a larger prefix, fewer reserved addresses, or smaller pool blocks.'),
  'rackshift:network/boot-server': error('the provisioning network needs a reserved address for the boot server', 'Reserve at least one address besides the gateway.'),
  'rackshift:provisioning/network': error('the tinkerbell backend needs spec.networks.provisioning', 'Add spec.networks.provisioning, or drop the tinkerbell backend.'),
  'rackshift:gitops/repo-url': error('{what is wrong with repoURL}', 'Give an https://, ssh:// or git@ repository URL without credentials.'),
  // ---- inventory ----------------------------------------------------------------------
  'rackshift:inventory/unreadable': error('no such file / cannot read the file: {path}', 'Check spec.inventory.file (relative to the site file).'),
  'rackshift:inventory/outside': error('{path} is outside the site file\'s folder {folder}', 'Move the inventory beside the site file, or list its folder in RACKSHIFT_INVENTORY_ROOTS (folders separated by ":").'),
  'rackshift:inventory/refused': error('{path} is a FIFO / a folder / a device / {size} (limit 32 MiB)', 'Give a regular file of at most 32 MiB.'),
  'rackshift:inventory/bad-value': error('holds a character that is not a letter, digit, space or one of . _ : / ( ) + # - / is too long', 'Correct the value in the manifest; it is not used as it is.'),
  'rackshift:inventory/format': error('unknown inventory format "{ext}"', 'Use a .csv, .yaml or .yml manifest.'),
  'rackshift:inventory/csv': error('{what is wrong with the CSV}', 'Give one header line and rows with as many fields.'),
  'rackshift:inventory/yaml': error('{what is wrong with the YAML}', 'Give kind: Inventory with hosts: [...], or a plain list of hosts.'),
  'rackshift:inventory/credentials': warning('column / field holds BMC credentials; rackshift ignores it', 'Remove credentials from the manifest; put them in the BMC Secrets.'),
  'rackshift:inventory/unknown-column': warning('column "{name}" is not used (known: {fields})', 'Remove the column or rename it to a known field.'),
  'rackshift:inventory/unknown-field': error('unknown field (known: {fields})', 'Remove the field or rename it to a known one.'),
  'rackshift:inventory/malformed-mac': error('"{mac}" is not a MAC address / is multicast', 'Give the NIC\'s own MAC, six hex pairs.'),
  'rackshift:inventory/duplicate-mac': error('duplicate MAC {mac}', 'Every NIC has its own MAC; correct the copy.'),
  'rackshift:inventory/unknown-pool': error('no GPU pool "{pool}" (pools: {pools})', 'Name a pool of the site.'),
  'rackshift:inventory/unknown-node': error('no active node "{node}" / node belongs to another pool', 'Name an active node of the pool.'),
  'rackshift:inventory/unknown-rack': error('no rack "{rack}" / slot outside the rack', 'Give a rack and slot the pool has.'),
  'rackshift:inventory/missing-field': error('required field is missing', 'Fill in the field the message names.'),
  'rackshift:inventory/duplicate-node': error('node {node} is already listed on line {n}', 'List each node once.'),
  'rackshift:inventory/duplicate-serial': error('duplicate serial "{serial}"', 'Every host has its own serial; correct the copy.'),
  'rackshift:inventory/bmc-address': error('BMC address is not IPv4 / is a duplicate / belongs to another node', 'Give each BMC its own address, or "dhcp".'),
  'rackshift:inventory/os-drives': error('OS drive serials missing, duplicated or not the catalog\'s count', 'List each host\'s OS drive serials (osDriveSerials, separated by ";"), as many as the system has OS drives.'),
  'rackshift:inventory/count': error('pool {pool} has {n} active nodes; the inventory lists {n} hosts (more than the pool has)', 'List at most one host per active node, or raise the pool\'s nodes.'),
  'rackshift:inventory/pending': warning('pool {pool} has {n} active nodes; the inventory lists {n} hosts: {n} pending', 'Add the new nodes\' hosts to the inventory when they arrive; until then they get no host, MAC or reservation.'),
  // ---- dispatch -----------------------------------------------------------------------
  'rackshift:ref/fleet': error('no mining fleet "{fleet}" (fleets: {fleets})', 'Name a fleet declared under spec.mining.fleets.'),
  'rackshift:ref/tenant': error('no tenant "{tenant}" (tenants: {tenants})', 'Name a tenant declared under spec.tenants.'),
  'rackshift:dispatch/firm-fleet': error('fleet {fleet} is firm (curtailable: false); dispatch never shifts firm load', 'Make the fleet curtailable, or leave it out of spec.dispatch.fleets.'),
  'rackshift:dispatch/duplicate': error('{fleet or tenant} is listed twice', 'List each fleet and interruptible tenant once.'),
  'rackshift:dispatch/contract': error('the contract allows {MW} but firm load needs {MW} (short {MW})', 'Raise contractedMW to at least the firm load, or make load interruptible.'),
  'rackshift:dispatch/input': error('{file}:{line}: {what is wrong with the row}', 'Correct the row in the market input file (formats: docs/dispatch.md).'),
  // ---- offers -------------------------------------------------------------------------
  'rackshift:offer/invalid': error('{why the offer cannot be sized}', 'Correct the offer as the message says.'),
} as const satisfies Record<string, RuleDef>;

export type RuleId = keyof typeof RULES;

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/** The rule id of a tier's power budget: `rackshift:power/tier-nplus1` for N+1. */
export function tierRule(tier: 'N' | 'N+1' | '2N'): RuleId {
  return tier === 'N' ? 'rackshift:power/tier-n' : tier === 'N+1' ? 'rackshift:power/tier-nplus1' : 'rackshift:power/tier-2n';
}

/**
 * The capacity rules: what decides whether a pool of a given size fits a site (power by tier and
 * in normal operation, heat and floor). An offer grows until one of these binds; any other
 * problem is a follow-up for the site file, not a limit.
 */
export const CAPACITY_RULES = [
  'rackshift:power/tier-n',
  'rackshift:power/tier-nplus1',
  'rackshift:power/tier-2n',
  'rackshift:power/normal-load',
  'rackshift:cooling/capacity',
  'rackshift:cooling/rack-density',
  'rackshift:floor/racks',
] as const satisfies readonly RuleId[];
export type CapacityRule = (typeof CAPACITY_RULES)[number];

export function isCapacityRule(id: string): id is CapacityRule {
  return (CAPACITY_RULES as readonly string[]).includes(id);
}
