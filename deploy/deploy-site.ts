/**
 * Deploys one site's synthesized objects with server-side apply, in phases that never leave a
 * half-known state:
 *   1. resolve every object against discovery (all missing CRDs reported at once);
 *   2. list each kind whole where the site's objects live (what exists, and the prune
 *      candidates: the ApplySet inventory and the part-of label), then plan: an object that
 *      does not exist is created; one whose live copy still holds its applied configuration
 *      is unchanged; every other object gets a server-side dry run (all conflicts and
 *      rejections reported at once);
 *   3. refuse destructive prunes without --allow-destroy — before anything is written;
 *   4. record the union of old and new objects in the inventory, apply in dependency order,
 *      prune, then record the new set — so a run interrupted anywhere still prunes correctly
 *      next time.
 */
import { performance } from 'node:perf_hooks';
import { stableJson } from '../lib/json';
import {
  ANNOTATION,
  FIELD_MANAGER,
  LABEL,
  SYSTEM_NAMESPACE,
  inventoryOf,
  inventoryParent,
  isMember,
  mergeInventories,
  parentFor,
  readInventory,
  withMembership,
  type ApplySetParent,
  type Inventory,
} from './applyset';
import { crdInstallHint, guessCrdName } from './crd-hints';
import { destroyReason } from './destructive';
import { Discovery, objectPath, resourcePath, type ApiResource } from './discovery';
import { DeployError, InterruptedError } from './errors';
import { KubeApiError, formatSeconds, getOrUndefined, type ApiResponse, type KubeClient } from './kube-client';
import { describeRef, groupKind, groupOf, refKey, refOf, versionOf, type KubeObject, type ObjectRef } from './kube-object';
import type { SourcedObject } from './manifests';
import { mapLimit } from './map-limit';
import { applyRank, compareForApply } from './order';
import type { OutStream, Progress } from './progress';
import { hasReadiness, readiness } from './readiness';
import { sleep } from './retry';
import { observeLock, takeLock, type DeployLock, type LockOptions } from './lock';
import { droppedSharers, ownershipConflicts } from './ownership';
import { planPrunes } from './prune-safety';
import { appliesUnchanged, emptyLiveState, knownLive, listAll, liveKey, scopeKey, withAppliedHash, type LiveState } from './live-state';

export interface SiteDeployOptions {
  readonly site: string;
  readonly objects: readonly SourcedObject[];
  readonly client: KubeClient;
  readonly progress: Progress;
  /** Where the plan and the summary go (stdout). */
  readonly out: OutStream;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
  readonly allowDestroy?: boolean;
  readonly forceConflicts?: boolean;
  /** Namespace for namespaced objects that name none (the context's, as kubectl does). */
  readonly defaultNamespace?: string;
  readonly waitTimeoutMs?: number;
  readonly pollMs?: number;
  /** Requests in flight while planning and applying objects of the same rank. */
  readonly concurrency?: number;
  /** The cluster (kubeconfig context) these objects go to, for messages. */
  readonly cluster?: string;
  /** For a cluster's shared unit: the sites whose settings its objects hold. */
  readonly sharedSites?: readonly string[];
  /** The deploy lock: how long to wait for another holder (0: fail at once), and who this run is. */
  readonly lock?: Pick<LockOptions, 'timeoutMs' | 'holder' | 'leaseSeconds' | 'renewMs' | 'pollMs' | 'clock'>;
}

export type Action = 'create' | 'configure' | 'unchanged' | 'prune';

export interface PlanEntry {
  readonly action: Action;
  readonly ref: ObjectRef;
  /** Why a prune needs --allow-destroy, or which fields a forced apply takes over. */
  readonly note?: string;
}

export interface SiteDeployResult {
  readonly site: string;
  readonly plan: readonly PlanEntry[];
  readonly created: readonly ObjectRef[];
  readonly configured: readonly ObjectRef[];
  readonly unchanged: readonly ObjectRef[];
  readonly pruned: readonly ObjectRef[];
  readonly ms: { readonly total: number; readonly apply: number; readonly prune: number; readonly wait: number };
}

interface Desired {
  object: KubeObject;
  ref: ObjectRef;
  source: string;
  res: ApiResource;
  /** The CRD (in this same set) that must be established before this object can be applied. */
  crd?: string;
  live?: KubeObject;
  action?: Action;
  note?: string;
}

