/**
 * The synth layer, below cli/, plan/ and deploy/: find site files, load and resolve every one
 * (collecting all problems), render every target, and write the output atomically. Paths are
 * taken relative to a working directory given as a parameter (default: the process's), so a
 * caller synthesizing another tree (plan, for a git revision) never changes the process's.
 */
import { mkdir, readdir, rename, rm, stat, writeFile, mkdtemp } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../constructs/diagnostics';
import { UsageError } from '../constructs/diagnostics';
import type { ClusterOverrides } from '../constructs/clusters';
import { fleetOfLoaded } from '../constructs/fleet';
import { displayPath, loadSite } from '../constructs/load';
import type { ResolvedSite } from '../constructs/resolved-site';
import type { OutputFile, Target } from '../stacks';
import { exists } from '../lib/fs';

export interface SiteOutput {
  readonly site: ResolvedSite;
  readonly files: readonly OutputFile[];
  readonly ms: number;
}

export interface SynthResult {
  readonly sites: readonly SiteOutput[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
}

/** Site files named by PATHs: files as given; folders contribute their top-level *.yaml / *.yml. */
export async function findSiteFiles(paths: readonly string[], cwd: string = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(resolve(cwd, p));
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const entries = (await readdir(resolve(cwd, p), { withFileTypes: true }))
        .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
        .map((e) => join(p, e.name))
        .sort();
      if (entries.length === 0) throw new UsageError(`${p}: no site files (*.yaml, *.yml) in this folder`);
      files.push(...entries);
    } else {
      files.push(p);
    }
  }
  return [...new Set(files)];
}

export interface SynthOptions {
  /** Directory the site paths are relative to, and file names in messages (default process.cwd()). */
  readonly cwd?: string;
  /** Called as each site is rendered (progress lines). */
  readonly onSite?: (o: SiteOutput) => void;
  /** --management-context / --workload-context: every site's clusters, overridden. */
  readonly clusters?: ClusterOverrides;
}

/**
 * Loads and resolves every site; renders them when all are valid. Targets default to every
 * one (stacks/index.ts), imported only then, so a caller of `findSiteFiles` alone stays light.
 */
export async function synthesize(paths: readonly string[], targets?: readonly Target[], options: SynthOptions = {}): Promise<SynthResult> {
  const cwd = options.cwd ?? process.cwd();
  const files = await findSiteFiles(paths, cwd);
  const loaded = await Promise.all(files.map((f) => timed(() => loadSite(f, cwd))));
  const diagnostics: Diagnostic[] = loaded.flatMap(({ value }) => value.diagnostics);
  const seen = new Map<string, string>();
  for (const { value } of loaded) {
    if (!value.site) continue;
    const other = seen.get(value.site.name);
    if (other) {
      diagnostics.push({ severity: 'error', rule: 'rackshift:names/duplicate-site', path: 'metadata.name', file: displayPath(value.file, cwd), message: `site name "${value.site.name}" is also used by ${other}` });
    }
    seen.set(value.site.name, displayPath(value.file, cwd));
  }
  // The sites sharing a workload cluster, looked at together: names, and the one GPU Operator config.
  const resolved = loaded.filter(({ value }) => value.site);
  const fleet = fleetOfLoaded(
    resolved.map(({ value }) => value),
    cwd,
    options.clusters,
  );
  diagnostics.push(...fleet.diagnostics);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  if (!ok) return { sites: [], diagnostics, ok };
  const renderers = targets ?? (await import('../stacks')).TARGETS;
  const sites: SiteOutput[] = [];
  for (const [i, { value, ms: loadMs }] of resolved.entries()) {
    const site = fleet.sites[i]!;
    const start = performance.now();
    const files: OutputFile[] = [];
    for (const t of renderers) files.push(...(await t.render(site, { siteFile: resolve(cwd, value.file) })));
    const out = { site, files, ms: loadMs + performance.now() - start };
    options.onSite?.(out);
    sites.push(out);
  }
  return { sites, diagnostics, ok };
}

/**
 * Writes every site's files under `outDir/<site>/`, all or nothing: files go to a temporary
 * folder beside the output first; only when all are written is each site folder swapped in.
 * A failure before the swap leaves the previous output untouched.
 */
export async function writeOutput(outDir: string, sites: readonly SiteOutput[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const tmp = await mkdtemp(join(outDir, '.rackshift-tmp-'));
  try {
    const writes: { target: string; content: string }[] = [];
    const madeDirs = new Set<string>();
    for (const s of sites) {
      for (const f of s.files) {
        const target = join(tmp, s.site.name, ...f.path.split('/'));
        const dir = dirname(target);
        if (!madeDirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          madeDirs.add(dir);
        }
        writes.push({ target, content: f.content });
      }
    }
    await writeAll(writes);
    for (const s of sites) {
      const final = join(outDir, s.site.name);
      const old = join(tmp, `${s.site.name}.previous`);
      const hadOld = await exists(final);
      if (hadOld) await rename(final, old);
      await rename(join(tmp, s.site.name), final);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Writes the files a few at a time, so encoding one overlaps the disk writes of others (a
 * 20k-node site writes about 64 MB). Every write settles before this returns, so a failure
 * never races the clean-up of the temporary folder; the first error is thrown.
 */
async function writeAll(writes: readonly { target: string; content: string }[], concurrency = 4): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < writes.length) {
      const w = writes[next++]!;
      try {
        await writeFile(w.target, w.content);
      } catch (err) {
        failed = true; // the other workers stop after their current file
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const error = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (error) throw error.reason;
}


async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await f();
  return { value, ms: performance.now() - start };
}
