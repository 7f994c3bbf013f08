/** The small hand-checked site (test/fixtures/small-site.yaml) and mutations of it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './cli';
import { SiteError, type Diagnostic } from '../../constructs/diagnostics';
import { resolveSite } from '../../constructs/resolve';
import type { ResolvedSite } from '../../constructs/resolved-site';
import { parseSiteText } from '../../constructs/site-file';

export const SMALL_SITE_FILE = join(REPO, 'test', 'fixtures', 'small-site.yaml');
export const SMALL_SITE = readFileSync(SMALL_SITE_FILE, 'utf8');

/** The fixture with each `[from, to]` replaced once; fails loudly when `from` is not there. */
export function mutate(replacements: readonly (readonly [string, string])[], base = SMALL_SITE): string {
  let text = base;
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`fixture has no "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

export function tempDir(prefix = 'rackshift-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `text` as `<dir>/<name>.yaml` and returns the path. */
export function writeSite(dir: string, name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** Parses and resolves site text; the parse must be clean (resolve problems may still throw). */
export function resolveText(text: string, file = 'site.yaml'): ResolvedSite {
  const parsed = parseSiteText(text, file);
  if (parsed.diagnostics.errors.length > 0) throw new SiteError(parsed.diagnostics.errors);
  return resolveSite(parsed.spec!, { file, diagnostics: parsed.diagnostics });
}

/** The errors resolving `text` reports (empty when it resolves). */
export function resolveErrors(text: string, file = 'site.yaml'): Diagnostic[] {
  try {
    resolveText(text, file);
    return [];
  } catch (e) {
    if (e instanceof SiteError) return e.diagnostics.filter((d) => d.severity === 'error');
    throw e;
  }
}