interface Candidate {
  ref: ObjectRef;
  res: ApiResource;
  live: KubeObject;
  reason?: string;
}

const CRD_RES: ApiResource = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false };

export async function deploySite(opts: SiteDeployOptions): Promise<SiteDeployResult> {
  const start = performance.now();
  const { client, site } = opts;
  const parent = parentFor(site);
  const discovery = new Discovery(client);

  const desired = await resolveObjects(opts, discovery, parent);
  const lockOpts: LockOptions = { client, site, ...(opts.cluster ? { cluster: opts.cluster } : {}), ...opts.lock };
  for (;;) {
    // Read (never write) the site's lock before planning: another run under way is named at once.
    // A dry run changes nothing, so it neither waits for nor takes the lock.
    const observed = opts.dryRun ? undefined : await observeLock(lockOpts);
    const r = await deployPlanned(opts, discovery, parent, desired, start, async () => {
      await ensureSystemNamespace(opts);
      return takeLock(lockOpts, observed);
    });
    if (r !== RACED) return r;
    opts.out.write(`${site}: another deploy of this site ran while this one planned; planning again\n`);
  }
}

const PARENT_RES: ApiResource = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
const RACED = Symbol('raced');

/**
 * Plans, then (when anything changes) takes the lock and applies. RACED when another run took
 * or released the lock between observing it and taking it: the plan may be stale.
 */
