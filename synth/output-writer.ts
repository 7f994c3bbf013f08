/**
 * The output tree `synth` owns: `DIR/<site>/` folders it wrote, each holding a marker file
 * that names the site and the output format. A run writes every site into one temporary
 * folder beside them, then swaps all of them in, or none: a failure part-way puts back the
 * trees that were there before. A folder rackshift did not write (no marker), an output folder
 * that overlaps the inputs, or a site named like an input stops the run before any change.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** The marker inside every site folder rackshift wrote (a dot-file: plan and treeHash skip it). */
export const OUTPUT_MARKER = '.rackshift-output';
/** Version of the output layout; a folder written by a newer layout is not replaced. */
export const OUTPUT_FORMAT = 1;
/** Temporary folders are `.rackshift-tmp-<pid>-<random>`: the pid says whether their run is alive. */
export const TMP_PREFIX = '.rackshift-tmp-';
/** A temporary folder this old is a leftover even if its pid is alive again (pid reuse). */
export const STALE_TMP_MS = 6 * 60 * 60 * 1000;

/** How many files are written at once (a 100k-node site writes about 190 MB). */
const WRITES_IN_FLIGHT = 4;

/** Why nothing was written: one line per problem, each naming the folder. Exit 1. */
export class OutputRefused extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'OutputRefused';
  }
}

export function markerText(site: string): string {
  return `${JSON.stringify({ generator: 'rackshift', format: OUTPUT_FORMAT, site })}\n`;
}

/** What a run reads: site files and inventories (files), and the folders named on the command line. */
export interface OutputInputs {
  readonly files?: readonly string[];
  readonly folders?: readonly string[];
}

export interface OutputOptions {
  readonly inputs?: OutputInputs;
  /** Paths in messages are shown relative to this (default process.cwd()). */
  readonly cwd?: string;
  /** Test hook: the rename used for the swap (to fail one part-way). */
  readonly rename?: (from: string, to: string) => Promise<void>;
}

/**
 * One run's writes: `begin` checks every site folder and the inputs (throwing OutputRefused
 * before touching anything), `write` puts a file in the temporary tree, `commit` swaps every
 * site in, `abort` drops the temporary tree. Always end with commit or abort.
 */
export class OutputTransaction {
  private readonly madeDirs = new Set<string>();
  /** Writes in flight: a few at once, so rendering the next file overlaps the disk. */
  private readonly pending = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  private constructor(
    readonly outDir: string,
    private readonly tmp: string,
    private readonly sites: readonly string[],
    private readonly options: OutputOptions,
  ) {}

  static async begin(outDir: string, sites: readonly string[], options: OutputOptions = {}): Promise<OutputTransaction> {
    const out = resolve(outDir);
    const show = (p: string) => shown(p, options.cwd);
    // Overlap with the inputs first: it is the cause, a missing marker would only be its symptom.
    const overlaps = await inputOverlaps(out, sites, options.inputs ?? {}, show);
    const problems = overlaps.length > 0 ? overlaps : await ownershipProblems(out, sites, show);
    if (problems.length > 0) throw new OutputRefused(problems.map((p) => `${p}; nothing was changed`));
    try {
      await mkdir(out, { recursive: true });
    } catch (err) {
      throw new OutputRefused([`${show(out)}: cannot create the output folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was changed`]);
    }
    await removeStaleTemporaries(out);
    const tmp = await mkdtemp(join(out, `${TMP_PREFIX}${process.pid}-`));
    const tx = new OutputTransaction(out, tmp, sites, options);
    try {
      for (const site of sites) await tx.write(site, OUTPUT_MARKER, markerText(site));
    } catch (err) {
      await tx.abort();
      throw err;
    }
    return tx;
  }

  /**
   * Writes `path` (relative to the site folder, `/`-separated) into the temporary tree. Returns
   * once the write has started and fewer than WRITES_IN_FLIGHT are pending; the content is not
   * held after it is written. A failed write is thrown by a later write, flush or commit.
   */
  async write(site: string, path: string, content: string): Promise<void> {
    this.throwIfFailed();
    while (this.pending.size >= WRITES_IN_FLIGHT) await Promise.race(this.pending);
    this.throwIfFailed(); // a write that failed while this one waited
    const p: Promise<void> = this.writeNow(join(this.tmp, site, ...path.split('/')), content)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async writeNow(target: string, content: string): Promise<void> {
    const dir = dirname(target);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    await writeFile(target, content);
  }

  /** Waits for every write; throws the first that failed. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /**
   * Swaps every site folder in. Each previous folder moves into the temporary folder first;
   * when one step fails, the sites already swapped get their previous folders back, so the
   * output is as it was before the run.
   */
  async commit(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      await this.abort();
      throw err;
    }
    const move = this.options.rename ?? rename;
    const done: { final: string; previous?: string }[] = [];
    try {
      for (const [i, site] of this.sites.entries()) {
        const final = join(this.outDir, site);
        const previous = join(this.tmp, `.previous-${i}`); // a dot: no site name has one
        const hadOld = (await lstat(final).catch(() => null)) !== null;
        if (hadOld) await move(final, previous);
        const step: { final: string; previous?: string } = hadOld ? { final, previous } : { final };
        try {
          await move(join(this.tmp, site), final);
        } catch (err) {
          if (step.previous) await rename(step.previous, final);
          throw err;
        }
        done.push(step);
      }
    } catch (err) {
      for (const step of done.reverse()) {
        await rm(step.final, { recursive: true, force: true });
        if (step.previous) await rename(step.previous, step.final);
      }
      await this.abort();
      throw err;
    }
    await this.abort();
  }

