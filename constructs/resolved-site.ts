/**
 * ResolvedSite: the one source every renderer reads. It is plain, immutable (deep-frozen),
 * JSON-serialisable data. Renderers never re-derive a budget, a name or an address: if a
 * renderer needs a number, it belongs here.
 *
 * Units are in the field names (MW, KW, THs, GiB) so nobody has to guess.
 */
import type { CoolingType, ProvisioningBackend, Tier } from './site-spec';
import type { AsicModel } from './catalog';
import type { Diagnostic } from './diagnostics';
import type { ResolvedPool, ResolvedTenant } from './resolved-pools';

export type * from './resolved-pools';

export interface ResolvedFeed {
  readonly name: string;
  readonly group: string;
  /** Nameplate capacity, MW (from capacityMW, or kV × A × √3 × PF for 3 phases). */
  readonly nameplateMW: number;
  /** nameplateMW × continuousLoadFactor. */
  readonly usableMW: number;
  readonly pricePerMWh?: number;
}

export interface ResolvedGroup {
  readonly name: string;
  readonly feeds: readonly string[];
  readonly usableMW: number;
  /** Usable capacity left when this group is lost. */
  readonly survivingMW: number;
}

/** What each tier may count on, and what is asked of it. All facility MW (IT × PUE). */
export interface TierBudget {
  readonly tier: Tier;
  /** Capacity that survives the failure this tier must ride through (N: none; N+1: largest feed; 2N: largest group). */
  readonly availableMW: number;
  /** Firm load that must survive that failure (this tier and stricter ones). */
  readonly requiredMW: number;
  readonly headroomMW: number;
  /** The feed or group whose loss sets availableMW. */
  readonly worstLoss?: string;
}

export interface PowerBudget {
  readonly continuousLoadFactor: number;
  readonly feeds: readonly ResolvedFeed[];
  readonly groups: readonly ResolvedGroup[];
  readonly totalNameplateMW: number;
  readonly totalUsableMW: number;
  readonly tiers: readonly TierBudget[];
  /** Critical IT load of GPU pools, MW (node power × nodes, caps applied). */
  readonly aiItMW: number;
  /** aiItMW with cooling and losses (zone PUE / overhead). */
  readonly aiFacilityMW: number;
  /** Mining IT load after retirements, MW. */
  readonly miningItMW: number;
  readonly miningFacilityMW: number;
  /** Firm (non-curtailable) facility load: AI pools plus non-curtailable fleets. */
  readonly firmMW: number;
  /** All load, facility MW, in normal operation. */
  readonly totalLoadMW: number;
  /** totalUsableMW − totalLoadMW. */
  readonly normalHeadroomMW: number;
  /** The worst single failure (loss of the largest group, or of the largest feed when there is one group). */
  readonly worstCase: {
    readonly lost: string;
    readonly availableMW: number;
    readonly firmMW: number;
    /** Curtailable mining that still runs after the loss. */
    readonly miningRunningMW: number;
    readonly miningCurtailedMW: number;
    readonly miningCurtailedTHs: number;
    /** availableMW − firmMW − miningRunningMW (never negative when the site is valid). */
    readonly headroomMW: number;
  };
}

export interface ResolvedZone {
  readonly name: string;
  readonly type: CoolingType;
  readonly capacityKW: number;
  readonly maxRackKW: number;
  /** Effective PUE (from pue, or 1 + overheadKW / IT kW). */
  readonly pue: number;
  readonly overheadKW: number;
  readonly itLoadKW: number;
  readonly heatLoadKW: number;
  readonly headroomKW: number;
  readonly racks: number;
  readonly racksUsed: number;
  readonly racksFree: number;
  readonly pools: readonly string[];
  readonly fleets: readonly string[];
}

export interface ResolvedFleet {
  readonly name: string;
  readonly model: AsicModel;
  readonly zone: string;
  readonly curtailable: boolean;
  readonly installed: number;
  readonly retired: number;
  /** installed − retired. */
  readonly running: number;
  readonly unitsPerRack: number;
  readonly racks: number;
  /** running × wallW, kW. */
  readonly itKW: number;
  readonly hashrateTHs: number;
  readonly retiredKW: number;
  readonly retiredTHs: number;
}

export interface ResolvedNetwork {
  readonly name: 'bmc' | 'provisioning' | 'node';
  readonly cidr: string;
  /** Network address and dotted netmask of the CIDR (DHCP servers and Tinkerbell take these). */
  readonly network: string;
  readonly netmask: string;
  readonly gateway: string;
  readonly reserved: number;
  /** Host addresses in the CIDR (excluding network and broadcast). */
  readonly size: number;
  readonly used: number;
  readonly vlan?: number;
  /**
   * Provisioning network only: the boot server (TFTP, HTTP for iPXE scripts and images,
   * Metal3's Ironic) — the first reserved address that is not the gateway.
   */
  readonly bootServer?: string;
  /** The DHCP server's interface on this network (site setting); without one, served through a relay. */
  readonly interface?: string;
}