async function deployPlanned(
  opts: SiteDeployOptions,
  discovery: Discovery,
  parent: ApplySetParent,
  desired: Desired[],
  start: number,
  lockNow: () => Promise<DeployLock | undefined>,
): Promise<SiteDeployResult | typeof RACED> {
  const { client, progress, site } = opts;
  const concurrency = opts.concurrency ?? 8;
  for (const d of desired) {
    delete d.live;
    delete d.action;
    delete d.note;
  }
  const desiredKeys = new Set(desired.map((d) => refKey(d.ref)));
  const previousParent = await getOrUndefined(client, objectPath(PARENT_RES, parent.ref));
  const previous = readInventory(previousParent);
  const { candidates, live } = await readLive(client, discovery, parent, previous, desired, desiredKeys);

  await planObjects(opts, desired, live, concurrency);
  const foreign = ownershipConflicts(site, parent, desired, opts.sharedSites);
  if (foreign.length > 0) {
    throw new DeployError([
      `${site}: deploy stopped before changing anything: ${foreign.length} object${foreign.length === 1 ? ' is' : 's are'} owned by another site or ApplySet, and rackshift never takes one over:`,
      ...foreign,
      'give the object a name of its own in each site, or share it through one unit for the cluster (docs/deploy.md)',
    ]);
  }
  const dropped = opts.sharedSites && !opts.allowDestroy ? droppedSharers(desired, opts.sharedSites) : [];
  if (dropped.length > 0) {
    throw new DeployError([
      `${site}: deploy stopped before changing anything: the cluster's shared objects hold settings of sites this run leaves out:`,
      ...dropped,
      'deploy every site of the cluster together (rackshift deploy sites/), or rerun with --allow-destroy to drop those sites\' settings',
    ]);
  }
  const { direct, cascaded } = planPrunes(candidates, desired.map((d) => d.object));
  const plan: PlanEntry[] = [
    ...desired.map((d) => ({ action: d.action!, ref: d.ref, ...(d.note ? { note: d.note } : {}) })),
    ...candidates.map((c) => ({ action: 'prune' as const, ref: c.ref, ...(c.reason ? { note: `${c.reason}; needs --allow-destroy` } : {}) })),
  ];
  printPlan(opts, plan);
  // The CRDs' oldSelf rules, against the live objects just read (the dry run above checks the
  // rest). Loaded here: the CEL evaluator is needed by deploy only, not at every start-up.
  const { checkTransitions, transitionLine } = await import('./cel-transitions');
  const transitions = await checkTransitions(client, desired);
  const line = transitionLine(site, transitions);
  if (line) opts.out.write(`${line}\n`);
  if (transitions.problems.length > 0) throw new DeployError([`${site}: the CRDs' transition rules reject the update; nothing was changed:`, ...transitions.problems]);

  const destroys = candidates.filter((c) => c.reason);
  if (destroys.length > 0 && !opts.allowDestroy) {
    throw new DeployError([
      `${site}: deploy stopped before changing anything: pruning would destroy ${destroys.length} object${destroys.length === 1 ? '' : 's'}:`,
      ...destroys.map((c) => `  ${describeRef(c.ref)}: ${c.reason}`),
      'rerun with --allow-destroy to delete them, or keep them in the site file',
    ]);
  }
  const ms = { apply: 0, prune: 0, wait: 0 };
  const created: ObjectRef[] = [];
  const configured: ObjectRef[] = [];
  const unchanged: ObjectRef[] = [];
  const pruned: ObjectRef[] = [];
  const result = (): SiteDeployResult => ({ site, plan, created, configured, unchanged, pruned, ms: { ...ms, total: performance.now() - start } });
  if (opts.dryRun) {
    for (const d of desired) (d.action === 'create' ? created : d.action === 'configure' ? configured : unchanged).push(d.ref);
    pruned.push(...candidates.map((c) => c.ref));
    opts.out.write(`${site}: dry run (server-side), nothing changed: would create ${created.length}, configure ${configured.length}, prune ${pruned.length}; ${unchanged.length} unchanged\n`);
    return result();
  }

  // Record every object this run may leave behind before touching any, so an interrupted run
  // is still pruned correctly by the next one.
  const desiredInventory = inventoryOf(desired.map((d) => d.ref));
  const everything = mergeInventories(previous, desiredInventory);
  // A site with no objects and no history leaves no trace in the cluster (not even rackshift-system).
  const inventoryChanged = previousParent
    ? !sameInventory(previous, desiredInventory) || previousParent.metadata.annotations?.[ANNOTATION.state] !== 'applied'
    : desired.length > 0;
  const changes = inventoryChanged || candidates.length > 0 || desired.some((d) => d.action !== 'unchanged');
  const lock = changes ? await lockNow() : undefined;
  if (changes && !lock) return RACED;
  try {
    return await applyPlan();
  } finally {
    await lock?.release();
  }

  async function applyPlan(): Promise<SiteDeployResult> {
    if (inventoryChanged) await writeInventory(opts, parent, everything, 'applying');

    const applyStart = performance.now();
    const established = new Set<string>();
    const ranks = groupByRank(desired);
    let done = 0;
    for (const group of ranks) {
      for (const crd of new Set(group.flatMap((d) => (d.crd ? [d.crd] : [])))) {
        if (established.has(crd)) continue;
        ms.wait += await waitReady(opts, { apiVersion: CRD_RES.apiVersion, kind: CRD_RES.kind, name: crd }, CRD_RES);
        established.add(crd);
      }
      await mapLimit(group, concurrency, async (d) => {
        checkInterrupted(opts, done, desired.length, lock);
        if (d.action === 'unchanged') {
          // The dry run showed applying it changes nothing; server-side apply would be a no-op.
          done++;
          unchanged.push(d.ref);
          return;
        }
        progress.tick(done + 1, desired.length, `apply ${describeRef(d.ref)}`);
        const t0 = performance.now();
        const applied = await apply(opts, d, false).then(
          (r) => r.body,
          (err: unknown) => {
            throw applyFailure(opts, err, d, done, desired.length);
          },
        );
        done++;
        const outcome = d.live === undefined ? 'created' : applied.metadata.resourceVersion === d.live.metadata.resourceVersion ? 'unchanged' : 'configured';
        (outcome === 'created' ? created : outcome === 'configured' ? configured : unchanged).push(d.ref);
        if (outcome !== 'unchanged') progress.line(`${outcome} ${describeRef(d.ref)} (${Math.round(performance.now() - t0)} ms)`);
      });
    }
    ms.apply = performance.now() - applyStart;

    const pruneStart = performance.now();
    const byRank = [...direct].sort(compareForApply((c: Candidate) => ({ ref: c.ref, namespaced: c.res.namespaced }))).reverse();
    for (const c of byRank) {
      checkInterrupted(opts, done, desired.length, lock);
      progress.tick(pruned.length + 1, byRank.length, `prune ${describeRef(c.ref)}`);
      try {
        await client.request({ method: 'DELETE', path: objectPath(c.res, c.ref), query: { propagationPolicy: 'Background' } });
      } catch (err) {
        if (!(err instanceof KubeApiError && err.status === 404)) throw applyFailure(opts, err, { ref: c.ref, source: 'pruning' }, done, desired.length, 'delete');
      }
      pruned.push(c.ref);
      progress.line(`pruned ${describeRef(c.ref)}`);
      // What the namespace's deletion took with it.
      if (c.ref.kind === 'Namespace') pruned.push(...cascaded.filter((x) => x.ref.namespace === c.ref.name).map((x) => x.ref));
    }
    ms.prune = performance.now() - pruneStart;
    if (inventoryChanged || pruned.length > 0) await writeInventory(opts, parent, desiredInventory, 'applied');

    if (opts.wait) {
      for (const d of desired) {
        if (!hasReadiness(d.ref.kind) || (d.ref.kind === 'CustomResourceDefinition' && established.has(d.ref.name))) continue;
        ms.wait += await waitReady(opts, d.ref, d.res);
      }
    }
    progress.end();
    const r = result();
    opts.out.write(
      `${site}: ${created.length} created, ${configured.length} configured, ${unchanged.length} unchanged, ${pruned.length} pruned in ${formatSeconds(r.ms.total)} ` +
        `(apply ${formatSeconds(ms.apply)}, prune ${formatSeconds(ms.prune)}${opts.wait ? `, wait ${formatSeconds(ms.wait)}` : ''})\n`,
    );
    return r;
  }
}

