/** Site-file sections beyond the physical site: economics, offers, GitOps, the site's own catalog. */
import { z } from 'zod';
import { GPU_MODELS } from './catalog';
import { PLATFORM_NAMESPACES } from './platform';
import { count, fraction, name, positive, REVENUE_MODELS, suggest, TIERS } from './spec-fields';

export const EconomicsSpec = z
  .object({
    hashpricePerPHDay: z.number().min(0).max(10_000).optional().describe('USD per PH/s per day.'),
    powerPricePerMWh: z.number().min(0).max(10_000).optional(),
    gpuHourPrice: z.number().min(0).max(1_000).optional().describe('USD per GPU-hour.'),
    utilisation: fraction('utilisation').optional(),
    colocationPerKWMonth: z.number().min(0).max(10_000).optional().describe('USD per kW of critical IT per month.'),
    capexPerMW: z.number().min(0).max(1e9).optional().describe('Conversion capex, USD per MW of critical IT.'),
    revenueModel: z.enum(REVENUE_MODELS).optional().describe('How AI capacity earns: colocation ($/kW-month of critical IT; tenant brings GPUs and pays power) or gpu-hour ($/GPU-hour × utilisation; the site owns GPUs and pays power).'),
    hardwarePerGpu: z.number().min(0).max(10_000_000).optional().describe('GPU hardware capex, USD per GPU (gpu-hour model: the site buys the systems).'),
  })
  .strict();

const weeks = (what: string) => z.number().min(0, `${what} must not be negative`).max(520, `${what} must be at most 520 weeks`);
/** Phase durations in weeks; a phase left out keeps its default (offers/timeline.ts). */
export const PhaseWeeksSpec = z
  .object({
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
    termMonths: count('termMonths', 600).default(36),
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
    zone: name.optional().describe('Cooling zone to place the offer in. Default: the zone that fits with the least mining given up.'),
    retireOrder: z.array(name).optional().describe('Fleets this offer may retire, in order. Default: every fleet, least efficient (highest J/TH) first.'),
    phaseWeeks: PhaseWeeksSpec.optional().describe('Override default phase durations, weeks.'),
    economics: EconomicsSpec.optional(),
  })
  .strict();

/**
 * An Argo CD Application for the site's kubernetes/ folder (stacks/kubernetes/argocd-application.ts).
 * The repository URL's shape (and that it carries no credentials) is checked in resolve.ts.
 */
export const GitOpsSpec = z
  .object({
    repoURL: z
      .string()
      .min(1, 'repoURL must not be empty')
      .describe('Git repository holding the synthesized output: https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git. Credentials belong in an Argo CD repository Secret, never here.'),
    targetRevision: z.string().min(1, 'targetRevision must not be empty').default('main').describe('Branch, tag or commit Argo CD syncs to.'),
    path: z
      .string()
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
            vendor: z.string(),
            hashrateTHs: positive('hashrateTHs', 100_000),
            wallW: positive('wallW', 100_000),
            cooling: z.enum(['air', 'liquid', 'hydro', 'immersion']),
            unitsPerRack: count('unitsPerRack', 1000).default(12),
            source: z.string().describe('Where the figures come from.'),
          })
          .strict(),
      )
      .default([]),
    systems: z
      .array(
        z
          .object({
            id: name,
            vendor: z.string(),
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
            source: z.string(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
