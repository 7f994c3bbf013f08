/**
 * The site file format (`kind: Site`), as a zod schema. It is the single definition of what a
 * site file may say: the TypeScript types, the JSON Schema (`rackshift schema`,
 * `site.schema.json`) and the validation of YAML files all come from it.
 *
 * Strict everywhere: an unknown key is an error, so a typo never passes silently.
 */
import { z } from 'zod';
import { ASIC_MODELS, GPU_SYSTEMS } from './catalog';
import { CatalogExtensionSpec, EconomicsSpec, GitOpsSpec, OfferSpec, PhaseWeeksSpec } from './site-spec-extensions';
import { PLATFORM_NAMESPACES } from './platform';
import { cidr, COOLING_TYPES, count, fraction, GPU_DRIVER_MODELS, ipv4, ISOLATIONS, name, POD_SECURITY_LEVELS, positive, PROVISIONING_BACKENDS, REVENUE_MODELS, suggest, TIERS } from './spec-fields';
import { DispatchSpec } from './dispatch-spec';

export { COOLING_TYPES, DNS_LABEL, GPU_DRIVER_MODELS, ISOLATIONS, POD_SECURITY_LEVELS, PROVISIONING_BACKENDS, REVENUE_MODELS, TIERS, type GpuDriverModel } from './spec-fields';
export * from './site-spec-extensions';

const electrical = z
  .object({
    voltageKV: positive('voltageKV', 1000).describe('Line-to-line voltage, kV.'),
    amps: positive('amps', 1_000_000).describe('Rated current, A.'),
    phases: z.union([z.literal(1), z.literal(3)]).default(3).describe('1 or 3 phases.'),
    powerFactor: fraction('powerFactor').default(0.95).describe('Power factor (0-1]; IT loads run at 0.95-0.99.'),
  })
  .strict();

export const PowerFeedSpec = z
  .object({
    name,
    capacityMW: positive('capacityMW', 5000).optional().describe('Nameplate capacity, MW. Give this or `electrical`.'),
    electrical: electrical.optional().describe('Capacity from voltage × current × phases × power factor.'),
    group: name.describe('Redundancy group (A/B path). A 2N load counts only on what survives the loss of one group.'),
    pricePerMWh: z.number().min(0, 'pricePerMWh must not be negative').max(10_000).optional().describe('All-in energy price, USD/MWh.'),
  })
  .strict();

export const PowerSpec = z
  .object({
    feeds: z.array(PowerFeedSpec).min(1, 'a site needs at least one power feed'),
    continuousLoadFactor: fraction('continuousLoadFactor')
      .default(0.8)
      .describe('Share of nameplate usable for continuous load (NEC 80 % rule by default; 1.0 for 100 %-rated assemblies).'),
  })
  .strict();

export const CoolingZoneSpec = z
  .object({
    name,
    type: z.enum(COOLING_TYPES),
    capacityKW: positive('capacityKW', 5_000_000).describe('Heat-rejection capacity, kW.'),
    maxRackKW: positive('maxRackKW', 1000).optional().describe('Maximum rack density, kW per rack. Default by type.'),
    pue: z.number().min(1, 'pue must be at least 1.0').max(3, 'pue must be at most 3').optional().describe('Power usage effectiveness of the zone. Default by type.'),
    overheadKW: z.number().min(0).max(1_000_000).optional().describe('Fixed cooling/loss overhead in kW, instead of PUE.'),
    racks: count('racks', 1_000_000).describe('Rack positions on the floor of this zone.'),
  })
  .strict();

export const AsicFleetSpec = z
  .object({
    name,
    model: z.string().describe('Catalog id of the miner model, e.g. antminer-s19-xp.').meta(suggest(ASIC_MODELS)),
    count: count('count', 10_000_000).describe('Miners installed before the conversion.'),
    retire: count('retire', 10_000_000).default(0).describe('Miners this conversion removes to free power, cooling and floor.'),
    zone: name,
    curtailable: z.boolean().default(true).describe('Mining may be shed to keep firm (AI) load powered.'),
    unitsPerRack: count('unitsPerRack', 1000).optional().describe('Miners per rack position. Default from the catalog.'),
  })
  .strict();