/** Discovery for every object; a missing CRD (not installed and not in this set) is an error. */
async function resolveObjects(opts: SiteDeployOptions, discovery: Discovery, parent: ApplySetParent): Promise<Desired[]> {
  const crds = opts.objects.filter((s) => s.object.kind === 'CustomResourceDefinition' && groupOf(s.object.apiVersion) === 'apiextensions.k8s.io');
  const missing = new Map<string, { group: string; version: string; served?: string; uses: string[] }>();
  const desired: Desired[] = [];
  for (const s of opts.objects) {
    if (s.object.metadata.namespace === SYSTEM_NAMESPACE) {
      throw new DeployError([`${s.source}: ${describeRef(refOf(s.object))}: namespace ${SYSTEM_NAMESPACE} is reserved for rackshift's own inventory`]);
    }
    let res = await discovery.resolve(s.object);
    let crd: string | undefined;
    if (!res) {
      const fromSet = crds.find((c) => crdServes(c.object, s.object));
      if (fromSet) {
        const spec = fromSet.object.spec as CrdSpec;
        res = { apiVersion: s.object.apiVersion, kind: s.object.kind, plural: spec.names.plural, namespaced: spec.scope === 'Namespaced' };
        crd = fromSet.object.metadata.name;
      } else {
        const group = groupOf(s.object.apiVersion);
        const name = guessCrdName(group, s.object.kind);
        const served = group ? await discovery.resolveGroupKind(group, s.object.kind) : undefined;
        const entry = missing.get(name) ?? { group, version: versionOf(s.object.apiVersion), served: served?.apiVersion, uses: [] };
        entry.uses.push(`${s.source}: ${describeRef(refOf(s.object))}`);
        missing.set(name, entry);
        continue;
      }
    }
    const md = { ...s.object.metadata };
    if (res.namespaced && !md.namespace) md.namespace = opts.defaultNamespace ?? 'default';
    if (!res.namespaced) delete md.namespace;
    const object = withAppliedHash(withMembership({ ...s.object, metadata: md }, opts.site, parent));
    desired.push({ object, ref: refOf(object), source: s.source, res, ...(crd ? { crd } : {}) });
  }
  if (missing.size > 0) {
    throw new DeployError(
      [...missing].map(([name, m]) => {
        const n = m.uses.length;
        const what = m.group
          ? m.served
            ? `CRD ${name} is installed but does not serve ${m.group}/${m.version} (it serves ${m.served}); upgrade it: ${crdInstallHint(m.group)}`
            : `CRD ${name} (${m.group}/${m.version}) is not installed in the cluster; ${crdInstallHint(m.group)}`
          : `the cluster does not serve ${m.version} kind ${name.split('.')[0]}`;
        return `${what} — needed by ${n} object${n === 1 ? '' : 's'}: ${m.uses.slice(0, 3).join(', ')}${n > 3 ? `, and ${n - 3} more` : ''}`;
      }),
    );
  }
  await checkNamespaces(opts, desired);
  return desired.sort(compareForApply((d: Desired) => ({ ref: d.ref, namespaced: d.res.namespaced })));
}

