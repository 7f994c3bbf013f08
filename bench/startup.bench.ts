/**
 * Start-up of the `rackshift` command, side by side in one run: each round spawns `node -e 0`,
 * `rackshift --version`, `rackshift --help` and `rackshift validate` of one example site, in
 * turn, so load on the machine hits them alike; the figures are the medians of the rounds.
 * Prints
 *   startup node_ms=N version_ms=V version_x=V/N help_ms=H tsx_version_ms=T
 *   startup-validate site=S ms=M resolve_ms=R node_ms=N x=M/(R+N)
 * Goals: version_x ≤ 3; validate within 2× (its in-process load-and-resolve time + node_ms),
 * i.e. x ≤ 2. resolve_ms is that work timed inside a fresh process, modules already loaded
 * (bench/resolve-once.ts), so it is as cold as validate's own. tsx_version_ms is `--version` from the sources (RACKSHIFT_NO_BUNDLE=1), for
 * comparison with the bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs module without type declarations
import { freshBundle } from '../bin/fresh-bundle.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'bin', 'rackshift.mjs');
const SITE = 'sites/permian-1.yaml';
const ROUNDS = 7;

function timed(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function resolveOnce(): number {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run-ts.mjs'), join(ROOT, 'bench', 'resolve-once.ts'), SITE], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`resolve-once exited ${r.status}: ${r.stderr}`);
  return Number(r.stdout);
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r0 = (x: number) => Math.round(x);
const r2 = (x: number) => Math.round(x * 100) / 100;

export default async function startupBench(): Promise<void> {
  if (!freshBundle(ROOT)) execFileSync(process.execPath, [join(ROOT, 'bin', 'bundle.mjs')], { stdio: 'inherit' });
  const env = { ...process.env, RACKSHIFT_CRDS: '' }; // validate as a new user runs it: no CRD folder
  const runs = { node: [] as number[], version: [] as number[], help: [] as number[], validate: [] as number[], tsx: [] as number[], resolve: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    runs.node.push(timed(['-e', '0']));
    runs.version.push(timed([BIN, '--version']));
    runs.help.push(timed([BIN, '--help']));
    runs.validate.push(timed([BIN, 'validate', SITE], env));
    runs.resolve.push(resolveOnce());
    if (i < 3) runs.tsx.push(timed([BIN, '--version'], { ...process.env, RACKSHIFT_NO_BUNDLE: '1' }));
  }
  const node = median(runs.node);
  const version = median(runs.version);
  const validate = median(runs.validate);
  const resolveMs = median(runs.resolve);
  process.stdout.write(`startup node_ms=${r0(node)} version_ms=${r0(version)} version_x=${r2(version / node)} help_ms=${r0(median(runs.help))} tsx_version_ms=${r0(median(runs.tsx))}\n`);
  process.stdout.write(`startup-validate site=permian-1 ms=${r0(validate)} resolve_ms=${r0(resolveMs)} node_ms=${r0(node)} x=${r2(validate / (resolveMs + node))}\n`);
}