export const GpuPoolSpec = z
  .object({
    name,
    system: z.string().describe('Catalog id of the GPU system, e.g. dgx-h100.').meta(suggest(GPU_SYSTEMS)),
    nodes: count('nodes', 100_000).describe('Kubernetes nodes (for rack-scale systems: compute trays).'),
    nodesPerRack: count('nodesPerRack', 128).optional().describe('Nodes per rack. Default from the catalog.'),
    zone: name,
    tier: z.enum(TIERS).default('2N').describe('Power redundancy the pool needs.'),
    powerCapKW: positive('powerCapKW', 200).optional().describe('Power cap per node, kW (enforced with nvidia-smi power limits).'),
    retire: z.array(z.number().int().min(1)).default([]).describe('Node indices (1-based) removed from service; their names and addresses stay reserved.'),
    maxNodes: count('maxNodes', 100_000).optional().describe('Address block reserved for the pool; default: nodes rounded up to a power of two (min 16).'),
    addressOffset: count('addressOffset', 16_777_216).optional().describe('Pin the pool\'s address block at this offset in each network.'),
    mig: z
      .object({
        strategy: z.enum(['single', 'mixed']),
        profile: z.string().optional().describe('MIG profile for the single strategy, e.g. 1g.10gb.'),
      })
      .strict()
      .optional(),
    bios: z.record(z.string(), z.string()).optional().describe('BIOS settings applied with Metal3 HostFirmwareSettings.'),
    driver: z
      .enum(GPU_DRIVER_MODELS)
      .default('operator')
      .describe('Where the NVIDIA driver comes from: the GPU Operator\'s driver container (operator), or the node image (host, as on DGX OS). The ClusterPolicy and the power-cap unit follow it.'),
  })
  .strict();

export const TenantSpec = z
  .object({
    name,
    pool: name,
    gpus: count('gpus', 10_000_000),
    isolation: z.enum(ISOLATIONS).default('dedicated'),
    admins: z.array(z.string().min(1)).default([]).describe('Groups from the identity provider that administer the tenant namespace.'),
    priority: z.number().int().min(0).max(1_000_000).default(100),
    podSecurity: z.enum(POD_SECURITY_LEVELS).default('restricted'),
    firstNode: z
      .number()
      .int('firstNode must be a whole number')
      .min(1, 'firstNode must be at least 1')
      .optional()
      .describe('Dedicated tenants: the pool node index (1-based) the tenant\'s nodes start from. Pin it so other tenants\' changes never move these machines.'),
    borrowing: z.boolean().default(false).describe('May borrow idle GPUs from other tenants in the site cohort.'),
  })
  .strict();

const NetworkRange = z
  .object({
    cidr,
    gateway: ipv4.optional().describe('Default: the first address of the CIDR.'),
    reserved: count('reserved', 65_536).default(16).describe('Addresses at the start of the range kept for infrastructure.'),
    vlan: z.number().int().min(1).max(4094).optional(),
    interface: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/, 'must be a Linux interface name: 1-15 letters, digits, ".", "_" or "-"')
      .optional()
      .describe('Interface of the DHCP server on this network (e.g. eno2, bond0.11); written into kea-dhcp4.json and dnsmasq.conf. A network without one is served through a DHCP relay.'),
  })
  .strict();

export const NetworksSpec = z
  .object({
    bmc: NetworkRange.optional(),
    provisioning: NetworkRange.optional(),
    node: NetworkRange.optional(),
    dns: z.array(ipv4).default([]),
    ntp: z.array(z.string()).default([]),
    domain: z.string().optional().describe('DNS domain of the nodes, e.g. permian-1.example.net.'),
  })
  .strict();

export const ProvisioningSpec = z
  .object({
    backends: z
      .array(z.enum(PROVISIONING_BACKENDS))
      .min(1, 'name at least one provisioning backend')
      .refine((b) => new Set(b).size === b.length, 'list each backend once')
      .default(['metal3'])
      .describe('Which objects provision the inventoried hosts: metal3 (BareMetalHosts and user-data Secrets), tinkerbell (Hardware), or both.'),
    bootServerUrl: z
      .string()
      .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/, 'must be an http(s) URL with no query, e.g. http://10.11.0.2:6180')
      .optional()
      .describe('Where hosts fetch iPXE scripts and images over HTTP. Default: http://<boot server>:6180 (Metal3 Ironic\'s HTTP server).'),
    metal3Namespace: name.default(PLATFORM_NAMESPACES.metal3).describe('Namespace the baremetal-operator watches (BareMetalHosts and their Secrets).'),
    tinkerbellNamespace: name.default(PLATFORM_NAMESPACES.tinkerbell).describe('Namespace of the Tinkerbell stack (Hardware objects).'),
  })
  .strict();

