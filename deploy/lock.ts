/**
 * One deploy at a time per site and cluster: a coordination.k8s.io Lease in rackshift-system
 * (the object Kubernetes' own leader election uses), holding who runs, since when, and until
 * when unless renewed. Two deploys of one site that interleaved would each prune what the
 * other just applied and silently roll a change back.
 *
 * The lease is read before planning and taken, after planning, by compare-and-swap on the
 * API server: create (409 AlreadyExists if another run was first) or replace at the
 * resourceVersion read (409 Conflict if any run took or released it meanwhile — the plan may
 * be stale, so deploy plans again). A run with nothing to change never writes it. A holder
 * that died stops renewing; its lease expires and the next run takes it over.
 */
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { LABEL, SYSTEM_NAMESPACE } from './applyset';
import { DeployError } from './errors';
import { KubeApiError, getOrUndefined, type KubeClient } from './kube-client';
import { SYSTEM_CLOCK, type Clock } from './retry';

export const LEASE_PATH = `/apis/coordination.k8s.io/v1/namespaces/${SYSTEM_NAMESPACE}/leases`;
/** Long enough to outlast a slow request between renewals, short enough that a dead holder's lock is not in the way for long. */
export const DEFAULT_LEASE_SECONDS = 60;

export interface LockOptions {
  readonly client: KubeClient;
  readonly site: string;
  /** The cluster (kubeconfig context) the lock is for, for messages. */
  readonly cluster?: string;
  /** Who this run is, as the lease records it (default: user@host pid N run XXXXXXXX). */
  readonly holder?: string;
  readonly leaseSeconds?: number;
  /** How long to wait for another holder to finish; 0 fails at once. */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly clock?: Clock;
  /** Renewal period; default a third of the lease. */
  readonly renewMs?: number;
}

export interface LeaseObject {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string> };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

export function leaseName(site: string): string {
  return `rackshift-deploy-${site}`;
}

export function defaultHolder(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host and pid still tell runs apart.
  }
  return `${user}@${hostname()} pid ${process.pid} run ${randomBytes(4).toString('hex')}`;
}

/** Lease times are MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class DeployLock {
  private lease: LeaseObject;
  private timer?: NodeJS.Timeout;
  private lostReason?: string;
  private renewing?: Promise<void>;

  constructor(
    private readonly opts: LockOptions,
    lease: LeaseObject,
  ) {
    this.lease = lease;
    const every = opts.renewMs ?? ((opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000) / 3;
    // Real time on purpose: renewal must happen while the run waits on the network.
    this.timer = setInterval(() => {
      this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    }, every);
    this.timer.unref();
  }

  get holder(): string {
    return this.lease.spec.holderIdentity ?? '';
  }

  /** Throws if another run took the lock over (this run stopped renewing in time). */
  assertHeld(): void {
    if (this.lostReason) throw new DeployError([`${this.opts.site}: ${this.lostReason}; stopped before the next change — run rackshift deploy again`]);
  }

  async renew(): Promise<void> {
    if (this.lostReason) return;
    const clock = this.opts.clock ?? SYSTEM_CLOCK;
    const next: LeaseObject = { ...this.lease, spec: { ...this.lease.spec, renewTime: microTime(clock.now()) } };
    try {
      const r = await this.opts.client.request<LeaseObject>({ method: 'PUT', path: `${LEASE_PATH}/${this.lease.metadata.name}`, body: next });
      this.lease = r.body;
    } catch (err) {
      if (err instanceof KubeApiError && (err.status === 409 || err.status === 404)) {
        this.lostReason = `the deploy lock ${SYSTEM_NAMESPACE}/${this.lease.metadata.name} was taken over by another run`;
      }
      // Anything else (the API server away): try again at the next tick; the lease outlasts a few.
    }
  }

  /**
   * Gives the lock back: the lease stays, with no holder, so its resourceVersion keeps
   * counting runs (the next run plans against it and takes it only if no run came between).
   */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    if (this.lostReason) return;
    const { holderIdentity: _h, ...spec } = this.lease.spec;
    try {
      await this.opts.client.detached().request({ method: 'PUT', path: `${LEASE_PATH}/${this.lease.metadata.name}`, body: { ...this.lease, spec } });
    } catch {
      // Taken over or the API server away: an unreleased lease simply expires.
    }
  }
}

