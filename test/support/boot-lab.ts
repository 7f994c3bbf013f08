/**
 * A throw-away provisioning network for the PXE boot test: one network namespace the test
 * creates (`ip netns add`), a bridge inside it named after the site's provisioning interface
 * and carrying the boot server's address, and a tap per VM. Every daemon and VM runs inside the
 * namespace (`ip netns exec`, which execs, so the child's pid is the daemon's own); close() stops
 * each one by that pid and deletes the namespace, whatever happened before. Nothing here touches
 * the host's interfaces, routes or firewall.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** stdout and stderr of the process, appended as it runs. */
  readonly log: string;
}

function ip(args: readonly string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim() || `exit ${r.status}`}`);
}

export class BootLab {
  private readonly processes: LabProcess[] = [];
  private taps = 0;
  private created = false;

  /** `ns` must be unique on the machine (the test adds its pid); `dir` holds the logs. */
  constructor(
    readonly ns: string,
    readonly bridge: string,
    readonly dir: string,
  ) {}

  /** Creates the namespace and the bridge with the server's address (e.g. 10.11.0.2/24) on it. */
  up(serverCidr: string): void {
    ip(['netns', 'add', this.ns]);
    this.created = true;
    ip(['-n', this.ns, 'link', 'set', 'lo', 'up']);
    ip(['-n', this.ns, 'link', 'add', this.bridge, 'type', 'bridge']);
    ip(['-n', this.ns, 'link', 'set', this.bridge, 'up']);
    ip(['-n', this.ns, 'addr', 'add', serverCidr, 'dev', this.bridge]);
  }

  /** Another address on the bridge (e.g. an IPv6 prefix the lab announces). */
  addAddress(cidr: string): void {
    ip(['-n', this.ns, 'addr', 'add', cidr, 'dev', this.bridge]);
  }

  /** A tap on the bridge for one VM; returns its name (only meaningful inside the namespace). */
  addTap(): string {
    const tap = `rstap${this.taps++}`;
    ip(['-n', this.ns, 'tuntap', 'add', 'dev', tap, 'mode', 'tap']);
    ip(['-n', this.ns, 'link', 'set', tap, 'master', this.bridge]);
    ip(['-n', this.ns, 'link', 'set', tap, 'up']);
    return tap;
  }

  /**
   * Starts `cmd args` inside the namespace, output to `<dir>/<name>.log`. `nice` lowers its CPU
   * priority (nice execs too, so the pid is still the program's own).
   */
  start(name: string, cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, nice?: number): LabProcess {
    const log = join(this.dir, `${name}.log`);
    const fd = openSync(log, 'a');
    const command = nice === undefined ? [cmd, ...args] : ['nice', '-n', String(nice), cmd, ...args];
    const child = spawn('ip', ['netns', 'exec', this.ns, ...command], { stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
    closeSync(fd);
    const p = { name, child, log };
    this.processes.push(p);
    return p;
  }

  /** Stops one process by its pid (TERM, then KILL after a second). */
  async stop(p: LabProcess): Promise<void> {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
    p.child.kill('SIGTERM');
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops everything this lab started, each by its own pid, then deletes the namespace. */
  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => this.stop(p)));
    if (this.created) spawnSync('ip', ['netns', 'del', this.ns]);
    this.created = false;
  }
}

export function readLog(p: LabProcess | string): string {
  try {
    return readFileSync(typeof p === 'string' ? p : p.log, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Waits until `pattern` appears in the logs (`times` lines in all); returns the first matching line. Fails with the
 * logs' tails when `ms` pass first or one of the processes whose log it reads exits.
 */
export async function waitForLine(logs: readonly (LabProcess | string)[], pattern: RegExp, ms: number, what: string, times = 1): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const lines = logs.flatMap((l) => readLog(l).split('\n').filter((s) => pattern.test(s)));
    if (lines.length >= times) return lines[0]!;
    const exited = logs.find((l): l is LabProcess => typeof l !== 'string' && (l.child.exitCode !== null || l.child.signalCode !== null));
    if (exited || Date.now() > deadline) {
      const tails = logs.map((l) => `--- ${typeof l === 'string' ? l : l.name}\n${readLog(l).split('\n').slice(-15).join('\n')}`).join('\n');
      const why = exited ? `${exited.name} exited (${exited.child.exitCode ?? exited.child.signalCode})` : `timed out after ${ms / 1000} s`;
      throw new Error(`${why} waiting for ${what} (${pattern})\n${tails}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