export interface ConversionStep {
  readonly fleet: string;
  readonly zone: string;
  readonly model: string;
  readonly units: number;
  readonly itKW: number;
  readonly hashrateTHs: number;
  /**
   * Pools the freed capacity goes to: the pools in the fleet's own zone (power, cooling and
   * floor), or, when that zone hosts none, every pool (the retirement frees power only).
   */
  readonly forPools: readonly string[];
  readonly frees: 'power-cooling-floor' | 'power';
}

export interface Conversion {
  readonly retired: readonly ConversionStep[];
  readonly retiredMW: number;
  readonly retiredTHs: number;
  /** Mining curtailed in the worst case, least efficient fleets first. */
  readonly curtailedWorstCase: readonly { readonly fleet: string; readonly itKW: number; readonly hashrateTHs: number }[];
}

export interface InventoryHost {
  readonly node: string;
  readonly pool: string;
  readonly serial: string;
  readonly vendor?: string;
  readonly model?: string;
  /** MAC of the BMC's NIC (lower case, colon-separated); needed when the BMC takes its address by DHCP. */
  readonly bmcMac?: string;
  /**
   * Where the BMC answers: the static address from the inventory, or else the node's allocated
   * BMC address, which the DHCP server hands out to `bmcMac`.
   */
  readonly bmcAddress?: string;
  /** `static`: set on the BMC at the factory; `dhcp`: reserved for `bmcMac` in the DHCP configs. */
  readonly bmcAddressMode: 'static' | 'dhcp';
  /** MAC of the provisioning NIC the host PXE-boots from (lower case, colon-separated). */
  readonly bootMac: string;
  /** Serial numbers of the OS drives, when the manifest names them (Metal3 root device hint, or software RAID-1 for two). */
  readonly osDriveSerials?: readonly string[];
  /** Manifest (as the site names it, relative to the site file) and line the host came from, e.g. `inventory/x.csv:12`. */
  readonly source: string;
}

export interface ResolvedInventory {
  /** Path of the delivery manifest relative to the site file, when one is named. */
  readonly file?: string;
  readonly hosts: readonly InventoryHost[];
  /** Node names that have no inventory yet: everything that needs a MAC waits for them. */
  readonly pending: readonly string[];
}

/** The Argo CD Application that syncs the site's kubernetes/ folder (spec.gitops). */
export interface ResolvedGitOps {
  /** Application name: `rackshift-<site>`. */
  readonly application: string;
  /** Namespace the Application lives in (Argo CD's). */
  readonly namespace: string;
  readonly project: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder in the repository: spec.gitops.path, default `cdktf.out/<site>/kubernetes`. */
  readonly path: string;
  readonly prune: boolean;
  readonly selfHeal: boolean;
}

export interface ResolvedNetworks {
  readonly bmc?: ResolvedNetwork;
  readonly provisioning?: ResolvedNetwork;
  readonly node?: ResolvedNetwork;
  readonly dns: readonly string[];
  readonly ntp: readonly string[];
  /** The NTP servers given as IPv4 addresses: DHCP option 42 carries addresses, not names. */
  readonly ntpAddresses: readonly string[];
  readonly domain?: string;
}

export interface ResolvedProvisioning {
  /** Backends that get objects for inventoried hosts, in a fixed order (metal3, tinkerbell). */
  readonly backends: readonly ProvisioningBackend[];
  /** HTTP base URL of the boot server (iPXE scripts, images), no trailing slash; absent without a provisioning network or setting. */
  readonly bootServerUrl?: string;
  /** Namespace of the BareMetalHosts and their Secrets (where the baremetal-operator watches). */
  readonly metal3Namespace: string;
  /** Namespace of the Tinkerbell Hardware objects. */
  readonly tinkerbellNamespace: string;
}

export interface ResolvedSite {
  readonly apiVersion: 'rackshift.dev/v1alpha1';
  readonly name: string;
  readonly region?: string;
  readonly description?: string;
  /** Site file path as given (relative to the working directory). */
  readonly sourceFile: string;
  readonly power: PowerBudget;
  readonly zones: readonly ResolvedZone[];
  readonly fleets: readonly ResolvedFleet[];
  readonly pools: readonly ResolvedPool[];
  readonly tenants: readonly ResolvedTenant[];
  readonly networks: ResolvedNetworks;
  readonly conversion: Conversion;
  readonly inventory: ResolvedInventory;
  readonly provisioning: ResolvedProvisioning;
  readonly cohort?: { readonly name: string };
  readonly gitops?: ResolvedGitOps;
  /** The management and workload clusters, and the other sites sharing the workload cluster (constructs/clusters.ts). */
  readonly clusters: import('./clusters').ResolvedClusters;
  readonly economics: import('./site-spec').EconomicsSpecT;
  readonly offers: readonly import('./site-spec').OfferSpecT[];
  /** What `rackshift dispatch` may shift, and the limits it keeps (constructs/dispatch.ts). */
  readonly dispatch: import('./resolve/dispatch').ResolvedDispatch;
  readonly totals: {
    readonly gpus: number;
    readonly nodes: number;
    readonly racks: number;
    readonly miners: number;
    readonly hashrateTHs: number;
  };
  /** What the site earns and spends a month, with every assumption and its source (resolve/economics.ts). */
  readonly finance: import('./resolve/economics').SiteEconomics;
  /** Warnings (never errors: a site with errors does not resolve). */
  readonly warnings: readonly Diagnostic[];
}