  /** Drops the temporary tree (after commit, it holds the previous folders). */
  async abort(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    await rm(this.tmp, { recursive: true, force: true });
  }
}

/** `DIR/<site>` may be replaced when it is missing, or a real folder whose marker names this site. */
async function ownershipProblems(out: string, sites: readonly string[], show: (p: string) => string): Promise<string[]> {
  const problems: string[] = [];
  for (const site of sites) {
    const folder = join(out, site);
    const st = await lstat(folder).catch(() => null);
    if (!st) continue;
    if (st.isSymbolicLink()) problems.push(`${show(folder)}: is a symbolic link, not a folder rackshift wrote; remove it or choose another --out`);
    else if (!st.isDirectory()) problems.push(`${show(folder)}: is a file, not a folder rackshift wrote; move it away or choose another --out`);
    else {
      const why = await markerProblem(join(folder, OUTPUT_MARKER), site);
      if (why) problems.push(`${show(folder)}: ${why}; rackshift only replaces a folder it wrote: move it away or choose another --out`);
    }
  }
  return problems;
}

async function markerProblem(file: string, site: string): Promise<string | undefined> {
  const st = await lstat(file).catch(() => null);
  if (!st) return `not written by rackshift (no ${OUTPUT_MARKER} inside)`;
  if (!st.isFile() || st.size > 4096) return `${OUTPUT_MARKER} is not a rackshift marker`;
  let marker: { generator?: unknown; format?: unknown; site?: unknown };
  try {
    marker = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return `${OUTPUT_MARKER} is not a rackshift marker`;
  }
  if (marker?.generator !== 'rackshift' || typeof marker.format !== 'number') return `${OUTPUT_MARKER} is not a rackshift marker`;
  if (marker.format > OUTPUT_FORMAT) return `written by a newer rackshift (output format ${marker.format}; this one writes ${OUTPUT_FORMAT})`;
  if (marker.site !== site) return `written by rackshift for site ${JSON.stringify(marker.site)}, not ${site}`;
  return undefined;
}

/**
 * The output folder must not be an input folder, hold an input, or lie inside an input folder;
 * no site folder may be (or lead to) an input. Compared through real paths, so a link is no way round.
 */
async function inputOverlaps(out: string, sites: readonly string[], inputs: OutputInputs, show: (p: string) => string): Promise<string[]> {
  const problems: string[] = [];
  const realOut = await realish(out);
  const files = await Promise.all((inputs.files ?? []).map(async (f) => ({ given: resolve(f), real: await realish(f) })));
  const folders = await Promise.all((inputs.folders ?? []).map(async (f) => ({ given: resolve(f), real: await realish(f) })));
  const all = [...folders.map((f) => ({ ...f, kind: 'folder' })), ...files.map((f) => ({ ...f, kind: 'file' }))];
  for (const site of sites) {
    const realSite = await realish(join(out, site));
    const hit = all.find((i) => isInside(i.real, realSite));
    if (hit) problems.push(`site ${site}: its output folder ${show(join(out, site))} would replace the input ${hit.kind} ${show(hit.given)}; rename the site or choose another --out`);
  }
  if (problems.length > 0) return problems;
  for (const f of folders) {
    if (f.real === realOut) problems.push(`--out ${show(out)}: is the input folder ${show(f.given)}; choose an output folder outside the inputs`);
    else if (isInside(realOut, f.real)) problems.push(`--out ${show(out)}: lies inside the input folder ${show(f.given)}; choose an output folder outside the inputs`);
  }
  if (problems.length > 0) return problems;
  const held = all.find((i) => i.real !== realOut && isInside(i.real, realOut));
  if (held) problems.push(`--out ${show(out)}: holds the input ${held.kind} ${show(held.given)}; choose an output folder outside the inputs`);
  return problems;
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The real path of `p`, or of its nearest existing ancestor with the rest appended. */
async function realish(p: string): Promise<string> {
  const full = resolve(p);
  try {
    return await realpath(full);
  } catch {
    const parent = dirname(full);
    return parent === full ? full : join(await realish(parent), basename(full));
  }
}

/**
 * Removes temporary folders a killed run left behind: those whose owning process is gone, and
 * any older than STALE_TMP_MS. A live run's folder (this process's or another's) is left alone.
 */
export async function removeStaleTemporaries(out: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(out, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.name.startsWith(TMP_PREFIX) || !e.isDirectory()) continue;
    const path = join(out, e.name);
    const pid = Number(/^\.rackshift-tmp-(\d+)-/.exec(e.name)?.[1] ?? NaN);
    const age = now - ((await stat(path).catch(() => null))?.mtimeMs ?? now);
    if (age < STALE_TMP_MS && Number.isInteger(pid) && processAlive(pid)) continue;
    if (age < STALE_TMP_MS && !Number.isInteger(pid)) continue; // an unknown owner: only age says it is stale
    await rm(path, { recursive: true, force: true });
    removed.push(e.name);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function shown(p: string, cwd = process.cwd()): string {
  const rel = relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || rel.startsWith(sep) ? p : rel;
}