/** Namespaces the objects live in that neither exist nor are created by the set: one line each. */
async function checkNamespaces(opts: SiteDeployOptions, desired: Desired[]): Promise<void> {
  const created = new Set(desired.filter((d) => d.ref.kind === 'Namespace' && !d.res.namespaced).map((d) => d.ref.name));
  const users = new Map<string, Desired[]>();
  for (const d of desired) if (d.ref.namespace && !created.has(d.ref.namespace)) users.set(d.ref.namespace, [...(users.get(d.ref.namespace) ?? []), d]);
  const problems: string[] = [];
  for (const [ns, list] of [...users].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (await getOrUndefined(opts.client, `/api/v1/namespaces/${encodeURIComponent(ns)}`)) continue;
    const n = list.length;
    const first = list[0]!;
    problems.push(`namespace ${ns} does not exist and the site does not create it — needed by ${n} object${n === 1 ? '' : 's'} (${first.source}: ${describeRef(first.ref)}${n > 1 ? ', …' : ''}); create it, or install the operator that owns it`);
  }
  if (problems.length > 0) throw new DeployError(problems.map((p) => `${opts.site}: ${p}`));
}

interface CrdSpec {
  group: string;
  scope: string;
  names: { kind: string; plural: string };
  versions?: { name: string; served?: boolean }[];
}

function crdServes(crd: KubeObject, o: KubeObject): boolean {
  const spec = crd.spec as CrdSpec | undefined;
  return !!spec && spec.group === groupOf(o.apiVersion) && spec.names?.kind === o.kind && (spec.versions ?? []).some((v) => v.name === versionOf(o.apiVersion) && v.served !== false);
}

/**
 * What the cluster has, from whole listings, and the objects this site applied before and no
 * longer synthesizes: those in the inventory, and those carrying this ApplySet's part-of label
 * (found even if an earlier inventory was lost). Each kind is listed whole in each namespace
 * where the site has objects of it, with the label selector elsewhere; namespaces a whole
 * listing of Namespaces shows absent are not listed at all. Only live objects that carry the
 * label are prune candidates, so nothing rackshift did not apply is ever deleted.
 */
