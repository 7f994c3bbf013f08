// Whether dist/ (bin/bundle.mjs) may run in place of the TypeScript sources: in a clone only
// when it names every source it was built from and none of them changed after the build
// started; in an installed package (under node_modules/) always, since npm dates the files
// it unpacks to the install, not to the build, and nobody edits them there.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The bundle's entry file, or undefined when the sources must run instead. */
export function freshBundle(root, env = process.env) {
  if (env.RACKSHIFT_NO_BUNDLE === '1') return undefined;
  const main = join(root, 'dist', 'main.js');
  if (root.split(sep).includes('node_modules')) return existsSync(main) ? main : undefined;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(root, 'dist', 'inputs.json'), 'utf8'));
    for (const input of inputs) if (statSync(join(root, input)).mtimeMs > builtAt) return undefined;
    return main;
  } catch {
    return undefined; // no bundle, or a source it names is gone
  }
}
