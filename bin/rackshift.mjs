#!/usr/bin/env node
// The `rackshift` command: loads the TypeScript CLI through tsx (no build step needed).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
// `rackshift plan | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(join(here, '..', 'cli', 'main.ts'));
process.exitCode = await main(process.argv.slice(2));
