/**
 * The site file format (`kind: Site`), as a zod schema. It is the single definition of what a
 * site file may say: the TypeScript types, the JSON Schema (`rackshift schema`,
 * `site.schema.json`) and the validation of YAML files all come from it.
 *
 * Strict everywhere: an unknown key is an error, so a typo never passes silently.
 */
import { z } from 'zod';
import { ClustersSpec } from './cluster-spec';
import { ASIC_MODELS, GPU_MODELS, GPU_SYSTEMS } from './catalog';
import { PLATFORM_NAMESPACES } from './platform';
import { biosSetting, cidr, COOLING_TYPES, count, fraction, GPU_DRIVER_MODELS, gitRevision, groupName, hostname, hostOrIpv4, ipv4, ISOLATIONS, labelValue, migProfile, name, POD_SECURITY_LEVELS, positive, PROVISIONING_BACKENDS, REVENUE_MODELS, suggest, text, TIERS } from './spec-fields';
import { DispatchSpec } from './dispatch-spec';

export { COOLING_TYPES, DNS_LABEL, GPU_DRIVER_MODELS, ISOLATIONS, POD_SECURITY_LEVELS, PROVISIONING_BACKENDS, REVENUE_MODELS, TIERS, type GpuDriverModel } from './spec-fields';

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
        profile: migProfile.optional().describe('MIG profile for the single strategy, e.g. 1g.10gb.'),
      })
      .strict()
      .optional(),
    bios: z.record(biosSetting, text('a BIOS setting value', 256)).optional().describe('BIOS settings applied with Metal3 HostFirmwareSettings.'),
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
    admins: z.array(groupName).default([]).describe('Groups from the identity provider that administer the tenant namespace.'),
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
    ntp: z.array(hostOrIpv4).default([]).describe('NTP servers: IPv4 addresses (handed out by DHCP too) or host names (cloud-init only).'),
    domain: hostname.optional().describe('DNS domain of the nodes, e.g. permian-1.example.net.'),
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

export const EconomicsSpec = z
  .object({
    hashpricePerPHDay: z.number().min(0).max(10_000).optional().describe('USD per PH/s per day.'),
    powerPricePerMWh: z.number().min(0).max(10_000).optional(),
    gpuHourPrice: z.number().min(0).max(1_000).optional().describe('USD per GPU-hour.'),
    utilisation: fraction('utilisation').optional(),
    colocationPerKWMonth: z.number().min(0).max(10_000).optional().describe('USD per kW of critical IT per month.'),
    capexPerMW: z.number().min(0).max(1e9).optional().describe('Conversion capex, USD per MW of critical IT.'),
    revenueModel: z.enum(REVENUE_MODELS).optional().describe('How AI capacity earns: colocation ($/kW-month of critical IT; tenant brings GPUs and pays power) or gpu-hour ($/GPU-hour × utilisation; the site owns GPUs and pays power).'),
    hardwarePerGpu: z.number().min(0).max(10_000_000).optional().describe('GPU hardware capex, USD per GPU (gpu-hour model: the site buys the systems). Default: the catalog system price.'),
    gpuHourPrices: z.record(name, z.number().min(0).max(1_000)).optional().describe('USD per GPU-hour by GPU system id, e.g. { dgx-b200: 5.5 }; wins over gpuHourPrice for that system.'),
    discountRate: z.number().min(0).max(1).optional().describe('Annual discount rate for NPV, e.g. 0.1.'),
    networkGrowthPerYear: z.number().min(-0.5).max(5).optional().describe('Yearly network hashrate growth for the hashprice projection, e.g. 0.25.'),
    feeShare: z.number().min(0).max(1).optional().describe('Transaction fees as a share of miner rewards today (fees do not halve).'),
    poolFee: z.number().min(0).max(1).optional().describe('Mining pool fee, share of mining revenue.'),
    miningUptime: fraction('miningUptime').optional().describe('Share of the month miners hash.'),
    curtailmentCreditPerMWh: z.number().min(0).max(10_000).optional().describe('Demand-response and 4CP credits earned by curtailable load, USD per MWh it consumes.'),
    opexShareOfRevenue: z.number().min(0).max(1).optional().describe('AI site opex (operations, maintenance, insurance, staff) as a share of AI revenue.'),
    opexPerKWMonth: z.number().min(0).max(10_000).optional().describe('AI site opex, USD per kW of critical IT per month (on top of the share of revenue).'),
    miningOpexPerKWMonth: z.number().min(0).max(10_000).optional().describe('Mining opex saved when miners retire, USD per kW of miner IT per month.'),
  })
  .strict();

const weeks = (what: string) => z.number().min(0, `${what} must not be negative`).max(520, `${what} must be at most 520 weeks`);
/** Phase durations in weeks; a phase left out keeps its default (offers/timeline.ts). */
export const PhaseWeeksSpec = z
  .object({
    interconnection: weeks('interconnection').optional(),
    decommission: weeks('decommission').optional(),
    electrical: weeks('electrical').optional(),
    cooling: weeks('cooling').optional(),
    network: weeks('network').optional(),
    hardware: weeks('hardware').optional(),
    burnIn: weeks('burnIn').optional(),
    provisioning: weeks('provisioning').optional(),
  })
  .strict();

