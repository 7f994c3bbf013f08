/**
 * The structured plan: what `rackshift plan --format json` prints and what the Markdown is
 * rendered from. Every value in it is already redacted. Documented in docs/plan.md.
 */

export type ChangeAction = 'create' | 'update' | 'delete';

/** One changed field of an object, by path (`spec.hard["requests.nvidia.com/gpu"]`). */
export interface FieldChange {
  readonly path: string;
  /** Absent when the field is new. */
  readonly old?: unknown;
  /** Absent when the field was removed. */
  readonly new?: unknown;
}

/** One changed line range of a file that is not a Kubernetes-shaped object. */
export interface LineHunk {
  /** 1-based first line in the base and head file. */
  readonly oldStart: number;
  readonly newStart: number;
  /** Lines with a `-`, `+` or ` ` (context) marker in front. */
  readonly lines: readonly string[];
}

export interface ResourceChange {
  /** `<site>/<target>/<kind>/<namespace>/<name>`, or `<site>/<target>/File/<path>` for other files. */
  readonly address: string;
  readonly site: string;
  /** First folder under the site's output folder (`kubernetes`, `bare-metal`, …), `.` for files at its root. */
  readonly target: string;
  /** Where deploy applies it, from the site's clusters.json: `workload cluster texas-gpu`. */
  readonly cluster?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly action: ChangeAction;
  /** Output file (relative to the site folder) in head, or in base for deletes. */
  readonly file: string;
  /** Changed fields (update) or every field (create); absent for deletes and for files. */
  readonly fields?: readonly FieldChange[];
  /**
   * A created object that repeats an existing one (another tenant's, names replaced): its
   * `Kind namespace/name`. `fields` then holds only what differs from it.
   */
  readonly like?: string;
  /** Changed lines, for files that are not objects. */
  readonly hunks?: readonly LineHunk[];
}

/** A Terraform or Pulumi rendering that changes exactly the objects kubernetes/ changes. */
export interface MirrorNote {
  readonly target: 'terraform' | 'pulumi';
  readonly files: readonly string[];
  /** How many object changes it shares with kubernetes/. */
  readonly objects: number;
}

export interface Counts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly unchanged: number;
}

/** A headline number of a site (or of all sites): old → new. `null` when the side has no site. */
export interface Metric {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly old: number | null;
  readonly new: number | null;
  /** new − old (missing side counts as 0). */
  readonly delta: number;
  /** Signed percentage change; null when old is 0 or absent. */
  readonly pct: number | null;
}

export type RowStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** A row of a budget table: one feed group, zone, tenant, pool or tier, each cell old → new. */
export interface BudgetRow {
  readonly name: string;
  readonly status: RowStatus;
  readonly cells: Readonly<Record<string, { readonly old: number | string | null; readonly new: number | string | null }>>;
}

export interface BudgetTable {
  readonly key: 'tiers' | 'feedGroups' | 'feeds' | 'zones' | 'pools' | 'tenants' | 'money' | 'economics';
  readonly title: string;
  /** Column keys in order, with their headings. */
  readonly columns: readonly { readonly key: string; readonly label: string; readonly unit?: string }[];
  readonly rows: readonly BudgetRow[];
}

export type RiskKind =
  | 'site-removed'
  | 'tenant-removed'
  | 'namespace-removed'
  | 'queue-removed'
  | 'quota-cut'
  | 'nodes-deprovisioned'
  | 'nodes-reassigned'
  | 'feed-capacity-reduced'
  | 'zone-capacity-reduced'
  | 'headroom-below-threshold'
  | 'new-warning';

export interface Risk {
  readonly kind: RiskKind;
  readonly site: string;
  /** One line a reviewer reads in the banner, with the numbers. */
  readonly message: string;
  /** Addresses or site-model names the risk is about. */
  readonly subjects: readonly string[];
}

export interface Assumption {
  readonly key: string;
  readonly text: string;
}

export interface SiteWarning {
  readonly rule: string;
  readonly message: string;
}

export interface SitePlan {
  readonly name: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly counts: Counts;
  readonly metrics: readonly Metric[];
  readonly budgets: readonly BudgetTable[];
  readonly warnings: { readonly added: readonly SiteWarning[]; readonly resolved: readonly SiteWarning[] };
  readonly risks: readonly Risk[];
  readonly changes: readonly ResourceChange[];
  /** Terraform and Pulumi files shown as "the same N objects" rather than as diffs. */
  readonly mirrors: readonly MirrorNote[];
  readonly assumptions: readonly Assumption[];
}

export interface HeadroomThreshold {
  /** Fraction of what a tier may count on (0.1 = 10 %), when given as a percentage. */
  readonly fraction?: number;
  /** Fixed megawatts, when given as MW. */
  readonly mw?: number;
}

export interface Plan {
  readonly apiVersion: 'rackshift.dev/v1alpha1';
  readonly kind: 'Plan';
  /** What BASE and HEAD were, as given (a folder or a git revision with its commit). */
  readonly base: string;
  readonly head: string;
  /** What the reader should know about the sides (uncommitted edits, the working tree). */
  readonly notes: readonly string[];
  readonly hasChanges: boolean;
  readonly counts: Counts;
  /** Headline numbers summed over all sites. */
  readonly metrics: readonly Metric[];
  readonly headroomThreshold: HeadroomThreshold;
  /** Every site in either side, sorted by name. */
  readonly sites: readonly SitePlan[];
}
