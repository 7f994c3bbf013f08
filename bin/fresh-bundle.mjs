// Whether dist/ (bin/bundle.mjs) may run in place of the TypeScript sources: only when it
// names every source it was built from and none of them changed after the build started.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The bundle's entry file, or undefined when the sources must run instead. */
export function freshBundle(root, env = process.env) {
  if (env.RACKSHIFT_NO_BUNDLE === '1') return undefined;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(root, 'dist', 'inputs.json'), 'utf8'));
    for (const input of inputs) if (statSync(join(root, input)).mtimeMs > builtAt) return undefined;
    return join(root, 'dist', 'main.js');
  } catch {
    return undefined; // no bundle, or a source it names is gone
  }
}
