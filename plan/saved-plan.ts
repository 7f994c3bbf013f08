/**
 * A reviewed plan is what deploys. `rackshift plan --save-plan FILE` records, per site, the
 * content hash of the head tree the reviewer read; `rackshift deploy --plan FILE` synthesizes
 * as always and applies only when every site's tree hashes the same — the objects it applies
 * are then byte for byte the ones reviewed. When the sites (or rackshift) changed since, it
 * stops before any change and names the sites that differ.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { OutputTree } from './output-tree';

export const SAVED_PLAN_KIND = 'SavedPlan';

export interface SavedPlan {
  readonly apiVersion: 'rackshift.dev/v1alpha1';
  readonly kind: typeof SAVED_PLAN_KIND;
  readonly base: string;
  readonly head: string;
  /** sha256 of each site's synthesized files, `sha256:<hex>`. */
  readonly sites: Readonly<Record<string, string>>;
}

/**
 * sha256 over a site's files in path order (`path NUL content NUL`). summary.json and dot-files
 * (markers a writer leaves) are not part of what deploys, so they are not part of the hash.
 */
export function treeHash(files: Iterable<readonly [string, string]>): string {
  const h = createHash('sha256');
  const list = [...files].filter(([p]) => p !== 'summary.json' && !p.split('/').some((seg) => seg.startsWith('.'))).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [path, content] of list) h.update(path).update('\0').update(content).update('\0');
  return `sha256:${h.digest('hex')}`;
}

export function savedPlan(base: string, head: string, tree: OutputTree): SavedPlan {
  const sites: Record<string, string> = {};
  for (const [name, site] of [...tree].sort(([a], [b]) => a.localeCompare(b))) sites[name] = treeHash(site.files);
  return { apiVersion: 'rackshift.dev/v1alpha1', kind: SAVED_PLAN_KIND, base, head, sites };
}

export class SavedPlanError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

export async function readSavedPlan(file: string): Promise<SavedPlan> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SavedPlanError([`${file}: cannot read the saved plan (${(err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0]})`]);
  }
  const p = data as Partial<SavedPlan>;
  const hashes = Object.values(p?.sites ?? {});
  if (p?.kind !== SAVED_PLAN_KIND || typeof p.sites !== 'object' || !hashes.every((h) => typeof h === 'string' && /^sha256:[0-9a-f]{64}$/.test(h))) {
    throw new SavedPlanError([`${file}: not a rackshift saved plan (write one with rackshift plan --save-plan FILE)`]);
  }
  return p as SavedPlan;
}

/** Every difference between the reviewed trees and what synthesizes now; empty when they match. */
export function staleSites(plan: SavedPlan, now: ReadonlyMap<string, Iterable<readonly [string, string]>>): string[] {
  const problems: string[] = [];
  for (const [name, hash] of Object.entries(plan.sites)) {
    const files = now.get(name);
    if (!files) problems.push(`site ${name} was in the reviewed plan but is not synthesized now`);
    else {
      const current = treeHash(files);
      if (current !== hash) problems.push(`site ${name} changed since the plan was reviewed (${hash.slice(7, 19)} reviewed, ${current.slice(7, 19)} now)`);
    }
  }
  for (const name of now.keys()) if (!(name in plan.sites)) problems.push(`site ${name} is synthesized now but was not in the reviewed plan`);
  return problems;
}
