#!/usr/bin/env node
// The `rackshift` command. Runs the bundle in dist/ (bin/bundle.mjs; `npm ci` and `npm pack`
// build it) while it is at least as new as every source it was built from; otherwise, or
// with RACKSHIFT_NO_BUNDLE=1, runs the TypeScript sources through tsx, so an edit is never
// shadowed by a stale bundle.
import { fileURLToPath, pathToFileURL } from 'node:url';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { freshBundle } from './fresh-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// `rackshift plan | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const argv = process.argv.slice(2);
let entry = freshBundle(root);
if (entry) {
  module.enableCompileCache?.(); // Node 22.1+: later runs skip compiling the bundle
  if (argv.includes('--debug')) process.setSourceMapsEnabled(true); // stack traces name the .ts sources
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'cli', 'main.ts');
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(argv);