export const SiteFileSpec = z
  .object({
    apiVersion: z.literal('rackshift.dev/v1alpha1'),
    kind: z.literal('Site'),
    metadata: z
      .object({
        name,
        region: z.string().optional().describe('Grid or market, e.g. us-tx-ercot.'),
        description: z.string().optional(),
      })
      .strict(),
    spec: z
      .object({
        power: PowerSpec,
        cooling: z.object({ zones: z.array(CoolingZoneSpec).min(1, 'a site needs at least one cooling zone') }).strict(),
        mining: z.object({ fleets: z.array(AsicFleetSpec).default([]) }).strict().default({ fleets: [] }),
        gpuPools: z.array(GpuPoolSpec).default([]),
        tenants: z.array(TenantSpec).default([]),
        networks: NetworksSpec.default({ dns: [], ntp: [] }),
        inventory: z
          .object({ file: z.string().describe('CSV or YAML delivery manifest, relative to the site file.') })
          .strict()
          .optional(),
        provisioning: ProvisioningSpec.default({ backends: ['metal3'], metal3Namespace: PLATFORM_NAMESPACES.metal3, tinkerbellNamespace: PLATFORM_NAMESPACES.tinkerbell }).describe('Bare-metal provisioning: backends (default Metal3 only), boot server URL, namespaces.'),
        catalog: CatalogExtensionSpec.optional(),
        economics: EconomicsSpec.optional(),
        offers: z.array(OfferSpec).default([]),
        cohort: z
          .object({ name: name.optional() })
          .strict()
          .optional()
          .describe('Let tenants that allow borrowing share idle GPUs through a Kueue Cohort.'),
        gitops: GitOpsSpec.optional().describe('Write an Argo CD Application (kubernetes/argocd-application.yaml) that syncs the site\'s manifests from git.'),
        dispatch: DispatchSpec.optional().describe('What `rackshift dispatch` may shift between mining and interruptible AI, and its limits.'),
        warningsAcknowledged: z.array(z.string()).default([]).describe('Warning ids the operator has reviewed.'),
      })
      .strict(),
  })
  .strict();

/** A site file after parsing and defaulting: plain data. */
export type SiteSpec = z.output<typeof SiteFileSpec>;
/** What an author writes (defaults optional). */
export type SiteSpecInput = z.input<typeof SiteFileSpec>;
export type PowerFeedSpecT = z.output<typeof PowerFeedSpec>;
export type CoolingZoneSpecT = z.output<typeof CoolingZoneSpec>;
export type AsicFleetSpecT = z.output<typeof AsicFleetSpec>;
export type GpuPoolSpecT = z.output<typeof GpuPoolSpec>;
export type TenantSpecT = z.output<typeof TenantSpec>;
export type NetworksSpecT = z.output<typeof NetworksSpec>;
export type NetworkRangeT = z.output<typeof NetworkRange>;
export type EconomicsSpecT = z.output<typeof EconomicsSpec>;
export type OfferSpecT = z.output<typeof OfferSpec>;
export type PhaseWeeksT = z.output<typeof PhaseWeeksSpec>;
export type ProvisioningBackend = (typeof PROVISIONING_BACKENDS)[number];
export type GitOpsSpecT = z.output<typeof GitOpsSpec>;
export type RevenueModel = (typeof REVENUE_MODELS)[number];
export type CoolingType = (typeof COOLING_TYPES)[number];
export type Tier = (typeof TIERS)[number];
export type Isolation = (typeof ISOLATIONS)[number];

/** The JSON Schema of the site file, for editors (yaml-language-server) and `rackshift schema`. */
export function siteJsonSchema(): unknown {
  const schema = z.toJSONSchema(SiteFileSpec, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://rackshift.dev/schemas/site.v1alpha1.json',
    title: 'rackshift Site',
    description: 'A mining site and the AI capacity converted onto it (rackshift.dev/v1alpha1).',
  };
}