export const OfferSpec = z
  .object({
    name,
    gpus: z.number().int('gpus must be a whole number').min(1, 'gpus must be at least 1').max(10_000_000, 'gpus must be at most 10000000').optional(),
    system: z.string().optional(),
    itMW: positive('itMW', 5000).optional(),
    tier: z.enum(TIERS).default('2N'),
    termMonths: count('termMonths', 600).default(120).describe('Service months after ready. Default 120: miner-to-HPC leases run 10–15 years.'),
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
    zone: name.optional().describe('Cooling zone to place the offer in. Default: the zone that fits with the least mining given up.'),
    nodesPerRack: count('nodesPerRack', 128).optional().describe('Pin nodes per rack. Default: the densest layout the zone\'s rack density allows.'),
    retireOrder: z.array(name).optional().describe('Fleets this offer may retire, in order. Default: every fleet, least efficient (highest J/TH) first.'),
    phaseWeeks: PhaseWeeksSpec.optional().describe('Override default phase durations, weeks.'),
    addFeeds: z.array(PowerFeedSpec).optional().describe('Feeds the offer brings (a new interconnection): the offer is sized with them, and the timeline adds a large-load study and interconnection phase.'),
    economics: EconomicsSpec.optional(),
  })
  .strict();

/**
 * An Argo CD Application for the site's kubernetes/ folder (stacks/kubernetes/argocd-application.ts).
 * The repository URL's shape (and that it carries no credentials) is checked in resolve.ts.
 */
export const GitOpsSpec = z
  .object({
    repoURL: text('repoURL', 2048)
      .min(1, 'repoURL must not be empty')
      .describe('Git repository holding the synthesized output: https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git. Credentials belong in an Argo CD repository Secret, never here.'),
    targetRevision: gitRevision.default('main').describe('Branch, tag or commit Argo CD syncs to.'),
    path: text('path', 1024)
      .min(1, 'path must not be empty')
      .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))/, 'must be a path relative to the repository root, without ".."')
      .optional()
      .describe('Folder of the site\'s manifests in the repository. Default: cdktf.out/<site>/kubernetes (rackshift synth\'s default output).'),
    namespace: name.default(PLATFORM_NAMESPACES.argocd).describe('Namespace the Application object lives in: where Argo CD runs.'),
    project: name.default('default').describe('Argo CD AppProject the Application belongs to.'),
    prune: z.boolean().default(true).describe('Automated sync deletes objects that left the manifests (a removed tenant\'s namespace goes with it).'),
    selfHeal: z.boolean().default(false).describe('Automated sync reverts changes made in the cluster outside git.'),
  })
  .strict();

export const CatalogExtensionSpec = z
  .object({
    asics: z
      .array(
        z
          .object({
            id: name,
            vendor: text('vendor', 64).min(1, 'vendor must not be empty'),
            hashrateTHs: positive('hashrateTHs', 100_000),
            wallW: positive('wallW', 100_000),
            cooling: z.enum(['air', 'liquid', 'hydro', 'immersion']),
            unitsPerRack: count('unitsPerRack', 1000).default(12),
            source: text('source', 512).describe('Where the figures come from.'),
          })
          .strict(),
      )
      .default([]),
    systems: z
      .array(
        z
          .object({
            id: name,
            vendor: text('vendor', 64).min(1, 'vendor must not be empty'),
            gpu: z.string().describe('GPU model id from the catalog.').meta(suggest(GPU_MODELS)),
            gpusPerNode: count('gpusPerNode', 128),
            nodeMaxKW: positive('nodeMaxKW', 500),
            rackUnits: count('rackUnits', 60).optional(),
            recommendedNodesPerRack: count('recommendedNodesPerRack', 128).default(4),
            cooling: z.enum(['air', 'liquid', 'hydro', 'immersion']),
            cpuCores: count('cpuCores', 100_000),
            cpuThreads: count('cpuThreads', 200_000).optional().describe('Logical CPUs the kubelet advertises (default: cpuCores).'),
            cpuArch: z.enum(['x86_64', 'aarch64']).default('x86_64'),
            memoryGiB: count('memoryGiB', 100_000),
            bmcDriver: z.enum(['redfish-virtualmedia', 'idrac-virtualmedia', 'ilo5-virtualmedia', 'ipmi']).default('redfish-virtualmedia'),
            leadTimeWeeks: count('leadTimeWeeks', 520).default(16),
            source: text('source', 512),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const SiteFileSpec = z
  .object({
    apiVersion: z.literal('rackshift.dev/v1alpha1'),
    kind: z.literal('Site'),
    metadata: z
      .object({
        name,
        region: labelValue.optional().describe('Grid or market, e.g. us-tx-ercot (a Kubernetes label value).'),
        description: text('description', 1024).optional(),
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
        clusters: ClustersSpec.default({}).describe('Which cluster (kubeconfig context) gets the bare-metal objects and which the tenancy; docs/deploy.md, "Clusters".'),
        gitops: GitOpsSpec.optional().describe('Write an Argo CD Application (kubernetes/argocd-application.yaml) that syncs the site\'s manifests from git.'),
        dispatch: DispatchSpec.optional().describe('What `rackshift dispatch` may shift between mining and interruptible AI, and its limits.'),
        warningsAcknowledged: z.array(text('a warning id', 128)).default([]).describe('Warning ids the operator has reviewed.'),
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
