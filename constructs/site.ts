import { Construct } from 'constructs';
import { z } from 'zod';
import { checkProps } from './_props';
import { AsicFleet } from './asic-fleet';
import { CoolingZone } from './cooling-zone';
import { GpuNodePool } from './gpu-node-pool';
import { Network, type NetworkName } from './network';
import { PowerFeed } from './power-feed';
import { formatDiagnostic, formatPath, type PathNamer } from './diagnostics';
import { pathFromSite, PROBLEMS_AT } from './_child';
import type { ResolvedSite } from './resolved-site';
import { evaluateSite, resolveSite, type ResolveOptions } from './resolve';
import { SiteFileSpec, type SiteSpec } from './site-spec';
import { Tenant } from './tenant';

const SpecShape = SiteFileSpec.shape.spec.shape;
const SiteLevelSpec = z
  .object({
    metadata: SiteFileSpec.shape.metadata.omit({ name: true }).default({}),
    continuousLoadFactor: SpecShape.power.shape.continuousLoadFactor,
    dns: SpecShape.networks.unwrap().shape.dns,
    ntp: SpecShape.networks.unwrap().shape.ntp,
    domain: SpecShape.networks.unwrap().shape.domain,
    inventory: SpecShape.inventory,
    provisioning: SpecShape.provisioning,
    catalog: SpecShape.catalog,
    economics: SpecShape.economics,
    offers: SpecShape.offers,
    cohort: SpecShape.cohort,
    gitops: SpecShape.gitops,
    clusters: SpecShape.clusters,
    dispatch: SpecShape.dispatch,
    warningsAcknowledged: SpecShape.warningsAcknowledged,
  })
  .strict();

export type SiteProps = z.input<typeof SiteLevelSpec>;

const SITE = Symbol.for('rackshift.Site');

/** spec lists in the order toSpec writes them, with the construct kind each holds. */
const SPEC_LISTS: readonly [string, string, (x: unknown) => boolean][] = [
  ['power.feeds', 'feeds', (x) => PowerFeed.isPowerFeed(x)],
  ['cooling.zones', 'zones', (x) => CoolingZone.isCoolingZone(x)],
  ['mining.fleets', 'fleets', (x) => AsicFleet.isAsicFleet(x)],
  ['gpuPools', 'pools', (x) => GpuNodePool.isGpuNodePool(x)],
  ['tenants', 'tenants', (x) => Tenant.isTenant(x)],
];

/**
 * Names a spec path by the construct it came from: `spec.tenants[4].pool` becomes
 * `small-1/tenants/omega.pool` (children are listed in creation order, as toSpec writes
 * them); a site-level field becomes `small-1.<field>`.
 */
function constructPathNamer(site: Site): PathNamer {
  const all = site.node.findAll();
  const pathOf = pathFromSite;
  const lists = new Map(SPEC_LISTS.map(([where, , is]) => [where, all.filter(is)]));
  return (path) => {
    const rest = path[0] === 'spec' ? path.slice(1) : path;
    for (const [where] of SPEC_LISTS) {
      const parts = where.split('.');
      if (parts.every((p, i) => rest[i] === p) && typeof rest[parts.length] === 'number') {
        const child = lists.get(where)![rest[parts.length] as number];
        if (child) return withField(pathOf(child), rest.slice(parts.length + 1));
      }
    }
    if (rest[0] === 'networks' && typeof rest[1] === 'string') {
      const net = all.find((c) => Network.isNetwork(c) && c.kind === rest[1]);
      if (net) return withField(pathOf(net), rest.slice(2));
    }
    return withField(pathOf(site), rest);
  };
}

function withField(constructPath: string, field: readonly (string | number)[]): string {
  const f = formatPath(field);
  return f === '' ? constructPath : f.startsWith('[') ? `${constructPath}${f}` : `${constructPath}.${f}`;
}

/**
 * The root construct: a site and everything in it. Children (feeds, zones, fleets, pools,
 * tenants, networks) are added with `new PowerFeed(site, 'sub-a', {...})` and so on; their
 * order of creation is their order in the resolved site.
 */
export class Site extends Construct {
  static isSite(x: unknown): x is Site {
    return typeof x === 'object' && x !== null && SITE in x;
  }

