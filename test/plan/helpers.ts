/** Test helpers for plan: synthesize site text into an output folder, and run the CLI in-process. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesize, writeOutput } from '../../synth/synthesize';
import { main } from '../../cli/main';
import { fixtureTargets, type FixtureSecrets } from './fixture-targets';

export const PERMIAN = fileURLToPath(new URL('../../sites/permian-1.yaml', import.meta.url));
/** Delivery manifests the example sites name (relative to the site file). */
export const INVENTORY = fileURLToPath(new URL('../../sites/inventory', import.meta.url));

export async function permianText(): Promise<string> {
  return readFile(PERMIAN, 'utf8');
}

const made: string[] = [];

export async function tempDir(prefix = 'rackshift-plan-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made (20k-node outputs are large): `afterAll(removeTempDirs)`. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Writes each site text to a temp folder, synthesizes (with the fixture targets) and returns the output folder. Not concurrently: it changes the working directory while it synthesizes. */
export async function synthFolder(sites: Record<string, string>, secrets?: FixtureSecrets): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'sites'));
  await cp(INVENTORY, join(dir, 'sites', 'inventory'), { recursive: true });
  for (const [name, text] of Object.entries(sites)) await writeFile(join(dir, 'sites', `${name}.yaml`), text);
  // From the folder itself, so outputs name `sites/<name>.yaml` whichever temp folder this is,
  // as they do when `plan` synthesizes a git revision.
  const previous = process.cwd();
  process.chdir(dir);
  let result;
  try {
    result = await synthesize(['sites'], fixtureTargets(secrets));
  } finally {
    process.chdir(previous);
  }
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
  await writeOutput(join(dir, 'out'), result.sites);
  return join(dir, 'out');
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `rackshift <args>` in-process, capturing stdout and stderr. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** The risk banner of a plan comment: from its CAUTION callout to the base/head footer. */
export function bannerOf(md: string): string {
  return md.slice(md.indexOf('[!CAUTION]'), md.indexOf('<sub>base'));
}
