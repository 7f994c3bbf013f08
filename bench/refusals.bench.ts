/**
 * Hostile input refused fast (issue 11): a 10 MB site and the alias bomb, each through the
 * real CLI (`rackshift validate FILE`) in a child process, timed and with the child's maximum
 * RSS (GNU time's %M), beside `rackshift --version` as the floor (Node, tsx and the command
 * modules loading), and the refusal alone in process (load_ms). Prints `refusal input=… ms=…
 * cpu_ms=… rss_mb=… floor_ms=… floor_cpu_ms=… floor_rss_mb=… load_ms=…`.
 * Goal: each refusal within 2 s and 300 MB.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadSite } from '../constructs/load';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TIME = '/usr/bin/time';

/** Wall ms and max RSS (MB) of one CLI run. */
function measure(args: readonly string[]): { ms: number; cpuMs: number; rssMb: number; code: number | null; stderr: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, join(REPO, 'bin', 'rackshift.mjs'), ...args], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const kb = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, rssMb: kb / 1024, code: r.status, stderr: r.stderr };
}

export default async function refusalsBench(): Promise<void> {
  if (!existsSync(TIME)) {
    process.stdout.write('refusal skipped: /usr/bin/time (GNU time) is not installed\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'rackshift-refusal-bench-'));
  const site = readFileSync(join(REPO, 'test', 'fixtures', 'small-site.yaml'), 'utf8');
  const big = join(dir, 'ten-mb.yaml');
  writeFileSync(big, site + `# ${'x'.repeat(1021)}\n`.repeat(10 * 1024));
  const bomb = join(dir, 'alias-bomb.yaml');
  copyFileSync(join(REPO, 'test', 'fixtures', 'hostile', 'limits-alias-bomb.yaml'), bomb);
  const floor = measure(['--version']);
  for (const [name, file] of [['10MB-site', big], ['alias-bomb', bomb]] as const) {
    const r = measure(['validate', file]);
    if (r.code !== 1 || !r.stderr.includes(file)) throw new Error(`${name}: expected exit 1 naming the file, got ${r.code}: ${r.stderr}`);
    // The refusal alone, in this process: what the limits cost beyond starting the CLI.
    const t = performance.now();
    const loaded = await loadSite(file);
    const loadMs = performance.now() - t;
    if (loaded.diagnostics.length !== 1) throw new Error(`${name}: expected one diagnostic, got ${loaded.diagnostics.length}`);
    process.stdout.write(`refusal input=${name} ms=${Math.round(r.ms)} cpu_ms=${Math.round(r.cpuMs)} rss_mb=${Math.round(r.rssMb)} floor_ms=${Math.round(floor.ms)} floor_cpu_ms=${Math.round(floor.cpuMs)} floor_rss_mb=${Math.round(floor.rssMb)} load_ms=${loadMs.toFixed(1)}\n`);
  }
}