  /** Builds the construct tree of a parsed site file. */
  static fromSpec(spec: SiteSpec, scope?: Construct): Site {
    const s = spec.spec;
    const site = new Site(scope, spec.metadata.name, {
      metadata: { region: spec.metadata.region, description: spec.metadata.description },
      continuousLoadFactor: s.power.continuousLoadFactor,
      dns: s.networks.dns,
      ntp: s.networks.ntp,
      domain: s.networks.domain,
      inventory: s.inventory,
      provisioning: s.provisioning,
      catalog: s.catalog,
      economics: s.economics,
      offers: s.offers,
      cohort: s.cohort,
      gitops: s.gitops,
      clusters: s.clusters,
      dispatch: s.dispatch,
      warningsAcknowledged: s.warningsAcknowledged,
    });
    for (const { name, ...f } of s.power.feeds) new PowerFeed(site, name, f);
    for (const { name, ...z } of s.cooling.zones) new CoolingZone(site, name, z);
    for (const { name, ...f } of s.mining.fleets) new AsicFleet(site, name, f);
    for (const { name, ...p } of s.gpuPools) new GpuNodePool(site, name, p);
    for (const { name, ...t } of s.tenants) new Tenant(site, name, t);
    for (const kind of ['bmc', 'provisioning', 'node'] as const) {
      const range = s.networks[kind];
      if (range) new Network(site, kind, range);
    }
    return site;
  }

  readonly props: z.output<typeof SiteLevelSpec>;

  constructor(scope: Construct | undefined, id: string, props: SiteProps = {}) {
    // A site is normally the root of its own tree.
    super(scope as Construct, id);
    Object.defineProperty(this, SITE, { value: true });
    this.props = checkProps(SiteLevelSpec, props, id);
    // `node.validate()` on any construct of the tree lists the resolver's problems there.
    Object.defineProperty(this, PROBLEMS_AT, { value: (at: string) => this.problemsAt(at) });
    this.node.addValidation({ validate: () => this.problemsAt(pathFromSite(this)) });
  }

  /** Problems (errors and warnings) whose construct path is `at` itself, one line each. */
  private problemsAt(at: string): string[] {
    const { diagnostics } = evaluateSite(this.toSpec(), { namePath: constructPathNamer(this) });
    return diagnostics.all.filter((d) => d.path === at || d.path.startsWith(`${at}.`) || d.path.startsWith(`${at}[`)).map(formatDiagnostic);
  }

  /** Children of one kind, in creation order (they live in per-kind sections, see _section.ts). */
  private childrenOf<T>(is: (x: unknown) => x is T): T[] {
    return this.node.findAll().filter((c): c is typeof c & T => is(c)) as T[];
  }

  /** The site as plain data, in the site file's shape. */
  toSpec(): SiteSpec {
    const p = this.props;
    const networks: SiteSpec['spec']['networks'] = { dns: p.dns, ntp: p.ntp, ...(p.domain ? { domain: p.domain } : {}) };
    for (const n of this.childrenOf(Network.isNetwork)) networks[n.kind as NetworkName] = n.spec;
    return {
      apiVersion: 'rackshift.dev/v1alpha1',
      kind: 'Site',
      metadata: { name: this.node.id, ...p.metadata },
      spec: {
        power: { feeds: this.childrenOf(PowerFeed.isPowerFeed).map((f) => f.spec), continuousLoadFactor: p.continuousLoadFactor },
        cooling: { zones: this.childrenOf(CoolingZone.isCoolingZone).map((z) => z.spec) },
        mining: { fleets: this.childrenOf(AsicFleet.isAsicFleet).map((f) => f.spec) },
        gpuPools: this.childrenOf(GpuNodePool.isGpuNodePool).map((g) => g.spec),
        tenants: this.childrenOf(Tenant.isTenant).map((t) => t.spec),
        networks,
        ...(p.inventory ? { inventory: p.inventory } : {}),
        provisioning: p.provisioning,
        ...(p.catalog ? { catalog: p.catalog } : {}),
        ...(p.economics ? { economics: p.economics } : {}),
        offers: p.offers,
        ...(p.cohort ? { cohort: p.cohort } : {}),
        ...(p.gitops ? { gitops: p.gitops } : {}),
        clusters: p.clusters,
        ...(p.dispatch ? { dispatch: p.dispatch } : {}),
        warningsAcknowledged: p.warningsAcknowledged,
      },
    };
  }

  /**
   * Checks the whole tree and resolves it; throws SiteError listing every problem. Problems
   * name construct paths (`small-1/tenants/omega.pool`) unless the caller brings the
   * diagnostics of a site file, whose problems name file fields and lines.
   */
  resolve(options: ResolveOptions = {}): ResolvedSite {
    return resolveSite(this.toSpec(), { namePath: constructPathNamer(this), ...options });
  }
}
