/**
 * One side of a plan (BASE or HEAD): a synthesized output folder, or a git revision whose
 * sites are synthesized with the current code. A revision is exported with `git archive` into
 * a temporary folder (the user's working tree, index and worktree list are never touched),
 * synthesized there, and the folder is removed.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { SiteError, UsageError } from '../constructs/diagnostics';
import { synthesize, type SiteOutput } from '../synth/synthesize';
import { SUMMARY_FILE } from '../stacks/summary';
import { isOutputFolder, readOutputTree, type OutputTree, type SiteOutputFiles } from './output-tree';
import type { SiteSummary } from './site-summary';
import { exists } from '../lib/fs';

export interface PlanSide {
  /** What was given, with the commit for a revision: `origin/main (1a2b3c4)`. */
  readonly label: string;
  readonly tree: OutputTree;
  /** What the reader should know about this side (uncommitted site edits). */
  readonly notes: readonly string[];
}

/** How `--head` names the working tree (also its default): the site files as they are on disk. */
export const WORKING_TREE = 'working tree';

export interface SideOptions {
  /** Site files or folders, relative to the working directory (default `sites`). */
  readonly paths: readonly string[];
  /** Working directory (default process.cwd()). */
  readonly cwd?: string;
}

export async function loadSide(spec: string, opts: SideOptions): Promise<PlanSide> {
  const cwd = opts.cwd ?? process.cwd();
  if (spec === WORKING_TREE) return workingTree(cwd, opts.paths);
  const dir = resolve(cwd, spec);
  if (await isDirectory(dir)) {
    if (!(await isOutputFolder(dir))) throw new UsageError(`${spec}: not a synthesized output folder (no <site>/${SUMMARY_FILE} in it); give the folder written by 'rackshift synth --out', or a git revision`);
    return { label: spec, tree: await readOutputTree(dir), notes: [] };
  }
  const commit = await git(cwd, ['rev-parse', '--verify', '--quiet', `${spec}^{commit}`]).catch(() => null);
  if (!commit) throw new UsageError(`${spec}: neither an output folder nor a git revision of the repository at ${cwd}`);
  const dirty = await uncommitted(cwd, opts.paths);
  const notes = dirty.length > 0 ? [`${listFiles(dirty)} ${dirty.length === 1 ? 'has' : 'have'} uncommitted edits that ${spec} does not include; leave out --head to plan the working tree.`] : [];
  return { label: `${spec} (${commit.slice(0, 7)})`, tree: await synthesizeRevision(spec, commit, cwd, opts.paths), notes };
}

/** The site files as they are on disk now, synthesized in place (nothing is written). */
async function workingTree(cwd: string, paths: readonly string[]): Promise<PlanSide> {
  const result = await synthesize(paths, undefined, { cwd });
  if (!result.ok) throw new SiteError(result.diagnostics.filter((d) => d.severity === 'error'));
  const dirty = await uncommitted(cwd, paths);
  const notes = dirty.length > 0 ? [`The head is the working tree, with uncommitted edits in ${listFiles(dirty)}.`] : [];
  return { label: WORKING_TREE, tree: treeFromSynth(result.sites), notes };
}

/** Site files (under the plan's paths) that differ from HEAD or are not committed; none outside a git repository. */
async function uncommitted(cwd: string, paths: readonly string[]): Promise<string[]> {
  const out = await git(cwd, ['status', '--porcelain', '--untracked-files=all', '--', ...paths]).catch(() => null);
  if (!out) return [];
  return out
    .split('\n')
    .map((l) => l.replace(/^[ MADRCTU?!]{1,2} /, '').replace(/^.* -> /, '').replace(/^"(.*)"$/, '$1'))
    .filter((f) => /\.ya?ml$|\.csv$|\.json$/.test(f))
    .sort();
}

function listFiles(files: readonly string[]): string {
  const shown = files.slice(0, 5).map((f) => `\`${f}\``).join(', ');
  return files.length > 5 ? `${shown} and ${files.length - 5} more` : shown;
}

async function synthesizeRevision(spec: string, commit: string, cwd: string, paths: readonly string[]): Promise<OutputTree> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  const tmp = await mkdtemp(join(tmpdir(), 'rackshift-plan-'));
  const tree = join(tmp, 'tree');
  try {
    await mkdir(tree);
    await exportRevision(top, commit, tree);
    // Site paths as seen from the repository root, so they mean the same in the export.
    const inRepo = paths.map((p) => {
      const rel = relative(top, isAbsolute(p) ? p : resolve(cwd, p));
      if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${p}: outside the git repository ${top}`);
      return normalize(rel === '' ? '.' : rel);
    });
    const present: string[] = [];
    for (const p of inRepo) if (await exists(join(tree, p))) present.push(p);
    // A path the revision does not have yet means no sites there (e.g. before the first site).
    if (present.length === 0) return new Map();
    // Synthesize from the export's root so file names in output and messages read `sites/x.yaml`.
    const result = await synthesize(present, undefined, { cwd: tree });
    if (!result.ok) throw new SiteError(result.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ ...d, file: `${spec}:${d.file ?? ''}` })));
    return treeFromSynth(result.sites);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The same tree readOutputTree gives for a folder that writeOutput wrote, without the disk. */
function treeFromSynth(sites: readonly SiteOutput[]): OutputTree {
  const out = new Map<string, SiteOutputFiles>();
  for (const s of sites) {
    const files = new Map(s.files.map((f) => [f.path, f.content]));
    const summary = JSON.parse(files.get(SUMMARY_FILE) ?? 'null') as SiteSummary;
    files.delete(SUMMARY_FILE);
    out.set(s.site.name, { name: s.site.name, summary, files });
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** `git archive <commit> | tar -x -C dest`. */
function exportRevision(repo: string, commit: string, dest: string): Promise<void> {
  return new Promise((ok, fail) => {
    const archive = spawn('git', ['-C', repo, 'archive', '--format=tar', commit], { stdio: ['ignore', 'pipe', 'pipe'] });
    const untar = spawn('tar', ['-x', '-C', dest], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    archive.stderr.on('data', (d) => (errors += d));
    untar.stderr.on('data', (d) => (errors += d));
    archive.stdout.pipe(untar.stdin);
    archive.on('error', fail);
    untar.on('error', fail);
    let pending = 2;
    let failed = false;
    const done = (code: number | null) => {
      if (code !== 0) failed = true;
      if (--pending === 0) (failed ? fail(new Error(`git archive ${commit} failed: ${errors.trim()}`)) : ok());
    };
    archive.on('close', done);
    untar.on('close', done);
  });
}

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn('git', ['-C', cwd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', fail);
    p.on('close', (code) => (code === 0 ? ok(out.trim()) : fail(new Error(err.trim() || `git ${args.join(' ')} exited ${code}`))));
  });
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}

