/**
 * `rackshift dispatch --apply`: carries out one interval's actions. Reductions go first (miners
 * stopped, interruptible queues held), increases only when every reduction succeeded, so a
 * failure never leaves the site drawing more than the plan allows. It is idempotent: what is
 * already as planned is read and left alone. Firm tenants' queues are never in the actions.
 */
import type { KubeClient } from '../deploy/kube-client';
import { DISPATCH_FIELD_MANAGER, type IntervalActions, type StopPolicy } from './actions';
import { ascDevices, cgminerRequest, MinerError } from './cgminer';
import type { MinerHost } from './miners-file';

export interface ApplyDeps {
  readonly kube?: KubeClient;
  readonly miners: readonly MinerHost[];
  /** Miners per fleet in the site model: the file may list fewer; targets scale to what it lists. */
  readonly fleetUnits: Readonly<Record<string, number>>;
  readonly log: (line: string) => void;
  readonly timeoutMs?: number;
}

export interface ApplyOutcome {
  readonly ok: boolean;
  readonly commands: number;
  readonly failures: readonly string[];
}

type Step = { readonly kind: 'reduce' | 'increase'; readonly what: string; run(): Promise<void> };

const cqPath = (name: string) => `/apis/kueue.x-k8s.io/v1beta2/clusterqueues/${encodeURIComponent(name)}`;

export async function applyActions(a: IntervalActions, deps: ApplyDeps): Promise<ApplyOutcome> {
  const steps: Step[] = [];
  const failures: string[] = [];
  let commands = 0;

  // Kueue: read each interruptible queue's stopPolicy; change only what differs.
  if (a.kueue.length > 0 && !deps.kube) throw new Error('the site has interruptible tenants: --apply needs a cluster (kubeconfig/--context)');
  for (const k of a.kueue) {
    const res = await deps.kube!.request<{ spec?: { stopPolicy?: StopPolicy } }>({ method: 'GET', path: cqPath(k.clusterQueue) });
    const now = res.body.spec?.stopPolicy ?? 'None';
    if (now === k.stopPolicy) {
      deps.log(`kueue: ClusterQueue ${k.clusterQueue} already stopPolicy ${k.stopPolicy}`);
      continue;
    }
    steps.push({
      kind: k.stopPolicy === 'None' ? 'increase' : 'reduce',
      what: `ClusterQueue ${k.clusterQueue} stopPolicy ${now} → ${k.stopPolicy}`,
      run: async () => {
        await deps.kube!.request({
          method: 'PATCH',
          path: cqPath(k.clusterQueue),
          query: { fieldManager: DISPATCH_FIELD_MANAGER, force: 'true' },
          contentType: 'application/apply-patch+yaml',
          body: { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: k.clusterQueue }, spec: { stopPolicy: k.stopPolicy } },
        });
      },
    });
  }

  // Miners: read every listed miner's ASCs, then choose which run — those running already first.
  for (const target of a.miners) {
    const hosts = deps.miners.filter((m) => m.fleet === target.fleet).sort((x, y) => x.host.localeCompare(y.host) || x.port - y.port);
    if (hosts.length === 0) continue;
    const total = deps.fleetUnits[target.fleet] ?? hosts.length;
    const want = Math.min(hosts.length, Math.floor((target.minersRunning * hosts.length) / total + 1e-9));
    if (hosts.length !== total) deps.log(`miners: ${target.fleet} lists ${hosts.length} of ${total} miners; ${want} of them run (${target.minersRunning} of ${total} planned, scaled)`);
    const state: { host: MinerHost; ascs: { asc: number; enabled: boolean }[] }[] = [];
    for (const host of hosts) {
      try {
        const reply = await cgminerRequest(host.host, host.port, 'devs', undefined, deps.timeoutMs);
        commands++;
        state.push({ host, ascs: ascDevices(reply) });
      } catch (err) {
        failures.push((err as Error).message);
        deps.log(`miners: ${(err as Error).message}`);
      }
    }
    if (state.length < hosts.length) continue; // a fleet whose state is unknown is not changed
    const running = state.filter((s) => s.ascs.length > 0 && s.ascs.every((x) => x.enabled));
    const stopped = state.filter((s) => !running.includes(s));
    const toStop = running.length > want ? running.slice(want) : [];
    const toStart = running.length < want ? stopped.slice(0, want - running.length) : [];
    // A miner that is neither fully running nor to be started is stopped in full.
    const partial = stopped.filter((s) => !toStart.includes(s) && s.ascs.some((x) => x.enabled));
    for (const s of [...toStop, ...partial]) {
      for (const x of s.ascs.filter((x) => x.enabled)) steps.push(minerStep('reduce', s.host, 'ascdisable', x.asc, () => commands++, deps.timeoutMs));
    }
    for (const s of toStart) {
      for (const x of s.ascs.filter((x) => !x.enabled)) steps.push(minerStep('increase', s.host, 'ascenable', x.asc, () => commands++, deps.timeoutMs));
    }
  }

  for (const kind of ['reduce', 'increase'] as const) {
    if (kind === 'increase' && failures.length > 0) {
      const skipped = steps.filter((s) => s.kind === 'increase');
      if (skipped.length > 0) deps.log(`skipped ${skipped.length} increase(s): a reduction or a read failed, so nothing is raised`);
      break;
    }
    for (const s of steps.filter((x) => x.kind === kind)) {
      try {
        await s.run();
        deps.log(`${kind}: ${s.what}: done`);
      } catch (err) {
        failures.push(`${s.what}: ${(err as Error).message}`);
        deps.log(`${kind}: ${s.what}: FAILED ${(err as Error).message}`);
      }
    }
  }
  return { ok: failures.length === 0, commands, failures };
}

function minerStep(kind: 'reduce' | 'increase', host: MinerHost, command: 'ascenable' | 'ascdisable', asc: number, count: () => void, timeoutMs?: number): Step {
  return {
    kind,
    what: `miner ${host.host}:${host.port} (${host.fleet}) ${command}|${asc}`,
    run: async () => {
      count();
      const reply = await cgminerRequest(host.host, host.port, command, String(asc), timeoutMs);
      if (reply.STATUS[0]!.STATUS === 'W') throw new MinerError(`W ${reply.STATUS[0]!.Msg ?? ''}`.trim());
    },
  };
}