async function readLive(client: KubeClient, discovery: Discovery, parent: ApplySetParent, previous: Inventory, desired: Desired[], desiredKeys: Set<string>): Promise<{ candidates: Candidate[]; live: LiveState }> {
  const found = new Map<string, Candidate>();
  const live = emptyLiveState();
  const consider = (item: KubeObject, res: ApiResource, whole: boolean) => {
    const obj: KubeObject = { ...item, apiVersion: res.apiVersion, kind: res.kind };
    const ref = refOf(obj);
    const key = refKey(ref);
    if (whole) live.objects.set(liveKey(ref), obj);
    if (desiredKeys.has(key) || found.has(key) || !isMember(obj, parent)) return;
    if (obj.metadata.deletionTimestamp) return; // already being deleted
    found.set(key, { ref, res, live: obj, reason: destroyReason(obj) });
  };
  for (const ref of previous.objects) {
    if (desiredKeys.has(refKey(ref))) continue;
    const res = (await discovery.resolve(ref)) ?? (await discovery.resolveGroupKind(groupOf(ref.apiVersion), ref.kind));
    if (!res) continue; // its API is gone, and the objects with it
    const item = await getOrUndefined(client, objectPath(res, ref));
    if (item) consider(item, res, false);
  }
  // Per group-kind: the resources (versions) the desired objects use, and the namespaces each is used in.
  // A kind whose CRD comes in this same set is not served yet: none of its objects exist.
  type Used = { res: ApiResource; namespaces: Set<string | undefined>; served: boolean };
  const wanted = new Map<string, Map<string, Used>>();
  for (const d of desired) {
    const gk = groupKind(d.ref);
    const versions = wanted.get(gk) ?? new Map<string, Used>();
    wanted.set(gk, versions);
    const v = versions.get(d.res.apiVersion) ?? { res: d.res, namespaces: new Set<string | undefined>(), served: !d.crd };
    versions.set(d.res.apiVersion, v);
    v.namespaces.add(d.ref.namespace);
  }
  const current = inventoryOf(desired.map((d) => d.ref));
  const namespaces = [...new Set([...previous.namespaces, ...current.namespaces])].sort();
  const selector = `${LABEL.partOf}=${parent.id}`;
  // Namespaces first: their whole listing says which namespaces hold nothing yet.
  const gks = [...new Set([...previous.groupKinds, ...current.groupKinds])].sort((a, b) => (a === 'Namespace' ? -1 : b === 'Namespace' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  let existing: Set<string> | undefined;
  for (const gk of gks) {
    const used = [...(wanted.get(gk)?.values() ?? [])];
    for (const v of used) if (!v.served) for (const ns of v.namespaces) live.scopes.add(scopeKey(v.res.apiVersion, v.res.kind, ns));
    const versions = used.filter((v) => v.served);
    const dot = gk.indexOf('.');
    const res = versions[0]?.res ?? (await discovery.resolveGroupKind(dot < 0 ? '' : gk.slice(dot + 1), dot < 0 ? gk : gk.slice(0, dot)));
    if (!res) continue;
    for (const ns of res.namespaced ? namespaces : [undefined]) {
      const whole = versions.filter((v) => v.namespaces.has(ns));
      if (ns !== undefined && existing && !existing.has(ns)) {
        for (const v of whole) live.scopes.add(scopeKey(v.res.apiVersion, v.res.kind, ns));
        continue;
      }
      if (whole.length === 0) {
        for (const item of await listAll(client, resourcePath(res, ns), { labelSelector: selector })) consider(item, res, false);
        continue;
      }
      for (const v of whole) {
        for (const item of await listAll(client, resourcePath(v.res, ns))) consider(item, v.res, true);
        live.scopes.add(scopeKey(v.res.apiVersion, v.res.kind, ns));
      }
    }
    if (gk === 'Namespace' && live.scopes.has(scopeKey('v1', 'Namespace', undefined))) {
      existing = new Set([...live.objects.values()].filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata.name));
    }
  }
  return { candidates: [...found.values()], live };
}

/**
 * Plans each object: one a whole listing shows absent is created (no request; a dry run only
 * when the user asked for one); one whose live copy holds its applied configuration is
 * unchanged (no request); the rest get a server-side dry run, which finds every conflict and
 * rejection, and is compared with the live object (a GET only for objects no listing covered).
 */
async function planObjects(opts: SiteDeployOptions, desired: Desired[], state: LiveState, concurrency: number): Promise<void> {
  const problems: string[] = [];
  const newNamespaces = new Set<string>();
  const canDryRun = (d: Desired) => !d.crd && !(d.ref.namespace && newNamespaces.has(d.ref.namespace));
  // Namespaces first (sequentially ordered ahead): objects in a namespace not yet created cannot be dry-run.
  for (const group of groupByRank(desired)) {
    await mapLimit(group, concurrency, async (d) => {
      opts.progress.tick(0, desired.length, `plan ${describeRef(d.ref)}`);
      const known = knownLive(state, d.ref);
      const live = known === undefined && !opts.dryRun ? await getOrUndefined(opts.client, objectPath(d.res, d.ref)) : (known ?? undefined);
      const absent = known === null || (known === undefined && !opts.dryRun && !live);
      if (live && appliesUnchanged(live, d.object)) {
        d.live = live;
        d.action = 'unchanged';
        return;
      }
      if ((absent && !opts.dryRun) || !canDryRun(d)) {
        if (live) d.live = live;
        d.action = live ? 'configure' : 'create';
        if (!live && d.ref.kind === 'Namespace') newNamespaces.add(d.ref.name);
        return;
      }
      try {
        const after = await dryRunWithConflicts(opts, d);
        if (after.status === 201) {
          d.action = 'create';
          if (d.ref.kind === 'Namespace') newNamespaces.add(d.ref.name);
          return;
        }
        d.live = live ?? (await getOrUndefined(opts.client, objectPath(d.res, d.ref)));
        d.action = !d.live ? 'create' : sameObject(d.live, after.body) ? 'unchanged' : 'configure';
        if (d.action === 'create' && d.ref.kind === 'Namespace') newNamespaces.add(d.ref.name);
      } catch (err) {
        if (err instanceof KubeApiError) problems.push(...describeApiError(d, err));
        else throw err;
      }
    });
  }
  if (problems.length > 0) throw new DeployError([`${opts.site}: the API server rejected the plan; nothing was changed:`, ...problems]);
}

async function dryRunWithConflicts(opts: SiteDeployOptions, d: Desired): Promise<ApiResponse<KubeObject>> {
  try {
    return await apply(opts, d, true, false);
  } catch (err) {
    if (!(opts.forceConflicts && err instanceof KubeApiError && err.status === 409)) throw err;
    d.note = `takes over ${err.causes.map((c) => `${c.field} from ${managerOf(c.message)}`).join(', ')}`;
    return apply(opts, d, true, true);
  }
}

function apply(opts: SiteDeployOptions, d: Desired, dryRun: boolean, force = !!opts.forceConflicts): Promise<ApiResponse<KubeObject>> {
  return opts.client.request<KubeObject>({
    method: 'PATCH',
    path: objectPath(d.res, d.ref),
    query: { fieldManager: FIELD_MANAGER, force: force ? 'true' : undefined, dryRun: dryRun ? 'All' : undefined },
    body: d.object,
    contentType: 'application/apply-patch+yaml',
  });
}

/** rackshift-system holds the inventories and the deploy locks. */
async function ensureSystemNamespace(opts: SiteDeployOptions): Promise<void> {
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYSTEM_NAMESPACE, labels: { [LABEL.managedBy]: 'rackshift' } } };
  await writeOwn(opts, ns, { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false });
}

