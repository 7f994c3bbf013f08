/**
 * Vitest global setup: rebuild dist/ when a source is newer than it, so the tests' CLI child
 * processes run the bundle (fast to start) and never a stale one. Without esbuild they run
 * the sources through tsx, as bin/rackshift.mjs does on its own.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs module without type declarations
import { freshBundle } from '../../bin/fresh-bundle.mjs';

export default function setup(): void {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  if (freshBundle(root, {})) return;
  execFileSync(process.execPath, [join(root, 'bin', 'bundle.mjs')], { stdio: 'inherit' });
}
