/**
 * `node bin/run-ts.mjs bench/resolve-once.ts SITE`: prints how long loading and resolving SITE
 * takes in a fresh process (cold, as `rackshift validate` does it), in ms. Modules are loaded
 * before the clock starts, so this is the work alone. Used by bench/startup.bench.ts.
 */
import { performance } from 'node:perf_hooks';
import { loadSite } from '../constructs/load';

const file = process.argv[2]!;
const start = performance.now();
const loaded = await loadSite(file);
const ms = performance.now() - start;
if (!loaded.site) throw new Error(`${file} does not resolve`);
process.stdout.write(`${ms}\n`);