async function writeInventory(opts: SiteDeployOptions, parent: ApplySetParent, inv: Inventory, state: 'applying' | 'applied'): Promise<void> {
  await writeOwn(opts, inventoryParent(opts.site, parent, inv, state), PARENT_RES);
}

/** Writes rackshift's own bookkeeping (its namespace, an inventory), taking it back if someone edited it. */
async function writeOwn(opts: SiteDeployOptions, o: KubeObject, res: ApiResource): Promise<void> {
  try {
    await opts.client.request({ method: 'PATCH', path: objectPath(res, refOf(o)), query: { fieldManager: FIELD_MANAGER, force: 'true' }, body: o, contentType: 'application/apply-patch+yaml' });
  } catch (err) {
    if (opts.client.signal?.aborted) throw new InterruptedError([`${opts.site}: interrupted before anything was applied; run rackshift deploy again`]);
    const why = err instanceof KubeApiError ? `${err.status} ${err.reason}: ${err.apiMessage}` : (err as Error).message;
    throw new DeployError([`${opts.site}: cannot write ${describeRef(refOf(o))}: ${why}`]);
  }
}

/** Polls an object until its kind's readiness holds; returns the time waited. */
async function waitReady(opts: SiteDeployOptions, ref: ObjectRef, res: ApiResource): Promise<number> {
  const t0 = performance.now();
  const timeout = opts.waitTimeoutMs ?? 300_000;
  let detail = 'to exist';
  for (;;) {
    const live = await getOrUndefined(opts.client, objectPath(res, ref));
    if (live) {
      const r = readiness(live);
      detail = r.detail;
      if (r.ready) {
        const waited = performance.now() - t0;
        opts.progress.line(`ready ${describeRef(ref)}: ${r.detail.split(' ')[0]} (${formatSeconds(waited)})`);
        return waited;
      }
    }
    const elapsed = performance.now() - t0;
    if (elapsed >= timeout) {
      throw new DeployError([`${opts.site}: timed out after ${formatSeconds(timeout)} waiting for ${describeRef(ref)} to be ${detail}`]);
    }
    opts.progress.tick(Math.round(elapsed / 1000), Math.round(timeout / 1000), `wait ${describeRef(ref)}: ${detail}`);
    await sleep(Math.min(opts.pollMs ?? 1000, timeout - elapsed), opts.client.signal).catch(() => checkInterrupted(opts, 0, 0));
  }
}

function groupByRank(desired: Desired[]): Desired[][] {
  const groups: Desired[][] = [];
  let last = -1;
  for (const d of desired) {
    const rank = applyRank(d.ref, d.res.namespaced);
    if (rank !== last) groups.push([]);
    groups[groups.length - 1]!.push(d);
    last = rank;
  }
  return groups;
}

/** Equal apart from bookkeeping the server changes on every write. */
function sameObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { managedFields: _m, resourceVersion: _r, generation: _g, ...md } = o.metadata;
    return { ...o, metadata: md };
  };
  return stableJson(strip(a)) === stableJson(strip(b));
}

