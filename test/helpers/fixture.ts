/** The small hand-checked site (test/fixtures/small-site.yaml) and mutations of it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './cli';

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
