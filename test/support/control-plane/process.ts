/**
 * One control-plane process: started with its output in a log file, awaited until a probe
 * answers, stopped by its own pid (SIGTERM, then SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export class ManagedProcess {
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    readonly log: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((this.exitCode = code ?? (signal ? -1 : null)))));
  }

  static start(name: string, log: string, cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): ManagedProcess {
    const fd = openSync(log, 'a');
    try {
      const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], env });
      return new ManagedProcess(name, log, child);
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines of its log, for a failure message. */
  tail(lines = 15): string {
    return readFileSync(this.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Polls `probe` until it is true; fails at once if the process exits, or after timeoutMs. */
  async waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exitCode !== undefined) throw new Error(`${this.name} exited (code ${this.exitCode}) before ${what}; last lines of ${this.log}:\n${this.tail()}`);
      if (await probe().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`${this.name}: not ${what} within ${timeoutMs / 1000}s; last lines of ${this.log}:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (this.exitCode !== undefined || this.child.pid === undefined) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Synchronous last resort when the test process itself is exiting. */
  kill(): void {
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
  }
}

/** A loopback port nobody listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