/** Plans longer than this are summarised per action and kind (`rackshift plan` gives the full review). */
const PLAN_LINES = 25;

function printPlan(opts: SiteDeployOptions, plan: PlanEntry[]): void {
  const sign: Record<Action, string> = { create: '+', configure: '~', prune: '-', unchanged: '=' };
  const changes = plan.filter((p) => p.action !== 'unchanged');
  const unchanged = plan.length - changes.length;
  opts.progress.end();
  const lines = [`${opts.site}: plan${opts.dryRun ? ' (dry run)' : ''}: ${count(plan, 'create')} to create, ${count(plan, 'configure')} to configure, ${count(plan, 'prune')} to prune, ${unchanged} unchanged`];
  const line = (p: PlanEntry) => `  ${sign[p.action]} ${p.action.padEnd(9)} ${describeRef(p.ref)}${p.note ? `  (${p.note})` : ''}`;
  if (changes.length <= PLAN_LINES) {
    lines.push(...changes.map(line));
  } else {
    // Anything with a note (a destroy, a takeover) is always shown on its own line.
    const groups = new Map<string, PlanEntry[]>();
    for (const p of changes.filter((c) => !c.note)) {
      const k = `${p.action} ${p.ref.kind}`;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    for (const [, g] of groups) {
      const first = g[0]!;
      const names = g.map((p) => (p.ref.namespace ? `${p.ref.namespace}/${p.ref.name}` : p.ref.name));
      lines.push(`  ${sign[first.action]} ${first.action.padEnd(9)} ${g.length} ${first.ref.kind}: ${names.slice(0, 3).join(', ')}${g.length > 3 ? `, … ${names[names.length - 1]}` : ''}`);
    }
    lines.push(...changes.filter((c) => c.note).map(line));
  }
  opts.out.write(`${lines.join('\n')}\n`);
}

function count(plan: PlanEntry[], a: Action): number {
  return plan.filter((p) => p.action === a).length;
}

function describeApiError(d: Desired, err: KubeApiError): string[] {
  const what = `  ${d.source}: ${describeRef(d.ref)}`;
  if (err.status === 409 && err.causes.length > 0) {
    return [
      `${what}: ${err.causes.length} field${err.causes.length === 1 ? '' : 's'} owned by another manager (rerun with --force-conflicts to take ownership):`,
      ...err.causes.map((c) => `    ${c.field ?? '?'}: ${c.message ?? 'conflict'}`),
    ];
  }
  return [`${what}: ${err.status} ${err.reason}: ${err.apiMessage}`];
}

function managerOf(message: string | undefined): string {
  return /conflict with "([^"]+)"/.exec(message ?? '')?.[1] ?? 'another manager';
}

function checkInterrupted(opts: SiteDeployOptions, done: number, total: number, lock?: DeployLock): void {
  lock?.assertHeld();
  if (opts.client.signal?.aborted) {
    throw new InterruptedError([`${opts.site}: interrupted after ${done} of ${total} objects; run rackshift deploy again to finish (the inventory keeps pruning correct)`]);
  }
}

function applyFailure(opts: SiteDeployOptions, err: unknown, d: { ref: ObjectRef; source: string }, done: number, total: number, verb = 'apply'): Error {
  checkInterrupted(opts, done, total);
  const why = err instanceof KubeApiError ? `${err.status} ${err.reason}: ${err.apiMessage}${err.causes.length ? ` (${err.causes.map((c) => c.field).filter(Boolean).join(', ')})` : ''}` : (err as Error).message;
  return new DeployError([
    `${opts.site}: ${verb} ${describeRef(d.ref)} (${d.source}) failed: ${why}`,
    `${done} of ${total} objects applied; fix the cause and run rackshift deploy again (server-side apply picks up where this stopped)`,
  ]);
}

function sameInventory(a: Inventory, b: Inventory): boolean {
  const keys = (i: Inventory) => i.objects.map((r) => `${r.apiVersion} ${refKey(r)}`).sort().join('\n');
  return keys(a) === keys(b) && [...a.groupKinds].sort().join() === [...b.groupKinds].sort().join() && [...a.namespaces].sort().join() === [...b.namespaces].sort().join();
}