/**
 * Reads the site's lease before planning, without writing. While another run holds it, waits
 * up to timeoutMs (0: fails at once naming the holder). Returns the free (or expired) lease,
 * or undefined when the site has none yet: what takeLock swaps from.
 */
export async function observeLock(opts: LockOptions): Promise<LeaseObject | undefined> {
  const clock = opts.clock ?? SYSTEM_CLOCK;
  const name = leaseName(opts.site);
  const started = clock.now();
  for (;;) {
    const live = await getOrUndefined<LeaseObject>(opts.client, `${LEASE_PATH}/${name}`);
    const held = live && heldBy(live, clock.now());
    if (!held) return live;
    const waited = clock.now() - started;
    const timeout = opts.timeoutMs ?? 0;
    if (waited >= timeout) throw new DeployError([lockedLine(opts, name, held, timeout)]);
    await clock.sleep(Math.min(opts.pollMs ?? 1000, timeout - waited), opts.client.signal);
  }
}

/**
 * Takes the lock by swapping the lease observed before planning for one naming this run:
 * create when there was none, else replace at the observed resourceVersion. Undefined when
 * another run took or released it in between (409): the plan may be stale, plan again.
 */
export async function takeLock(opts: LockOptions, observed: LeaseObject | undefined): Promise<DeployLock | undefined> {
  const clock = opts.clock ?? SYSTEM_CLOCK;
  const now = clock.now();
  const name = leaseName(opts.site);
  const lease: LeaseObject = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: SYSTEM_NAMESPACE,
      ...(observed?.metadata.resourceVersion ? { resourceVersion: observed.metadata.resourceVersion } : {}),
      labels: { [LABEL.managedBy]: 'rackshift', [LABEL.site]: opts.site },
    },
    spec: {
      holderIdentity: opts.holder ?? defaultHolder(),
      leaseDurationSeconds: opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (observed?.spec.leaseTransitions ?? -1) + 1,
    },
  };
  try {
    const r = observed
      ? await opts.client.request<LeaseObject>({ method: 'PUT', path: `${LEASE_PATH}/${name}`, body: lease })
      : await opts.client.request<LeaseObject>({ method: 'POST', path: LEASE_PATH, body: lease });
    return new DeployLock(opts, r.body);
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 409) return undefined;
    throw err;
  }
}

interface Held {
  holder: string;
  since?: string;
  expires: string;
}

function heldBy(lease: LeaseObject, now: number): Held | undefined {
  const { holderIdentity, renewTime, acquireTime, leaseDurationSeconds } = lease.spec;
  if (!holderIdentity) return undefined;
  const renewed = Date.parse(renewTime ?? acquireTime ?? '');
  const expiresAt = renewed + (leaseDurationSeconds ?? DEFAULT_LEASE_SECONDS) * 1000;
  if (!Number.isFinite(expiresAt) || expiresAt <= now) return undefined; // stale: its holder stopped renewing
  return { holder: holderIdentity, since: acquireTime, expires: new Date(expiresAt).toISOString() };
}

function lockedLine(opts: LockOptions, name: string, held: Held, timeoutMs: number): string {
  const where = opts.cluster ? ` in cluster ${opts.cluster}` : '';
  const waited = timeoutMs > 0 ? ` after waiting ${Math.round(timeoutMs / 1000)}s` : '';
  return (
    `${opts.site}: another deploy of this site${where} holds the lock (Lease ${SYSTEM_NAMESPACE}/${name})${waited}: ` +
    `holder ${JSON.stringify(held.holder.slice(0, 200))}${held.since ? `, since ${held.since}` : ''}, expires ${held.expires} unless renewed; ` +
    'wait for it with --lock-timeout 10m, or rerun when it has finished'
  );
}
